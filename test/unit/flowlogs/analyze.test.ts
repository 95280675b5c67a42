import * as assert from 'node:assert/strict';
import { DEFAULT_FIELDS } from '../../../src/core/flowlogs/fields';
import { analyze, mixedLines, rec, summarize, V3 } from './helpers';
import { FlowLogAnalyzer } from '../../../src/core/flowlogs/analyze';


describe('flow-log totals', () => {
  it('counts records, log status, actions, bytes and packets', () => {
    const s = summarize([
      rec({ bytes: 1000, packets: 10 }),
      rec({ bytes: 500, packets: 5, action: 'REJECT', srcport: 51000 }),
      rec({ srcaddr: '-', dstaddr: '-', srcport: '-', dstport: '-', protocol: '-', packets: '-', bytes: '-', action: '-', 'log-status': 'NODATA' }),
      rec({ srcaddr: '-', dstaddr: '-', srcport: '-', dstport: '-', protocol: '-', packets: '-', bytes: '-', action: '-', 'log-status': 'SKIPDATA' }),
    ]);
    assert.equal(s.records, 4);
    assert.deepEqual(s.logStatus, { OK: 2, NODATA: 1, SKIPDATA: 1 });
    assert.deepEqual(s.action, { ACCEPT: 1, REJECT: 1 });
    assert.equal(s.bytes, 1500);
    assert.equal(s.packets, 15);
  });

  it('lists NODATA/SKIPDATA intervals with their interface and times, and keeps them out of top talkers', () => {
    const { summary, analyzer } = analyze([
      rec({ 'interface-id': 'eni-quiet', srcaddr: '-', dstaddr: '-', srcport: '-', dstport: '-', protocol: '-', packets: '-', bytes: '-', action: '-', 'log-status': 'NODATA', start: 1700000100, end: 1700000160 }),
    ]);
    assert.deepEqual(analyzer.details().statusIntervals, [{ status: 'NODATA', interfaceId: 'eni-quiet', start: 1700000100, end: 1700000160 }]);
    assert.equal(summary.topTalkers.length, 0);
  });

  it("reads '-' as no value in any field without skipping the record", () => {
    const s = summarize([rec({ 'account-id': '-', srcport: '-', dstport: '-', bytes: '-', packets: 3 })]);
    assert.equal(s.records, 1);
    assert.equal(s.skippedLines, 0);
    assert.equal(s.bytes, 0);
    assert.equal(s.packets, 3);
  });

  it('counts malformed lines as skipped and goes on', () => {
    const s = summarize([
      rec(),
      'this is not a flow log record',
      rec({ bytes: 'lots' }),
      rec({ action: 'MAYBE' }),
      rec({ 'log-status': 'FINE' }),
      rec().split(' ').slice(0, 10).join(' '),
      rec() + ' extra',
      '',
      '   ',
      rec({ bytes: 7 }),
    ]);
    assert.equal(s.records, 2);
    assert.equal(s.skippedLines, 6, 'blank lines are not counted as malformed');
    assert.equal(s.bytes, 1007);
  });

  it('accepts CRLF line ends and tabs between fields', () => {
    const s = summarize([rec({ bytes: 5 }) + '\r', rec({ bytes: 6, srcport: 50001 }).replace(/ /g, '\t')]);
    assert.equal(s.records, 2);
    assert.equal(s.bytes, 11);
  });
});

