import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import { subTemplate, type Diagnostic, type PNode, type PProp, type Span } from './ast';

/**
 * Maps offsets in a decoded string (the JSON text inside a YAML or Terraform string) back to the file. An
 * escape such as `\"` is two file characters for one decoded character, so start and end are kept apart.
 */
export interface OffsetMap {
  /** File offset of the first raw character of decoded character i. */
  start(i: number): number;
  /** File offset just past the raw characters of decoded character i. */
  end(i: number): number;
}

export const identityMap: OffsetMap = { start: (i) => i, end: (i) => i + 1 };

export function shiftedMap(base: number): OffsetMap {
  return { start: (i) => base + i, end: (i) => base + i + 1 };
}

export function mapSpan(map: OffsetMap, start: number, end: number): Span {
  return { start: map.start(start), end: end > start ? map.end(end - 1) : map.start(start) };
}

export interface JsonParseOptions {
  /** Treat `{"Ref": …}` and `{"Fn::…": …}` as opaque CloudFormation intrinsics. */
  cfnIntrinsics?: boolean;
}

/** Parses JSON strictly (EventBridge rejects comments and trailing commas) into a tree with file spans. */
export function parseJson(text: string, map: OffsetMap = identityMap, opts: JsonParseOptions = {}): { node?: PNode; diagnostics: Diagnostic[] } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !tree) {
    const diagnostics: Diagnostic[] = errors.slice(0, 1).map((e) => ({
      ...mapSpan(map, Math.min(e.offset, Math.max(0, text.length - 1)), Math.min(e.offset + Math.max(e.length, 1), text.length)),
      severity: 'error',
      code: 'json-syntax',
      message: `Invalid JSON: ${explain(text, e)}`,
    }));
    if (diagnostics.length === 0) diagnostics.push({ ...mapSpan(map, 0, Math.max(1, text.length)), severity: 'error', code: 'json-syntax', message: 'Invalid JSON: empty content' });
    return { diagnostics };
  }
  return { node: convert(tree, text, map, opts), diagnostics: [] };
}

function explain(text: string, e: ParseError): string {
  const c = text[e.offset] ?? '';
  if (c === "'") return 'single quotes are not allowed, use double quotes';
  if (/[A-Za-z_$]/.test(c) && printParseErrorCode(e.error) === 'InvalidSymbol') {
    return `unexpected ${JSON.stringify(/^[\w$-]+/.exec(text.slice(e.offset, e.offset + 40))?.[0] ?? c)} (keys and strings need double quotes)`;
  }
  return describeJsonError(printParseErrorCode(e.error));
}

function describeJsonError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'property name expected (trailing comma or unquoted key?)',
    ValueExpected: 'value expected (trailing comma?)',
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    EndOfFileExpected: 'end of input expected',
    InvalidCommentToken: 'comments are not allowed',
    UnexpectedEndOfComment: 'comments are not allowed',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in string',
  };
  return words[code] ?? code;
}

function convert(n: JNode, text: string, map: OffsetMap, opts: JsonParseOptions): PNode {
  const span = mapSpan(map, n.offset, n.offset + n.length);
  switch (n.type) {
    case 'object': {
      const props: PProp[] = [];
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || !v) continue;
        props.push({
          key: String(k.value),
          keySpan: mapSpan(map, k.offset, k.offset + k.length),
          keyInner: mapSpan(map, k.offset + 1, k.offset + k.length - 1),
          value: convert(v, text, map, opts),
        });
      }
      if (opts.cfnIntrinsics && props.length === 1 && (props[0].key === 'Ref' || props[0].key.startsWith('Fn::') || props[0].key === 'Condition')) {
        const opaque = { ...span, kind: 'opaque' as const, text: text.slice(n.offset, n.offset + n.length) };
        return props[0].key === 'Fn::Sub' ? subTemplate(props[0].value, opaque) : opaque;
      }
      return { ...span, kind: 'object', props };
    }
    case 'array':
      return { ...span, kind: 'array', items: (n.children ?? []).map((c) => convert(c, text, map, opts)) };
    case 'string':
      return { ...span, kind: 'string', value: String(n.value), inner: mapSpan(map, n.offset + 1, n.offset + n.length - 1) };
    case 'number':
      return { ...span, kind: 'number', value: Number(n.value), raw: text.slice(n.offset, n.offset + n.length) };
    case 'boolean':
      return { ...span, kind: 'boolean', value: Boolean(n.value) };
    case 'null':
      return { ...span, kind: 'null' };
    default:
      return { ...span, kind: 'opaque', text: text.slice(n.offset, n.offset + n.length) };
  }
}

/** Decodes the body of a JSON (or HCL) double-quoted string, keeping where each decoded character came from. */
export function decodeJsonString(file: string, bodyStart: number, bodyEnd: number): { value: string; map: OffsetMap } {
  let value = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = bodyStart;
  while (i < bodyEnd) {
    const c = file[i];
    if (c === '\\' && i + 1 < bodyEnd) {
      const e = file[i + 1];
      let ch: string;
      let len = 2;
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(file.slice(i + 2, i + 6))) {
        ch = String.fromCharCode(parseInt(file.slice(i + 2, i + 6), 16));
        len = 6;
      } else {
        ch = ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
      }
      value += ch;
      starts.push(i);
      ends.push(i + len);
      i += len;
    } else {
      value += c;
      starts.push(i);
      ends.push(i + 1);
      i++;
    }
  }
  return { value, map: arrayMap(starts, ends, bodyEnd) };
}

export function arrayMap(starts: number[], ends: number[], after: number): OffsetMap {
  return {
    start: (i) => (i < starts.length ? starts[i] : after),
    end: (i) => (i < ends.length ? ends[i] : after),
  };
}
