import { opaqueSubstitutions, type Diagnostic, type PatternContext, type PNode, type PObject, type Span } from './ast';
import { parseHcl, type HclBlock, type HclOrigin } from './hcl';
import { decodeJsonString, parseJson, type OffsetMap } from './json';
import { decodeYamlString, parseYaml, yamlToNode, type YamlOrigin } from './yaml';

/** One pattern found in a file. */
export interface LocatedPattern {
  node: PNode;
  context: PatternContext;
  /** Where the pattern's value sits in the file (the object, or the whole string for embedded JSON). */
  span: Span;
  /** For the CodeLens and messages: Resources.MyRule.Properties.EventPattern and the like. */
  label: string;
  /** The length EventBridge sees when the pattern is a JSON string. */
  length?: number;
}

export type FileKind = 'pattern' | 'cloudformation' | 'serverless' | 'terraform' | 'unknown';

export interface LocateResult {
  kind: FileKind;
  patterns: LocatedPattern[];
  /** Syntax errors and placement errors (such as an Archive pattern given as a string). */
  diagnostics: Diagnostic[];
}

export interface LocateOptions {
  /** Treat the whole file as one pattern (the CLI's --pattern, the *.eventpattern.json convention, a user glob). */
  bare?: boolean;
  /** Always parse the whole YAML document, even for a large template (tests compare both paths). */
  fullParse?: boolean;
}

/**
 * Above this size a CloudFormation YAML template is read resource by resource: only the blocks that can hold a
 * pattern (EventPattern, SAM Events, FilterCriteria) go through the YAML parser, which is what keeps a
 * 5,000-line template fast enough to re-lint on every keystroke. The cost: a YAML syntax error in an unrelated
 * resource is not reported for such files (smaller files are always parsed whole).
 */
export const FAST_PATH_MIN_LENGTH = 50_000;

const YAML_EXT = /\.(ya?ml|template|cfn)$/i;

/** Cheap pre-check used for directory walks and the editor: does this text possibly hold a pattern? */
export function mayContainPatterns(fileName: string, text: string): boolean {
  if (/\.eventpattern\.json$/i.test(fileName)) return true;
  return /EventPattern|event_pattern|"?Pattern"?\s*[:=]|eventBridge|filterPatterns|cloudwatchEvent|\bpattern\s*=/.test(text);
}

