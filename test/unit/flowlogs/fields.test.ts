import * as assert from 'node:assert/strict';
import { DEFAULT_LOG_FORMAT, decodeTcpFlags, headerFields, LogFormatError, parseLogFormat, protocolName } from '../../../src/core/flowlogs/fields';
import { parseRecord } from '../../../src/core/flowlogs/record';

describe('flow-log fields', () => {
  it('decodes tcp-flags as an OR over the interval', () => {
    assert.deepEqual(decodeTcpFlags(2), ['SYN']);
    assert.deepEqual(decodeTcpFlags(3), ['SYN', 'FIN']);
    assert.deepEqual(decodeTcpFlags(18), ['SYN-ACK']);
    assert.deepEqual(decodeTcpFlags(19), ['SYN-ACK', 'FIN']);
    assert.deepEqual(decodeTcpFlags(22), ['SYN-ACK', 'RST']);
    assert.deepEqual(decodeTcpFlags(4), ['RST']);
    assert.deepEqual(decodeTcpFlags(0), [], 'ACK alone is logged as 0');
  });

  it('names protocols', () => {
    assert.equal(protocolName(6), 'TCP');
    assert.equal(protocolName(17), 'UDP');
    assert.equal(protocolName(1), 'ICMP');
    assert.equal(protocolName(58), 'ICMPv6');
    assert.equal(protocolName(253), 'protocol 253');
  });

  it('parses a LogFormat as DescribeFlowLogs returns it, and rejects nonsense', () => {
    assert.deepEqual(parseLogFormat(DEFAULT_LOG_FORMAT).slice(0, 4), ['version', 'account-id', 'interface-id', 'srcaddr']);
    assert.deepEqual(parseLogFormat('${srcaddr}  ${future-field}'), ['srcaddr', 'future-field']);
    assert.throws(() => parseLogFormat('${srcaddr} $dstaddr'), LogFormatError);
    assert.throws(() => parseLogFormat('${srcaddr} ${srcaddr}'), /twice/);
    assert.throws(() => parseLogFormat('  '), /empty/);
  });

  it('recognizes header lines, not records', () => {
    assert.deepEqual(headerFields('version srcaddr new-field'), ['version', 'srcaddr', 'new-field']);
    assert.equal(headerFields('2 123456789012 eni-1 10.0.0.1'), null);
    assert.equal(headerFields('ingress 10.0.0.1'), null);
  });

  it('parses one record by name, with - as null and unknown fields kept', () => {
    const r = parseRecord('eni-1 - 17 hello', ['interface-id', 'srcaddr', 'protocol', 'x-new']);
    assert.deepEqual(r, { 'interface-id': 'eni-1', srcaddr: null, protocol: '17', 'x-new': 'hello' });
    assert.equal(parseRecord('a b', ['x']), null);
  });
});
