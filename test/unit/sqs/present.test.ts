import * as assert from 'node:assert/strict';
import { queueInfoFromAttributes, type PeekedMessage } from '../../../src/core/sqs/model';
import {
  checkQueueName, formatBytes, formatDuration, formatPeek, parseMessageAttributes, prettyBody, queueCounts, queueDetails,
} from '../../../src/core/sqs/present';

const base = 'https://sqs.eu-west-1.amazonaws.com/123456789012';
const arn = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;

function message(over: Partial<PeekedMessage> = {}): PeekedMessage {
  return {
    messageId: 'm-1', body: '{"order":42,"items":["a"]}', receiveCount: 1, sentTimestamp: Date.UTC(2026, 0, 2, 3, 4, 5),
    attributes: { tenant: 'acme' }, systemAttributes: {}, receiptHandle: 'rh', atDlqLimit: false, ...over,
  };
}

describe('SQS presentation', () => {
  const orders = queueInfoFromAttributes(`${base}/orders`, {
    QueueArn: arn('orders'), ApproximateNumberOfMessages: '25', ApproximateNumberOfMessagesNotVisible: '2', ApproximateNumberOfMessagesDelayed: '1',
    VisibilityTimeout: '30', MessageRetentionPeriod: '345600', MaximumMessageSize: '262144', ReceiveMessageWaitTimeSeconds: '20', DelaySeconds: '0',
    SqsManagedSseEnabled: 'true', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn('orders-dlq'), maxReceiveCount: 3 }),
  });

  it('describes counts as visible · in flight · delayed', () => {
    assert.equal(queueCounts(orders), '25 visible · 2 in flight · 1 delayed');
    assert.equal(queueCounts({ ...orders, visible: null }), '? visible · 2 in flight · 1 delayed');
  });

  it('lists the key attributes with units and the DLQ link for the tooltip', () => {
    const rows = Object.fromEntries(queueDetails(orders));
    assert.equal(rows['Visibility timeout'], '30 s');
    assert.equal(rows.Retention, '4 d');
    assert.equal(rows['Max message size'], '256 KiB');
    assert.equal(rows['Long-poll wait'], '20 s');
    assert.equal(rows['Delivery delay'], '0 s');
    assert.equal(rows.Encryption, 'SSE-SQS');
    assert.equal(rows['Dead-letter queue'], 'orders-dlq after 3 receives');
  });

  it('formats sizes in the largest whole unit', () => {
    assert.equal(formatBytes(1048576), '1 MiB');
    assert.equal(formatBytes(262144), '256 KiB');
    assert.equal(formatBytes(1000), '1000 bytes');
  });

  it('formats durations in the two largest units', () => {
    assert.equal(formatDuration(90), '1 min 30 s');
    assert.equal(formatDuration(1209600), '14 d');
    assert.equal(formatDuration(3661), '1 h 1 min');
  });

  it('parses message attributes typed as key=value pairs and rejects what SQS would', () => {
    assert.deepEqual(parseMessageAttributes('tenant=acme, priority = high\nurl=a=b'), { attributes: { tenant: 'acme', priority: 'high', url: 'a=b' } });
    assert.deepEqual(parseMessageAttributes('list=a\\,b'), { attributes: { list: 'a,b' } });
    assert.deepEqual(parseMessageAttributes('  '), { attributes: {} });
    assert.match((parseMessageAttributes('novalue') as { error: string }).error, /not key=value/);
    assert.match((parseMessageAttributes('AWS.trace=1') as { error: string }).error, /may not start with AWS/);
    assert.match((parseMessageAttributes('a=1,a=2') as { error: string }).error, /given twice/);
    assert.match((parseMessageAttributes('bad name=1') as { error: string }).error, /not a valid attribute name/);
  });

  it('checks queue names like SQS does', () => {
    assert.equal(checkQueueName('orders-events', false), null);
    assert.equal(checkQueueName('payments', true), null);
    assert.equal(checkQueueName('payments.fifo', true), null);
    assert.match(checkQueueName('x.fifo', false) ?? '', /only FIFO/);
    assert.match(checkQueueName('a b', false) ?? '', /letters, digits/);
    assert.match(checkQueueName('a'.repeat(78), true) ?? '', /at most 80 including .fifo/);
  });

  it('pretty-prints JSON bodies and leaves other text alone', () => {
    assert.deepEqual(prettyBody('{"a":1}'), { text: '{\n  "a": 1\n}', json: true });
    assert.deepEqual(prettyBody('{not json'), { text: '{not json', json: false });
    assert.deepEqual(prettyBody('hello'), { text: 'hello', json: false });
  });

  it('writes a peek document with sent time, receive count, attributes and the pretty body', () => {
    const text = formatPeek(orders, [message(), message({ messageId: 'm-2', body: 'plain ``` text', receiveCount: 3, atDlqLimit: true })], { requested: 10, at: new Date(0) });
    assert.match(text, /^# Peek at orders$/m);
    assert.match(text, /2 of up to 10 messages at 1970-01-01T00:00:00.000Z\. Nothing was deleted/);
    assert.match(text, /moves a message to \*\*orders-dlq\*\* after 3 receives/);
    assert.match(text, /\*\*Warning:\*\* 1 message has reached maxReceiveCount/);
    assert.match(text, /- Sent: 2026-01-02T03:04:05.000Z/);
    assert.match(text, /- Receive count: 1 of 3\n/);
    assert.match(text, /- Receive count: 3 of 3 \(next receive moves it to the dead-letter queue\)/);
    assert.match(text, / {2}- tenant: acme/);
    assert.match(text, /```json\n\{\n {2}"order": 42,/);
    // A body with a backtick fence gets a longer fence, so it cannot end its block.
    assert.match(text, /````text\nplain ``` text\n````/);
  });

  it('says so when a peek returned nothing', () => {
    const text = formatPeek({ ...orders, redrivePolicy: null }, [], { requested: 5 });
    assert.match(text, /0 of up to 5 messages/);
    assert.match(text, /returned no messages/);
    assert.doesNotMatch(text, /dead-letter|maxReceiveCount/);
  });
});
