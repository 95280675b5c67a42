import * as assert from 'node:assert/strict';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
  type ReceiveMessageCommandInput,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsError } from '../../../src/core/aws/errors';
import { SqsService } from '../../../src/core/sqs/service';

/*
 * SqsService's own logic against a stubbed SDK (aws-sdk-client-mock): throttling, bounded
 * concurrency, pagination, what a peek does to messages, the redrive fallback. The real protocol is
 * covered by the integration tier against moto.
 */

const base = 'https://sqs.eu-west-1.amazonaws.com/123456789012';
const arn = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;

function sdkError(name: string, status: number, message = name): Error {
  const e = new Error(message) as Error & { $metadata: { httpStatusCode: number } };
  e.name = name;
  e.$metadata = { httpStatusCode: status };
  return e;
}

function attrs(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return { QueueArn: arn(name), ApproximateNumberOfMessages: '3', ApproximateNumberOfMessagesNotVisible: '1', ApproximateNumberOfMessagesDelayed: '0', ...extra };
}

function setup(concurrency = 4) {
  const client = new SQSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const mock = mockClient(client);
  const sleeps: number[] = [];
  const service = new SqsService(client, { region: 'eu-west-1', concurrency, callTimeoutMs: 2000, sleep: async (ms) => { sleeps.push(ms); } });
  return { client, mock, service, sleeps };
}

describe('SqsService.listQueues', () => {
  it('retries a throttled queue after a pause and still lists every queue', async () => {
    const { mock, service, sleeps } = setup();
    const names = ['a', 'b', 'c', 'd', 'e'];
    mock.on(ListQueuesCommand).resolves({ QueueUrls: names.map((n) => `${base}/${n}`) });
    mock.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => ({ Attributes: attrs(input.QueueUrl.split('/').pop() as string) }));
    mock.on(GetQueueAttributesCommand, { QueueUrl: `${base}/c` })
      .rejectsOnce(sdkError('ThrottlingException', 400, 'Rate exceeded'))
      .rejectsOnce(sdkError('RequestThrottled', 403, 'Request is throttled.'))
      .resolves({ Attributes: attrs('c') });

    const r = await service.listQueues();
    assert.deepEqual(r.queues.map((q) => [q.name, q.visible]), names.map((n) => [n, 3]));
    assert.equal(r.throttled, 2);
    assert.equal(sleeps.length >= 1, true, 'the pool paused before retrying');
    assert.deepEqual(r.warnings, []);
    // 1 ListQueues + 5 queues + 2 retries.
    assert.equal(r.requests, 8);
  });

  it('backs off longer the more often it is throttled in a row', async () => {
    const { mock, service, sleeps } = setup(1);
    mock.on(ListQueuesCommand).resolves({ QueueUrls: [`${base}/a`] });
    mock.on(GetQueueAttributesCommand)
      .rejectsOnce(sdkError('ThrottlingException', 400)).rejectsOnce(sdkError('ThrottlingException', 400)).rejectsOnce(sdkError('ThrottlingException', 400))
      .resolves({ Attributes: attrs('a') });
    await service.listQueues();
    assert.equal(sleeps.length, 3);
    // Jitter keeps each delay within [d/2, d] of a doubling d: the third is longer than the first.
    assert.ok(sleeps[2] > sleeps[0], JSON.stringify(sleeps));
  });

  it('never has more attribute requests in flight than its concurrency', async () => {
    const { mock, service } = setup(3);
    const urls = Array.from({ length: 20 }, (_, i) => `${base}/q${String(i).padStart(2, '0')}`);
    mock.on(ListQueuesCommand).resolves({ QueueUrls: urls });
    let inFlight = 0;
    let peak = 0;
    mock.on(GetQueueAttributesCommand).callsFake(async (input: { QueueUrl: string }) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return { Attributes: attrs(input.QueueUrl.split('/').pop() as string) };
    });
    const r = await service.listQueues();
    assert.equal(r.queues.length, 20);
    assert.equal(peak, 3);
  });

  it('follows NextToken across ListQueues pages and passes the prefix', async () => {
    const { mock, service } = setup();
    mock.on(ListQueuesCommand, { NextToken: undefined }).resolves({ QueueUrls: [`${base}/orders-1`], NextToken: 't1' });
    mock.on(ListQueuesCommand, { NextToken: 't1' }).resolves({ QueueUrls: [`${base}/orders-2`] });
    mock.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => ({ Attributes: attrs(input.QueueUrl.split('/').pop() as string) }));
    const r = await service.listQueues({ prefix: 'orders' });
    assert.deepEqual(r.queues.map((q) => q.name), ['orders-1', 'orders-2']);
    assert.ok(mock.commandCalls(ListQueuesCommand).every((c) => c.args[0].input.QueueNamePrefix === 'orders'));
  });

  it('shows a queue whose attributes fail with the reason, and drops one deleted meanwhile', async () => {
    const { mock, service } = setup();
    mock.on(ListQueuesCommand).resolves({ QueueUrls: [`${base}/ok`, `${base}/locked`, `${base}/gone`] });
    mock.on(GetQueueAttributesCommand, { QueueUrl: `${base}/ok` }).resolves({ Attributes: attrs('ok') });
    mock.on(GetQueueAttributesCommand, { QueueUrl: `${base}/locked` }).rejects(sdkError('AccessDenied', 403, 'not authorized to perform sqs:GetQueueAttributes'));
    mock.on(GetQueueAttributesCommand, { QueueUrl: `${base}/gone` }).rejects(sdkError('QueueDoesNotExist', 400));
    const r = await service.listQueues();
    assert.deepEqual(r.queues.map((q) => q.name), ['locked', 'ok']);
    const locked = r.queues[0];
    assert.equal(locked.visible, null);
    assert.match(locked.error ?? '', /access denied/);
    assert.equal(r.warnings.length, 1);
  });

  it('fails as a whole when no queue can be read (for example, bad credentials)', async () => {
    const { mock, service } = setup();
    mock.on(ListQueuesCommand).resolves({ QueueUrls: [`${base}/a`, `${base}/b`] });
    mock.on(GetQueueAttributesCommand).rejects(sdkError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.'));
    await assert.rejects(service.listQueues(), (e: unknown) => e instanceof AwsError && e.kind === 'credentials');
  });

  it('stops when cancelled and says so', async () => {
    const { mock, service } = setup(1);
    mock.on(ListQueuesCommand).resolves({ QueueUrls: [`${base}/a`, `${base}/b`] });
    const ac = new AbortController();
    mock.on(GetQueueAttributesCommand).callsFake(() => { ac.abort(); return { Attributes: attrs('a') }; });
    await assert.rejects(service.listQueues({ signal: ac.signal }), (e: unknown) => e instanceof AwsError && e.kind === 'cancelled');
    assert.equal(mock.commandCalls(GetQueueAttributesCommand).length, 1, 'the second queue was not asked for');
  });
});

