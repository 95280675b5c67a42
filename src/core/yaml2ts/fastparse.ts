/**
 * A fast reader for the plain subset of YAML that large generated files use: block mappings and
 * sequences, plain and simply quoted one-line scalars, `[]` and `{}`, `---` between documents, YAML 1.2
 * core schema. It gives up (returns undefined) at the first thing outside that subset (comments, anchors,
 * tags, block scalars, flow collections, multi-line scalars, escapes, tabs, CR, duplicate or merge keys,
 * anything malformed), and the caller then parses with the `yaml` package, which also reports errors.
 *
 * Why: the `yaml` package's lexer alone needs about a second per megabyte, which dominates typing large
 * files; this reader is an order of magnitude faster. The inferrer folds what it reads straight into
 * shapes (infer.ts), so the data itself is never built; TreeReader builds it, and tests compare that with
 * what the `yaml` package loads, and the types inferred while reading with those inferred from the `yaml`
 * package's documents, on every input the reader accepts.
 */

/** A mapping in source order (a plain object would reorder integer-like keys and treat `__proto__` specially). */
export class FastMap {
  constructor(
    /** Shared by the reader between mappings with the same keys in the same order: never to be changed. */
    readonly keys: readonly string[] = [],
    readonly values: FastValue[] = [],
  ) {}
}

export type FastValue = null | string | number | boolean | FastValue[] | FastMap;

const GIVE_UP = Symbol('outside the fast subset');

