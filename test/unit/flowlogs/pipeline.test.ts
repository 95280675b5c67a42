import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BatchRing, BatchRingError } from '../../../src/core/flowlogs/pipeline';
import { summarizeInputs } from '../../../src/core/flowlogs/summarize';
import { mixedLines, V3 } from './helpers';

describe('flow-log summary on two threads (reading and counting)', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(path.join(tmpdir(), 'flowscope-pipeline-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives exactly the one-thread summary, across files, gzip, header lines and malformed lines', async function () {
    this.timeout(30_000);
    // Enough records for the ring to wrap around many times and for the reader to take over classifying.
    const plain = path.join(dir, 'big.log');
    writeFileSync(plain, mixedLines(60_000).join('\n') + '\n');
    // An S3 object: gzip, its own header line, and a last line without a newline.
    const gz = path.join(dir, 'object.log.gz');
    writeFileSync(gz, gzipSync([V3.join(' '), ...mixedLines(2000).slice(800)].join('\n')));
    const inputs = [plain, gz];
    const one = await summarizeInputs(inputs, { twoThreads: false });
    const two = await summarizeInputs(inputs, { twoThreads: true });
    assert.equal(one.threads, 1);
    assert.equal(two.threads, 2);
    assert.ok(one.summary.records > 60_000 && one.summary.skippedLines > 1000 && one.details.duplicateRecords > 10_000, 'the input exercises every path');
    assert.deepEqual(two.summary, one.summary);
    assert.deepEqual(two.details, one.details);
  });

  it('skips a line longer than a batch carries, wherever it falls, as one thread skips it', async () => {
    const lines = mixedLines(3000);
    // First of all, after some records, twice in a row, and last (no newline after it).
    for (const at of [3000, 1001, 1000, 0]) lines.splice(at, 0, at % 2 ? 'x'.repeat(70_000) : '2 '.repeat(40_000));
    const file = path.join(dir, 'long-lines.log');
    writeFileSync(file, lines.join('\n'));
    const one = await summarizeInputs([file], { twoThreads: false });
    const two = await summarizeInputs([file], { twoThreads: true });
    assert.ok(one.summary.skippedLines >= 4, 'the long lines are skipped');
    assert.deepEqual(two.summary, one.summary);
    assert.deepEqual(two.details, one.details);
  });

  it('says so when a header names more fields than a batch carries, and one thread reads it', async () => {
    const file = path.join(dir, 'wide.log');
    const names = ['version', 'srcaddr', ...Array.from({ length: 68 }, (_, i) => `x${i}`)];
    writeFileSync(file, `${names.join(' ')}\n${['2', '10.0.0.1', ...names.slice(2).map(() => 'v')].join(' ')}\n`);
    await assert.rejects(summarizeInputs([file], { twoThreads: true }), /a format of 70 fields is more than summarize reads on two threads \(64\); use --threads 1/);
    assert.equal((await summarizeInputs([file], { twoThreads: false })).summary.records, 1);
  });

  it('stops with an error instead of waiting forever when nobody counts', () => {
    const ring = BatchRing.create({ slots: 2, records: 4, maxStride: 16, byteCapacity: 256 });
    ring.acquire();
    ring.sendRecords(0, 0, 0, false);
    ring.acquire();
    ring.sendRecords(0, 0, 0, false);
    const t0 = Date.now();
    assert.throws(() => ring.acquire(300), (e: Error) => e instanceof BatchRingError && /no progress for 0.3 s/.test(e.message));
    assert.ok(Date.now() - t0 < 2000);
    ring.fail();
    assert.throws(() => ring.acquire(300), /the counting thread failed/);
  });
});