describe('SqsService.peek', () => {
  it('receives with VisibilityTimeout 0, reports receive counts and never deletes', async () => {
    const { mock, service } = setup();
    mock.on(GetQueueUrlCommand).resolves({ QueueUrl: `${base}/orders` });
    mock.on(GetQueueAttributesCommand).resolves({ Attributes: attrs('orders', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn('orders-dlq'), maxReceiveCount: 3 }) }) });
    mock.on(ReceiveMessageCommand).resolves({
      Messages: [
        { MessageId: 'm1', ReceiptHandle: 'r1', Body: '{"n":1}', Attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1767268800000' }, MessageAttributes: { kind: { DataType: 'String', StringValue: 'x' } } },
        { MessageId: 'm2', ReceiptHandle: 'r2', Body: 'plain', Attributes: { ApproximateReceiveCount: '3', SentTimestamp: '1767268801000' } },
      ],
    });
    const msgs = await service.peek('orders', { max: 5 });
    assert.deepEqual(msgs.map((m) => [m.messageId, m.receiveCount, m.atDlqLimit]), [['m1', 1, false], ['m2', 3, true]]);
    assert.deepEqual(msgs[0].attributes, { kind: 'x' });
    assert.equal(msgs[0].sentTimestamp, Date.UTC(2026, 0, 1, 12));
    const receive = mock.commandCalls(ReceiveMessageCommand);
    assert.equal(receive.length, 1);
    assert.equal((receive[0].args[0].input as ReceiveMessageCommandInput).VisibilityTimeout, 0);
    assert.equal(mock.commandCalls(DeleteMessageCommand).length + mock.commandCalls(DeleteMessageBatchCommand).length, 0);
  });

  it('for more than 10 messages, hides each round briefly and makes all visible again at the end', async () => {
    const { mock, service } = setup();
    mock.on(GetQueueAttributesCommand).resolves({ Attributes: attrs('big') });
    const page = (from: number) => ({ Messages: Array.from({ length: 10 }, (_, i) => ({ MessageId: `m${from + i}`, ReceiptHandle: `r${from + i}`, Body: 'b', Attributes: { ApproximateReceiveCount: '1' } })) });
    mock.on(ReceiveMessageCommand).resolvesOnce(page(0)).resolvesOnce(page(10)).resolves({ Messages: [] });
    mock.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [] });
    const msgs = await service.peek(`${base}/big`, { max: 25 });
    assert.equal(new Set(msgs.map((m) => m.messageId)).size, 20);
    const resets = mock.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    assert.deepEqual(resets.map((e) => e.ReceiptHandle).sort(), Array.from({ length: 20 }, (_, i) => `r${i}`).sort());
    assert.ok(resets.every((e) => e.VisibilityTimeout === 0));
  });
});