export function locatePatterns(fileName: string, text: string, opts: LocateOptions = {}): LocateResult {
  const lower = fileName.toLowerCase();
  if (opts.bare || lower.endsWith('.eventpattern.json')) return bare(text, YAML_EXT.test(lower));
  if (lower.endsWith('.tf')) return terraform(text);
  const json = lower.endsWith('.json') || (!YAML_EXT.test(lower) && /^\s*[{[]/.test(text));
  let root: PNode | undefined;
  if (json) {
    const r = parseJson(text, undefined, { cfnIntrinsics: true });
    if (!r.node) return { kind: 'unknown', patterns: [], diagnostics: r.diagnostics };
    root = r.node;
  } else {
    const fast = text.length >= FAST_PATH_MIN_LENGTH && !opts.fullParse ? fastCloudFormationYaml(text) : undefined;
    if (fast) return fast;
    const r = parseYaml(text);
    if (!r.doc) return { kind: 'unknown', patterns: [], diagnostics: r.diagnostics };
    root = yamlToNode(r.doc.contents, text);
  }
  const ctx = new Finder(text, json);
  if (root.kind !== 'object') return { kind: 'unknown', patterns: [], diagnostics: [] };
  const resources = prop(root, 'Resources');
  const functions = prop(root, 'functions');
  let kind: FileKind = 'unknown';
  if (resources?.kind === 'object') {
    kind = 'cloudformation';
    ctx.cloudFormation(resources, 'Resources');
  }
  if (functions?.kind === 'object' || (prop(root, 'service') && prop(root, 'provider'))) {
    kind = 'serverless';
    if (functions?.kind === 'object') ctx.serverless(functions);
    const res = prop(root, 'resources');
    const inner = res?.kind === 'object' ? prop(res, 'Resources') : undefined;
    if (inner?.kind === 'object') ctx.cloudFormation(inner, 'resources.Resources');
  }
  return { kind, patterns: ctx.patterns, diagnostics: ctx.diagnostics };
}

function bare(text: string, yaml: boolean): LocateResult {
  if (yaml) {
    const r = parseYaml(text);
    if (!r.doc) return { kind: 'pattern', patterns: [], diagnostics: r.diagnostics };
    const node = yamlToNode(r.doc.contents, text);
    return { kind: 'pattern', patterns: [{ node, context: 'bare', span: node, label: 'pattern' }], diagnostics: [] };
  }
  const r = parseJson(text);
  if (!r.node) return { kind: 'pattern', patterns: [], diagnostics: r.diagnostics };
  return { kind: 'pattern', patterns: [{ node: r.node, context: 'bare', span: r.node, label: 'pattern' }], diagnostics: [] };
}

/** The last property with this key (EventBridge and CloudFormation keep the last duplicate). */
export function prop(o: PObject, key: string): PNode | undefined {
  for (let i = o.props.length - 1; i >= 0; i--) if (o.props[i].key === key) return o.props[i].value;
  return undefined;
}

function path(o: PNode | undefined, ...keys: string[]): PNode | undefined {
  let cur = o;
  for (const k of keys) {
    if (!cur || cur.kind !== 'object') return undefined;
    cur = prop(cur, k);
  }
  return cur;
}

class Finder {
  readonly patterns: LocatedPattern[] = [];
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly text: string, private readonly json: boolean) {}

  /** A pattern value: an object is used as is, a string is parsed as embedded JSON with exact ranges. */
  add(value: PNode | undefined, context: PatternContext, label: string, opts: { stringOnly?: boolean; objectOnly?: boolean } = {}): void {
    if (!value || value.kind === 'opaque' || value.kind === 'null') return;
    if (value.kind === 'string') {
      if (opts.objectOnly) {
        this.diagnostics.push({ start: value.start, end: value.end, severity: 'error', code: 'archive-pattern-string', message: 'AWS::Events::Archive EventPattern must be an object: CloudFormation rejects a JSON string here' });
      }
      const decoded = this.decode(value);
      const r = parseJson(decoded.value, decoded.map);
      if (value.sub) {
        // A substitution outside a JSON string (`[${Threshold}]`) is valid once CloudFormation fills it in: say nothing.
        if (r.node && !r.diagnostics.some((d) => d.severity === 'error')) {
          this.patterns.push({ node: opaqueSubstitutions(r.node, this.text), context, span: value, label, length: decoded.value.length });
        }
        return;
      }
      this.diagnostics.push(...r.diagnostics);
      if (r.node) this.patterns.push({ node: r.node, context, span: value, label, length: decoded.value.length });
      return;
    }
    if (opts.stringOnly && value.kind === 'object') {
      this.diagnostics.push({ start: value.start, end: value.end, severity: 'error', code: 'filter-pattern-not-string', message: 'Filters[].Pattern must be a JSON string, not an object (wrap it in quotes or use a block scalar)' });
    }
    this.patterns.push({ node: value, context, span: value, label });
  }

  private decode(value: Extract<PNode, { kind: 'string' }>): { value: string; map: OffsetMap } {
    const origin = value.origin as Partial<HclOrigin & YamlOrigin> | undefined;
    if (origin?.hclMap) return { value: value.value, map: origin.hclMap };
    if (origin?.scalar) return decodeYamlString(this.text, origin as YamlOrigin);
    if (this.json) return decodeJsonString(this.text, value.start + 1, value.end - 1);
    return { value: value.value, map: { start: () => value.start, end: () => value.end } };
  }

  filters(criteria: PNode | undefined, context: PatternContext, label: string): void {
    const filters = path(criteria, 'Filters');
    if (filters?.kind !== 'array') return;
    filters.items.forEach((f, i) => this.add(path(f, 'Pattern'), context, `${label}.Filters[${i}].Pattern`, { stringOnly: true }));
  }

  cloudFormation(resources: PObject, base: string): void {
    for (const r of resources.props) {
      const type = path(r.value, 'Type');
      if (type?.kind !== 'string') continue;
      const props = path(r.value, 'Properties');
      const label = `${base}.${r.key}`;
      switch (type.value) {
        case 'AWS::Events::Rule':
          this.add(path(props, 'EventPattern'), 'rule', `${label}.EventPattern`);
          break;
        case 'AWS::Events::Archive':
          this.add(path(props, 'EventPattern'), 'archive', `${label}.EventPattern`, { objectOnly: true });
          break;
        case 'AWS::Lambda::EventSourceMapping':
          this.filters(path(props, 'FilterCriteria'), 'esm', `${label}.FilterCriteria`);
          break;
        case 'AWS::Pipes::Pipe':
          this.filters(path(props, 'SourceParameters', 'FilterCriteria'), 'pipes', `${label}.SourceParameters.FilterCriteria`);
          break;
        case 'AWS::Serverless::Function':
        case 'AWS::Serverless::StateMachine': {
          const events = path(props, 'Events');
          if (events?.kind !== 'object') break;
          for (const e of events.props) {
            const et = path(e.value, 'Type');
            const ep = path(e.value, 'Properties');
            if (et?.kind !== 'string') continue;
            if (et.value === 'EventBridgeRule' || et.value === 'CloudWatchEvent') this.add(path(ep, 'Pattern'), 'rule', `${label}.Events.${e.key}.Pattern`);
            else this.filters(path(ep, 'FilterCriteria'), 'esm', `${label}.Events.${e.key}.FilterCriteria`);
          }
          break;
        }
      }
    }
  }

  serverless(functions: PObject): void {
    for (const f of functions.props) {
      const events = path(f.value, 'events');
      if (events?.kind !== 'array') continue;
      events.items.forEach((ev, i) => {
        const label = `functions.${f.key}.events[${i}]`;
        const eb = path(ev, 'eventBridge');
        if (eb) this.add(path(eb, 'pattern'), 'rule', `${label}.eventBridge.pattern`);
        const cwe = path(ev, 'cloudwatchEvent');
        if (cwe) this.add(path(cwe, 'event'), 'rule', `${label}.cloudwatchEvent.event`);
        for (const src of ['sqs', 'stream', 'msk', 'kafka']) {
          const fp = path(ev, src, 'filterPatterns');
          if (fp?.kind === 'array') fp.items.forEach((p, j) => this.add(p, 'esm', `${label}.${src}.filterPatterns[${j}]`));
        }
      });
    }
  }

  terraformBlock(b: HclBlock, base: string, context: PatternContext): void {
    for (const a of b.attributes) if (a.name === 'pattern' || a.name === 'event_pattern') this.add(a.value, context, `${base}.${a.name}`);
    for (const inner of b.blocks) this.terraformBlock(inner, `${base}.${inner.type}`, context);
  }
}

function terraform(text: string): LocateResult {
  const f = new Finder(text, false);
  const { blocks } = parseHcl(text);
  for (const b of blocks) {
    if (b.type !== 'resource' || b.labels.length < 2) continue;
    const [type, name] = b.labels;
    const base = `${type}.${name}`;
    if (type === 'aws_cloudwatch_event_rule' || type === 'aws_cloudwatch_event_archive') {
      const a = b.attributes.find((x) => x.name === 'event_pattern');
      if (a) f.add(a.value, type.endsWith('archive') ? 'archive' : 'rule', `${base}.event_pattern`);
    } else if (type === 'aws_lambda_event_source_mapping' || type === 'aws_pipes_pipe') {
      const ctx: PatternContext = type === 'aws_pipes_pipe' ? 'pipes' : 'esm';
      for (const inner of b.blocks) f.terraformBlock(inner, `${base}.${inner.type}`, ctx);
    }
  }
  return { kind: 'terraform', patterns: f.patterns, diagnostics: f.diagnostics };
}

/**
 * Parsed blocks by their text. Re-linting a large template after an edit (every keystroke in the editor) then
 * parses only the blocks that changed; offsets are applied afterwards, so a block that merely moved still hits.
 */
const blockCache = new Map<string, ReturnType<typeof parseYaml>>();
const BLOCK_CACHE_LIMIT = 4000;

function parseBlock(text: string): ReturnType<typeof parseYaml> {
  let r = blockCache.get(text);
  if (!r) {
    r = parseYaml(text);
    if (blockCache.size >= BLOCK_CACHE_LIMIT) blockCache.clear();
    blockCache.set(text, r);
  }
  return r;
}

/** Forgets parsed blocks (for a cold measurement). */
export function clearParseCache(): void {
  blockCache.clear();
}

const PATTERN_TYPES = new Set(['AWS::Events::Rule', 'AWS::Events::Archive', 'AWS::Lambda::EventSourceMapping', 'AWS::Pipes::Pipe', 'AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);

/**
 * The sectioned read of a large block-style CloudFormation template (see FAST_PATH_MIN_LENGTH). Returns
 * undefined, so the caller parses the whole document, whenever the layout is anything but plain: anchors,
 * several documents, tabs, flow-style Resources, a Serverless file.
 */
export function fastCloudFormationYaml(text: string): LocateResult | undefined {
  if (/(^|[\s[{,])&[^\s]/.test(text) || /^(---|\.\.\.)/m.test(text) || /^\t/m.test(text) || /^functions:/m.test(text)) return undefined;
  const resM = /^Resources:[ \t]*(#.*)?\r?$/m.exec(text);
  if (!resM) return undefined;
  const lines: { start: number; end: number; indent: number; content: boolean }[] = [];
  for (let p = resM.index + resM[0].length + 1; p < text.length;) {
    let q = text.indexOf('\n', p);
    if (q < 0) q = text.length;
    const line = text.slice(p, q);
    const indent = line.length - line.trimStart().length;
    const content = line.trim() !== '' && !line.trimStart().startsWith('#');
    if (content && indent === 0) break;
    lines.push({ start: p, end: q, indent, content });
    p = q + 1;
  }
  const first = lines.find((l) => l.content);
  if (!first) return undefined;
  const resIndent = first.indent;
  const keyOnly = /^ *([^\s#'"{[][^:#]*|'[^']*'|"[^"]*"):[ \t]*(#.*)?\r?$/;
  const finder = new Finder(text, false);
  const fake: PObject = { start: 0, end: 0, kind: 'object', props: [] };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l.content || l.indent !== resIndent) {
      if (l.content && l.indent < resIndent) return undefined;
      continue;
    }
    const m = keyOnly.exec(text.slice(l.start, l.end));
    if (!m) return undefined;
    let j = i + 1;
    while (j < lines.length && !(lines[j].content && lines[j].indent <= resIndent)) j++;
    const block = lines.slice(i + 1, j);
    i = j - 1;
    const typeLine = block.find((b) => b.content && /^ +Type:/.test(text.slice(b.start, b.end)));
    const type = typeLine ? /^ +Type:[ \t]*['"]?([A-Za-z0-9:]+)['"]?[ \t]*(#.*)?\r?$/.exec(text.slice(typeLine.start, typeLine.end))?.[1] : undefined;
    if (!type || !PATTERN_TYPES.has(type)) continue;
    const want = type === 'AWS::Events::Rule' || type === 'AWS::Events::Archive' ? /^ +EventPattern:/ : /^ +Properties:/;
    const k = block.findIndex((b) => b.content && want.test(text.slice(b.start, b.end)));
    if (k < 0) continue;
    let e = k + 1;
    while (e < block.length && !(block[e].content && block[e].indent <= block[k].indent)) e++;
    const from = block[k].start;
    const to = block[e - 1].end;
    const r = parseBlock(text.slice(from, to));
    if (!r.doc) {
      finder.diagnostics.push(...r.diagnostics.map((d) => ({ ...d, start: d.start + from, end: d.end + from })));
      continue;
    }
    const parsed = yamlToNode(r.doc.contents, text, from);
    if (parsed.kind !== 'object') continue;
    const propsNode: PNode = want.source.includes('EventPattern') ? parsed : (prop(parsed, 'Properties') ?? parsed);
    const name = m[1].replace(/^['"]|['"]$/g, '');
    const typeNode: PNode = { start: 0, end: 0, kind: 'string', value: type };
    fake.props.push({ key: name, keySpan: { start: l.start, end: l.end }, value: { start: l.start, end: to, kind: 'object', props: [{ key: 'Type', keySpan: typeNode, value: typeNode }, { key: 'Properties', keySpan: typeNode, value: propsNode }] } });
  }
  finder.cloudFormation(fake, 'Resources');
  return { kind: 'cloudformation', patterns: finder.patterns, diagnostics: finder.diagnostics };
}
