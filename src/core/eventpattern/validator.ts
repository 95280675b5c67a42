import { toJson, type Diagnostic, type Fix, type PArray, type PatternContext, type PNode, type PObject, type Severity, type Span } from './ast';
import { closest, closestPhrase, detailTypesOf, ENVELOPE_FIELDS, sourceInfo, STRING_ENVELOPE_FIELDS, suggestSource } from './catalog';
import { parseCidr } from './ip';

/** The operators EventBridge documents, in the order completion offers them. */
export const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr', 'wildcard'] as const;

/** Names ruler reserves: they cannot be field names inside an $or branch. */
const RESERVED = new Set([
  ...OPERATORS, 'exactly', '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'anything-but-ignore-case',
  'date-after', 'date-before', 'ip-address-range', 'ip-address', 'equals',
]);

// Templates repeat the same custom detail-type under many rules; the suggestion is computed once per pair.
const suggestionMemo = new Map<string, string>();

// Plain YAML scalars that YAML 1.1 (not 1.2) reads as booleans or dates: a silent type change for a pattern value.
const YAML11_SCALAR = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|\d{4}-\d{2}-\d{2})$/;

const MAX_PATTERN_LENGTH = 4096;
const DEFAULT_QUOTA_LENGTH = 2048;
const MAX_OR_COMBINATIONS = 1000;
// LocalStack approximates the service's unpublished wildcard-complexity limit this way; AWS rejected 5+ wildcards.
const WILDCARD_COMPLEXITY_STARS = 5;

export interface ValidateOptions {
  context?: PatternContext;
  /** The file text, so fixes can move existing text (swap numeric bounds) without re-serialising it. */
  text?: string;
  /** The length EventBridge sees: the JSON string's length when the pattern is given as a string. */
  length?: number;
}

/** Checks a pattern the way PutRule does, plus warnings for patterns that are accepted but cannot do what was meant. */
export function validatePattern(root: PNode, opts: ValidateOptions = {}): Diagnostic[] {
  return new Validator(root, opts).run();
}