describe('SqsService.send', () => {
  it('refuses a FIFO send without a group id before calling SQS', async () => {
    const { mock, service } = setup();
    mock.on(GetQueueAttributesCommand).resolves({ Attributes: attrs('pay.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' }) });
    await assert.rejects(service.send(`${base}/pay.fifo`, { body: 'x' }), /FIFO queue: a message group id is required/);
    assert.equal(mock.commandCalls(SendMessageCommand).length, 0);
  });
});

describe('SqsService.redrive', () => {
  it('falls back to receive → send → delete when the endpoint lacks StartMessageMoveTask', async () => {
    const { mock, service } = setup();
    const notImplemented = Object.assign(new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error'), { $metadata: { httpStatusCode: 500 } });
    mock.on(GetQueueAttributesCommand, { QueueUrl: `${base}/dlq` }).resolves({ Attributes: attrs('dlq') });
    mock.on(GetQueueAttributesCommand, { QueueUrl: `${base}/src` }).resolves({ Attributes: attrs('src') });
    mock.on(StartMessageMoveTaskCommand).rejects(notImplemented);
    mock.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: [`${base}/src`] });
    mock.on(ReceiveMessageCommand).resolvesOnce({ Messages: [{ MessageId: 'a', ReceiptHandle: 'ra', Body: 'A' }, { MessageId: 'b', ReceiptHandle: 'rb', Body: 'B' }] }).resolves({ Messages: [] });
    mock.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: 'm0', MessageId: 'x', MD5OfMessageBody: '' }, { Id: 'm1', MessageId: 'y', MD5OfMessageBody: '' }], Failed: [] });
    mock.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: 'm0' }, { Id: 'm1' }], Failed: [] });
    const r = await service.redrive(`${base}/dlq`);
    assert.equal(r.method, 'receive-send-delete');
    assert.equal(r.method === 'receive-send-delete' && r.moved, 2);
    assert.deepEqual(mock.commandCalls(SendMessageBatchCommand)[0].args[0].input.Entries?.map((e) => e.MessageBody), ['A', 'B']);
    assert.equal(mock.commandCalls(SendMessageBatchCommand)[0].args[0].input.QueueUrl, `${base}/src`);
    assert.deepEqual(mock.commandCalls(DeleteMessageBatchCommand)[0].args[0].input.Entries?.map((e) => e.ReceiptHandle), ['ra', 'rb']);
  });

  it('does not fall back on an ordinary AWS error', async () => {
    const { mock, service } = setup();
    mock.on(GetQueueAttributesCommand).resolves({ Attributes: attrs('dlq') });
    mock.on(StartMessageMoveTaskCommand).rejects(sdkError('AccessDenied', 403, 'not authorized to perform sqs:StartMessageMoveTask'));
    await assert.rejects(service.redrive(`${base}/dlq`), (e: unknown) => e instanceof AwsError && e.kind === 'access-denied');
    assert.equal(mock.commandCalls(ReceiveMessageCommand).length, 0);
  });
});
