import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, Schema, type Document, type Node as YNode, type ScalarTag, type CollectionTag } from 'yaml';
import { subTemplate, type Diagnostic, type PNode, type PProp, type Span } from './ast';
import { arrayMap, shiftedMap, type OffsetMap } from './json';

/** CloudFormation's short-form intrinsics. Declared so the parser accepts them; their values are opaque to the linter. */
const CFN_FUNCTIONS = [
  'Ref', 'Sub', 'GetAtt', 'Join', 'Select', 'Split', 'If', 'Equals', 'And', 'Or', 'Not', 'FindInMap', 'Base64',
  'Cidr', 'ImportValue', 'GetAZs', 'Condition', 'Transform', 'ToJsonString', 'Length', 'ForEach', 'Contains', 'EachMemberEquals',
  'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll', 'Rain::Embed', 'Rain::Include',
];

const cfnTags: (ScalarTag | CollectionTag)[] = CFN_FUNCTIONS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value } as ScalarTag,
  { tag: `!${name}`, collection: 'seq', resolve: (value) => value } as CollectionTag,
  { tag: `!${name}`, collection: 'map', resolve: (value) => value } as CollectionTag,
]);

// Built once: the parser would otherwise rebuild its tag table for every document, which dominates small blocks.
const CFN_SCHEMA = new Schema({ customTags: cfnTags, resolveKnownTags: true, schema: 'core' });

export interface ParsedYaml {
  doc?: Document;
  diagnostics: Diagnostic[];
}

export function parseYaml(text: string): ParsedYaml {
  // uniqueKeys off: EventBridge keeps the last duplicate key, and the validator reports duplicates itself.
  const doc = parseDocument(text, { schema: CFN_SCHEMA, uniqueKeys: false, keepSourceTokens: false, prettyErrors: false, strict: false });
  const diagnostics: Diagnostic[] = doc.errors.slice(0, 1).map((e) => ({
    start: e.pos[0],
    end: Math.max(e.pos[1], e.pos[0] + 1),
    severity: 'error',
    code: 'yaml-syntax',
    message: `Invalid YAML: ${e.message.split('\n')[0]}`,
  }));
  return { doc: doc.errors.length ? undefined : doc, diagnostics };
}

function isIntrinsicTag(n: YNode): boolean {
  return typeof n.tag === 'string' && n.tag.startsWith('!') && !n.tag.startsWith('!!') && !n.tag.startsWith('tag:yaml.org');
}

/** Where a YAML string came from, so JSON embedded in it can be decoded with exact offsets. */
export interface YamlOrigin {
  scalar: Scalar;
  /** Added to the scalar's offsets when the block was parsed on its own. */
  base: number;
}

/**
 * Converts a YAML node to the pattern tree, adding `base` to every offset (for a block parsed on its own).
 * Intrinsics (short and long form) and aliases become opaque values.
 */