describe('flow-log formats', () => {
  it('switches to the field order of a header line (S3 objects start with one)', () => {
    const fields = ['srcaddr', 'dstaddr', 'bytes', 'action', 'log-status', 'interface-id'];
    const s = summarize([fields.join(' '), '10.0.0.1 10.0.0.2 700 ACCEPT OK eni-1', '10.0.0.1 10.0.0.2 300 REJECT OK eni-1']);
    assert.equal(s.records, 2, 'the header is not a record');
    assert.equal(s.bytes, 1000);
    assert.deepEqual(s.topTalkers, [{ srcaddr: '10.0.0.1', dstaddr: '10.0.0.2', bytes: 1000, packets: 0 }]);
  });

  it('reads CloudWatch events (no header) in the format given', () => {
    const s = summarize([rec({ bytes: 42, 'tcp-flags': 4 }, V3)], V3);
    assert.equal(s.records, 1);
    assert.equal(s.bytes, 42);
    assert.equal(s.skippedLines, 0);
  });

  it('skips every line of a custom-order file read with the wrong format', () => {
    const s = summarize([rec({}, V3), rec({}, V3)], DEFAULT_FIELDS);
    assert.equal(s.records, 0);
    assert.equal(s.skippedLines, 2);
  });

  it('keeps unknown later fields and version 5 fields without failing', () => {
    const fields = [...DEFAULT_FIELDS, 'flow-direction', 'traffic-path', 'some-field-from-2030'];
    const s = summarize([fields.join(' '), rec({ 'some-field-from-2030': 'whatever', 'flow-direction': 'egress', 'traffic-path': 8 }, fields)]);
    assert.equal(s.records, 1);
    assert.equal(s.skippedLines, 0);
  });

  it('does not mistake a record that starts with a lower-case value for a header', () => {
    const fields = ['flow-direction', 'srcaddr', 'dstaddr', 'bytes', 'action', 'log-status'];
    const s = summarize(['ingress 10.0.0.1 10.0.0.2 5 ACCEPT OK', 'egress 10.0.0.2 10.0.0.1 6 ACCEPT OK'], fields);
    assert.equal(s.records, 2);
    assert.equal(s.bytes, 11);
  });
});

describe('double logging (one flow seen on two interfaces of the VPC)', () => {
  it('counts a flow recorded on both ENIs once in bytes, packets and top talkers', () => {
    const flow = { srcaddr: '10.0.1.10', dstaddr: '10.0.2.20', srcport: 50000, dstport: 5432, bytes: 9000, packets: 90 };
    const { summary, analyzer } = analyze([rec({ ...flow, 'interface-id': 'eni-client' }), rec({ ...flow, 'interface-id': 'eni-server' })]);
    assert.equal(summary.records, 2, 'both records are read');
    assert.equal(summary.bytes, 9000);
    assert.equal(summary.packets, 90);
    assert.deepEqual(summary.topTalkers, [{ srcaddr: '10.0.1.10', dstaddr: '10.0.2.20', bytes: 9000, packets: 90 }]);
    assert.equal(analyzer.details().duplicateRecords, 1);
  });

  it('counts repeated records of one interface, other windows and other ports as separate traffic', () => {
    const s = summarize([
      rec({ 'interface-id': 'eni-a', bytes: 100 }),
      rec({ 'interface-id': 'eni-a', bytes: 100 }),
      rec({ 'interface-id': 'eni-b', bytes: 100, start: 1700000060, end: 1700000120 }),
      rec({ 'interface-id': 'eni-b', bytes: 100, srcport: 50002 }),
    ]);
    assert.equal(s.bytes, 400);
  });
});

describe('NAT and transit gateways (pkt-srcaddr / pkt-dstaddr)', () => {
  it('attributes traffic to the packet-level addresses when they differ', () => {
    const s = summarize([
      // On a NAT gateway's ENI: srcaddr is the instance, dstaddr the NAT gateway, pkt-dstaddr the real destination.
      rec({ srcaddr: '10.0.1.5', dstaddr: '10.0.0.9', 'pkt-srcaddr': '10.0.1.5', 'pkt-dstaddr': '203.0.113.50', bytes: 4000, 'interface-id': 'eni-nat' }, V3),
      rec({ srcaddr: '10.0.1.5', dstaddr: '10.0.2.8', 'pkt-srcaddr': '-', 'pkt-dstaddr': '-', bytes: 10, srcport: 40000, 'interface-id': 'eni-x' }, V3),
    ], V3);
    assert.deepEqual(s.topTalkers.map((t) => `${t.srcaddr}>${t.dstaddr}:${t.bytes}`), ['10.0.1.5>203.0.113.50:4000', '10.0.1.5>10.0.2.8:10']);
  });

  it('counts the instance ENI and NAT ENI records of the same flow once', () => {
    const flow = { srcaddr: '10.0.1.5', srcport: 41000, dstport: 443, bytes: 2500 };
    const { summary, analyzer } = analyze([
      rec({ ...flow, dstaddr: '203.0.113.50', 'interface-id': 'eni-instance' }, V3),
      rec({ ...flow, dstaddr: '10.0.0.9', 'pkt-dstaddr': '203.0.113.50', 'interface-id': 'eni-nat' }, V3),
    ], V3);
    assert.equal(summary.bytes, 2500);
    assert.equal(analyzer.details().translatedRecords, 1);
  });
});

