import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { BlockReader, giveUp, mayBeFast, resolvePlain } from './fastparse';
import type { Yaml2TsOptions } from './options';
import { YamlSyntaxError, type YamlSource } from './parse';

/**
 * What has been seen at one position of the data, merged over every sample (documents, list items,
 * files). Counts rather than booleans so later stages can tell "sometimes" from "always".
 */
export class Shape {
  /** Samples merged into this position. */
  n = 0;
  nulls = 0;
  strings = 0;
  /** Strings that look like YAML timestamps (kept as strings by the parser). */
  timestamps = 0;
  /** Distinct strings with their counts, or null once there are too many to be an enumeration. */
  strValues: Map<string, number> | null = new Map();
  numbers = 0;
  booleans = 0;
  /** Values the parser produced that are none of the JSON kinds (should not happen with our schema). */
  other = 0;
  arrays = 0;
  /** Merged shape of all array items; undefined while every array seen was empty. */
  element: Shape | undefined;
  objects = 0;
  /** Mapping samples, bucketed by discriminator value ('' for mappings without one). */
  buckets: Map<string, ObjShape> | undefined;
}

export class ObjShape {
  n = 0;
  readonly fields = new Map<string, Field>();
  /** The fields in the order of the last mapping the fast reader read here: its guess for the next one. */
  readonly order: Field[] = [];
  constructor(
    readonly discField?: string,
    readonly discValue?: string,
  ) {}
}

export interface Field {
  shape: Shape;
  /** Samples of the owning mapping that had this key. */
  count: number;
  comment: string | undefined;
  /** A plain key as last written for this field (for the fast reader's guess), or ''. */
  raw: string;
  /** The fast reader's mark: the ObjShape's n when this key was last read, to see a repeated key. */
  seen: number;
}