/** True when the diagnostics contain something EventBridge would reject. */
export function hasErrors(diags: Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

class Validator {
  private readonly out: Diagnostic[] = [];
  private readonly context: PatternContext;
  constructor(private readonly root: PNode, private readonly opts: ValidateOptions) {
    this.context = opts.context ?? 'rule';
  }

  private report(span: Span, severity: Severity, code: string, message: string, fixes?: Fix[]): void {
    this.out.push({ start: span.start, end: span.end, severity, code, message, ...(fixes && fixes.length ? { fixes } : {}) });
  }

  private err(span: Span, code: string, message: string, fixes?: Fix[]): void {
    this.report(span, 'error', code, message, fixes);
  }

  private textOf(span: Span): string | undefined {
    return this.opts.text?.slice(span.start, span.end);
  }

  run(): Diagnostic[] {
    const root = this.root;
    if (root.kind === 'opaque') return this.out;
    if (root.kind !== 'object') {
      this.err(root, 'filter-not-object', 'Filter is not an object');
      return this.out;
    }
    this.object(root, [], false);
    if (this.out.some((d) => d.severity === 'error')) return this.out;
    this.limits(root);
    return this.out;
  }

  private limits(root: PObject): void {
    const length = this.opts.length ?? JSON.stringify(toJson(root)).length;
    if (length > MAX_PATTERN_LENGTH) {
      this.err(root, 'pattern-too-long', `Event pattern is ${length} characters; EventBridge allows at most ${MAX_PATTERN_LENGTH}`);
    } else if (length > DEFAULT_QUOTA_LENGTH && this.context !== 'esm') {
      this.report(root, 'warning', 'pattern-over-quota', `Event pattern is ${length} characters; the default account quota is ${DEFAULT_QUOTA_LENGTH} (it can be raised to ${MAX_PATTERN_LENGTH})`);
    }
    const combos = orCombinations(root);
    if (combos > MAX_OR_COMBINATIONS) {
      this.err(root, 'or-combinations', `Event pattern has ${combos} $or rule combinations; EventBridge allows at most ${MAX_OR_COMBINATIONS}`);
    }
  }

  private object(obj: PObject, path: string[], inOrBranch: boolean): void {
    if (obj.props.length === 0) {
      this.err(obj, 'empty-object', 'Empty objects are not allowed');
      return;
    }
    const seen = new Map<string, Span>();
    for (const p of obj.props) {
      const prev = seen.get(p.key);
      if (prev) {
        this.report(prev, 'warning', 'duplicate-key', `Duplicate key "${p.key}": EventBridge keeps only the last one, so this one is ignored`);
      }
      seen.set(p.key, p.keySpan);
    }
    for (const p of obj.props) {
      if (p.key === '$or') {
        this.or(p.value, path);
        continue;
      }
      if (inOrBranch && RESERVED.has(p.key)) {
        this.err(p.keySpan, 'or-reserved-field', `${p.key} is Ruler reserved fieldName which cannot be used inside $or.`);
        continue;
      }
      const fieldPath = [...path, p.key];
      if (path.length === 0) this.topLevelKey(p.key, p.keySpan, p.keyInner);
      if (p.key.includes('.') && p.key.length > 1) {
        this.report(p.keySpan, 'warning', 'dotted-key', `Key "${p.key}" contains a dot: EventBridge treats it as the nested path ${p.key.split('.').join(' > ')}, an undocumented behaviour; nest the objects instead`);
      }
      const v = p.value;
      switch (v.kind) {
        case 'object':
          if (path.length === 0 && STRING_ENVELOPE_FIELDS.includes(p.key) && v.props.length > 0 && this.envelopeChecked()) {
            this.report(p.keySpan, 'warning', 'never-matches', `"${p.key}" is a string in every event, so a nested pattern under it never matches`);
          }
          this.object(v, fieldPath, false);
          break;
        case 'array':
          this.matchArray(v, fieldPath);
          break;
        case 'opaque':
          break;
        default: {
          const raw = this.textOf(v);
          const fixes: Fix[] = raw === undefined ? [] : [{ title: 'Wrap the value in an array', edits: [{ start: v.start, end: v.end, newText: `[${raw}]` }] }];
          this.err(v, 'leaf-not-array', `"${p.key}" must be an object or an array`, fixes);
        }
      }
    }
  }

  private envelopeChecked(): boolean {
    // Pipes and Lambda filters match the source's own record shape (SQS body, Kinesis data...), not the envelope.
    return this.context !== 'pipes' && this.context !== 'esm';
  }

  private topLevelKey(key: string, span: Span, inner: Span | undefined): void {
    if (!this.envelopeChecked() || ENVELOPE_FIELDS.includes(key)) return;
    const normalized = key.replace(/([a-z])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
    const guess = ENVELOPE_FIELDS.includes(normalized) ? normalized : closest(key, ENVELOPE_FIELDS, 2);
    const fixes: Fix[] = guess && inner ? [{ title: `Rename to "${guess}"`, edits: [{ start: inner.start, end: inner.end, newText: guess }], guess: normalized !== guess }] : [];
    this.report(span, 'warning', 'not-envelope-field',
      `"${key}" is not a field of EventBridge events (${ENVELOPE_FIELDS.slice(0, 9).join(', ')}), so this pattern never matches${guess ? `; did you mean "${guess}"?` : ''}`,
      fixes);
  }

  private or(v: PNode, path: string[]): void {
    if (v.kind === 'opaque') return;
    if (v.kind !== 'array') {
      this.err(v, 'invalid-or', 'It must be an Array followed with $or.');
      return;
    }
    if (v.items.length < 2) this.err(v, 'invalid-or', 'There must have at least 2 Objects in $or relationship.');
    for (const b of v.items) {
      if (b.kind === 'opaque') continue;
      if (b.kind !== 'object') {
        this.err(b, 'invalid-or', 'Only JSON object is allowed in array of $or relationship.');
        continue;
      }
      this.object(b, path, true);
    }
  }

  private matchArray(arr: PArray, path: string[]): void {
    if (arr.items.length === 0) {
      this.err(arr, 'empty-array', 'Empty arrays are not allowed');
      return;
    }
    const seen = new Map<string, PNode>();
    let existsTrue = false;
    let existsFalse = false;
    for (let i = 0; i < arr.items.length; i++) {
      const item = arr.items[i];
      switch (item.kind) {
        case 'array':
          this.err(item, 'nested-array', 'Match value must be String, number, true, false, or null');
          break;
        case 'object': {
          const ex = this.matchExpression(item, path, arr.block === true);
          if (ex === true) existsTrue = true;
          if (ex === false) existsFalse = true;
          break;
        }
        case 'opaque':
          break;
        default: {
          this.exactValue(item, path);
          const k = item.kind === 'number' ? `n:${item.value}` : `${item.kind}:${item.kind === 'null' ? '' : String(item.value)}`;
          if (seen.has(k)) {
            const prevEnd = arr.items[i - 1].end;
            this.report(item, 'warning', 'duplicate-value', `Duplicate value ${this.textOf(item) ?? k.slice(2)} in this list`, [
              { title: 'Remove the duplicate value', edits: [{ start: prevEnd, end: item.end, newText: '' }] },
            ]);
          }
          seen.set(k, item);
        }
      }
    }
    if (existsTrue && existsFalse) {
      this.report(arr, 'warning', 'always-matches', `"${path.join('.')}" lists both exists:true and exists:false, so this condition matches every event`);
    }
    if (path.length === 1 && path[0] === 'source' && this.envelopeChecked()) this.sourceValues(arr);
    if (path.length === 1 && path[0] === 'detail-type' && this.envelopeChecked()) this.detailTypeValues(arr);
  }

  private exactValue(item: PNode, path: string[]): void {
    if (item.kind === 'string' && YAML11_SCALAR.test(item.value) && this.opts.text !== undefined) {
      const first = this.opts.text[item.start];
      if (first !== '"' && first !== "'" && first !== '\\' && this.opts.text.slice(item.start, item.end) === item.value) {
        this.report(item, 'info', 'yaml-coercion', `Unquoted ${item.value} is a ${/^\d/.test(item.value) ? 'date' : 'boolean'} for YAML 1.1 parsers, which some tools use for CloudFormation templates; quote it to keep it a string`,
          [{ title: 'Quote the value', edits: [{ start: item.start, end: item.end, newText: `"${item.value}"` }] }]);
      }
    }
    if (path.length !== 1 || !STRING_ENVELOPE_FIELDS.includes(path[0]) || !this.envelopeChecked()) return;
    if (item.kind === 'number' || item.kind === 'boolean') {
      const raw = this.textOf(item);
      this.report(item, 'warning', 'type-never-matches',
        `"${path[0]}" is always a string in events, so the ${item.kind} ${raw ?? String(item.value)} never matches it; quote the value`,
        raw === undefined ? [] : [{ title: 'Quote the value', edits: [{ start: item.start, end: item.end, newText: `"${raw}"` }] }]);
    }
  }

  private sourceValues(arr: PArray): void {
    for (const item of arr.items) {
      if (item.kind !== 'string') continue;
      const s = item.value;
      if (sourceInfo(s)) continue;
      const looksAws = /^aws\./i.test(s) || /\.amazonaws\.com$/i.test(s);
      if (!looksAws || /^aws\.partner\//.test(s)) continue;
      const guess = suggestSource(s);
      const fixes: Fix[] = guess && item.inner ? [{ title: `Change to "${guess}"`, edits: [{ start: item.inner.start, end: item.inner.end, newText: guess }], guess: true }] : [];
      this.report(item, 'warning', 'unknown-source', `Unknown AWS event source "${s}"${guess ? `; did you mean "${guess}"?` : ''}`, fixes);
    }
  }

  private detailTypeValues(arr: PArray): void {
    const sourceProp = this.root.kind === 'object' ? [...this.root.props].reverse().find((p) => p.key === 'source') : undefined;
    if (!sourceProp || sourceProp.value.kind !== 'array') return;
    const sources = sourceProp.value.items;
    if (sources.length === 0 || !sources.every((s) => s.kind === 'string' && sourceInfo(s.value))) return;
    const lists = sources.map((s) => detailTypesOf((s as { value: string }).value));
    if (lists.some((l) => l === undefined)) return;
    const allowed = new Set(lists.flatMap((l) => l ?? []));
    for (const item of arr.items) {
      if (item.kind !== 'string' || allowed.has(item.value)) continue;
      const memoKey = `${[...allowed].length}|${item.value}|${sources.map((x) => (x as { value: string }).value).join(',')}`;
      let guess = suggestionMemo.get(memoKey);
      if (guess === undefined) {
        guess = closestPhrase(item.value, [...allowed]) ?? '';
        if (suggestionMemo.size > 5000) suggestionMemo.clear();
        suggestionMemo.set(memoKey, guess);
      }
      const names = sources.map((s) => (s as { value: string }).value).join(', ');
      const fixes: Fix[] = guess && item.inner ? [{ title: `Change to "${guess}"`, edits: [{ start: item.inner.start, end: item.inner.end, newText: guess }], guess: true }] : [];
      this.report(item, 'warning', 'unknown-detail-type', `${names} does not emit detail-type "${item.value}"${guess ? `; did you mean "${guess}"?` : ''}`, fixes);
    }
  }

  /** Validates one {operator: value} object; returns the exists value when it is a valid exists. */
  private matchExpression(obj: PObject, path: string[], inBlock: boolean): boolean | undefined {
    if (obj.props.length === 0) {
      this.err(obj, 'match-expression-empty', 'Match expression name not found');
      return undefined;
    }
    const [first, ...rest] = obj.props;
    let result: boolean | undefined;
    if (isOperator(first.key) || first.key === 'exactly') result = this.operator(first.key, first.value, first.keySpan, obj, path, inBlock);
    else this.unknownOperator(first.key, first.keySpan, first.keyInner, first.value, obj);
    if (rest.length > 0) this.err(rest[0].keySpan, 'multiple-keys', 'Only one key allowed in match expression');
    return result;
  }

  private unknownOperator(key: string, span: Span, inner: Span | undefined, value: PNode, obj: PObject): void {
    const lower = key.toLowerCase();
    const fixes: Fix[] = [];
    let hint = '';
    if (isOperator(lower) && inner) {
      fixes.push({ title: `Change to "${lower}"`, edits: [{ start: inner.start, end: inner.end, newText: lower }] });
      hint = ` (operator names are case-sensitive: use "${lower}")`;
    } else if (lower === 'contains') {
      hint = ' (use {"wildcard": "*text*"})';
      if (value.kind === 'string' && !obj.block) fixes.push({ title: 'Use a wildcard', edits: [{ start: obj.start, end: obj.end, newText: `{"wildcard": ${JSON.stringify(`*${value.value.replace(/[\\*]/g, '\\$&')}*`)}}` }] });
    } else if (lower === 'not' || lower === 'anything_but' || lower === 'anythingbut') {
      hint = ' (use "anything-but")';
      if (inner) fixes.push({ title: 'Change to "anything-but"', edits: [{ start: inner.start, end: inner.end, newText: 'anything-but' }] });
    } else if (lower === 'equals' || lower === 'equal') {
      hint = ' (use the plain value for an exact match)';
    } else if (lower === 'regex' || lower === '$regex') {
      hint = ' (EventBridge has no regular expressions; use wildcard, prefix or suffix)';
    } else {
      const guess = closest(key, [...OPERATORS], 2);
      if (guess && inner) {
        hint = ` (did you mean "${guess}"?)`;
        fixes.push({ title: `Change to "${guess}"`, edits: [{ start: inner.start, end: inner.end, newText: guess }], guess: true });
      }
    }
    this.err(span, 'unknown-operator', `Unrecognized match type ${key}${hint}`, fixes);
  }

  private operator(op: string, v: PNode, keySpan: Span, obj: PObject, path: string[], inBlock: boolean): boolean | undefined {
    if (v.kind === 'opaque') return undefined;
    const pipesLike = this.context === 'pipes' || this.context === 'esm';
    switch (op) {
      case 'prefix':
      case 'suffix':
        this.prefixSuffix(op, v, obj, inBlock);
        return undefined;
      case 'equals-ignore-case':
        if (v.kind !== 'string') this.stringOnly(op, v, obj, inBlock, 'equals-ignore-case match pattern must be a string', 'invalid-equals-ignore-case');
        return undefined;
      case 'exactly':
        if (v.kind !== 'string') this.err(v, 'invalid-exactly', 'exactly match pattern must be a string');
        this.report(keySpan, 'warning', 'undocumented-operator', '"exactly" is accepted by EventBridge\'s matcher but not documented; use the plain string value instead',
          v.kind === 'string' && this.textOf(v) !== undefined && !obj.block ? [{ title: 'Use the plain value', edits: [{ start: obj.start, end: obj.end, newText: this.textOf(v) as string }] }] : []);
        return undefined;
      case 'wildcard':
        if (v.kind !== 'string') {
          this.stringOnly(op, v, obj, inBlock, 'wildcard match pattern must be a string', 'invalid-wildcard');
          return undefined;
        }
        if (pipesLike) this.report(keySpan, 'warning', 'unsupported-in-context', `wildcard is not supported in ${this.contextName()} filters`);
        this.wildcard(v.value, v, obj);
        return undefined;
      case 'anything-but':
        this.anythingBut(v, pipesLike);
        return undefined;
      case 'numeric':
        this.numeric(v);
        return undefined;
      case 'exists':
        if (v.kind !== 'boolean') {
          this.err(v, 'invalid-exists', 'exists match pattern must be either true or false.');
          return undefined;
        }
        if (path.length === 1 && path[0] === 'detail' && this.envelopeChecked()) {
          this.report(keySpan, 'warning', 'exists-on-object', `exists applies to leaf values only: "detail" is an object, so exists:${v.value} ${v.value ? 'never matches' : 'matches every event'}`);
        }
        return v.value;
      case 'cidr':
        if (v.kind !== 'string') {
          // (sic) EventBridge reuses the prefix message for a non-string cidr.
          this.stringOnly(op, v, obj, inBlock, 'prefix match pattern must be a string', 'invalid-cidr');
          return undefined;
        }
        this.cidr(v.value, v, obj);
        return undefined;
    }
    return undefined;
  }

  private contextName(): string {
    return this.context === 'pipes' ? 'EventBridge Pipes' : 'Lambda event source mapping';
  }

  /** A string-only operator given a non-string; a list gets a fix that splits it into one object per value. */
  private stringOnly(op: string, v: PNode, obj: PObject, inBlock: boolean, message: string, code: string): void {
    if (v.kind === 'array' && v.items.length > 0) {
      const texts = v.items.map((i) => this.textOf(i));
      const fixes: Fix[] = texts.every((t) => t !== undefined) && !inBlock && !obj.block
        ? [{ title: 'Split into one object per value', edits: [{ start: obj.start, end: obj.end, newText: texts.map((t) => `{"${op}": ${t}}`).join(', ') }] }]
        : [];
      this.err(v, 'operator-given-list', `${message} (one value per ${op} object; list several objects to match any of them)`, fixes);
      return;
    }
    this.err(v, code, message);
  }

  private prefixSuffix(op: 'prefix' | 'suffix', v: PNode, obj: PObject, inBlock: boolean): void {
    const code = `invalid-${op}`;
    if (v.kind === 'string') {
      if (v.value === '') this.report(v, 'info', 'matches-any-string', `An empty ${op} matches every string value; {"exists": true} says so more plainly (it also matches non-strings)`);
      return;
    }
    if (v.kind === 'object') {
      if (v.props.length === 0) {
        this.err(v, code, 'Prefix expression name not found');
        return;
      }
      const [inner, ...more] = v.props;
      if (inner.key !== 'equals-ignore-case') this.err(inner.keySpan, code, `Unsupported ${op} pattern: ${inner.key}`);
      else if (inner.value.kind !== 'string' && inner.value.kind !== 'opaque') this.err(inner.value, code, `${op} match pattern must be a string`);
      if (more.length > 0) this.err(more[0].keySpan, 'multiple-keys', 'Only one key allowed in match expression');
      return;
    }
    this.stringOnly(op, v, obj, inBlock, `${op} match pattern must be a string`, code);
  }

  private wildcard(s: string, span: Span, obj: PObject): void {
    const problem = wildcardProblem(s);
    if (problem) {
      this.err(span, 'invalid-wildcard', problem);
      return;
    }
    const stars = countStars(s);
    if (stars === 0) {
      const fixes: Fix[] = obj.block ? [] : [{ title: 'Use an exact match', edits: [{ start: obj.start, end: obj.end, newText: JSON.stringify(s.replace(/\\([*\\])/g, '$1')) }] }];
      this.report(span, 'info', 'wildcard-without-star', 'This wildcard has no *, so it is an exact match; write the plain value instead', fixes);
    } else if (s === '*') {
      this.report(span, 'info', 'matches-any-string', 'wildcard "*" matches every string value; {"exists": true} says so more plainly (it also matches non-strings)');
    } else if (stars >= WILDCARD_COMPLEXITY_STARS) {
      this.report(span, 'warning', 'wildcard-complexity', `This wildcard has ${stars} * characters; EventBridge may reject the rule as too complex ("Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character")`);
    }
  }

  private anythingBut(v: PNode, pipesLike: boolean): void {
    switch (v.kind) {
      case 'string':
        return;
      case 'number':
        this.numberBound(v.raw, v, false);
        return;
      case 'array': {
        if (v.items.length === 0) {
          this.err(v, 'invalid-anything-but', 'Inside anything but list, either all values are number or string, mixed type is not supported');
          return;
        }
        let strings = 0;
        let numbers = 0;
        for (const it of v.items) {
          if (it.kind === 'string') strings++;
          else if (it.kind === 'number') numbers++;
          else if (it.kind !== 'opaque') {
            this.err(it, 'invalid-anything-but', 'Inside anything but list, start|null|boolean is not supported.');
            return;
          }
        }
        if (strings > 0 && numbers > 0) this.err(v, 'invalid-anything-but', 'Inside anything but list, either all values are number or string, mixed type is not supported');
        return;
      }
      case 'object': {
        if (v.props.length === 0) {
          this.err(v, 'invalid-anything-but', 'Anything-But expression name not found');
          return;
        }
        const [m, ...more] = v.props;
        const val = m.value;
        if (m.key === 'prefix' || m.key === 'suffix') {
          const check = (x: PNode): boolean => {
            if (x.kind === 'opaque') return true;
            if (x.kind !== 'string') {
              this.err(x, 'invalid-anything-but', 'prefix/suffix match pattern must be a string');
              return false;
            }
            if (x.value === '') {
              this.err(x, 'invalid-anything-but', 'Null prefix/suffix not allowed');
              return false;
            }
            return true;
          };
          if (val.kind === 'array') {
            if (val.items.length === 0) this.err(val, 'invalid-anything-but', 'Empty arrays are not allowed');
            for (const x of val.items) if (!check(x)) break;
          } else check(val);
        } else if (m.key === 'equals-ignore-case') {
          if (val.kind === 'array') {
            if (val.items.length === 0) this.err(val, 'invalid-anything-but', 'Empty arrays are not allowed');
            const bad = val.items.find((x) => x.kind !== 'string' && x.kind !== 'opaque');
            if (bad) this.err(bad, 'invalid-anything-but', 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
          } else if (val.kind !== 'string' && val.kind !== 'opaque') {
            this.err(val, 'invalid-anything-but', 'equals-ignore-case match pattern must be a string');
          }
        } else if (m.key === 'wildcard') {
          const items = val.kind === 'array' ? val.items : [val];
          if (val.kind === 'array' && val.items.length === 0) this.err(val, 'invalid-anything-but', 'Empty arrays are not allowed');
          for (const x of items) {
            if (x.kind === 'opaque') continue;
            if (x.kind !== 'string') this.err(x, 'invalid-anything-but', 'wildcard match pattern must be a string');
            else this.wildcardSyntax(x.value, x);
          }
        } else {
          this.err(m.keySpan, 'invalid-anything-but', `Unsupported anything-but pattern: ${m.key}`);
          return;
        }
        if (pipesLike) this.report(m.keySpan, 'warning', 'unsupported-in-context', `anything-but with ${m.key} is not supported in ${this.contextName()} filters`);
        if (more.length > 0) this.err(more[0].keySpan, 'invalid-anything-but', 'Too many elements in numeric expression');
        return;
      }
      default:
        this.err(v, 'invalid-anything-but', 'Value of anything-but must be an array or single string/number value.');
    }
  }

  private wildcardSyntax(s: string, span: Span): void {
    const problem = wildcardProblem(s);
    if (problem) this.err(span, 'invalid-wildcard', problem);
  }

  private numeric(v: PNode): void {
    if (v.kind !== 'array') {
      this.err(v, 'invalid-numeric', 'Value of numeric must be an array.');
      return;
    }
    const items = v.items;
    if (items.some((i) => i.kind === 'opaque')) return;
    const tok = (i: number): string => {
      const n = items[i];
      if (!n) return ']';
      return n.kind === 'string' ? n.value : (this.textOf(n) ?? JSON.stringify(toJson(n)));
    };
    const first = items[0];
    if (!first || first.kind !== 'string') {
      this.err(first ?? v, 'invalid-numeric', `Invalid member in numeric match: ${tok(0)}`);
      return;
    }
    const op1 = first.value;
    if (!['=', '<', '<=', '>', '>='].includes(op1)) {
      this.err(first, 'invalid-numeric', `Unrecognized numeric range operator: ${op1}`, this.numericOpFix(first, op1));
      return;
    }
    const opName = (op: string): string => (op === '=' ? 'equals' : op);
    const v1 = items[1];
    if (!v1 || v1.kind !== 'number') {
      this.err(v1 ?? v, 'invalid-numeric', `Value of ${opName(op1)} must be numeric`, this.quotedNumberFix(v1));
      return;
    }
    if (!this.numberBound(v1.raw, v1, true)) return;
    if (items.length === 2) return;
    if (op1 === '=' || op1 === '<' || op1 === '<=') {
      const v3 = items[3];
      const reversed = (op1 === '<' || op1 === '<=') && items.length === 4 && items[2].kind === 'string' && (items[2].value === '>' || items[2].value === '>=') && v3?.kind === 'number';
      const fixes: Fix[] = [];
      if (reversed) {
        const a = this.textOf({ start: items[0].start, end: items[1].end });
        const b = this.textOf({ start: items[2].start, end: items[3].end });
        if (a !== undefined && b !== undefined && !v.block) {
          fixes.push({ title: 'Put the lower bound first', edits: [{ start: items[0].start, end: items[1].end, newText: b }, { start: items[2].start, end: items[3].end, newText: a }] });
        }
      }
      this.err(items[2], reversed ? 'numeric-reversed-bounds' : 'invalid-numeric',
        `Too many elements in numeric expression${reversed ? ' (a range must start with the lower bound: [">", low, "<", high])' : ''}`, fixes);
      return;
    }
    const second = items[2];
    if (second.kind !== 'string') {
      this.err(second, 'invalid-numeric', `Invalid member in numeric match: ${tok(2)}`);
      return;
    }
    if (second.value !== '<' && second.value !== '<=') {
      this.err(second, 'invalid-numeric', `Bad numeric range operator: ${second.value}`);
      return;
    }
    const v3 = items[3];
    if (!v3 || v3.kind !== 'number') {
      this.err(v3 ?? v, 'invalid-numeric', `Value of ${second.value} must be numeric`, this.quotedNumberFix(v3));
      return;
    }
    if (!this.numberBound(v3.raw, v3, true)) return;
    if (v1.value >= v3.value) {
      const a = this.textOf(v1);
      const b = this.textOf(v3);
      const fixes: Fix[] = v1.value > v3.value && a !== undefined && b !== undefined
        ? [{ title: 'Swap the bounds', edits: [{ start: v1.start, end: v1.end, newText: b }, { start: v3.start, end: v3.end, newText: a }], guess: true }]
        : [];
      this.err({ start: v1.start, end: v3.end }, 'numeric-bottom-top', 'Bottom must be less than top', fixes);
      return;
    }
    if (items.length > 4) this.err(items[4], 'invalid-numeric', 'Too many terms in numeric range expression');
  }

  /** A number written as a string ("100", common in Terraform and YAML): the number itself. */
  private quotedNumberFix(node: PNode | undefined): Fix[] {
    if (node?.kind !== 'string' || !/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(node.value)) return [];
    return [{ title: `Use the number ${node.value}`, edits: [{ start: node.start, end: node.end, newText: node.value }] }];
  }

  private numericOpFix(node: PNode, op: string): Fix[] {
    const better: Record<string, string> = { '==': '=', '=<': '<=', '=>': '>=', eq: '=', lt: '<', gt: '>', lte: '<=', gte: '>=' };
    const b = better[op.toLowerCase()];
    if (!b || node.kind !== 'string' || !node.inner) return [];
    return [{ title: `Change to "${b}"`, edits: [{ start: node.inner.start, end: node.inner.end, newText: b }] }];
  }

  /** Checks a number EventBridge must compare; returns false when it reported an error. */
  private numberBound(raw: string, span: Span, strictDocs: boolean): boolean {
    const n = Number(raw);
    if (!Number.isFinite(n)) {
      this.err(span, 'invalid-numeric', `Cannot compare number : ${raw}`);
      return false;
    }
    if (strictDocs) {
      const decimals = /\.(\d+)/.exec(raw.replace(/e.*$/i, ''))?.[1].length ?? 0;
      if (Math.abs(n) > 5e9 || decimals > 6) {
        this.report(span, 'warning', 'numeric-doc-limit', `The EventBridge docs limit numeric matching to -5.0e9..5.0e9 with at most 6 decimal places; ${raw} may be rejected or compared imprecisely`);
      }
    }
    return true;
  }

  private cidr(s: string, span: PNode, obj: PObject): void {
    const r = parseCidr(s);
    if (typeof r !== 'string') return;
    const ip = s.split('/')[0];
    const fixes: Fix[] = r.startsWith('IPv4 mask bits') && /\/32$/.test(s) && !obj.block
      ? [{ title: `Use the exact address "${ip}"`, edits: [{ start: obj.start, end: obj.end, newText: JSON.stringify(ip) }] }]
      : [];
    this.err(span, 'invalid-cidr', r, fixes);
  }
}

export function isOperator(key: string): boolean {
  return (OPERATORS as readonly string[]).includes(key);
}

/** How many rule combinations the $or branches expand to (EventBridge's limit counts these). */
export function orCombinations(node: PNode): number {
  if (node.kind !== 'object') return 1;
  let product = 1;
  for (const p of node.props) {
    if (p.key === '$or' && p.value.kind === 'array') {
      let sum = 0;
      for (const b of p.value.items) sum += orCombinations(b);
      product *= Math.max(1, sum);
    } else if (p.value.kind === 'object') {
      product *= orCombinations(p.value);
    }
    if (product > 1e9) return product;
  }
  return product;
}

/** EventBridge's message for an invalid wildcard string, or undefined when it is valid. */
export function wildcardProblem(s: string): string | undefined {
  let lastStar = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      if (s[i + 1] !== '*' && s[i + 1] !== '\\') return `Invalid escape character at pos ${i}`;
      i++;
      lastStar = false;
    } else if (c === '*') {
      if (lastStar) return `Consecutive wildcard characters at pos ${i}`;
      lastStar = true;
    } else {
      lastStar = false;
    }
  }
  return undefined;
}

function countStars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '*') n++;
  }
  return n;
}
