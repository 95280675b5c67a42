// Allocation-free hashing and hash tables for the analyzer's hot path. A record's key (an address pair,
// a 5-tuple) is hashed straight from the line's characters into a 52-bit number, so counting a record
// creates no string and no object; strings are made only when a key is seen for the first time.
// Two independent 26-bit FNV-1a variants: with a million distinct keys the chance of any collision is
// about 1e-4.

export class Hasher {
  private a = 0x811c9dc5;
  private b = 0x01000193;

  reset(): this {
    this.a = 0x811c9dc5;
    this.b = 0x9e3779b9 | 0;
    return this;
  }

  add(text: string, start: number, end: number): this {
    let a = this.a;
    let b = this.b;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    // A separator keeps ("1.2", "3") and ("1", ".23") apart.
    this.a = Math.imul(a ^ 0x1f, 0x01000193);
    this.b = Math.imul(b ^ 0x1f, 0x5bd1e995);
    return this;
  }

  addNumber(n: number): this {
    let a = this.a;
    let b = this.b;
    a = Math.imul(a ^ (n & 0xffff), 0x01000193);
    a = Math.imul(a ^ (n >>> 16), 0x01000193);
    b = Math.imul(b ^ n, 0x5bd1e995);
    b ^= b >>> 13;
    this.a = a;
    this.b = b;
    return this;
  }

  /** A positive 52-bit integer (never 0, which the tables use for "empty"). */
  value(): number {
    const hi = (this.a >>> 6) & 0x3ffffff;
    const lo = ((this.b ^ (this.b >>> 16)) >>> 6) & 0x3ffffff;
    return hi * 0x4000000 + lo + 1;
  }
}

/** Maps 52-bit hashes to dense ids 0, 1, 2, ... (open addressing over typed arrays, grows by doubling). */
export class HashIndex {
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let c = 16;
    while (c < capacity * 2) c *= 2;
    this.keys = new Float64Array(c);
    this.ids = new Int32Array(c);
    this.mask = c - 1;
  }

  /** The id of `key`, or -1. */
  get(key: number): number {
    let i = (key % 0x100000000) & this.mask;
    for (;;) {
      const k = this.keys[i];
      if (k === key) return this.ids[i];
      if (k === 0) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** The id of `key`, adding it (with the next id) when new; `isNew` tells which. */
  intern(key: number): number {
    let i = (key % 0x100000000) & this.mask;
    for (;;) {
      const k = this.keys[i];
      if (k === key) { this.isNew = false; return this.ids[i]; }
      if (k === 0) break;
      i = (i + 1) & this.mask;
    }
    const id = this.size++;
    this.keys[i] = key;
    this.ids[i] = id;
    this.isNew = true;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  isNew = false;

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    const c = oldKeys.length * 2;
    this.keys = new Float64Array(c);
    this.ids = new Int32Array(c);
    this.mask = c - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j];
      if (k === 0) continue;
      let i = (k % 0x100000000) & this.mask;
      while (this.keys[i] !== 0) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.ids[i] = oldIds[j];
    }
  }
}

/**
 * Remembers the most recent keys (with a value each) in fixed memory: two generations of a fixed-size
 * table; when the current one is half full the older one is dropped. Used to match the two records of
 * a flow logged on two interfaces: they are normally close together in the input (same 5-minute S3
 * object, neighbouring CloudWatch events), and the bound keeps memory flat on inputs of any size.
 */
export class RecentKeys {
  private cur: { keys: Float64Array; vals: Float64Array; n: number };
  private old: { keys: Float64Array; vals: Float64Array; n: number };
  private readonly mask: number;

  /** Remembers at least `perGeneration` keys. */
  constructor(perGeneration = 1 << 18) {
    let c = 16;
    while (c < perGeneration * 2) c *= 2;
    this.mask = c - 1;
    this.cur = { keys: new Float64Array(c), vals: new Float64Array(c), n: 0 };
    this.old = { keys: new Float64Array(c), vals: new Float64Array(c), n: 0 };
  }

  /** The value stored for `key`, or 0 (values must be non-zero). */
  get(key: number): number {
    const v = this.find(this.cur.keys, this.cur.vals, key);
    return v !== 0 ? v : this.old.n ? this.find(this.old.keys, this.old.vals, key) : 0;
  }

  set(key: number, value: number): void {
    const t = this.cur;
    let i = (key % 0x100000000) & this.mask;
    for (;;) {
      const k = t.keys[i];
      if (k === key) { t.vals[i] = value; return; }
      if (k === 0) break;
      i = (i + 1) & this.mask;
    }
    t.keys[i] = key;
    t.vals[i] = value;
    if (++t.n * 2 > this.mask) {
      // Rotate: the older generation is forgotten and its arrays reused.
      const spare = this.old;
      spare.keys.fill(0);
      spare.n = 0;
      this.old = t;
      this.cur = spare;
    }
  }

  private find(keys: Float64Array, vals: Float64Array, key: number): number {
    let i = (key % 0x100000000) & this.mask;
    for (;;) {
      const k = keys[i];
      if (k === key) return vals[i];
      if (k === 0) return 0;
      i = (i + 1) & this.mask;
    }
  }
}
