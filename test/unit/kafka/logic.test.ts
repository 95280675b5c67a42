import * as assert from 'node:assert/strict';
import { decodeBytes } from '../../../src/core/kafka/decode';
import { KafkaTimeoutError, KafkaUnreachableError, KafkaUnsupportedApiError, toKafkaError, withDeadline } from '../../../src/core/kafka/errors';
import { partitionLag } from '../../../src/core/kafka/lag';
import { planReset, type ResetInput } from '../../../src/core/kafka/reset';

describe('kafka core: lag math', () => {
  it('is unknown (null) without a committed offset or a log end, never negative', () => {
    assert.equal(partitionLag(3, 10), 7);
    assert.equal(partitionLag(null, 10), null);
    assert.equal(partitionLag(3, null), null);
    assert.equal(partitionLag(12, 10), 0);
  });
});

describe('kafka core: reset planning', () => {
  const rows: ResetInput[] = [
    { topic: 't', partition: 0, currentOffset: 50, low: 20, high: 100 },
    { topic: 't', partition: 1, currentOffset: null, low: 0, high: 10 },
  ];
  const newOffsets = (target: Parameters<typeof planReset>[1]) => planReset(rows, target).map((r) => r.newOffset);

  it('moves to earliest and latest watermarks', () => {
    assert.deepEqual(newOffsets({ kind: 'earliest' }), [20, 0]);
    assert.deepEqual(newOffsets({ kind: 'latest' }), [100, 10]);
  });

  it('clamps a specific offset and a shift into [low, high]', () => {
    assert.deepEqual(newOffsets({ kind: 'offset', offset: 5 }), [20, 5]);
    assert.deepEqual(newOffsets({ kind: 'offset', offset: 500 }), [100, 10]);
    assert.deepEqual(newOffsets({ kind: 'shift', by: -40 }), [20, 0]);
    assert.deepEqual(newOffsets({ kind: 'shift', by: 30 }), [80, 10]);
  });

  it('keeps the current offset in the plan so the dry run can show current → new', () => {
    assert.deepEqual(planReset(rows, { kind: 'earliest' }).map((r) => `${r.currentOffset ?? '-'} → ${r.newOffset}`), ['50 → 20', '- → 0']);
  });
});

describe('kafka core: decoding keys and values', () => {
  it('pretty-prints JSON objects and arrays', () => {
    assert.deepEqual(decodeBytes(Buffer.from('{"a":[1,2]}')), { encoding: 'json', text: '{\n  "a": [\n    1,\n    2\n  ]\n}' });
  });
  it('keeps plain text (including non-ASCII) as UTF-8, and scalars that happen to parse as JSON as text', () => {
    assert.deepEqual(decodeBytes(Buffer.from('héllo wörld')), { encoding: 'utf8', text: 'héllo wörld' });
    assert.deepEqual(decodeBytes(Buffer.from('42')), { encoding: 'utf8', text: '42' });
    assert.deepEqual(decodeBytes(Buffer.from('{not json')), { encoding: 'utf8', text: '{not json' });
  });
  it('shows binary (invalid UTF-8 or control bytes) as hex and a missing value as null', () => {
    assert.deepEqual(decodeBytes(Buffer.from([0xc3, 0x28])), { encoding: 'hex', text: 'c328' });
    assert.deepEqual(decodeBytes(Buffer.from([0x00, 0x01, 0x41])), { encoding: 'hex', text: '000141' });
    assert.deepEqual(decodeBytes(null), { encoding: 'null', text: null });
  });
});

describe('kafka core: errors in words', () => {
  it('names the missing API', () => {
    const e = toKafkaError(Object.assign(new Error('The Kafka server does not support the requested API version'), { name: 'KafkaJSServerDoesNotSupportApiKey', apiName: 'CreateTopics' }));
    assert.ok(e instanceof KafkaUnsupportedApiError);
    assert.equal(e.message, 'the broker does not support CreateTopics');
  });
  it('explains a refused connection with the bootstrap servers, looking through kafkajs retry wrappers', () => {
    const inner = Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:1'), { name: 'KafkaJSConnectionError', code: 'ECONNREFUSED' });
    const e = toKafkaError(Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: inner }), ['127.0.0.1:1']);
    assert.ok(e instanceof KafkaUnreachableError);
    assert.equal(e.message, 'cannot connect to the Kafka cluster (127.0.0.1:1): connection refused');
  });
  it('looks inside kafkajs\'s retry wrapper, which keeps the last failure as its cause', () => {
    const inner = Object.assign(new Error('Connection error: read ECONNRESET'), { name: 'KafkaJSConnectionError', code: 'ECONNRESET', broker: 'h:9093' });
    const e = toKafkaError(Object.assign(new Error(inner.message), { name: 'KafkaJSNumberOfRetriesExceeded', cause: inner }), ['h:9093', 'h2:9093']);
    assert.ok(e instanceof KafkaUnreachableError);
    assert.match(e.message, /^the Kafka cluster \(h:9093,h2:9093\) closed the connection \(ECONNRESET\): check that the cluster's security setting matches the listener/);
  });
  it('says an untrusted broker certificate needs the CA file, and a non-TLS port fails the handshake', () => {
    const cert = toKafkaError(Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), ['h:9093']);
    assert.match(cert.message, /^TLS error with the Kafka cluster \(h:9093\): self-signed certificate in certificate chain: the broker's certificate is not trusted; set the cluster's CA certificate file/);
    const proto = toKafkaError(Object.assign(new Error('write EPROTO 1234:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), { code: 'EPROTO' }), ['h:9092']);
    assert.match(proto.message, /^TLS handshake with the Kafka cluster \(h:9092\) failed .*: the port may not speak TLS/);
  });
  it('gives up on an operation at its deadline instead of hanging', async () => {
    const t0 = Date.now();
    await assert.rejects(withDeadline(new Promise(() => undefined), 50, 'listing topics'), (e: unknown) => e instanceof KafkaTimeoutError && e.message === 'listing topics did not finish within 50 ms');
    assert.ok(Date.now() - t0 < 1000);
  });
});