const OTHER_BLANKS = /[\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const LATIN1_BLANKS = ['\t', '\r', '\v', '\f', '\u00a0'];
const INDICATOR_CHARS = ['#', '&', '*', '!', '|', '>', '%', '@', '`'];

/**
 * Whether `text` may be in the subset at all: whitespace other than space and newline (JavaScript's trim()
 * would treat it differently from YAML), comments, and node properties or block-scalar indicators anywhere
 * leave the text to the full parser. (Single characters are looked for with includes(), a memchr; the
 * engine answers the expression over characters beyond Latin-1 at once for text that has none.)
 */
export function mayBeFast(text: string): boolean {
  if (OTHER_BLANKS.test(text) || LATIN1_BLANKS.some((c) => text.includes(c))) return false;
  return !(INDICATOR_CHARS.some((c) => text.includes(c)) && /(?:^|\s)#|(?:^|[\s,[{:-])[&*!|>%@`]/m.test(text));
}

/** The documents of `text` (empty documents dropped), or undefined when the text is outside the subset. */
export function fastParse(text: string): FastValue[] | undefined {
  return mayBeFast(text) ? new TreeReader(text).read() : undefined;
}

export function giveUp(): never {
  throw GIVE_UP;
}

const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar resolved with the YAML 1.2 core schema, in the `yaml` package's tag order. */
export function resolvePlain(s: string): FastValue {
  if (s.length === 0) return null;
  const c = s.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    // Decimal digits only, the common number, settled without the regular expressions.
    let k = 1;
    while (k < s.length && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    if (k === s.length) return parseInt(s, 10);
  } else {
    // Only digits + - . ~ n N t T f F can start a non-string core scalar; words have one spelling each.
    switch (c) {
      case 110: // n
      case 78: // N
        return s === 'null' || s === 'Null' || s === 'NULL' ? null : s;
      case 116: // t
      case 84: // T
        return s === 'true' || s === 'True' || s === 'TRUE' ? true : s;
      case 102: // f
      case 70: // F
        return s === 'false' || s === 'False' || s === 'FALSE' ? false : s;
      case 126: // ~
        return s === '~' ? null : s;
      case 43: // +
      case 45: // -
      case 46: // .
        break;
      default:
        return s;
    }
  }
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

/** Characters that cannot start a plain scalar here (or start something this reader does not handle). */
const INDICATORS = '-?:,[]{}#&*!|>\'"%@`';
/** INDICATORS by character code, for the per-line checks. */
const IS_INDICATOR = new Uint8Array(128);
for (let i = 0; i < INDICATORS.length; i++) IS_INDICATOR[INDICATORS.charCodeAt(i)] = 1;

const SPACE = 32;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;

function keyString(v: FastValue): string {
  return v === null ? '' : String(v);
}

/**
 * The text's non-blank lines, found in one pass: where each starts, where its content starts (after the
 * indentation) and where it ends (its `\n` or the end of the text), and whether it is a document marker.
 * One extra entry past the last line reads as "no more lines".
 */
class Lines {
  count = 0;
  start: Int32Array;
  content: Int32Array;
  end: Int32Array;
  mark: Uint8Array;

  constructor(t: string) {
    const len = t.length;
    // Room for lines of 16 characters on average, which block YAML rarely goes below.
    const room = Math.max(1024, len >> 4);
    this.start = new Int32Array(room);
    this.content = new Int32Array(room);
    this.end = new Int32Array(room);
    this.mark = new Uint8Array(room);
    let start = this.start;
    let content = this.content;
    let end = this.end;
    let mark = this.mark;
    let ls = 0;
    let n = 0;
    while (ls <= len) {
      let le = t.indexOf('\n', ls);
      if (le < 0) le = len;
      let cs = ls;
      // The character at le is a newline or past the end, either of which ends the blanks.
      let c = t.charCodeAt(cs);
      while (c === SPACE) c = t.charCodeAt(++cs);
      if (cs < le) {
        if (n + 1 >= start.length) {
          this.grow();
          ({ start, content, end, mark } = this);
        }
        start[n] = ls;
        content[n] = cs;
        end[n] = le;
        if (cs === ls) {
          if (c === DASH && t.startsWith('---', ls) && (le - ls === 3 || t.charCodeAt(ls + 3) === SPACE)) mark[n] = DOC_START;
          else if (c === DOT && t.startsWith('...', ls)) mark[n] = DOC_END;
        }
        n++;
      }
      ls = le + 1;
    }
    this.start[n] = this.content[n] = this.end[n] = len + 1;
    this.mark[n] = NO_LINE;
    this.count = n;
  }

  private grow(): void {
    const size = this.start.length * 2;
    const start = new Int32Array(size);
    start.set(this.start);
    this.start = start;
    const content = new Int32Array(size);
    content.set(this.content);
    this.content = content;
    const end = new Int32Array(size);
    end.set(this.end);
    this.end = end;
    const mark = new Uint8Array(size);
    mark.set(this.mark);
    this.mark = mark;
  }
}

/** A node in the trie of key lists: the path from the root spells the list. */
class KeyList {
  keys: string[] | undefined;
  private next: Map<string, KeyList> | undefined;

  then(key: string): KeyList {
    const next = (this.next ??= new Map());
    let node = next.get(key);
    if (!node) next.set(key, (node = new KeyList()));
    return node;
  }
}

/** Line marks. */
const DOC_START = 1; // `---` alone or followed by a blank
const DOC_END = 2; // `...`
const NO_LINE = 3; // past the last line

/**
 * Reads the lines by recursive descent and hands what it reads to its subclass, which builds values
 * (TreeReader) or folds them straight into inferred shapes without building them (the inferrer's reader).
 * The current line is an index into the Lines tables. `S` is where a value goes (the subclass's slot), `M`
 * a mapping being read. Every callback may give up too.
 */
export abstract class BlockReader<S, M> {
  protected readonly text: string;
  private readonly start: Int32Array;
  private readonly content: Int32Array;
  private readonly end: Int32Array;
  private readonly mark: Uint8Array;
  private readonly count: number;
  /** The current line. */
  private i = 0;
  /** Where the current content starts: after the indentation, or after a `- ` (the rest of a sequence entry). */
  private cs: number;
  /** The column of cs. */
  private col: number;
  /** There is a current line and its content is not a document marker (the rest of a `- ` line never is). */
  private open: boolean;
  /** Result of the last entry() call, for the content position it was asked about. */
  private entryAt = -1;
  private entryOk = false;
  /** The key entry() found: the text of a quoted key, or undefined for a plain key written from keyStart to keyEnd. */
  protected keyQuoted: string | undefined;
  protected keyStart = 0;
  protected keyEnd = 0;
  private valueStart = 0;
  private valueEnd = 0;
  /** The last string quoted() read. */
  private str = '';
  /** The first `: ` at or after colonFrom (the text's length when there is none). */
  private colonFrom = -1;
  private colonAt = -1;
  /** Plain keys as written → keys as a loader names them: each distinct key is resolved and kept once. */
  private readonly keyNames = new Map<string, string>();

  constructor(text: string) {
    this.text = text;
    const lines = new Lines(text);
    this.start = lines.start;
    this.content = lines.content;
    this.end = lines.end;
    this.mark = lines.mark;
    this.count = lines.count;
    this.cs = this.content[0];
    this.col = this.cs - this.start[0];
    this.open = this.mark[0] === 0;
  }

  /** A null (an empty value). */
  protected abstract empty(slot: S): void;
  /** A plain scalar written from s to e (not empty), to be resolved with the core schema as resolvePlain() does. */
  protected abstract plain(slot: S, s: number, e: number): void;
  /** A quoted scalar. */
  protected abstract quotedScalar(slot: S, value: string): void;
  protected abstract emptySeq(slot: S): void;
  protected abstract emptyMap(slot: S): void;
  /** A block sequence (at least one item) starts; returns the slot of its items. */
  protected abstract beginSeq(slot: S): S;
  protected abstract endSeq(slot: S, items: S): void;
  /** A block mapping whose first key is on the current line, at column `ind`, starts. */
  protected abstract beginMap(slot: S, ind: number): M;
  /** The n-th key of the mapping (keyQuoted, or keyStart to keyEnd) was read; returns the slot of its value. */
  protected abstract field(map: M, n: number): S;
  protected abstract endMap(slot: S, map: M): void;

  /** Reads every document into `slot` (empty documents dropped); the number of documents, or undefined on giving up. */
  protected readDocuments(slot: S): number | undefined {
    try {
      return this.documents(slot);
    } catch (e) {
      if (e === GIVE_UP) return undefined;
      throw e;
    }
  }

  private documents(slot: S): number {
    const t = this.text;
    let docs = 0;
    while (this.i < this.count) {
      const i = this.i;
      const m = this.mark[i];
      if (m === DOC_START) {
        for (let k = this.start[i] + 3; k < this.end[i]; k++) if (t.charCodeAt(k) !== SPACE) giveUp();
        this.next();
        continue;
      }
      if (m === DOC_END || t.charCodeAt(this.start[i]) === 37 /* % */ || this.cs !== this.start[i]) giveUp();
      this.node(0, slot);
      docs++;
      if (this.i < this.count && this.mark[this.i] !== DOC_START) giveUp();
    }
    return docs;
  }

  /** The current key as a loader names it. */
  protected keyName(): string {
    if (this.keyQuoted !== undefined) return this.keyQuoted;
    const raw = this.text.slice(this.keyStart, this.keyEnd);
    let key = this.keyNames.get(raw);
    if (key === undefined) {
      key = keyString(resolvePlain(raw));
      this.keyNames.set(raw, key);
    }
    return key;
  }

  private next(): void {
    const i = ++this.i;
    const cs = this.content[i];
    this.cs = cs;
    this.col = cs - this.start[i];
    this.open = this.mark[i] === 0;
  }

  /**
   * The node whose content starts at the current position, at column `ind`. Sequences and mappings are
   * read here rather than in functions of their own: the engine then optimizes one function that calls
   * itself, instead of each of three inlining the others (and their helpers) again, which made the
   * optimizing compiler's work several times larger and its code later to arrive.
   */
  private node(ind: number, slot: S): void {
    const t = this.text;
    const first = this.cs;
    const firstEnd = this.end[this.i];
    if (this.dashAt(first, firstEnd)) {
      const items = this.beginSeq(slot);
      while (this.open && this.col === ind) {
        const le = this.end[this.i];
        if (!this.dashAt(this.cs, le)) break;
        let p = this.cs + 1;
        while (t.charCodeAt(p) === SPACE) p++;
        if (p === le) {
          this.next();
          if (this.open && this.col > ind) this.node(this.col, items);
          else this.empty(items);
        } else if (this.dashAt(p, le) || this.entry(p, le)) {
          // `- - x` or `- key: v`: a nested block whose first line is the rest of this one.
          this.cs = p;
          this.col = p - this.start[this.i];
          this.open = true;
          this.node(this.col, items);
        } else {
          this.inline(items, p, le, le);
          this.next();
          if (this.open && this.col > ind) giveUp();
        }
      }
      if (this.open && this.col > ind) giveUp();
      this.endSeq(slot, items);
      return;
    }
    if (this.entry(first, firstEnd)) {
      const m = this.beginMap(slot, ind);
      let n = 0;
      while (this.open) {
        const cur = this.col;
        if (cur < ind) break;
        if (cur > ind) giveUp();
        const le = this.end[this.i];
        if (!this.entry(this.cs, le)) giveUp(); // a sequence entry or a scalar where a key belongs
        const vs = this.valueStart;
        const ve = this.valueEnd;
        const value = this.field(m, n++);
        if (vs === ve) {
          this.next();
          if (!this.open) this.empty(value);
          else if (this.col > ind) this.node(this.col, value);
          // A sequence at the key's own column is its value.
          else if (this.col === ind && this.dashAt(this.cs, this.end[this.i])) this.node(ind, value);
          else this.empty(value);
        } else {
          this.inline(value, vs, ve, le);
          this.next();
          if (this.open && this.col > ind) giveUp();
        }
      }
      this.endMap(slot, m);
      return;
    }
    this.inline(slot, first, firstEnd, firstEnd);
    this.next();
    if (this.open && this.col >= ind) giveUp(); // multi-line scalar
  }

  /**
   * First lines of mappings that have a key spelled as one of the discriminator names (plain or quoted) →
   * the lines and positions of those keys, so that a mapping's discriminator is known when it starts
   * (its samples are counted apart by discriminator value) without looking ahead over every mapping.
   */
  private discKeys: Map<number, number[]> | undefined;
  /** 1 at the lines that are keys of discKeys (most mappings have none: no lookup for them). */
  private discLines: Uint8Array | undefined;
  private discNames: readonly string[] = [];

  /**
   * Finds the keys of every mapping that may be a discriminator: each name must be a word that no other
   * plain spelling resolves to (see the ShapeReader), so the text can be searched for its spellings.
   */
  protected findDiscriminatorKeys(names: readonly string[]): void {
    const t = this.text;
    const keys = new Map<number, number[]>();
    const marks = new Uint8Array(this.count + 1);
    this.discKeys = keys;
    this.discLines = marks;
    this.discNames = names;
    for (const name of names) {
      // One search finds the plain spelling and the quoted ones around it.
      for (let p = t.indexOf(name); p >= 0; p = t.indexOf(name, p + name.length)) {
        let at = p;
        const after = t.charCodeAt(p + name.length);
        if (after !== COLON && after !== SPACE) {
          const quote = t.charCodeAt(p - 1);
          if ((quote !== DQUOTE && quote !== SQUOTE) || after !== quote) continue;
          at = p - 1;
        }
        const j = this.lineAt(at);
        const c = at - this.start[j];
        if (!this.startsEntries(j, c)) continue;
        const first = this.mapStart(j, c);
        marks[first] = 1;
        const list = keys.get(first);
        if (list) list.push(j, at);
        else keys.set(first, [j, at]);
      }
    }
  }

  /** The line holding position p. */
  private lineAt(p: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.start[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether column c of line j is where the reader reads a key: after the indentation and any `- ` entries. */
  private startsEntries(j: number, c: number): boolean {
    const t = this.text;
    const target = this.start[j] + c;
    let k = this.content[j];
    while (k < target) {
      if (t.charCodeAt(k) !== DASH || t.charCodeAt(k + 1) !== SPACE) return false;
      k += 2;
      while (k < target && t.charCodeAt(k) === SPACE) k++;
    }
    return k === target;
  }

  /** The first line of the mapping whose key at line j is at column c. */
  private mapStart(j: number, c: number): number {
    if (this.content[j] - this.start[j] < c) return j; // after `- `: the mapping starts on this line
    let first = j;
    for (let k = j - 1; k >= 0 && this.mark[k] === 0; k--) {
      const ind = this.content[k] - this.start[k];
      if (ind > c) continue; // inside an earlier entry's value
      if (ind === c) {
        // An earlier key, or a sequence at the mapping's column (the value of the key before it).
        if (!this.dashAt(this.content[k], this.end[k])) first = k;
        continue;
      }
      if (this.startsEntries(k, c)) first = k;
      break;
    }
    return first;
  }

  /**
   * For a mapping starting at the current line at column `ind`: the index in the names given to
   * findDiscriminatorKeys() of the first one that is a key of the mapping with a non-empty string value,
   * or -1; the value goes to discValue.
   */
  protected discriminator(ind: number): number {
    // Most mappings have no such key; the search is apart, so the engine leaves it out of their code.
    return this.discLines === undefined || this.discLines[this.i] === 0 ? -1 : this.searchDiscriminator(ind);
  }

  private searchDiscriminator(ind: number): number {
    const found = this.discKeys?.get(this.i);
    if (!found) return -1;
    let best = -1;
    for (let k = 0; k < found.length; k += 2) {
      const j = found[k];
      const p = found[k + 1];
      const le = this.end[j];
      if (p - this.start[j] !== ind || !this.entry(p, le) || this.valueStart === this.valueEnd) continue;
      const d = this.discNames.indexOf(this.keyName());
      if (d < 0 || (best >= 0 && d > best)) continue;
      const v = this.stringAt(this.valueStart, this.valueEnd, le);
      if (v !== undefined && v !== '') {
        best = d;
        this.discValue = v;
      }
    }
    return best;
  }

  /** Set by discriminator(). */
  protected discValue = '';

  /** `-` alone or `- ` at p, on a line that ends at le (a sequence entry). */
  private dashAt(p: number, le: number): boolean {
    const t = this.text;
    return t.charCodeAt(p) === DASH && (p + 1 === le || t.charCodeAt(p + 1) === SPACE);
  }

  /** The first `: ` at or after p (the text's length when there is none); each stretch of text is searched once. */
  private colonSpace(p: number): number {
    if (p < this.colonFrom || this.colonAt < p) {
      const i = this.text.indexOf(': ', p);
      this.colonAt = i < 0 ? this.text.length : i;
    }
    this.colonFrom = p;
    return this.colonAt;
  }

  /**
   * Whether the line from p to le is `key: rest`; if so sets the key and the bounds of rest without
   * surrounding blanks. Asked twice about one position (when looking ahead, then when reading the
   * mapping), it answers from the first time.
   */
  private entry(p: number, le: number): boolean {
    if (p === this.entryAt) return this.entryOk;
    this.entryAt = p;
    this.entryOk = false;
    const t = this.text;
    let after: number;
    const ch = t.charCodeAt(p);
    if (ch === DQUOTE || ch === SQUOTE) {
      let k = this.quoted(p, le);
      while (t.charCodeAt(k) === SPACE) k++;
      if (t.charCodeAt(k) !== COLON || !(k + 1 === le || t.charCodeAt(k + 1) === SPACE)) return false;
      this.keyQuoted = this.str;
      after = k + 1;
    } else {
      let idx = this.colonSpace(p);
      if (idx >= le) {
        let e = le;
        while (e > p && t.charCodeAt(e - 1) === SPACE) e--;
        if (e === p || t.charCodeAt(e - 1) !== COLON) return false;
        idx = e - 1;
      }
      if (ch < 128 && IS_INDICATOR[ch] === 1) giveUp();
      if (idx === p || t.charCodeAt(idx - 1) === SPACE || idx - p > 1024) giveUp();
      // `<<` (a merge key) is left to the yaml package.
      if (idx - p === 2 && ch === 60 && t.charCodeAt(p + 1) === 60) giveUp();
      this.keyQuoted = undefined;
      this.keyStart = p;
      this.keyEnd = idx;
      after = idx + 1;
    }
    // Extra blanks after the colon: the yaml package has been seen to keep one in the value; leave it to it.
    if (t.charCodeAt(after) === SPACE && t.charCodeAt(after + 1) === SPACE) giveUp();
    let vs = after;
    while (vs < le && t.charCodeAt(vs) === SPACE) vs++;
    let ve = le;
    while (ve > vs && t.charCodeAt(ve - 1) === SPACE) ve--;
    this.valueStart = vs;
    this.valueEnd = ve;
    this.entryOk = true;
    return true;
  }

  /** `"…"` or `'…'` at p on a line that ends at le: sets str and returns the index after the closing quote, or gives up. */
  private quoted(p: number, le: number): number {
    const t = this.text;
    if (t.charCodeAt(p) === DQUOTE) {
      const j = t.indexOf('"', p + 1);
      if (j < 0 || j >= le) giveUp();
      const v = t.slice(p + 1, j);
      if (v.includes('\\')) giveUp();
      this.str = v;
      return j + 1;
    }
    let out = '';
    let k = p + 1;
    for (;;) {
      const j = t.indexOf("'", k);
      if (j < 0 || j >= le) giveUp();
      out += t.slice(k, j);
      if (t.charCodeAt(j + 1) === SQUOTE) {
        out += "'";
        k = j + 2;
      } else {
        this.str = out;
        return j + 1;
      }
    }
  }

  /**
   * A value written on the same line as its key or dash: the text from s to e, where e is the line's end
   * le or the value's last non-blank.
   */
  private inline(slot: S, s: number, e: number, le: number): void {
    const t = this.text;
    const ch = t.charCodeAt(s);
    if (ch === DQUOTE || ch === SQUOTE) {
      // Only blanks may follow the closing quote (and from e to the line's end there are only blanks).
      for (let k = this.quoted(s, le); k < e; k++) if (t.charCodeAt(k) !== SPACE) giveUp();
      return this.quotedScalar(slot, this.str);
    }
    if (ch === 91 /* [ */ || ch === 123 /* { */) {
      let x = e;
      while (x > s && t.charCodeAt(x - 1) === SPACE) x--;
      if (x - s === 2 && t.charCodeAt(s + 1) === ch + 2 /* ] or } */) return ch === 91 ? this.emptySeq(slot) : this.emptyMap(slot);
      giveUp();
    }
    if (ch < 128 && IS_INDICATOR[ch] === 1 && !(ch === DASH && e - s > 1 && t.charCodeAt(s + 1) !== SPACE)) giveUp();
    // `: ` inside, or a trailing colon; trailing blanks: the yaml package keeps them in some plain scalars, so leave those to it.
    if (this.colonSpace(s) < e) giveUp();
    const last = t.charCodeAt(e - 1);
    if (last === COLON || last === SPACE) giveUp();
    this.plain(slot, s, e);
  }

  /**
   * The string an inline value from s to e is, if it is one (for looking ahead: where inline() would give
   * up on the same text, reading it will).
   */
  private stringAt(s: number, e: number, le: number): string | undefined {
    const ch = this.text.charCodeAt(s);
    if (ch === DQUOTE || ch === SQUOTE) {
      this.quoted(s, le);
      return this.str;
    }
    if (ch === 91 /* [ */ || ch === 123 /* { */) return undefined;
    const v = resolvePlain(this.text.slice(s, e));
    return typeof v === 'string' ? v : undefined;
  }
}

/** Builds the values, as a loader would (see fastToJS()). */
class TreeReader extends BlockReader<number, { keyBase: number; seen: Set<string> | undefined }> {
  /**
   * Entries of the collections being read, innermost last: each collection is copied out at its exact size
   * when it ends, so the tree holds no half-empty grown arrays.
   */
  private readonly keys: string[] = [];
  private readonly values: FastValue[] = [];
  private keyTop = 0;
  private valueTop = 0;
  /** Key lists seen so far: large files repeat a few dozen of them in tens of thousands of mappings. */
  private readonly keyLists = new KeyList();

  read(): FastValue[] | undefined {
    return this.readDocuments(0) === undefined ? undefined : this.values.slice(0, this.valueTop);
  }

  protected empty(): void {
    this.values[this.valueTop++] = null;
  }

  protected plain(_: number, s: number, e: number): void {
    this.values[this.valueTop++] = resolvePlain(this.text.slice(s, e));
  }

  protected quotedScalar(_: number, value: string): void {
    this.values[this.valueTop++] = value;
  }

  protected emptySeq(): void {
    this.values[this.valueTop++] = this.values.slice(0, 0);
  }

  protected emptyMap(): void {
    this.values[this.valueTop++] = new FastMap((this.keyLists.keys ??= this.keys.slice(0, 0)), this.values.slice(0, 0));
  }

  protected beginSeq(): number {
    return this.valueTop;
  }

  protected endSeq(_: number, base: number): void {
    const items = this.values.slice(base, this.valueTop);
    this.valueTop = base;
    this.values[this.valueTop++] = items;
  }

  protected beginMap(): { keyBase: number; seen: Set<string> | undefined } {
    return { keyBase: this.keyTop, seen: undefined };
  }

  protected field(m: { keyBase: number; seen: Set<string> | undefined }): number {
    const key = this.keyName();
    const keys = this.keys;
    // Most mappings are small: a linear scan beats allocating a Set for each of them.
    if (m.seen) {
      if (m.seen.has(key)) giveUp();
      m.seen.add(key);
    } else {
      const top = this.keyTop;
      for (let k = m.keyBase; k < top; k++) if (keys[k] === key) giveUp();
      if (top - m.keyBase >= 16) m.seen = new Set(keys.slice(m.keyBase, top)).add(key);
    }
    keys[this.keyTop++] = key;
    return 0;
  }

  protected endMap(_: number, m: { keyBase: number }): void {
    const keys = this.keys;
    const valueBase = this.valueTop - (this.keyTop - m.keyBase);
    let list = this.keyLists;
    for (let k = m.keyBase; k < this.keyTop; k++) list = list.then(keys[k]);
    const map = new FastMap((list.keys ??= keys.slice(m.keyBase, this.keyTop)), this.values.slice(valueBase, this.valueTop));
    this.keyTop = m.keyBase;
    this.valueTop = valueBase;
    this.values[this.valueTop++] = map;
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
