// Allocation-free hash tables for the analyzer's hot path. A record's key (an address pair, a 5-tuple) is
// hashed straight from the line's bytes into a positive 52-bit number (see analyze.ts), so counting a
// record creates no string and no object; strings are made only when a key is seen for the first time.
// The tables hold up to a few hundred thousand keys (megabytes), so a lookup usually misses the CPU
// cache: each keeps what a record updates in the key's own slot (one miss, not one per array), and
// touch() lets the analyzer load the slots of a batch of records ahead of counting them.

/**
 * Keys with counters kept in the key's slot: slot = [key, counter 1, ..., counter n] in one Float64Array
 * (open addressing, linear probing, grows by doubling at half full). Keys also get dense ids 0, 1, 2, ...
 * in first-seen order, for data kept beside the table (the strings made when a key is first seen).
 */
export class KeyTable {
  /** The slots: values[slot] is the key, values[slot + n] its counter n. */
  values: Float64Array;
  /** The id of the key in each slot. */
  private slotIds: Int32Array;
  /** The slot of each id. */
  private slots: Int32Array;
  private mask: number;
  private readonly stride: number;
  size = 0;
  /** Whether the last slot()/intern() added its key. */
  isNew = false;

  constructor(counters = 0, capacity = 1024) {
    this.stride = counters + 1;
    let c = 16;
    while (c < capacity * 2) c *= 2;
    this.mask = c - 1;
    this.values = new Float64Array(c * this.stride);
    this.slotIds = new Int32Array(c);
    this.slots = new Int32Array(c / 2);
  }

  /** The slot of `key` (its offset in values), adding the key (counters 0) when new. */
  slot(key: number): number {
    const v = this.values;
    const st = this.stride;
    // key & mask: the key's low bits (ToInt32 keeps them), no floating-point modulo.
    let i = key & this.mask;
    for (;;) {
      const o = i * st;
      const k = v[o];
      if (k === key) { this.isNew = false; return o; }
      if (k === 0) break;
      i = (i + 1) & this.mask;
    }
    if ((this.size + 1) * 2 > this.mask) {
      this.grow();
      return this.slot(key);
    }
    const o = i * st;
    v[o] = key;
    const id = this.size++;
    this.slotIds[i] = id;
    this.slots[id] = o;
    this.isNew = true;
    return o;
  }

  /** The id of `key`, adding it when new. */
  intern(key: number): number {
    // slot() first: it may grow the table, replacing slotIds.
    const o = this.slot(key);
    return this.slotIds[o / this.stride];
  }

  /** The slot of `key`, or -1. */
  find(key: number): number {
    const v = this.values;
    const st = this.stride;
    let i = key & this.mask;
    for (;;) {
      const o = i * st;
      const k = v[o];
      if (k === key) return o;
      if (k === 0) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** The id of `key`, or -1. */
  get(key: number): number {
    const o = this.find(key);
    return o < 0 ? -1 : this.slotIds[o / this.stride];
  }

  /** Counter n (1-based, as in the slot) of the key with this id. */
  counter(id: number, n: number): number {
    return this.values[this.slots[id] + n];
  }

  /** Commits the table's memory now (see commitPages()). */
  commit(): void {
    commitPages(this.values);
    commitPages(this.slotIds);
    commitPages(this.slots);
  }

  /** Loads the slot where `key` would start its probe, so that slot() finds it in cache. */
  touch(key: number): number {
    return this.values[(key & this.mask) * this.stride];
  }

  private grow(): void {
    const old = this.values;
    const oldIds = this.slotIds;
    const st = this.stride;
    const c = (this.mask + 1) * 2;
    this.mask = c - 1;
    const v = new Float64Array(c * st);
    this.values = v;
    this.slotIds = new Int32Array(c);
    const slots = new Int32Array(c / 2);
    slots.set(this.slots.subarray(0, this.size));
    this.slots = slots;
    for (let j = 0, s = 0; j < old.length; j += st, s++) {
      const k = old[j];
      if (k === 0) continue;
      let i = k & this.mask;
      while (v[i * st] !== 0) i = (i + 1) & this.mask;
      const o = i * st;
      for (let f = 0; f < st; f++) v[o + f] = old[j + f];
      this.slotIds[i] = oldIds[s];
      this.slots[oldIds[s]] = o;
    }
  }
}

interface Generation { slots: Float64Array; n: number }

/**
 * Remembers the most recent keys (with a value each) in fixed memory: two generations of a fixed-size
 * table of [key, value] slots; when the current one is half full the older one is dropped. Used to match
 * the two records of a flow logged on two interfaces: they are normally close together in the input
 * (same 5-minute S3 object, neighbouring CloudWatch events), and the bound keeps memory flat on inputs
 * of any size.
 */
export class RecentKeys {
  private cur: Generation;
  private old: Generation;
  private readonly mask: number;

  /** Remembers at least `perGeneration` keys. */
  constructor(perGeneration = 1 << 18) {
    let c = 16;
    while (c < perGeneration * 2) c *= 2;
    this.mask = c - 1;
    this.cur = { slots: new Float64Array(2 * c), n: 0 };
    this.old = { slots: new Float64Array(2 * c), n: 0 };
  }

  /** The value stored for `key`, or 0 (values must be non-zero). */
  get(key: number): number {
    const v = this.find(this.cur.slots, key);
    return v !== 0 ? v : this.old.n ? this.find(this.old.slots, key) : 0;
  }

  set(key: number, value: number): void {
    const t = this.cur;
    const s = t.slots;
    let i = key & this.mask;
    for (;;) {
      const k = s[2 * i];
      if (k === key) { s[2 * i + 1] = value; return; }
      if (k === 0) break;
      i = (i + 1) & this.mask;
    }
    s[2 * i] = key;
    s[2 * i + 1] = value;
    if (++t.n * 2 > this.mask) {
      // Rotate: the older generation is forgotten and its array reused.
      const spare = this.old;
      spare.slots.fill(0);
      spare.n = 0;
      this.old = t;
      this.cur = spare;
    }
  }

  /** Commits the tables' memory now (see commitPages()). */
  commit(): void {
    commitPages(this.cur.slots);
    commitPages(this.old.slots);
  }

  /** Loads the slots where get(key) starts looking. */
  touch(key: number): number {
    const i = 2 * (key & this.mask);
    return this.cur.slots[i] + this.old.slots[i];
  }

  private find(s: Float64Array, key: number): number {
    let i = key & this.mask;
    for (;;) {
      const k = s[2 * i];
      if (k === key) return s[2 * i + 1];
      if (k === 0) return 0;
      i = (i + 1) & this.mask;
    }
  }
}

/**
 * Writes one element per 4 KiB page. A new typed array's memory is mapped on first write, one page
 * fault at a time; for tables that a large input fills anyway, taking those faults in one tight loop up
 * front is cheaper than in the middle of counting (where each also evicts the lookups' TLB entries,
 * and, with a second thread running, has to stop it too).
 */
export function commitPages(a: Float64Array | Int32Array): void {
  const step = 4096 / a.BYTES_PER_ELEMENT;
  for (let i = 0; i < a.length; i += step) a[i] = 0;
}
