/**
 * Shapes: what inference has seen at each position of the data, merged over every sample. The readers fill
 * them (infer.ts from the yaml package's documents, shapereader.ts while reading), the emitter prints them.
 */

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
}

export function newField(comment: string | undefined, shape = new Shape()): Field {
  return { shape, count: 0, comment };
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
