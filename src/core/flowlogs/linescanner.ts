// Splitting lines into fields is most of what the reading side of summarize does, byte by byte: the field
// offsets, and by column a number or two hashes (see FlowLogAnalyzer). This WebAssembly (assembly/scan.ts)
// finds line ends 16 bytes at a time and needs no warming up; on a million records it took the reading
// thread's scanning from about 440 ms to 175 ms (CPU profiles of summarize), copies in and out included.
import type { RecordBatch } from './batch';
import { WasmModule } from '../wasm';
import { SCAN_WASM } from './scan-wasm';
import { SCAN_CANDIDATE, STATUS_LINE_END, STATUS_LINE_FIELDS, STATUS_LINE_START, STATUS_REASON, STATUS_RECORDS, STATUS_SKIPPED } from './scanstatus';

interface ScanExports {
  memory: { buffer: ArrayBuffer };
  setUp(cells: number, columns: number): number;
  statusAt(): number;
  fieldStarts(): number;
  fieldEnds(): number;
  fieldNumbers(): number;
  fieldHashesA(): number;
  fieldHashesB(): number;
  setFormat(columns: number): void;
  loadRun(bytes: number, at: number): number;
  scan(from: number, r0: number, maxRecords: number, limit: number): number;
}

const scanModule = new WasmModule<ScanExports>(SCAN_WASM);


export class LineScanner {
  private readonly x: ScanExports;
  private readonly modes: number;
  private stride = 0;
  // Views of the scanner's memory, made again when it grows (its buffer changes); indexes are addresses / 4 or / 8.
  private buffer: ArrayBuffer | null = null;
  private u8 = new Uint8Array(0);
  private i32 = new Int32Array(0);
  private f64 = new Float64Array(0);
  private readonly status: number;
  private readonly fsAt: number;
  private readonly feAt: number;
  private readonly fvAt: number;
  private readonly haAt: number;
  private readonly hbAt: number;

  /** Room for `records` records of up to `columns` fields. */
  constructor(
    readonly records: number,
    readonly columns: number,
  ) {
    this.x = scanModule.instantiate({
      env: {
        abort: () => {
          throw new Error('flow-log line scanner: aborted');
        },
      },
    });
    this.modes = this.x.setUp(records * columns, columns);
    this.status = this.x.statusAt() / 4;
    this.fsAt = this.x.fieldStarts() / 4;
    this.feAt = this.x.fieldEnds() / 4;
    this.fvAt = this.x.fieldNumbers() / 8;
    this.haAt = this.x.fieldHashesA() / 4;
    this.hbAt = this.x.fieldHashesB() / 4;
  }

  private views(): void {
    if (this.buffer === this.x.memory.buffer) return;
    this.buffer = this.x.memory.buffer;
    this.u8 = new Uint8Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
  }

  /** The columns' modes (the analyzer's MODE_* per column); the stride of a record is their number. */
  setFormat(modes: Uint8Array): void {
    if (modes.length > this.columns) throw new RangeError(`a format of ${modes.length} fields is more than this scanner holds (${this.columns})`);
    this.views();
    this.u8.set(modes, this.modes);
    this.x.setFormat(modes.length);
    this.stride = modes.length;
  }

  /** Makes buf[start, end) (whole lines) the run that scan() reads; offsets are buf's. */
  load(buf: Uint8Array, start: number, end: number): void {
    const at = this.x.loadRun(end - start, start);
    this.views();
    // One line at a time (the editor's filtered reports) is cheaper copied by hand than through a subarray.
    if (end - start > 256) this.u8.set(buf.subarray(start, end), at);
    else for (let i = start, j = at; i < end; i++, j++) this.u8[j] = buf[i];
  }

  /**
   * Scans the loaded run from offset `from` into record slots r0 and on, at most maxRecords of them and
   * (limit ≥ 0) no line ending past offset `limit`; copies the fields into `batch`. Returns the offset of
   * the first line not read; records, reason, skippedLines() and the candidate line say the rest.
   */
  scan(batch: RecordBatch, from: number, r0: number, maxRecords: number, limit: number): number {
    const next = this.x.scan(from, r0, maxRecords, limit);
    this.views();
    const i32 = this.i32;
    // The candidate line's fields are in the slot after the records.
    const cells = (i32[this.status + STATUS_RECORDS] + (i32[this.status + STATUS_REASON] === SCAN_CANDIDATE ? 1 : 0)) * this.stride;
    const first = r0 * this.stride;
    if (cells - first > 64) {
      batch.fs.set(i32.subarray(this.fsAt + first, this.fsAt + cells), first);
      batch.fe.set(i32.subarray(this.feAt + first, this.feAt + cells), first);
      batch.fv.set(this.f64.subarray(this.fvAt + first, this.fvAt + cells), first);
      batch.ha.set(i32.subarray(this.haAt + first, this.haAt + cells), first);
      batch.hb.set(i32.subarray(this.hbAt + first, this.hbAt + cells), first);
    } else {
      const f64 = this.f64;
      for (let c = first; c < cells; c++) {
        batch.fs[c] = i32[this.fsAt + c];
        batch.fe[c] = i32[this.feAt + c];
        batch.fv[c] = f64[this.fvAt + c];
        batch.ha[c] = i32[this.haAt + c];
        batch.hb[c] = i32[this.hbAt + c];
      }
    }
    return next;
  }

  /** Records in the batch after the last scan(). */
  get recordsScanned(): number {
    return this.i32[this.status + STATUS_RECORDS];
  }

  get reason(): number {
    return this.i32[this.status + STATUS_REASON];
  }

  /** The candidate line (SCAN_CANDIDATE): its offsets and how many fields it has (columns + 1 for more). */
  get candidate(): { start: number; end: number; fields: number } {
    const s = this.status;
    return { start: this.i32[s + STATUS_LINE_START], end: this.i32[s + STATUS_LINE_END], fields: this.i32[s + STATUS_LINE_FIELDS] };
  }

  /** Lines with the wrong number of fields since the last call. */
  skippedLines(): number {
    const n = this.i32[this.status + STATUS_SKIPPED];
    this.i32[this.status + STATUS_SKIPPED] = 0;
    return n;
  }
}
