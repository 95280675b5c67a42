import * as assert from 'node:assert/strict';
import { FlowLogAnalyzer, type FlowLogSummary } from '../../../src/core/flowlogs/analyze';
import { DEFAULT_FIELDS, parseLogFormat } from '../../../src/core/flowlogs/fields';

export type Rec = Partial<Record<string, string | number>>;

const DEFAULTS: Rec = {
  version: 2, 'account-id': '123456789012', 'interface-id': 'eni-0aaa', srcaddr: '10.0.1.10', dstaddr: '10.0.2.20',
  srcport: 49152, dstport: 443, protocol: 6, packets: 10, bytes: 1000, start: 1700000000, end: 1700000060,
  action: 'ACCEPT', 'log-status': 'OK', 'vpc-id': 'vpc-1', 'subnet-id': 'subnet-1', 'instance-id': 'i-1', 'tcp-flags': 2,
  type: 'IPv4', 'pkt-srcaddr': '-', 'pkt-dstaddr': '-', 'flow-direction': 'ingress', 'traffic-path': '-',
};

/** One record line in the given field order; unspecified fields get plausible defaults. */
export function rec(r: Rec = {}, fields: readonly string[] = DEFAULT_FIELDS): string {
  return fields.map((f) => String(f in r ? r[f] : (DEFAULTS[f] ?? '-'))).join(' ');
}

/**
 * Feeds lines to a fresh analyzer the way the reader does (one run of bytes, counted in batches), and to
 * another one line at a time (the editor's filtered path); both must agree on everything.
 */
export function analyze(lines: string[], fields: readonly string[] = DEFAULT_FIELDS, top = 10): { summary: FlowLogSummary; analyzer: FlowLogAnalyzer } {
  const a = new FlowLogAnalyzer(fields);
  const run = Buffer.from(lines.join('\n'), 'latin1');
  a.lines(run, 0, run.length);
  const one = new FlowLogAnalyzer(fields);
  for (const l of lines) {
    const b = Buffer.from(l, 'latin1');
    one.line(b, 0, b.length);
  }
  assert.deepEqual(a.summary(top), one.summary(top), 'lines() and line() disagree on the summary');
  assert.deepEqual(a.details(), one.details(), 'lines() and line() disagree on the details');
  return { summary: a.summary(top), analyzer: a };
}

export const summarize = (lines: string[], fields?: readonly string[], top?: number) => analyze(lines, fields, top).summary;

export const V3 = parseLogFormat('${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status}');

// Many batches' worth of varied records: double logging, replies, rejects, NODATA, bad lines, and a
// header that switches the format mid-run (concatenated S3 objects).
export function mixedLines(count: number): string[] {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i === 700) lines.push(V3.join(' '));
    const fields = i < 700 ? DEFAULT_FIELDS : V3;
    const client = `10.0.${rnd(3)}.${rnd(40)}`;
    const server = `10.1.0.${rnd(5)}`;
    const eph = 40000 + rnd(50);
    const r = rnd(100);
    if (r < 3) lines.push('garbage line ' + i);
    else if (r < 6) lines.push(rec({ srcaddr: '-', dstaddr: '-', srcport: '-', dstport: '-', protocol: '-', packets: '-', bytes: '-', action: '-', 'log-status': 'NODATA' }, fields));
    else if (r < 12) lines.push(rec({ srcaddr: `198.51.100.${rnd(2)}`, dstaddr: server, srcport: 50000 + rnd(9), dstport: rnd(1024), action: 'REJECT', 'tcp-flags': 4 }, fields));
    else {
      const req = rec({ 'interface-id': `eni-c${client}`, srcaddr: client, dstaddr: server, srcport: eph, dstport: 443, bytes: rnd(5000), start: 1700000000 + (i >> 4), end: 1700000060 + (i >> 4) }, fields);
      lines.push(req);
      // The same flow on the server's interface, or the reply (rejected on one subnet).
      if (r < 50) lines.push(req.replace(`eni-c${client}`, `eni-s${server}`));
      else lines.push(rec({ 'interface-id': `eni-c${client}`, srcaddr: server, dstaddr: client, srcport: 443, dstport: eph, action: client.startsWith('10.0.2.') ? 'REJECT' : 'ACCEPT' }, fields));
    }
  }
  return lines;
}

