// Records in flight between reading and counting. The analyzer scans lines into a RecordBatch (per column:
// byte offsets, number, two hashes; per record: what classify() derived) and counts from it. In one
// thread the analyzer owns one batch; `summarize` on two or more cores runs the two halves on two
// threads, passing batches through a BatchRing of SharedArrayBuffer slots (see pipeline.ts).

export class RecordBatch {
  readonly fs: Int32Array;
  readonly fe: Int32Array;
  readonly fv: Float64Array;
  readonly ha: Int32Array;
  readonly hb: Int32Array;
  readonly status: Int8Array;
  readonly action: Int8Array;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly pair: Float64Array;
  readonly flow: Float64Array;
  readonly iface: Float64Array;
  readonly asym: Float64Array;
  /** The batch's own copy of its lines, when it travels to another thread (empty otherwise). */
  readonly bytes: Uint8Array;

  /** Room for `records` records of up to `maxStride` fields, and `byteCapacity` bytes of lines. */
  constructor(readonly records: number, readonly maxStride: number, readonly byteCapacity = 0, buffer?: ArrayBufferLike, offset = 0) {
    const buf = buffer ?? new ArrayBuffer(RecordBatch.byteLength(records, maxStride, byteCapacity));
    let at = offset;
    const take = <T>(make: new (b: ArrayBufferLike, o: number, n: number) => T, bytesPer: number, n: number): T => {
      at = Math.ceil(at / 8) * 8;
      const a = new make(buf, at, n);
      at += n * bytesPer;
      return a;
    };
    const cells = records * maxStride;
    this.fv = take(Float64Array, 8, cells);
    this.pair = take(Float64Array, 8, records);
    this.flow = take(Float64Array, 8, records);
    this.iface = take(Float64Array, 8, records);
    this.asym = take(Float64Array, 8, records);
    this.fs = take(Int32Array, 4, cells);
    this.fe = take(Int32Array, 4, cells);
    this.ha = take(Int32Array, 4, cells);
    this.hb = take(Int32Array, 4, cells);
    this.src = take(Int32Array, 4, records);
    this.dst = take(Int32Array, 4, records);
    this.status = take(Int8Array, 1, records);
    this.action = take(Int8Array, 1, records);
    this.bytes = take(Uint8Array, 1, byteCapacity);
  }

  static byteLength(records: number, maxStride: number, byteCapacity: number): number {
    const cells = records * maxStride;
    // Each array starts 8-aligned: up to 7 bytes of padding before each of the 14.
    return (cells + 4 * records) * 8 + (4 * cells + 2 * records) * 4 + 2 * records + byteCapacity + 14 * 8;
  }
}