export function newField(comment: string | undefined): Field {
  return { shape: new Shape(), count: 0, comment, raw: '', seen: 0 };
}

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
   * fastparse.ts); returns how many, or undefined when it cannot (then nothing was added).
   */
  addFastText(text: string): number | undefined {
    if (!mayBeFast(text) || !this.opts.discriminators.every(isPlainName)) return undefined;
    // Into a shape of its own, so that giving up half way leaves the root untouched.
    const shape = new Shape();
    const n = new ShapeReader(text, this.opts.discriminators, this.maxDistinct).read(shape);
    if (n !== undefined) mergeShape(this.root, shape, this.maxDistinct);
    return n;
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

/**
 * Merges src into dst (both describe samples of one position). With `evidence` false (an alias repeating
 * a node) distinct strings are recorded without adding to their counts, so repetition by aliasing does not
 * turn a one-off value into a literal type.
 */
export function mergeShape(dst: Shape, src: Shape, maxDistinct: number, evidence = true): void {
  dst.n += src.n;
  dst.nulls += src.nulls;
  dst.strings += src.strings;
  dst.timestamps += src.timestamps;
  if (dst.strValues && src.strValues) {
    for (const [v, c] of src.strValues) dst.strValues.set(v, (dst.strValues.get(v) ?? 0) + (evidence ? c : 0));
    if (dst.strValues.size > maxDistinct) dst.strValues = null;
  } else if (src.strings > 0) {
    dst.strValues = null;
  }
  dst.numbers += src.numbers;
  dst.booleans += src.booleans;
  dst.other += src.other;
  dst.arrays += src.arrays;
  if (src.element) {
    dst.element ??= new Shape();
    mergeShape(dst.element, src.element, maxDistinct, evidence);
  }
  dst.objects += src.objects;
  if (src.buckets) {
    dst.buckets ??= new Map();
    for (const [k, o] of src.buckets) {
      let d = dst.buckets.get(k);
      if (!d) dst.buckets.set(k, (d = new ObjShape(o.discField, o.discValue)));
      mergeObj(d, o, maxDistinct, evidence);
    }
  }
}

export function mergeObj(dst: ObjShape, src: ObjShape, maxDistinct: number, evidence = true): void {
  dst.n += src.n;
  for (const [key, f] of src.fields) {
    let d = dst.fields.get(key);
    if (!d) dst.fields.set(key, (d = newField(f.comment)));
    d.count += f.count;
    d.comment ??= f.comment;
    mergeShape(d.shape, f.shape, maxDistinct, evidence);
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
 * may search the text for it (`True` gives the key "true", `.nan` the key "NaN").
 */
export function isPlainName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) && !['true', 'false', 'NaN', 'Infinity'].includes(name);
}

/**
 * The fast reader folding what it reads straight into shapes, the way add() folds a parsed document: no
 * tree is built, and scalars are classified where they are written (a string's text is only taken out
 * while it may still be part of a literal union, or may be a timestamp).
 */
class ShapeReader extends BlockReader<Shape, ObjShape> {
  constructor(
    text: string,
    private readonly discriminators: readonly string[],
    private readonly maxDistinct: number,
  ) {
    super(text);
    this.findDiscriminatorKeys(discriminators);
  }

  read(shape: Shape): number | undefined {
    return this.readDocuments(shape);
  }

  protected empty(shape: Shape): void {
    shape.n++;
    shape.nulls++;
  }

  /** resolvePlain() without taking the text out where its outcome shows from the first characters. */
  protected plain(shape: Shape, s: number, e: number): void {
    shape.n++;
    const t = this.text;
    const c = t.charCodeAt(s);
    if (c >= 48 && c <= 57) {
      let k = s + 1;
      while (k < e && t.charCodeAt(k) >= 48 && t.charCodeAt(k) <= 57) k++;
      if (k === e) {
        shape.numbers++;
        return;
      }
    } else {
      switch (c) {
        case 110: // n
        case 78: // N
        case 116: // t
        case 84: // T
        case 102: // f
        case 70: // F
        case 126: // ~
        case 43: // +
        case 45: // -
        case 46: // .
          break;
        default:
          // Neither a number, a boolean, a null, nor (not starting with a digit) a timestamp.
          shape.strings++;
          if (shape.strValues) addStringValue(shape, t.slice(s, e), this.maxDistinct);
          return;
      }
    }
    addScalar(shape, resolvePlain(t.slice(s, e)), this.maxDistinct);
  }

  protected quotedScalar(shape: Shape, value: string): void {
    shape.n++;
    addScalar(shape, value, this.maxDistinct);
  }

  protected emptySeq(shape: Shape): void {
    shape.n++;
    shape.arrays++;
  }

  protected emptyMap(shape: Shape): void {
    this.bucket(shape, -1).n++;
  }

  protected beginSeq(shape: Shape): Shape {
    shape.n++;
    shape.arrays++;
    return (shape.element ??= new Shape());
  }

  protected endSeq(): void {}

  protected beginMap(shape: Shape, ind: number): ObjShape {
    const obj = this.bucket(shape, this.discriminator(ind));
    obj.n++;
    return obj;
  }

  /** Counts a mapping sample at `shape` and returns its ObjShape, for the discriminator at index d (or none). */
  private bucket(shape: Shape, d: number): ObjShape {
    shape.n++;
    shape.objects++;
    const buckets = (shape.buckets ??= new Map());
    const key = d < 0 ? '' : `${this.discriminators[d]}\u0000${this.discValue}`;
    let obj = buckets.get(key);
    if (!obj) buckets.set(key, (obj = d < 0 ? new ObjShape() : new ObjShape(this.discriminators[d], this.discValue)));
    return obj;
  }

  protected field(obj: ObjShape, n: number): Shape {
    // Mappings at one position mostly have the same keys in the same order: try the field last seen at n.
    let f: Field | undefined = obj.order[n];
    const len = this.keyEnd - this.keyStart;
    if (f === undefined || this.keyQuoted !== undefined || f.raw.length !== len || !this.text.startsWith(f.raw, this.keyStart)) f = this.lookUpField(obj, n);
    if (f.seen === obj.n) giveUp(); // the same key twice in one mapping
    f.seen = obj.n;
    f.count++;
    return f.shape;
  }

  /** The field of the key just read when it is not the one guessed (apart, so the engine compiles it apart). */
  private lookUpField(obj: ObjShape, n: number): Field {
    const key = this.keyName();
    let f = obj.fields.get(key);
    if (!f) obj.fields.set(key, (f = newField(undefined)));
    if (this.keyQuoted === undefined) f.raw = this.text.slice(this.keyStart, this.keyEnd);
    obj.order[n] = f;
    return f;
  }

  protected endMap(): void {}
}
