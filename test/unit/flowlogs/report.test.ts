import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_FIELDS } from '../../../src/core/flowlogs/fields';
import { compileFilter, parseFilterInput, parseTime, type RecordFilter } from '../../../src/core/flowlogs/filter';
import { buildReport, buildTimeline, CancelledError, collectRecords, fileInput, ReportBuilder, rowFilter, type LineInput } from '../../../src/core/flowlogs/report';
import { rec } from './helpers';

const V5 = ['version', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status', 'tcp-flags', 'pkt-srcaddr', 'pkt-dstaddr'];

function linesInput(lines: string[], fields: readonly string[] = DEFAULT_FIELDS): LineInput {
  return {
    label: 'test',
    fields,
    async read(sink) {
      sink.beginInput('test');
      for (const l of lines) sink.line(l);
    },
  };
}

const report = (lines: string[], filter: RecordFilter = {}, fields: readonly string[] = DEFAULT_FIELDS) => buildReport(linesInput(lines, fields), filter, new AbortController().signal);

describe('flow-log report filters', () => {
  it('reads the filter bar: address or CIDR, port, protocol by name or number, action, ISO or Unix time', () => {
    assert.deepEqual(parseFilterInput({ address: '10.0.0.0/8', port: '22', protocol: 'tcp', action: 'reject', since: '2023-11-14T22:00', until: '1700003600' }), {
      filter: { address: '10.0.0.0/8', port: 22, protocol: 6, action: 'REJECT', since: 1699999200, until: 1700003600 },
    });
    assert.deepEqual(parseFilterInput({ address: ' ', port: '' }), { filter: {} });
    assert.match((parseFilterInput({ address: '10.0.0.300' }) as { error: string }).error, /not an IPv4 or IPv6 address/);
    assert.match((parseFilterInput({ port: '70000' }) as { error: string }).error, /port/);
    assert.match((parseFilterInput({ protocol: 'smtp' }) as { error: string }).error, /protocol/);
    assert.match((parseFilterInput({ action: 'DROP' }) as { error: string }).error, /ACCEPT or REJECT/);
    assert.match((parseFilterInput({ since: 'yesterday' }) as { error: string }).error, /not a time/);
    assert.match((parseFilterInput({ since: '1700003600', until: '1700000000' }) as { error: string }).error, /since is after until/);
    assert.equal(parseTime('2023-11-14T22:13:20+01:00'), 1700000000 - 3600);
  });

  it('matches an address on either side, also inside a CIDR and at packet level', () => {
    const p = compileFilter({ address: '203.0.113.0/24' }, V5)!;
    const v = (r: Record<string, string | number>) => rec(r, V5).split(' ');
    assert.equal(p(v({ srcaddr: '203.0.113.9' })), true);
    assert.equal(p(v({ dstaddr: '203.0.113.9' })), true);
    assert.equal(p(v({ 'pkt-dstaddr': '203.0.113.200' })), true, 'behind a NAT gateway the public side is in pkt-dstaddr');
    assert.equal(p(v({ srcaddr: '10.0.0.1', dstaddr: '10.0.0.2' })), false);
    assert.equal(compileFilter({}, V5), null, 'an empty filter passes everything without a predicate');
  });

  it('matches a time range by overlap with [start, end]', () => {
    const p = compileFilter({ since: 1700000030, until: 1700000100 }, DEFAULT_FIELDS)!;
    const v = (start: number, end: number) => rec({ start, end }).split(' ');
    assert.equal(p(v(1700000000, 1700000060)), true);
    assert.equal(p(v(1700000000, 1700000020)), false);
    assert.equal(p(v(1700000200, 1700000260)), false);
  });
});

describe('flow-log report model', () => {
  it('re-runs the analysis on the filtered records only', async () => {
    const lines = [
      rec({ srcaddr: '198.51.100.7', dstaddr: '10.0.0.5', srcport: 50000, dstport: 22, action: 'REJECT', bytes: 60 }),
      rec({ srcaddr: '10.0.0.9', dstaddr: '10.0.0.5', srcport: 50001, dstport: 443, bytes: 5000 }),
    ];
    const all = await report(lines);
    assert.equal(all.summary.records, 2);
    const rejected = await report(lines, { action: 'REJECT' });
    assert.equal(rejected.summary.records, 1);
    assert.equal(rejected.summary.bytes, 60);
    assert.deepEqual(rejected.summary.rejectedByDstPort, [{ dstport: 22, protocol: 6, records: 1 }]);
    assert.equal((await report(lines, { port: 443 })).summary.bytes, 5000);
  });

  it('buckets bytes over time by start, accepted and rejected apart, and counts a flow logged on two interfaces once', async () => {
    const t = 1700000040;
    const lines = [
      rec({ 'interface-id': 'eni-a', start: t, end: t + 60, bytes: 1000 }),
      rec({ 'interface-id': 'eni-b', start: t, end: t + 60, bytes: 1000 }), // the same flow, seen on the other ENI
      rec({ 'interface-id': 'eni-a', start: t + 120, end: t + 180, bytes: 300, srcport: 50002 }),
      rec({ 'interface-id': 'eni-a', start: t + 120, end: t + 180, bytes: 40, srcport: 50003, action: 'REJECT' }),
      rec({ 'interface-id': 'eni-a', start: t + 120, end: t + 180, 'log-status': 'NODATA', srcaddr: '-', dstaddr: '-', bytes: '-' }),
    ];
    const m = await report(lines);
    assert.equal(m.summary.bytes, 1340);
    assert.deepEqual(m.timeline, { bucketSeconds: 60, times: [1699999980 + 60, 1700000100, 1700000160], accepted: [1000, 0, 300], rejected: [0, 0, 40] });
  });

  it('merges a long range into at most 150 round buckets', () => {
    const minutes = new Map<number, [number, number]>([[0, [1, 0]], [86400 * 2, [2, 3]]]);
    const t = buildTimeline(minutes);
    assert.equal(t.bucketSeconds, 1800, 'two days in half-hour buckets: 97 of them');
    assert.equal(t.times.length, 97);
    assert.deepEqual([t.accepted[0], t.accepted[96], t.rejected[96], t.accepted[50]], [1, 2, 3, 0]);
  });

  it('counts bytes per instance through a NAT gateway from pkt-srcaddr/pkt-dstaddr on the gateway interface', async () => {
    const nat = '10.0.0.220';
    const lines = [
      // instance -> NAT interface, bound for the internet
      rec({ srcaddr: '10.0.1.5', dstaddr: nat, 'pkt-srcaddr': '10.0.1.5', 'pkt-dstaddr': '203.0.113.5', bytes: 700 }, V5),
      // NAT interface -> internet (not translated on this hop)
      rec({ srcaddr: nat, dstaddr: '203.0.113.5', 'pkt-srcaddr': nat, 'pkt-dstaddr': '203.0.113.5', bytes: 700 }, V5),
      // the reply, NAT interface -> instance
      rec({ srcaddr: nat, dstaddr: '10.0.1.5', 'pkt-srcaddr': '203.0.113.5', 'pkt-dstaddr': '10.0.1.5', bytes: 9000, srcport: 443, dstport: 40000 }, V5),
      rec({ srcaddr: '10.0.1.6', dstaddr: nat, 'pkt-srcaddr': '10.0.1.6', 'pkt-dstaddr': '198.51.100.1', bytes: 50 }, V5),
    ];
    const m = await report(lines, {}, V5);
    assert.deepEqual(m.nat, [
      { gateway: nat, instance: '10.0.1.5', bytesOut: 700, bytesIn: 9000, records: 2 },
      { gateway: nat, instance: '10.0.1.6', bytesOut: 50, bytesIn: 0, records: 1 },
    ]);
    const viaNat = await collectRecords(linesInput(lines, V5), { translated: true, address: '10.0.1.5' }, 100, new AbortController().signal);
    assert.equal(viaNat.matched, 2);
  });

  it('collects the records behind a row, with a header wherever the format changes, up to a limit', async () => {
    const lines = [
      rec({ srcaddr: '198.51.100.7', dstport: 22, action: 'REJECT' }),
      'version srcaddr dstport action',
      '2 198.51.100.7 3389 REJECT',
      '2 10.0.0.1 443 ACCEPT',
    ];
    const r = await collectRecords(linesInput(lines), { srcaddr: '198.51.100.7', action: 'REJECT' }, 100, new AbortController().signal);
    assert.equal(r.matched, 2);
    assert.deepEqual(r.fields, DEFAULT_FIELDS);
    assert.deepEqual(r.lines, [lines[0], 'version srcaddr dstport action', '2 198.51.100.7 3389 REJECT']);
    const one = await collectRecords(linesInput(lines), { action: 'REJECT' }, 1, new AbortController().signal);
    assert.deepEqual([one.matched, one.lines.length], [2, 1]);
  });

  it('reads plain and gzip files with their header lines, and stops when cancelled', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flowscope-report-'));
    writeFileSync(path.join(dir, 'a.log'), `${V5.join(' ')}\n${rec({ bytes: 10 }, V5)}\n`);
    writeFileSync(path.join(dir, 'b.log.gz'), gzipSync(`${rec({ bytes: 20 })}\n`));
    const m = await buildReport(fileInput([dir]), {}, new AbortController().signal);
    assert.deepEqual([m.summary.records, m.summary.bytes, m.summary.skippedLines], [2, 30, 0]);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(buildReport(fileInput([dir]), {}, ac.signal), CancelledError);
  });

  it('keeps malformed lines as skipped, never fatal', () => {
    const b = new ReportBuilder(DEFAULT_FIELDS, {});
    b.line('not a flow log line');
    b.line(rec({ bytes: 5 }));
    const m = b.result();
    assert.deepEqual([m.summary.records, m.summary.skippedLines], [1, 1]);
  });
});