describe('rejected traffic and scanners', () => {
  it('groups rejects by destination port and protocol, most first', () => {
    const s = summarize([
      rec({ action: 'REJECT', dstport: 22, srcport: 40001 }),
      rec({ action: 'REJECT', dstport: 22, srcport: 40002 }),
      rec({ action: 'REJECT', dstport: 53, protocol: 17, srcport: 40003 }),
      rec({ action: 'ACCEPT', dstport: 443 }),
    ]);
    assert.deepEqual(s.rejectedByDstPort, [{ dstport: 22, protocol: 6, records: 2 }, { dstport: 53, protocol: 17, records: 1 }]);
  });

  it('flags a source probing many targets with mostly rejected traffic', () => {
    const probes = Array.from({ length: 12 }, (_, i) => rec({ srcaddr: '198.51.100.7', dstaddr: `10.0.2.${i % 4}`, srcport: 40000 + i, dstport: 20 + i, action: 'REJECT', bytes: 44, packets: 1 }));
    const s = summarize([...probes, rec({ srcaddr: '198.51.100.7', dstaddr: '10.0.2.0', srcport: 40000, dstport: 20, action: 'REJECT' })]);
    assert.deepEqual(s.scanners, [{ srcaddr: '198.51.100.7', distinctTargets: 12, rejectedRecords: 13 }]);
  });

  it('does not flag a busy client whose few rejects reach many services', () => {
    const lines: string[] = [];
    for (let i = 0; i < 12; i++) lines.push(rec({ srcaddr: '10.0.1.10', dstaddr: `10.0.3.${i}`, srcport: 50000 + i, action: 'REJECT' }));
    for (let i = 0; i < 100; i++) lines.push(rec({ srcaddr: '10.0.1.10', dstaddr: '10.0.2.20', srcport: 30000 + i }));
    assert.deepEqual(summarize(lines).scanners, []);
  });

  it('needs at least 10 distinct targets', () => {
    const probes = Array.from({ length: 9 }, (_, i) => rec({ srcaddr: '198.51.100.7', dstport: 20 + i, srcport: 40000 + i, action: 'REJECT' }));
    assert.deepEqual(summarize(probes).scanners, []);
  });
});

describe('asymmetric (NACL-like) rejects', () => {
  it('pairs an ACCEPTed request with its REJECTed reply to the client\'s ephemeral port', () => {
    const s = summarize([
      rec({ 'interface-id': 'eni-web', srcaddr: '10.0.1.10', dstaddr: '10.0.2.20', srcport: 49152, dstport: 443, action: 'ACCEPT' }),
      rec({ 'interface-id': 'eni-web', srcaddr: '10.0.2.20', dstaddr: '10.0.1.10', srcport: 443, dstport: 49152, action: 'REJECT' }),
      rec({ 'interface-id': 'eni-web', srcaddr: '10.0.1.10', dstaddr: '10.0.2.20', srcport: 49153, dstport: 443, action: 'ACCEPT' }),
      rec({ 'interface-id': 'eni-web', srcaddr: '10.0.2.20', dstaddr: '10.0.1.10', srcport: 443, dstport: 49153, action: 'REJECT' }),
    ]);
    assert.deepEqual(s.asymmetric, [{ interfaceId: 'eni-web', client: '10.0.1.10', server: '10.0.2.20', serverPort: 443, acceptedRequests: 2, rejectedReplies: 2 }]);
    assert.deepEqual(s.scanners, [], 'rejected replies are not probes');
  });

  it('finds the pattern when the reply comes first', () => {
    const s = summarize([
      rec({ srcaddr: '10.0.2.20', dstaddr: '10.0.1.10', srcport: 5432, dstport: 60000, action: 'REJECT' }),
      rec({ srcaddr: '10.0.1.10', dstaddr: '10.0.2.20', srcport: 60000, dstport: 5432, action: 'ACCEPT' }),
    ]);
    assert.equal(s.asymmetric.length, 1);
    assert.equal(s.asymmetric[0].serverPort, 5432);
  });

  it('ignores a reject on another interface and a rejected request without an accepted one', () => {
    const s = summarize([
      rec({ 'interface-id': 'eni-a', srcaddr: '10.0.1.10', dstaddr: '10.0.2.20', srcport: 49152, dstport: 443, action: 'ACCEPT' }),
      rec({ 'interface-id': 'eni-b', srcaddr: '10.0.2.20', dstaddr: '10.0.1.10', srcport: 443, dstport: 49152, action: 'REJECT' }),
      rec({ srcaddr: '10.0.2.30', dstaddr: '10.0.1.10', srcport: 22, dstport: 50000, action: 'REJECT' }),
    ]);
    assert.deepEqual(s.asymmetric, []);
  });
});

