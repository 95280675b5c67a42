/**
 * A fast reader for the plain subset of YAML that large generated files use: block mappings and
 * sequences, plain and simply quoted one-line scalars, `[]` and `{}`, `---` between documents, YAML 1.2
 * core schema. It gives up (returns undefined) at the first thing outside that subset (comments, anchors,
 * tags, block scalars, flow collections, multi-line scalars, escapes, tabs, CR, duplicate or merge keys,
 * anything malformed), and the caller then parses with the `yaml` package, which also reports errors.
 *
 * Why: the `yaml` package's lexer alone needs about a second per megabyte, which dominates typing large
 * files; this reader is an order of magnitude faster. Tests compare its result with the `yaml` package's
 * on every input it accepts.
 */

/** A mapping in source order (a plain object would reorder integer-like keys and treat `__proto__` specially). */
export class FastMap {
  readonly keys: string[] = [];
  readonly values: FastValue[] = [];
}

export type FastValue = null | string | number | boolean | FastValue[] | FastMap;

const GIVE_UP = Symbol('outside the fast subset');

/** The documents of `text` (empty documents dropped), or undefined when the text is outside the subset. */
export function fastParse(text: string): FastValue[] | undefined {
  // Whitespace other than space and newline (JavaScript's trim() would treat it differently from YAML),
  // comments, and node properties or block-scalar indicators anywhere: leave the text to the full parser.
  if (/[\t\r\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(text)) return undefined;
  if (/[#&*!|>%@`]/.test(text) && /(?:^|\s)#|(?:^|[\s,[{:-])[&*!|>%@`]/m.test(text)) return undefined;
  try {
    return new Reader(text).documents();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

function giveUp(): never {
  throw GIVE_UP;
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar resolved with the YAML 1.2 core schema, in the `yaml` package's tag order. */
function resolvePlain(s: string): FastValue {
  const c = s.charCodeAt(0);
  // Only these first characters can start a non-string core scalar: digits + - . ~ n N t T f F (and empty).
  if (s.length > 0 && !(c >= 48 && c <= 57) && !'+-.~nNtTfF'.includes(s[0])) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

/** Characters that cannot start a plain scalar here (or start something this reader does not handle). */
const INDICATORS = '-?:,[]{}#&*!|>\'"%@`';

/** `"…"` or `'…'` at the start of s: [value, index after the closing quote], or give up. */
function quoted(s: string): [string, number] {
  if (s[0] === '"') {
    const j = s.indexOf('"', 1);
    if (j < 0) giveUp();
    const v = s.slice(1, j);
    if (v.includes('\\')) giveUp();
    return [v, j + 1];
  }
  let out = '';
  let k = 1;
  for (;;) {
    const j = s.indexOf("'", k);
    if (j < 0) giveUp();
    out += s.slice(k, j);
    if (s[j + 1] === "'") {
      out += "'";
      k = j + 2;
    } else return [out, j + 1];
  }
}

function keyString(v: FastValue): string {
  return v === null ? '' : String(v);
}

class Reader {
  private readonly lines: string[];
  private i = 0;
  /** Column where the current line's content starts when it is the rest of a `- ` line; -1 otherwise. */
  private col = -1;

  constructor(text: string) {
    this.lines = text.split('\n');
  }

  documents(): FastValue[] {
    const docs: FastValue[] = [];
    for (;;) {
      if (!this.skipBlank()) break;
      const line = this.lines[this.i];
      if (this.isDocStart()) {
        if (line.trimEnd() !== '---') giveUp();
        this.advance();
        continue;
      }
      if (line.startsWith('...') || line[0] === '%' || this.indent() !== 0) giveUp();
      docs.push(this.node(0));
      if (this.skipBlank() && !this.isDocStart()) giveUp();
    }
    return docs;
  }

  private advance(): void {
    this.i++;
    this.col = -1;
  }

  /** Moves to the next non-blank line; false at the end. */
  private skipBlank(): boolean {
    if (this.col >= 0) return true;
    const lines = this.lines;
    while (this.i < lines.length) {
      const l = lines[this.i];
      let k = 0;
      while (l.charCodeAt(k) === 32) k++;
      if (k < l.length) return true;
      this.i++;
    }
    return false;
  }

  private indent(): number {
    if (this.col >= 0) return this.col;
    const l = this.lines[this.i];
    let k = 0;
    while (l.charCodeAt(k) === 32) k++;
    return k;
  }

  private content(): string {
    return this.lines[this.i].slice(this.indent());
  }

  private isDocStart(): boolean {
    if (this.col >= 0) return false;
    const l = this.lines[this.i];
    return l.startsWith('---') && (l.length === 3 || l[3] === ' ');
  }

  private isDocBoundary(): boolean {
    return this.isDocStart() || (this.col < 0 && this.lines[this.i].startsWith('...'));
  }

  /** The node starting on the current line, whose content starts at column `ind`. */
  private node(ind: number): FastValue {
    const c = this.content();
    if (c === '-' || c.startsWith('- ')) return this.seq(ind);
    if (this.entry(c)) return this.map(ind);
    const v = this.inline(c);
    this.advance();
    if (this.skipBlank() && this.indent() >= ind && !this.isDocBoundary()) giveUp(); // multi-line scalar
    return v;
  }

  private seq(ind: number): FastValue[] {
    const arr: FastValue[] = [];
    while (this.skipBlank() && !this.isDocBoundary() && this.indent() === ind) {
      const c = this.content();
      if (!(c === '-' || c.startsWith('- '))) break;
      let k = 1;
      while (c.charCodeAt(k) === 32) k++;
      const rest = c.slice(k);
      if (rest === '') {
        this.advance();
        if (this.skipBlank() && !this.isDocBoundary() && this.indent() > ind) arr.push(this.node(this.indent()));
        else arr.push(null);
      } else if (rest === '-' || rest.startsWith('- ') || this.entry(rest)) {
        // `- - x` or `- key: v`: a nested block whose first line is the rest of this one.
        this.col = ind + k;
        arr.push(this.node(ind + k));
      } else {
        arr.push(this.inline(rest));
        this.advance();
        if (this.skipBlank() && !this.isDocBoundary() && this.indent() > ind) giveUp();
      }
    }
    if (this.skipBlank() && !this.isDocBoundary() && this.indent() > ind) giveUp();
    return arr;
  }

  private map(ind: number): FastMap {
    const m = new FastMap();
    // Most mappings are small: a linear scan beats allocating a Set for each of them.
    let seen: Set<string> | undefined;
    while (this.skipBlank() && !this.isDocBoundary()) {
      const cur = this.indent();
      if (cur < ind) break;
      if (cur > ind) giveUp();
      const c = this.content();
      const e = this.entry(c);
      if (!e) giveUp(); // a sequence entry or a scalar where a key belongs
      const [key, rest] = e;
      if (seen) {
        if (seen.has(key)) giveUp();
        seen.add(key);
      } else if (m.keys.includes(key)) giveUp();
      else if (m.keys.length >= 16) seen = new Set([...m.keys, key]);
      let value: FastValue;
      if (rest === '') {
        this.advance();
        if (this.skipBlank() && !this.isDocBoundary()) {
          const ni = this.indent();
          const nc = this.content();
          if (ni > ind) value = this.node(ni);
          else if (ni === ind && (nc === '-' || nc.startsWith('- '))) value = this.seq(ind);
          else value = null;
        } else value = null;
      } else {
        value = this.inline(rest);
        this.advance();
        if (this.skipBlank() && !this.isDocBoundary() && this.indent() > ind) giveUp();
      }
      m.keys.push(key);
      m.values.push(value);
    }
    return m;
  }

  /** `key: rest` → [key as a loader names it, rest]; undefined when the line is not a mapping entry. */
  private entry(c: string): [string, string] | undefined {
    let key: string;
    let after: number;
    if (c[0] === '"' || c[0] === "'") {
      const [v, end] = quoted(c);
      let k = end;
      while (c.charCodeAt(k) === 32) k++;
      if (c[k] !== ':' || !(k + 1 === c.length || c[k + 1] === ' ')) return undefined;
      key = v;
      after = k + 1;
    } else {
      let idx = c.indexOf(': ');
      if (idx < 0) {
        const t = c.trimEnd();
        if (!t.endsWith(':')) return undefined;
        idx = t.length - 1;
      }
      if (INDICATORS.includes(c[0])) giveUp();
      const raw = c.slice(0, idx);
      if (raw === '' || raw.endsWith(' ') || raw === '<<' || raw.length > 1024) giveUp();
      key = keyString(resolvePlain(raw));
      after = idx + 1;
    }
    // Extra blanks after the colon: the yaml package has been seen to keep one in the value; leave it to it.
    if (c.charCodeAt(after) === 32 && c.charCodeAt(after + 1) === 32) giveUp();
    return [key, c.slice(after).trim()];
  }

  /** A value written on the same line as its key or dash. */
  private inline(s: string): FastValue {
    const ch = s[0];
    if (ch === '"' || ch === "'") {
      const [v, end] = quoted(s);
      if (s.slice(end).trim() !== '') giveUp();
      return v;
    }
    if (ch === '[' || ch === '{') {
      const t = s.trimEnd();
      if (t === '[]') return [];
      if (t === '{}') return new FastMap();
      giveUp();
    }
    if (INDICATORS.includes(ch) && !(ch === '-' && s.length > 1 && s[1] !== ' ')) giveUp();
    // Trailing blanks: the yaml package keeps them in some plain scalars; leave those cases to it.
    if (s.includes(': ') || s.endsWith(':') || s.endsWith(' ')) giveUp();
    return resolvePlain(s);
  }
}

/** Plain JavaScript for a fast value, as `yaml`'s toJS builds it (for comparing the two readers). */
export function fastToJS(v: FastValue): unknown {
  if (Array.isArray(v)) return v.map(fastToJS);
  if (v instanceof FastMap) {
    const o: Record<string, unknown> = {};
    v.keys.forEach((k, i) => {
      Object.defineProperty(o, k, { value: fastToJS(v.values[i]), enumerable: true, writable: true, configurable: true });
    });
    return o;
  }
  return v;
}
