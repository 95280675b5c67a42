import * as assert from 'node:assert/strict';
import { FlowLogAnalyzer, type FlowLogSummary } from '../../../src/core/flowlogs/analyze';
import { DEFAULT_FIELDS } from '../../../src/core/flowlogs/fields';

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
