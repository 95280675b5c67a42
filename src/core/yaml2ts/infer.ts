import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Yaml2TsOptions } from './options';
import { YamlSyntaxError, type YamlSource } from './parse';
import { mergeShape, newField, ObjShape, Shape } from './shape';
import { readShapes } from './shapereader';

const TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/;

/** A mapping entry after merge keys are applied. */
interface Entry {
  value: Node | null;
  comment: string | undefined;
}

/** Last paragraph of a leading comment: a blank line separates file or section headers from the key's own note. */
function keyComment(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const paras = text.split(/\n\s*\n/);
  const last = paras[paras.length - 1].split('\n').map((l) => l.trim()).join('\n').trim();
  return last || undefined;
}

/** Folds YAML documents into one Shape for the root; every document is one sample of the root. */
export class Inferrer {
  /** Shapes of alias targets: an alias used a thousand times is typed once (and "billion laughs" stays cheap). */
  private readonly aliasShapes = new Map<Node, Shape>();
  private readonly inProgress = new Set<Node>();
  private readonly maxDistinct: number;
  private doc: Document | undefined;
  private source: YamlSource | undefined;
  readonly root = new Shape();

  constructor(private readonly opts: Yaml2TsOptions) {
    // Enough distinct values to decide on a literal union, never an unbounded set.
    this.maxDistinct = Math.max(0, Math.min(opts.literalUnionThreshold, 256));
  }

  /** `source` locates errors the parser leaves to loaders (an alias to an undefined anchor). */
  addDocument(doc: Document, source?: YamlSource): void {
    this.doc = doc;
    this.source = source;
    this.add(this.root, doc.contents as Node | null);
    this.doc = undefined;
  }

  /**
   * Folds the documents of `text` in as they are read, if the fast reader can read all of it (see
   * shapereader.ts); returns how many, or undefined when it cannot (then nothing was added).
   */
  addFastText(text: string): number | undefined {
    if (!this.opts.discriminators.every(isPlainName)) return undefined;
    // Into a shape of its own, so that giving up half way leaves the root untouched.
    const read = readShapes(text, this.opts.discriminators, this.maxDistinct);
    if (read) mergeShape(this.root, read.root, this.maxDistinct);
    return read?.documents;
  }

  private add(shape: Shape, node: Node | Pair | null | undefined): void {
    if (node == null) {
      shape.n++;
      shape.nulls++;
      return;
    }
    if (isAlias(node)) {
      const target = this.doc ? (node.resolve(this.doc) as Node | undefined) : undefined;
      if (!target) {
        // The parser accepts it, but every loader fails on it: report it like a syntax error.
        const { line, column } = lineCol(this.source?.text ?? '', node.range?.[0] ?? 0);
        throw new YamlSyntaxError(`Unresolved alias *${node.source}`, line, column, this.source?.file);
      }
      if (this.inProgress.has(target)) {
        // An alias to its own ancestor is a cycle no JSON loader can produce; nothing is known about it.
        shape.n++;
        shape.other++;
        return;
      }
      let cached = this.aliasShapes.get(target);
      if (!cached) {
        cached = new Shape();
        this.inProgress.add(target);
        this.add(cached, target);
        this.inProgress.delete(target);
        this.aliasShapes.set(target, cached);
      }
      // The same node again: its strings are no extra evidence that they form an enumeration.
      mergeShape(shape, cached, this.maxDistinct, false);
      return;
    }
    shape.n++;
    if (isScalar(node)) {
      addScalar(shape, node.value, this.maxDistinct);
    } else if (isSeq(node)) {
      shape.arrays++;
      for (const item of node.items) {
        shape.element ??= new Shape();
        this.add(shape.element, item as Node | null);
      }
    } else if (isMap(node)) {
      this.addMap(shape, this.entries(node as YAMLMap<unknown, unknown>, 0));
    } else if (isPair(node)) {
      // `[a: 1]` in a flow sequence is a one-entry mapping.
      const m = new Map<string, Entry>();
      m.set(keyString(node.key), { value: node.value as Node | null, comment: undefined });
      this.addMap(shape, m);
    } else {
      shape.other++;
    }
  }