describe('flow-log report rows', () => {
  it('opens exactly the records behind each kind of row', async () => {
    const ep = 40000;
    const lines = [
      // an accepted request and its rejected reply (a NACL without the ephemeral range)
      rec({ 'interface-id': 'eni-db', srcaddr: '10.0.1.10', dstaddr: '10.0.2.20', srcport: ep, dstport: 5432 }, V5),
      rec({ 'interface-id': 'eni-db', srcaddr: '10.0.2.20', dstaddr: '10.0.1.10', srcport: 5432, dstport: ep, action: 'REJECT' }, V5),
      rec({ 'interface-id': 'eni-db', srcaddr: '10.0.1.11', dstaddr: '10.0.2.20', srcport: 41000, dstport: 443, 'tcp-flags': 22 }, V5),
      rec({ 'interface-id': 'eni-web', srcaddr: '198.51.100.7', dstaddr: '10.0.1.10', srcport: 50000, dstport: 22, action: 'REJECT' }, V5),
    ];
    const input = linesInput(lines, V5);
    const m = await buildReport(input, {}, new AbortController().signal);
    const open = async (f: RecordFilter | null) => (await collectRecords(input, f!, 100, new AbortController().signal)).lines;
    assert.deepEqual(await open(rowFilter(m, 'asymmetric', 0)), [lines[0], lines[1]]);
    assert.deepEqual(await open(rowFilter(m, 'resets', 0)), [lines[2]]);
    const port22 = m.summary.rejectedByDstPort.findIndex((r) => r.dstport === 22);
    assert.deepEqual(await open(rowFilter(m, 'rejectedByDstPort', port22)), [lines[3]]);
    assert.deepEqual(await open(rowFilter(m, 'topTalkers', m.summary.topTalkers.findIndex((t) => t.srcaddr === '198.51.100.7'))), [lines[3]]);
    assert.equal(rowFilter(m, 'scanners', 0), null, 'no scanner in this input');
  });
});
