import * as assert from 'node:assert/strict';
import { typedRange } from '../../../src/core/flowlogs/source';

describe('flow logs: a time range typed in the editor', () => {
  it('reads ISO 8601 times as Unix seconds, UTC when no zone is given', () => {
    assert.deepEqual(typedRange('2026-11-30T10:00:00Z', '2026-11-30T11:30:00+01:00'), { since: 1796032800, until: 1796034600 });
    assert.deepEqual(typedRange('2026-11-30', '2026-11-30T10:00'), { since: 1795996800, until: 1796032800 });
  });

  it('leaves an empty end open', () => {
    assert.deepEqual(typedRange('', '2026-11-30T10:00:00Z'), { since: undefined, until: 1796032800 });
    assert.deepEqual(typedRange(' 2026-11-30T10:00:00Z ', '  '), { since: 1796032800, until: undefined });
  });

  it('says what is wrong with a typo, an impossible date or a reversed range', () => {
    assert.throws(() => typedRange('yesterday', ''), /Since expects an ISO 8601 time/);
    assert.throws(() => typedRange('2026-02-31', ''), /'2026-02-31' is not a valid date/);
    assert.throws(() => typedRange('2026-11-30T12:00Z', '2026-11-30T10:00Z'), /Since \(2026-11-30T12:00Z\) is after Until \(2026-11-30T10:00Z\)/);
  });
});
