import type { PNode, PProp, Span } from './ast';
import { arrayMap, decodeJsonString, type OffsetMap } from './json';

/**
 * Just enough HCL to find event patterns in Terraform: blocks, attributes, and the expression subset patterns
 * use (objects, tuples, strings, heredocs, numbers, jsonencode(...)). Anything else (references, other function
 * calls, interpolation, conditionals) becomes an opaque value. It never throws: malformed input yields fewer nodes.
 */
export interface HclAttribute {
  name: string;
  nameSpan: Span;
  value: PNode;
}

export interface HclBlock {
  type: string;
  labels: string[];
  span: Span;
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

/** Carried on HCL string nodes (quoted or heredoc): the map from content offsets to the file, for embedded JSON. */
export interface HclOrigin {
  hclMap: OffsetMap;
}

type Tok =
  | { t: 'ident'; v: string; s: number; e: number }
  | { t: 'string'; s: number; e: number; interp: boolean }
  | { t: 'heredoc'; s: number; e: number; value: string; map: OffsetMap }
  | { t: 'number'; v: string; s: number; e: number }
  | { t: 'punct'; v: string; s: number; e: number }
  | { t: 'nl'; s: number; e: number };

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      toks.push({ t: 'nl', s: i, e: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"') {
      const s = i;
      let interp = false;
      i++;
      let depth = 0;
      while (i < n) {
        const d = text[i];
        if (d === '\\') { i += 2; continue; }
        if ((d === '$' || d === '%') && text[i + 1] === '{') {
          if (text[i - 1] === d && text[i - 2] !== d) { i += 2; continue; } // $${ is a literal ${
          interp = true;
          depth++;
          i += 2;
          continue;
        }
        if (depth > 0 && d === '}') { depth--; i++; continue; }
        if (depth === 0 && (d === '"' || d === '\n')) break;
        i++;
      }
      if (text[i] === '"') i++;
      toks.push({ t: 'string', s, e: i, interp });
    } else if (c === '<' && text[i + 1] === '<' && /^<<-?[A-Za-z_]\w*\r?\n/.test(text.slice(i, i + 64))) {
      const m = /^<<(-?)([A-Za-z_]\w*)\r?\n/.exec(text.slice(i, i + 64))!;
      const strip = m[1] === '-';
      const marker = m[2];
      const s = i;
      let p = i + m[0].length;
      const lines: { start: number; end: number }[] = [];
      let endAt = n;
      while (p < n) {
        let q = text.indexOf('\n', p);
        if (q < 0) q = n;
        const line = text.slice(p, q).replace(/\r$/, '');
        if (line.trim() === marker) {
          endAt = p + line.length;
          break;
        }
        lines.push({ start: p, end: p + line.length });
        p = q + 1;
      }
      const indent = strip
        ? Math.min(...lines.filter((l) => text.slice(l.start, l.end).trim() !== '').map((l) => /^[ \t]*/.exec(text.slice(l.start, l.end))![0].length), Infinity)
        : 0;
      let value = '';
      const starts: number[] = [];
      const ends: number[] = [];
      for (const l of lines) {
        const from = Math.min(l.start + (Number.isFinite(indent) ? indent : 0), l.end);
        for (let k = from; k < l.end; k++) {
          value += text[k];
          starts.push(k);
          ends.push(k + 1);
        }
        value += '\n';
        starts.push(l.end);
        ends.push(l.end + 1);
      }
      toks.push({ t: 'heredoc', s, e: endAt, value, map: arrayMap(starts, ends, endAt) });
      i = endAt;
    } else if (/[A-Za-z_]/.test(c)) {
      const s = i;
      while (i < n && /[\w-]/.test(text[i])) i++;
      toks.push({ t: 'ident', v: text.slice(s, i), s, e: i });
    } else if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64))!;
      toks.push({ t: 'number', v: m[0], s: i, e: i + m[0].length });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      const v = ['==', '!=', '<=', '>=', '&&', '||', '=>', '...'].includes(two) ? two : c;
      toks.push({ t: 'punct', v, s: i, e: i + v.length });
      i += v.length;
    }
  }
  return toks;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly text: string) {}

  private peek(skipNl = true): Tok | undefined {
    let j = this.i;
    while (skipNl && this.toks[j]?.t === 'nl') j++;
    return this.toks[j];
  }

  private next(skipNl = true): Tok | undefined {
    while (skipNl && this.toks[this.i]?.t === 'nl') this.i++;
    return this.toks[this.i++];
  }

  private isPunct(t: Tok | undefined, v: string): boolean {
    return t?.t === 'punct' && t.v === v;
  }

  body(closing: boolean): { attributes: HclAttribute[]; blocks: HclBlock[] } {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    let guard = 0;
    while (this.i < this.toks.length && guard++ < 1e6) {
      const t = this.next();
      if (!t) break;
      if (closing && this.isPunct(t, '}')) break;
      if (t.t !== 'ident') continue;
      const after = this.peek(false);
      if (this.isPunct(after, '=')) {
        this.next(false);
        const value = this.expr();
        attributes.push({ name: t.v, nameSpan: { start: t.s, end: t.e }, value });
        continue;
      }
      const labels: string[] = [];
      let l = this.peek(false);
      while (l && (l.t === 'string' || l.t === 'ident')) {
        this.next(false);
        labels.push(l.t === 'ident' ? l.v : this.text.slice(l.s + 1, l.e - 1));
        l = this.peek(false);
      }
      if (this.isPunct(l, '{')) {
        this.next(false);
        const inner = this.body(true);
        blocks.push({ type: t.v, labels, span: { start: t.s, end: this.toks[this.i - 1]?.e ?? t.e }, ...inner });
      }
    }
    return { attributes, blocks };
  }

  expr(): PNode {
    const first = this.primary();
    const t = this.peek(false);
    if (t?.t === 'punct' && ['?', '+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', '&&', '||'].includes(t.v)) {
      // Operators and conditionals are computed at plan time: opaque to the linter.
      this.next(false);
      const rest = this.expr();
      if (t.v === '?' && this.isPunct(this.peek(false), ':')) {
        this.next(false);
        const alt = this.expr();
        return this.opaque(first.start, alt.end);
      }
      return this.opaque(first.start, rest.end);
    }
    return first;
  }

  private opaque(s: number, e: number): PNode {
    return { start: s, end: e, kind: 'opaque', text: this.text.slice(s, e) };
  }

  private primary(): PNode {
    const t = this.next();
    if (!t) return this.opaque(this.text.length, this.text.length);
    switch (t.t) {
      case 'string': {
        if (t.interp) return this.opaque(t.s, t.e);
        const { value, map } = decodeJsonString(this.text, t.s + 1, Math.max(t.s + 1, t.e - 1));
        // HCL writes a literal ${ as $${.
        const origin: HclOrigin = { hclMap: map };
        return { start: t.s, end: t.e, kind: 'string', value: value.replace(/([$%])\1\{/g, '$1{'), inner: { start: t.s + 1, end: t.e - 1 }, origin };
      }
      case 'heredoc': {
        if (/\$\{|%\{/.test(t.value)) return this.opaque(t.s, t.e);
        const origin: HclOrigin = { hclMap: t.map };
        return { start: t.s, end: t.e, kind: 'string', value: t.value, origin };
      }
      case 'number':
        return { start: t.s, end: t.e, kind: 'number', value: Number(t.v), raw: t.v };
      case 'punct':
        if (t.v === '{') return this.object(t.s);
        if (t.v === '[') return this.tuple(t.s);
        if (t.v === '(') {
          const inner = this.expr();
          if (this.isPunct(this.peek(), ')')) this.next();
          return this.opaque(t.s, Math.max(inner.end, this.toks[this.i - 1]?.e ?? inner.end));
        }
        if (t.v === '-' && this.peek(false)?.t === 'number') {
          const num = this.next(false) as Extract<Tok, { t: 'number' }>;
          return { start: t.s, end: num.e, kind: 'number', value: -Number(num.v), raw: `-${num.v}` };
        }
        return this.opaque(t.s, t.e);
      case 'ident': {
        if (t.v === 'true' || t.v === 'false') return { start: t.s, end: t.e, kind: 'boolean', value: t.v === 'true' };
        if (t.v === 'null') return { start: t.s, end: t.e, kind: 'null' };
        if (this.isPunct(this.peek(false), '(')) {
          this.next(false);
          const args: PNode[] = [];
          let guard = 0;
          while (!this.isPunct(this.peek(), ')') && this.peek() && guard++ < 1e5) {
            args.push(this.expr());
            if (this.isPunct(this.peek(), ',')) this.next();
            else if (!this.isPunct(this.peek(), ')')) this.next();
          }
          const close = this.next();
          if (t.v === 'jsonencode' && args.length === 1) return args[0];
          return this.opaque(t.s, close?.e ?? t.e);
        }
        // A reference such as var.pattern or local.rules["x"].pattern.
        let end = t.e;
        let guard = 0;
        while (guard++ < 1e4) {
          const p = this.peek(false);
          if (this.isPunct(p, '.') || this.isPunct(p, '[')) {
            this.next(false);
            if (p && this.isPunct(p, '[')) {
              this.expr();
              if (this.isPunct(this.peek(), ']')) end = (this.next() as Tok).e;
            } else {
              const q = this.next(false);
              end = q?.e ?? end;
            }
          } else break;
        }
        return this.opaque(t.s, end);
      }
      default:
        return this.opaque(t.s, t.e);
    }
  }

  private object(start: number): PNode {
    const props: PProp[] = [];
    let guard = 0;
    while (guard++ < 1e6) {
      const k = this.next();
      if (!k || this.isPunct(k, '}')) return { start, end: k?.e ?? this.text.length, kind: 'object', props };
      if (this.isPunct(k, ',')) continue;
      let key: string | undefined;
      let keySpan: Span = { start: k.s, end: k.e };
      let keyInner: Span = keySpan;
      if (k.t === 'ident') key = k.v;
      else if (k.t === 'string' && !k.interp) {
        key = decodeJsonString(this.text, k.s + 1, k.e - 1).value;
        keyInner = { start: k.s + 1, end: k.e - 1 };
      } else if (this.isPunct(k, '(')) {
        const inner = this.expr();
        if (this.isPunct(this.peek(), ')')) this.next();
        keySpan = { start: k.s, end: inner.end + 1 };
        key = inner.kind === 'string' ? inner.value : undefined;
      }
      const sep = this.next();
      if (!this.isPunct(sep, '=') && !this.isPunct(sep, ':')) continue;
      const value = this.expr();
      if (key !== undefined) props.push({ key, keySpan, keyInner, value });
    }
    return { start, end: this.text.length, kind: 'object', props };
  }

  private tuple(start: number): PNode {
    const items: PNode[] = [];
    let guard = 0;
    if (this.peek()?.t === 'ident' && (this.peek() as { v: string }).v === 'for') {
      // A for expression: computed, so opaque.
      let depth = 1;
      while (depth > 0 && this.i < this.toks.length) {
        const t = this.next();
        if (this.isPunct(t, '[')) depth++;
        if (this.isPunct(t, ']')) depth--;
      }
      return this.opaque(start, this.toks[this.i - 1]?.e ?? this.text.length);
    }
    while (guard++ < 1e6) {
      const p = this.peek();
      if (!p) return { start, end: this.text.length, kind: 'array', items };
      if (this.isPunct(p, ']')) {
        this.next();
        return { start, end: p.e, kind: 'array', items };
      }
      if (this.isPunct(p, ',')) {
        this.next();
        continue;
      }
      if (this.isPunct(p, '}') || this.isPunct(p, ')')) return { start, end: p.s, kind: 'array', items };
      items.push(this.expr());
    }
    return { start, end: this.text.length, kind: 'array', items };
  }
}

export function parseHcl(text: string): { attributes: HclAttribute[]; blocks: HclBlock[] } {
  try {
    return new Parser(tokenize(text), text).body(false);
  } catch {
    return { attributes: [], blocks: [] };
  }
}