describe('tcp-flags and resets', () => {
  it('counts RST records per service (the low-port side, as ip:port)', () => {
    const s = summarize([
      rec({ srcaddr: '10.0.1.10', dstaddr: '10.0.2.20', srcport: 50000, dstport: 8080, 'tcp-flags': 4 }, V3),
      rec({ srcaddr: '10.0.2.20', dstaddr: '10.0.1.10', srcport: 8080, dstport: 50001, 'tcp-flags': 22 }, V3), // SYN-ACK|RST
      rec({ srcaddr: '10.0.1.10', dstaddr: '10.0.2.20', srcport: 50002, dstport: 8080, 'tcp-flags': 3 }, V3), // SYN|FIN: no RST
      rec({ srcaddr: '10.0.1.10', dstaddr: '10.0.2.21', srcport: 50003, dstport: 443, 'tcp-flags': 19 }, V3), // SYN-ACK|FIN... no RST
      rec({ srcaddr: 'fd00::1', dstaddr: 'fd00::2', srcport: 50004, dstport: 443, 'tcp-flags': 4 }, V3),
    ], V3);
    assert.deepEqual(s.resets, [{ service: '10.0.2.20:8080', records: 2 }, { service: '[fd00::2]:443', records: 1 }]);
  });

  it('leaves resets out when the format has no tcp-flags', () => {
    const s = summarize([rec()]);
    assert.equal('resets' in s, false);
  });
});

describe('top N', () => {
  it('keeps the N biggest talkers in order', () => {
    const lines = Array.from({ length: 30 }, (_, i) => rec({ srcaddr: `10.0.0.${i}`, bytes: i * 10 }));
    const s = summarize(lines, DEFAULT_FIELDS, 3);
    assert.deepEqual(s.topTalkers.map((t) => t.bytes), [290, 280, 270]);
  });
});

describe('batched counting (how files are read)', () => {
  it('counts the same whether lines come one at a time, as one run or as runs of any size', () => {
    const lines = mixedLines(1500);
    // analyze() itself compares one run with one line at a time.
    const { summary, analyzer } = analyze(lines);
    assert.ok(summary.records > 1000 && summary.skippedLines > 10 && analyzer.details().duplicateRecords > 100, 'the mix exercises every path');
    assert.ok(summary.asymmetric.length > 0 && summary.rejectedByDstPort.length > 0);
    assert.deepEqual(analyzer.details().formats, [[...DEFAULT_FIELDS], V3]);
    for (const runLines of [1, 5, 63, 64, 65, 200]) {
      const a = new FlowLogAnalyzer();
      for (let i = 0; i < lines.length; i += runLines) {
        const run = Buffer.from(lines.slice(i, i + runLines).join('\n') + '\n', 'latin1');
        a.lines(run, 0, run.length);
      }
      assert.deepEqual(a.summary(), summary, `runs of ${runLines} lines`);
      assert.deepEqual(a.details(), analyzer.details(), `runs of ${runLines} lines`);
    }
  });
});
