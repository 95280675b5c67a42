import * as assert from 'node:assert/strict';
import { describeRange } from '../../../src/core/flowlogs/source';
import { parseRange } from '../../../src/core/flowlogs/timerange';

// The editor's range prompts and the CLI's --since/--until read times the same way.
const typed = (since: string, until: string) => parseRange(since, until, { since: 'Since', until: 'Until' });

describe('flow logs: a time range typed in the editor or on the command line', () => {
  it('reads ISO 8601 times as ms, UTC when no zone is given', () => {
    assert.deepEqual(typed('2026-11-30T10:00:00Z', '2026-11-30T11:30:00+01:00'), { since: 1796032800_000, until: 1796034600_000 });
    assert.deepEqual(typed('2026-11-30', '2026-11-30T10:00'), { since: 1795996800_000, until: 1796032800_000 });
    assert.equal(describeRange(typed('2026-11-30', '2026-11-30T10:00')), '2026-11-30 00:00 to 2026-11-30 10:00 UTC');
  });

  it('leaves an empty or absent end open', () => {
    assert.deepEqual(typed('', '2026-11-30T10:00:00Z'), { until: 1796032800_000 });
    assert.deepEqual(typed(' 2026-11-30T10:00:00Z ', '  '), { since: 1796032800_000 });
    assert.deepEqual(parseRange(undefined, undefined), {});
    assert.equal(describeRange({ since: 1796032800_000 }), 'since 2026-11-30 10:00 UTC');
  });

  it('says what is wrong with a typo, an impossible date or a reversed range, in the words of the input', () => {
    assert.throws(() => typed('yesterday', ''), /Since expects an ISO 8601 time/);
    assert.throws(() => typed('2026-02-31', ''), /'2026-02-31' is not a valid date/);
    assert.throws(() => typed('2026-11-30T12:00Z', '2026-11-30T10:00Z'), /^Error: Since \(2026-11-30T12:00:00.000Z\) must be before Until \(2026-11-30T10:00:00.000Z\)$/);
    assert.throws(() => parseRange('2026-11-30T10:00Z', '2026-11-30T10:00Z'), /--since \(2026-11-30T10:00:00.000Z\) must be before --until/);
  });
});
