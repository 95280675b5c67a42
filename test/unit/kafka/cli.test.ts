import * as assert from 'node:assert/strict';
import { runCli } from '../../support/cli';

const cli = runCli;

describe('flowscope kafka CLI: usage and failures (no cluster needed)', () => {
  it('lists the kafka subcommands in its help', async () => {
    const r = await cli('kafka', '--help');
    assert.equal(r.code, 0);
    for (const sub of ['topics', 'describe-group', 'groups', 'reset-offsets', 'peek', 'produce']) assert.match(r.out, new RegExp(`^\\s+${sub}\\b`, 'm'));
  });

  it('exits 2 on an unknown kafka subcommand', async () => {
    const r = await cli('kafka', 'frob');
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command 'frob'/);
  });

  it('exits 2 when --brokers is missing or malformed', async () => {
    const missing = await cli('kafka', 'topics');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /required option '--brokers <list>' not specified/);
    const bad = await cli('kafka', 'topics', '--brokers', 'localhost');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /invalid Kafka bootstrap server 'localhost' \(expected host:port/);
  });

  it('exits 2 unless reset-offsets gets exactly one target', async () => {
    const none = await cli('kafka', 'reset-offsets', 'g', '--topic', 't', '--brokers', '127.0.0.1:1');
    assert.equal(none.code, 2);
    assert.match(none.err, /needs exactly one of --to-earliest, --to-latest, --to-offset, --shift-by, --to-datetime \(got 0\)/);
    const two = await cli('kafka', 'reset-offsets', 'g', '--topic', 't', '--to-earliest', '--to-latest', '--brokers', '127.0.0.1:1');
    assert.equal(two.code, 2);
  });

  it('exits 2 on a date-time or number it cannot read', async () => {
    const r = await cli('kafka', 'reset-offsets', 'g', '--topic', 't', '--to-datetime', 'last tuesday', '--brokers', '127.0.0.1:1');
    assert.equal(r.code, 2);
    assert.match(r.err, /--to-datetime expects an ISO date-time/);
    const n = await cli('kafka', 'peek', 't', '--max', 'lots', '--brokers', '127.0.0.1:1');
    assert.equal(n.code, 2);
    assert.match(n.err, /--max expects a whole number, got 'lots'/);
  });

  it('exits 2 when peek gets two start positions', async () => {
    const r = await cli('kafka', 'peek', 't', '--from-beginning', '--offset', '3', '--brokers', '127.0.0.1:1');
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot be used with option '--offset <n>'/);
  });

  it('fails fast with exit 1 and the cause in words when no broker listens', async () => {
    const t0 = Date.now();
    const r = await cli('kafka', 'topics', '--brokers', '127.0.0.1:1', '--json');
    assert.equal(r.code, 1);
    assert.equal(r.out, '', 'nothing on stdout for a failed --json command');
    assert.match(r.err, /cannot connect to the Kafka cluster \(127\.0\.0\.1:1\): connection refused/);
    assert.ok(Date.now() - t0 < 8000, `took ${Date.now() - t0} ms`);
  });
});
