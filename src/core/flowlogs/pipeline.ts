// Two threads for one summary: this thread reads and scans lines into batches, a worker counts them
// (FlowLogAnalyzer.pipeTo() / countFrom()). Batches travel through a ring of slots in one
// SharedArrayBuffer, in order, so the count is exactly that of one thread: no merging, no boundaries.
// Scanning and counting cost about the same, and counting touches the large hash tables, so the two
// halves overlap well on two cores.
import { RecordBatch } from './batch';

const HEAD = 0; // batches sent
const TAIL = 1; // batches counted
const CLOSED = 2;
const FAILED = 3;
// Set while a side sleeps in Atomics.wait: waking a thread costs a system call (and, in a VM, an
// interrupt to the other CPU), far more than a batch, so the other side notifies only a sleeper.
const READER_SLEEPS = 4;
const COUNTER_SLEEPS = 5;
const CONTROL = 6;
const META = 5;

export const KIND_RECORDS = 1;
export const KIND_FORMAT = 2;

export interface RingLayout {
  slots: number;
  records: number;
  maxStride: number;
  byteCapacity: number;
}

export const DEFAULT_LAYOUT: RingLayout = { slots: 32, records: 256, maxStride: 64, byteCapacity: 256 * 256 };
/** Checks before sleeping: waking a sleeping thread takes far longer than a batch is in flight. */
const SPINS = 20_000;

export interface ReceivedBatch {
  kind: number;
  batch: RecordBatch;
  /** Records in the batch (KIND_RECORDS). */
  n: number;
  /** Whether the sender classified the records too. */
  classified: boolean;
  /** Where in the sender's buffer the batch's copy of its lines starts (its offsets are the sender's). */
  first: number;
  /** The new format (KIND_FORMAT). */
  fields: string[];
}

export class BatchRingError extends Error {}

export class BatchRing {
  private readonly control: Int32Array;
  /** Per slot: kind, records, bytes, classified, first. */
  private readonly meta: Int32Array;
  private readonly batches: RecordBatch[];
  private head = 0;
  private tail = 0;

  private constructor(readonly buffer: SharedArrayBuffer, readonly layout: RingLayout) {
    this.control = new Int32Array(buffer, 0, CONTROL);
    this.meta = new Int32Array(buffer, CONTROL * 4, layout.slots * META);
    const slotBytes = RecordBatch.byteLength(layout.records, layout.maxStride, layout.byteCapacity);
    const first = Math.ceil((CONTROL * 4 + layout.slots * META * 4) / 8) * 8;
    this.batches = Array.from({ length: layout.slots }, (_, i) => new RecordBatch(layout.records, layout.maxStride, layout.byteCapacity, buffer, first + i * slotBytes));
  }

  static create(layout: RingLayout = DEFAULT_LAYOUT): BatchRing {
    const size = Math.ceil((CONTROL * 4 + layout.slots * META * 4) / 8) * 8 + layout.slots * RecordBatch.byteLength(layout.records, layout.maxStride, layout.byteCapacity);
    return new BatchRing(new SharedArrayBuffer(size), layout);
  }

  /** The same ring in another thread (its buffer and layout arrive through workerData). */
  static attach(buffer: SharedArrayBuffer, layout: RingLayout): BatchRing {
    return new BatchRing(buffer, layout);
  }

  // --- the sending side ---

  /** The next free batch to scan into; waits while every slot is in flight. */
  acquire(stallMs = 30_000): RecordBatch {
    let waited = 0;
    for (;;) {
      if (Atomics.load(this.control, FAILED)) throw new BatchRingError('the counting thread failed');
      let tail = Atomics.load(this.control, TAIL);
      for (let i = 0; i < SPINS && this.head - tail >= this.layout.slots; i++) tail = Atomics.load(this.control, TAIL);
      if (this.head - tail < this.layout.slots) return this.batches[this.head % this.layout.slots];
      // Timed, so a counting thread that died cannot hang the reader.
      Atomics.store(this.control, READER_SLEEPS, 1);
      const woke = Atomics.wait(this.control, TAIL, tail, 100);
      Atomics.store(this.control, READER_SLEEPS, 0);
      if (woke === 'timed-out' && (waited += 100) >= stallMs) throw new BatchRingError(`the counting thread made no progress for ${stallMs / 1000} s`);
    }
  }

  /** Batches sent and not yet counted: a backlog means the counting side is the slower one. */
  backlog(): number {
    return this.head - Atomics.load(this.control, TAIL);
  }

  /** Sends the acquired batch: `n` records, whose lines (`bytes` of them, from `first` in the sender's buffer) are in its copy. */
  sendRecords(n: number, first: number, bytes: number, classified: boolean): void {
    this.send(KIND_RECORDS, n, bytes, classified, first);
  }

  /** Sends a format switch (after the batches before it). */
  sendFormat(fields: readonly string[]): void {
    const b = this.acquire();
    const text = Buffer.from(fields.join(' '), 'latin1');
    if (text.length > b.bytes.length) throw new BatchRingError('the format is too long to send');
    b.bytes.set(text);
    this.send(KIND_FORMAT, 0, text.length, false, 0);
  }

  private send(kind: number, n: number, bytes: number, classified: boolean, first: number): void {
    const m = (this.head % this.layout.slots) * META;
    this.meta[m] = kind;
    this.meta[m + 1] = n;
    this.meta[m + 2] = bytes;
    this.meta[m + 3] = classified ? 1 : 0;
    this.meta[m + 4] = first;
    this.head++;
    Atomics.store(this.control, HEAD, this.head);
    if (Atomics.load(this.control, COUNTER_SLEEPS)) Atomics.notify(this.control, HEAD);
  }

  /** No more batches: the counting side finishes what is in flight and stops. */
  close(): void {
    Atomics.store(this.control, CLOSED, 1);
    Atomics.notify(this.control, HEAD);
  }

  // --- the counting side ---

  /** The next batch in order, waiting for it; null once the ring is closed and drained. */
  next(): ReceivedBatch | null {
    for (;;) {
      let head = Atomics.load(this.control, HEAD);
      for (let i = 0; i < SPINS && this.tail >= head; i++) head = Atomics.load(this.control, HEAD);
      if (this.tail < head) {
        const i = this.tail % this.layout.slots;
        const batch = this.batches[i];
        const m = i * META;
        const kind = this.meta[m];
        const n = this.meta[m + 1];
        const bytes = this.meta[m + 2];
        const fields = kind === KIND_FORMAT ? Buffer.from(batch.bytes.subarray(0, bytes)).toString('latin1').split(' ') : [];
        return { kind, batch, n, fields, classified: this.meta[m + 3] === 1, first: this.meta[m + 4] };
      }
      if (Atomics.load(this.control, CLOSED)) return null;
      Atomics.store(this.control, COUNTER_SLEEPS, 1);
      Atomics.wait(this.control, HEAD, head, 1000);
      Atomics.store(this.control, COUNTER_SLEEPS, 0);
    }
  }

  /** Frees the batch next() returned. */
  release(): void {
    this.tail++;
    Atomics.store(this.control, TAIL, this.tail);
    if (Atomics.load(this.control, READER_SLEEPS)) Atomics.notify(this.control, TAIL);
  }

  /** Tells the sending side that counting stopped for good. */
  fail(): void {
    Atomics.store(this.control, FAILED, 1);
    Atomics.notify(this.control, TAIL);
  }
}
