import * as assert from 'node:assert/strict';
import { KeyTable, RecentKeys } from '../../../src/core/flowlogs/hash';

// Keys as the analyzer makes them: positive integers below 2^52, spread over the whole range.
const key = (i: number) => ((i * 2654435761) % 0x3ffffff) * 0x4000000 + ((i * 40503) % 0x3ffffff) + 1;

describe('flow-log hash tables', () => {
  it('KeyTable keeps ids dense and stable, and counters with their keys, while it grows', () => {
    const t = new KeyTable(2, 4);
    const n = 50_000;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < n; i++) {
        // intern() across growth: the id must be the key's, also on the call that grows the table.
        assert.equal(t.intern(key(i)), i);
        assert.equal(t.isNew, round === 0);
        const o = t.slot(key(i));
        t.values[o + 1] += i;
        t.values[o + 2] += 1;
      }
    }
    assert.equal(t.size, n);
    for (const i of [0, 1, 777, n - 1]) {
      assert.equal(t.get(key(i)), i);
      assert.equal(t.counter(i, 1), 2 * i);
      assert.equal(t.counter(i, 2), 2);
    }
    assert.equal(t.get(key(n + 1)), -1);
    assert.equal(t.find(key(n + 1)), -1);
  });

  it('committing the memory up front leaves the tables empty and working', () => {
    const t = new KeyTable(1, 1 << 12);
    t.commit();
    assert.equal(t.size, 0);
    assert.equal(t.get(key(1)), -1);
    t.values[t.slot(key(1)) + 1] += 5;
    assert.equal(t.counter(t.get(key(1)), 1), 5);
    const r = new RecentKeys(1 << 10);
    r.commit();
    assert.equal(r.get(key(2)), 0);
    r.set(key(2), 7);
    assert.equal(r.get(key(2)), 7);
  });

  it('RecentKeys remembers at least a generation of keys, then forgets the oldest', () => {
    const r = new RecentKeys(1000);
    for (let i = 1; i <= 1000; i++) r.set(key(i), i);
    for (let i = 1; i <= 1000; i++) assert.equal(r.get(key(i)), i);
    // Enough newer keys to rotate twice: the first thousand are gone, memory stayed fixed.
    for (let i = 1001; i <= 5000; i++) r.set(key(i), i);
    assert.equal(r.get(key(1)), 0);
    assert.equal(r.get(key(5000)), 5000);
  });
});