export function yamlToNode(n: YNode | null | undefined, text: string, base = 0): PNode {
  if (!n) return { start: base, end: base, kind: 'null' };
  const r = n.range;
  const start = (r ? r[0] : 0) + base;
  const end = (r ? r[1] : 0) + base;
  if (n.tag === '!Sub' && !isAlias(n)) {
    const opaque = { start, end, kind: 'opaque' as const, text: text.slice(start, end) };
    // The tag sits on the template scalar or on the [template, vars] sequence: convert that node without it.
    const arg = isSeq(n) ? yamlToNode(n.items[0] as YNode, text, base) : isScalar(n) && typeof n.value === 'string' ? plainString(n, start, end, base) : opaque;
    return subTemplate(arg, opaque);
  }
  if (isAlias(n) || isIntrinsicTag(n)) return { start, end, kind: 'opaque', text: text.slice(start, end) };
  if (isMap(n)) {
    const props: PProp[] = [];
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as YNode | null;
      const scalarKey = k && isScalar(k) ? k : undefined;
      const kr = k?.range;
      const keySpan: Span = kr ? { start: kr[0] + base, end: kr[1] + base } : { start, end };
      props.push({
        key: scalarKey ? String(scalarKey.value) : '',
        keySpan,
        keyInner: scalarKey ? innerOf(scalarKey, keySpan) : keySpan,
        value: yamlToNode(pair.value as YNode | null, text, base),
      });
    }
    if (props.length === 1 && (props[0].key === 'Ref' || props[0].key.startsWith('Fn::'))) {
      const opaque = { start, end, kind: 'opaque' as const, text: text.slice(start, end) };
      return props[0].key === 'Fn::Sub' ? subTemplate(props[0].value, opaque) : opaque;
    }
    return { start, end, kind: 'object', props, block: !n.flow };
  }
  if (isSeq(n)) {
    const items: PNode[] = [];
    for (const i of n.items) items.push(yamlToNode(i as YNode, text, base));
    return { start, end, kind: 'array', items, block: !n.flow };
  }
  if (isScalar(n)) {
    const v = n.value;
    if (v === null || v === undefined) return { start, end, kind: 'null' };
    if (typeof v === 'boolean') return { start, end, kind: 'boolean', value: v };
    if (typeof v === 'number' || typeof v === 'bigint') return { start, end, kind: 'number', value: Number(v), raw: n.source ?? String(v) };
    if (typeof v === 'string') return plainString(n, start, end, base);
  }
  return { start, end, kind: 'opaque', text: text.slice(start, end) };
}

function plainString(n: Scalar, start: number, end: number, base: number): PNode {
  const origin: YamlOrigin = { scalar: n, base };
  return { start, end, kind: 'string', value: String(n.value), inner: innerOf(n, { start, end }), origin };
}

function innerOf(n: Scalar, s: Span): Span | undefined {
  if (n.type === Scalar.QUOTE_DOUBLE || n.type === Scalar.QUOTE_SINGLE) return { start: s.start + 1, end: s.end - 1 };
  if (n.type === Scalar.PLAIN) return s;
  return undefined;
}

/**
 * Decodes a YAML string scalar while keeping, for every decoded character, where it came from in the file, so
 * that JSON inside `EventPattern: |` or `Pattern: '{"source": ...}'` gets exact ranges. When the decoder and the
 * YAML library disagree (an unusual style), every character maps to the whole scalar: coarse but never wrong.
 */
export function decodeYamlString(text: string, origin: YamlOrigin): { value: string; map: OffsetMap } {
  const n = origin.scalar;
  const value = String(n.value);
  const s = (n.range?.[0] ?? 0) + origin.base;
  const e = (n.range?.[1] ?? 0) + origin.base;
  let decoded: { value: string; starts: number[]; ends: number[] } | undefined;
  try {
    switch (n.type) {
      case Scalar.PLAIN:
        decoded = !text.slice(s, e).includes('\n') ? plain(text, s, e) : folded(text, s, e, 'plain');
        break;
      case Scalar.QUOTE_SINGLE:
        decoded = folded(text, s + 1, e - 1, 'single');
        break;
      case Scalar.QUOTE_DOUBLE:
        decoded = folded(text, s + 1, e - 1, 'double');
        break;
      case Scalar.BLOCK_LITERAL:
      case Scalar.BLOCK_FOLDED:
        decoded = block(text, s, e, n.type === Scalar.BLOCK_FOLDED);
        break;
    }
  } catch {
    decoded = undefined;
  }
  if (decoded && decoded.value.startsWith(value) && decoded.value.slice(value.length).trim() === '') {
    return { value, map: arrayMap(decoded.starts.slice(0, value.length), decoded.ends.slice(0, value.length), e) };
  }
  return { value, map: { start: () => s, end: () => e } };
}

function plain(text: string, s: number, e: number): { value: string; starts: number[]; ends: number[] } {
  const value = text.slice(s, e);
  const m = shiftedMap(s);
  return { value, starts: [...value].map((_, i) => m.start(i)), ends: [...value].map((_, i) => m.end(i)) };
}