  private addMap(shape: Shape, entries: Map<string, Entry>): void {
    shape.objects++;
    shape.buckets ??= new Map();
    let bucketKey = '';
    let discField: string | undefined;
    let discValue: string | undefined;
    for (const d of this.opts.discriminators) {
      const e = entries.get(d);
      const v = e?.value && isScalar(e.value) ? e.value.value : undefined;
      if (typeof v === 'string' && v !== '') {
        bucketKey = `${d}\u0000${v}`;
        discField = d;
        discValue = v;
        break;
      }
    }
    let obj = shape.buckets.get(bucketKey);
    if (!obj) shape.buckets.set(bucketKey, (obj = new ObjShape(discField, discValue)));
    obj.n++;
    for (const [key, e] of entries) {
      let f = obj.fields.get(key);
      if (!f) obj.fields.set(key, (f = newField(e.comment)));
      f.count++;
      f.comment ??= e.comment;
      this.add(f.shape, e.value);
    }
  }

  /**
   * The mapping's entries with merge keys applied: explicit keys win over merged ones, and among several
   * merged mappings the earlier wins (YAML merge-key semantics, as loaders implement them).
   */
  private entries(map: YAMLMap<unknown, unknown>, depth: number): Map<string, Entry> {
    const out = new Map<string, Entry>();
    const merges: Node[] = [];
    // A comment before a nested mapping's first key is attached to the mapping itself by the parser.
    let pending = keyComment(map.commentBefore);
    for (const pair of map.items) {
      const k = pair.key as Node | null;
      if (isMergeKey(k)) {
        const v = pair.value as Node | null;
        if (isSeq(v)) merges.push(...(v.items as Node[]));
        else if (v) merges.push(v);
        continue;
      }
      const value = pair.value as Node | null;
      const comment =
        (k && isScalar(k) ? keyComment(k.commentBefore) : undefined) ??
        pending ??
        (value && isScalar(value) && value.comment ? value.comment.trim() : undefined) ??
        (k && isScalar(k) && k.comment ? k.comment.trim() : undefined);
      pending = undefined;
      out.set(keyString(k), { value, comment });
    }
    for (let src of merges) {
      if (isAlias(src) && this.doc) src = src.resolve(this.doc) as Node;
      if (!src || !isMap(src) || depth > 64 || this.inProgress.has(src)) continue;
      this.inProgress.add(src);
      const merged = this.entries(src as YAMLMap<unknown, unknown>, depth + 1);
      this.inProgress.delete(src);
      for (const [key, e] of merged) if (!out.has(key)) out.set(key, e);
    }
    return out;
  }
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function isMergeKey(k: Node | null): boolean {
  if (!k || !isScalar(k)) return false;
  return typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN');
}

/** The property name a loader gives this key (it stringifies non-string keys; null becomes ""). */
function keyString(k: unknown): string {
  if (k == null) return '';
  if (isScalar(k)) return k.value == null ? '' : String(k.value);
  try {
    return String(k);
  } catch {
    return '';
  }
}

/** Adds one scalar sample (not counting it in shape.n) as the parser or the fast reader resolved it. */
function addScalar(shape: Shape, v: unknown, maxDistinct: number): void {
  switch (typeof v) {
    case 'string':
      shape.strings++;
      if (v.length >= 8 && v.charCodeAt(4) === 45 && TIMESTAMP.test(v)) shape.timestamps++;
      if (shape.strValues) addStringValue(shape, v, maxDistinct);
      break;
    case 'number':
    case 'bigint':
      shape.numbers++;
      break;
    case 'boolean':
      shape.booleans++;
      break;
    default:
      if (v === null || v === undefined) shape.nulls++;
      else shape.other++;
  }
}

function addStringValue(shape: Shape, v: string, maxDistinct: number): void {
  const vals = shape.strValues;
  if (!vals) return;
  vals.set(v, (vals.get(v) ?? 0) + 1);
  if (vals.size > maxDistinct) shape.strValues = null;
}

/**
 * A discriminator name that only a key spelled exactly so (plain or quoted) can give, so the fast reader
 * can tell a discriminator key by its spelling (`True` gives the key "true", `.nan` the key "NaN").
 */
export function isPlainName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) && !['true', 'false', 'NaN', 'Infinity'].includes(name);
}
