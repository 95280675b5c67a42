// AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs (see ../linescanner.ts for why).
//
// Splits flow-log lines into fields, as FlowLogAnalyzer needs them: per field its byte offsets and, by the
// column's mode, its number or two 32-bit hashes of its bytes. The caller copies a run of lines into memory
// here (loadRun()), then asks for records batch by batch (scan()); the fields go to this module's arrays,
// which the caller copies into its batch.

import {
  SCAN_CANDIDATE,
  SCAN_END,
  SCAN_FULL,
  SCAN_LIMIT,
  STATUS_LINE_END,
  STATUS_LINE_FIELDS,
  STATUS_LINE_START,
  STATUS_REASON,
  STATUS_RECORDS,
  STATUS_SKIPPED,
  STATUS_WORDS,
} from '../scanstatus';

const MODE_NUMBER: u8 = 1;
const MODE_HASH: u8 = 2;
const P1: i32 = 0x01000193;
const P2: i32 = 0x5bd1e995;
const SEED_A: i32 = 0x811c9dc5;
const SEED_B: i32 = 0x9e3779b9;


let stride = 0;
let nFields = 0;
let modes: usize = 0;
let fs: usize = 0;
let fe: usize = 0;
let fv: usize = 0;
let ha: usize = 0;
let hb: usize = 0;
let input: usize = 0;
let inputRoom = 0;
let inputEnd: usize = 0;
/** Added to a position in the loaded run to give the caller's offset. */
let delta = 0;

// What scan() found, for the caller to read from memory (see ../scanstatus.ts).
let status: usize = 0;

/** Room for `cells` fields (records × stride) and `columns` modes; returns where the modes go. */
export function setUp(cells: i32, columns: i32): usize {
  status = heap.alloc(STATUS_WORDS << 2);
  fs = heap.alloc(<usize>cells << 2);
  fe = heap.alloc(<usize>cells << 2);
  fv = heap.alloc(<usize>cells << 3);
  ha = heap.alloc(<usize>cells << 2);
  hb = heap.alloc(<usize>cells << 2);
  modes = heap.alloc(<usize>columns);
  return modes;
}

export function statusAt(): usize {
  return status;
}

export function fieldStarts(): usize {
  return fs;
}
export function fieldEnds(): usize {
  return fe;
}
export function fieldNumbers(): usize {
  return fv;
}
export function fieldHashesA(): usize {
  return ha;
}
export function fieldHashesB(): usize {
  return hb;
}

/** A format of `n` columns (their modes written where setUp() said). */
export function setFormat(n: i32): void {
  stride = n;
  nFields = n;
}

/** Where the caller copies a run of `bytes` bytes, which start at offset `at` of its own buffer. */
export function loadRun(bytes: i32, at: i32): usize {
  if (bytes + 16 > inputRoom) {
    inputRoom = max(bytes + 16, inputRoom * 2);
    input = heap.alloc(<usize>inputRoom);
  }
  inputEnd = input + <usize>bytes;
  delta = at;
  return input;
}

/**
 * Reads lines from offset `from` (the caller's) into record slots from r0 on, up to maxRecords slots and
 * (limit ≥ 0) no line ending past offset `limit`; returns the offset of the first line not read. A line without a
 * newline at the end of the run counts as a line.
 */
export function scan(from: i32, r0: i32, maxRecords: i32, limit: i32): i32 {
  let pos = input + <usize>(from - delta);
  const to = inputEnd;
  const stop = limit < 0 ? to : input + <usize>(limit - delta);
  let r = r0;
  const newline = i8x16.splat(10);
  let reason = SCAN_END;
  while (pos < to) {
    if (r >= maxRecords) {
      reason = SCAN_FULL;
      break;
    }
    let e = pos;
    for (;;) {
      if (e + 16 <= to) {
        const m = i8x16.bitmask(i8x16.eq(v128.load(e), newline));
        if (m != 0) {
          e += ctz(m);
          break;
        }
        e += 16;
      } else {
        while (e < to && load<u8>(e) != 10) e++;
        break;
      }
    }
    if (e > stop) {
      reason = SCAN_LIMIT;
      break;
    }
    let end = e;
    if (end > pos && load<u8>(end - 1) == 13) end--;
    const n = fields(pos, end, r * stride);
    const next = e + 1;
    if (n == 0) {
      pos = next;
      continue;
    }
    const c0 = load<u8>(input + <usize>(load<i32>(fs + (<usize>(r * stride) << 2)) - delta));
    if (c0 >= 97 && c0 <= 122) {
      store<i32>(status + (STATUS_LINE_START << 2), <i32>(pos - input) + delta);
      store<i32>(status + (STATUS_LINE_END << 2), <i32>(end - input) + delta);
      store<i32>(status + (STATUS_LINE_FIELDS << 2), n);
      store<i32>(status + (STATUS_RECORDS << 2), r);
      store<i32>(status + (STATUS_REASON << 2), SCAN_CANDIDATE);
      return <i32>(min(next, to) - input) + delta;
    }
    pos = next;
    if (n != nFields) {
      store<i32>(status + (STATUS_SKIPPED << 2), load<i32>(status + (STATUS_SKIPPED << 2)) + 1);
      continue;
    }
    r++;
  }
  store<i32>(status + (STATUS_RECORDS << 2), r);
  store<i32>(status + (STATUS_REASON << 2), reason);
  return <i32>(min(pos, to) - input) + delta;
}

/** Splits the line [pos, end) into the fields from cell `base` on; returns how many (nFields + 1 when there are more). */
function fields(pos: usize, end: usize, base: i32): i32 {
  let n = 0;
  let i = pos;
  while (i < end) {
    let c = <i32>load<u8>(i);
    if (c == 32 || c == 9) {
      i++;
      continue;
    }
    if (n == nFields) {
      n++;
      break;
    }
    const f = <usize>(base + n);
    store<i32>(fs + (f << 2), <i32>(i - input) + delta);
    const mode = load<u8>(modes + <usize>n);
    if (mode == MODE_NUMBER) {
      // Digits only; '-' alone is "no value" (-1); anything else is not a number.
      const s = i;
      let v: f64 = 0;
      for (;;) {
        const d = c - 48;
        if (<u32>d <= 9) v = v * 10 + <f64>d;
        else v = NaN;
        if (++i == end) break;
        c = load<u8>(i);
        if (c == 32 || c == 9) break;
      }
      if (isNaN(v)) v = i - s == 1 && load<u8>(s) == 45 ? -1 : NaN;
      store<f64>(fv + (f << 3), v);
    } else if (mode == MODE_HASH) {
      let a = SEED_A;
      let b = SEED_B;
      for (;;) {
        a = (a ^ c) * P1;
        b = (b ^ c) * P2;
        if (++i == end) break;
        c = load<u8>(i);
        if (c == 32 || c == 9) break;
      }
      store<i32>(ha + (f << 2), a);
      store<i32>(hb + (f << 2), b ^ (b >>> 15));
    } else {
      while (++i < end) {
        c = load<u8>(i);
        if (c == 32 || c == 9) break;
      }
    }
    store<i32>(fe + (f << 2), <i32>(i - input) + delta);
    n++;
  }
  return n;
}