/** Flow scalars: line breaks fold to a space (n breaks to n-1 newlines), escapes in double quotes, '' in single quotes. */
function folded(text: string, s: number, e: number, style: 'plain' | 'single' | 'double') {
  let value = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (ch: string, a: number, b: number): void => {
    value += ch;
    starts.push(a);
    ends.push(b);
  };
  let i = s;
  while (i < e) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      // Trim trailing spaces already emitted on this line, count the breaks, skip the next line's indentation.
      while (value.length > 0 && (value.endsWith(' ') || value.endsWith('\t')) && starts[starts.length - 1] < i && text[starts[starts.length - 1]] !== '\\') {
        value = value.slice(0, -1);
        starts.pop();
        ends.pop();
      }
      let breaks = 0;
      const at = i;
      while (i < e && (text[i] === '\n' || text[i] === '\r' || text[i] === ' ' || text[i] === '\t')) {
        if (text[i] === '\n') breaks++;
        i++;
      }
      if (breaks === 1) push(' ', at, at + 1);
      else for (let b = 1; b < breaks; b++) push('\n', at, at + 1);
      continue;
    }
    if (style === 'single' && c === "'" && text[i + 1] === "'") {
      push("'", i, i + 2);
      i += 2;
      continue;
    }
    if (style === 'double' && c === '\\') {
      const x = text[i + 1];
      if (x === '\n') {
        // An escaped line break joins the lines without a space.
        i += 2;
        while (i < e && (text[i] === ' ' || text[i] === '\t')) i++;
        continue;
      }
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', ' ': ' ', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029' };
      if (x in simple) {
        push(simple[x], i, i + 2);
        i += 2;
        continue;
      }
      const len = x === 'x' ? 2 : x === 'u' ? 4 : x === 'U' ? 8 : 0;
      if (len) {
        const code = parseInt(text.slice(i + 2, i + 2 + len), 16);
        const ch = String.fromCodePoint(code);
        for (const unit of ch.split('')) push(unit, i, i + 2 + len);
        i += 2 + len;
        continue;
      }
    }
    push(c, i, i + 1);
    i++;
  }
  return { value, starts, ends };
}

/** Block scalars (| and >): the header, then lines with the block's indentation removed. */
function block(text: string, s: number, e: number, isFolded: boolean) {
  const headerEnd = text.indexOf('\n', s);
  if (headerEnd < 0 || headerEnd >= e) return { value: '', starts: [], ends: [] };
  const header = text.slice(s, headerEnd).replace(/#.*$/, '').trim();
  const explicit = /\d/.exec(header);
  const lines: { start: number; end: number }[] = [];
  let p = headerEnd + 1;
  while (p <= e && p < text.length) {
    let q = text.indexOf('\n', p);
    if (q < 0 || q > e) q = e;
    lines.push({ start: p, end: q > p && text[q - 1] === '\r' ? q - 1 : q });
    p = q + 1;
    if (q >= e) break;
  }
  if (explicit) {
    // An explicit indentation indicator is relative to the parent's indentation, which we do not track here.
    return { value: '', starts: [], ends: [] };
  }
  const firstContent = lines.find((l) => text.slice(l.start, l.end).trim() !== '');
  const indent = firstContent ? /^ */.exec(text.slice(firstContent.start, firstContent.end))![0].length : 0;
  let value = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let prevKind: 'text' | 'empty' | 'more' | 'none' = 'none';
  for (const l of lines) {
    const lineText = text.slice(l.start, l.end);
    const empty = lineText.trim() === '';
    const contentStart = l.start + Math.min(indent, lineText.length);
    const content = empty ? '' : text.slice(contentStart, l.end);
    const kind = empty ? 'empty' : content.startsWith(' ') || content.startsWith('\t') ? 'more' : 'text';
    if (isFolded && value.length > 0 && kind === 'text' && prevKind === 'text') {
      // Replace the newline just emitted with a space: folding joins adjacent text lines.
      value = value.slice(0, -1) + ' ';
    }
    for (let k = 0; k < content.length; k++) {
      value += content[k];
      starts.push(contentStart + k);
      ends.push(contentStart + k + 1);
    }
    value += '\n';
    starts.push(l.end);
    ends.push(l.end + 1);
    if (!(isFolded && kind === 'empty' && prevKind === 'text')) prevKind = kind;
    else prevKind = 'empty';
  }
  return { value, starts, ends };
}

export { isMap, isScalar, isSeq };
