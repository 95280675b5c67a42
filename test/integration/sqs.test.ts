import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { run } from '../../src/cli/program';
import { createAwsClient } from '../../src/core/aws/clients';
import { AwsError } from '../../src/core/aws/errors';
import { SqsService } from '../../src/core/sqs/service';
import { awsCli, sandbox, uniqueName } from './sandbox';

/*
 * SQS core and CLI against moto_server over real sockets. Each test makes its own uniquely named
 * queues, so the tests neither see nor disturb the sandbox's sample queues or each other.
 */

const cli = awsCli;

let raw: SQSClient;
let service: SqsService;

async function counts(url: string): Promise<{ visible: number; inFlight: number }> {
  const a = (await raw.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
  return { visible: Number(a.ApproximateNumberOfMessages), inFlight: Number(a.ApproximateNumberOfMessagesNotVisible) };
}

async function queue(name: string, attributes?: Record<string, string>): Promise<{ url: string; arn: string }> {
  const url = (await raw.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl ?? '';
  const arn = (await raw.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn ?? '';
  return { url, arn };
}

async function fill(url: string, bodies: string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    await raw.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: `m${i + j}`, MessageBody: b })) }));
  }
}

/** A source queue that dead-letters to its own DLQ after `max` receives. */
async function withDlq(prefix: string, max: number) {
  const dlq = await queue(`${prefix}-dlq`);
  const src = await queue(`${prefix}-src`, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: max }) });
  return { dlq, src };
}

describe('SQS against moto_server', function () {
  before(() => {
    const sb = sandbox();
    raw = createAwsClient(SQSClient, { region: sb.region, endpoint: sb.awsEndpoint, requestTimeoutMs: 5000 });
    service = SqsService.connect({ region: sb.region, endpoint: sb.awsEndpoint, requestTimeoutMs: 5000 });
  });
  after(() => {
    raw.destroy();
    service.close();
  });

  it('sqs list --json: counts, FIFO and DLQ links in the exact contract', async () => {
    const p = uniqueName('it-list');
    const { dlq, src } = await withDlq(p, 4);
    const fifo = await queue(`${p}-pay.fifo`, { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    await fill(src.url, ['a', 'b', 'c']);
    await raw.send(new SendMessageBatchCommand({ QueueUrl: src.url, Entries: [{ Id: 'late', MessageBody: 'later', DelaySeconds: 600 }] }));
    await raw.send(new ReceiveMessageCommand({ QueueUrl: src.url, MaxNumberOfMessages: 1, VisibilityTimeout: 600 }));

    const r = await cli('sqs', 'list', '--json', '--prefix', p);
    assert.equal(r.code, 0, r.err);
    const rows = JSON.parse(r.out) as Record<string, unknown>[];
    assert.deepEqual(rows.map((x) => x.name), [`${p}-dlq`, `${p}-pay.fifo`, `${p}-src`]);
    for (const row of rows) assert.deepEqual(Object.keys(row), ['name', 'url', 'arn', 'fifo', 'visible', 'inFlight', 'delayed', 'deadLetterTargetArn', 'maxReceiveCount']);
    const [d, f, s] = rows;
    assert.deepEqual([s.visible, s.inFlight, s.delayed], [2, 1, 1]);
    assert.equal(s.deadLetterTargetArn, dlq.arn);
    assert.equal(s.maxReceiveCount, 4);
    assert.equal(s.fifo, false);
    assert.equal(f.fifo, true);
    assert.equal(f.url, fifo.url);
    assert.equal(d.deadLetterTargetArn, null);
    assert.equal(d.maxReceiveCount, null);

    // The readable table shows the link both ways.
    const t = await cli('sqs', 'list', '--prefix', p);
    assert.match(t.out, new RegExp(`^${p}-src\\s+standard\\s+2\\s+1\\s+1\\s+${p}-dlq \\(after 4 receives\\)`, 'm'));
    assert.match(t.out, new RegExp(`^${p}-dlq\\s+standard\\s+0\\s+0\\s+0\\s+-\\s+${p}-src$`, 'm'));
    assert.match(t.out, /^3 queues$/m);
  });

  it('a DLQ lists its source queues (ListDeadLetterSourceQueues) and the sources name their DLQ', async () => {
    const p = uniqueName('it-links');
    const { dlq, src } = await withDlq(p, 2);
    const other = await queue(`${p}-other`, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 7 }) });
    const d = await service.getQueue(`${p}-dlq`, { withSources: true });
    assert.deepEqual(d.deadLetterSourceUrls, [other.url, src.url].sort());
    const listed = await service.listQueues({ prefix: p });
    const byName = Object.fromEntries(listed.queues.map((q) => [q.name, q]));
    assert.deepEqual(byName[`${p}-dlq`].deadLetterSourceUrls, [other.url, src.url].sort());
    assert.deepEqual(byName[`${p}-other`].redrivePolicy, { deadLetterTargetArn: dlq.arn, maxReceiveCount: 7 });
  });

  it('FIFO send with a group id arrives with that group; without one the CLI exits 2 and sends nothing', async () => {
    const p = uniqueName('it-fifo');
    const f = await queue(`${p}.fifo`, { FifoQueue: 'true' });
    const sent = await cli('sqs', 'send', `${p}.fifo`, '--body', '{"paymentId":"p-1"}', '--group-id', 'customer-7', '--dedup-id', 'p-1');
    assert.equal(sent.code, 0, sent.err);
    assert.match(sent.out, new RegExp(`^Sent message [0-9a-f-]+ to ${p}\\.fifo \\(sequence number \\d+\\)\\.$`, 'm'));
    const refused = await cli('sqs', 'send', `${p}.fifo`, '--body', 'x');
    assert.equal(refused.code, 2);
    assert.match(refused.err, /FIFO queue: a message group id is required \(see --group-id/);
    const peek = await cli('sqs', 'peek', f.url);
    assert.equal(peek.code, 0, peek.err);
    assert.match(peek.out, /^group\s+customer-7$/m);
    assert.match(peek.out, /"paymentId": "p-1"/);
    assert.equal((await counts(f.url)).visible, 1);
  });

  it('peek returns the bodies and leaves ApproximateNumberOfMessages unchanged, the messages receivable at once', async () => {
    const p = uniqueName('it-peek');
    const q = await queue(p);
    const bodies = Array.from({ length: 5 }, (_, i) => JSON.stringify({ n: i }));
    await fill(q.url, bodies);
    await cli('sqs', 'send', p, '--body', 'with attrs', '--attribute', 'eventType=OrderPlaced');
    const before = await counts(q.url);
    const r = await cli('sqs', 'peek', p, '-n', '10', '--json');
    assert.equal(r.code, 0, r.err);
    const msgs = JSON.parse(r.out) as { messageId: string; body: string; receiveCount: number; sentTimestamp: number; attributes: Record<string, string> }[];
    assert.deepEqual(msgs.map((m) => m.body).sort(), [...bodies, 'with attrs'].sort());
    for (const m of msgs) assert.deepEqual(Object.keys(m), ['messageId', 'body', 'receiveCount', 'sentTimestamp', 'attributes']);
    assert.ok(msgs.every((m) => m.receiveCount === 1 && Math.abs(m.sentTimestamp - Date.now()) < 60000), JSON.stringify(msgs));
    assert.deepEqual(msgs.find((m) => m.body === 'with attrs')?.attributes, { eventType: 'OrderPlaced' });
    assert.deepEqual(await counts(q.url), before);
    assert.deepEqual(before, { visible: 6, inFlight: 0 });
    const again = await raw.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    assert.equal(again.Messages?.length, 6, 'a consumer receives every message right after the peek');
  });

  it('peeks more than 10 messages without counting any twice, all visible again afterwards', async () => {
    const p = uniqueName('it-peek25');
    const q = await queue(p);
    await fill(q.url, Array.from({ length: 25 }, (_, i) => `m${i}`));
    const msgs = await service.peek(p, { max: 25 });
    assert.equal(new Set(msgs.map((m) => m.body)).size, 25);
    assert.ok(msgs.every((m) => m.receiveCount === 1), 'each message was received exactly once');
    assert.deepEqual(await counts(q.url), { visible: 25, inFlight: 0 });
  });

  it('refuses to peek a queue with a redrive policy unless --allow-dlq-risk, then warns about messages at the limit', async () => {
    const p = uniqueName('it-risk');
    const { dlq, src } = await withDlq(p, 2);
    await fill(src.url, ['once-received', 'fresh']);
    // A consumer already received one message once (and gave it back).
    const first = await raw.send(new ReceiveMessageCommand({ QueueUrl: src.url, MaxNumberOfMessages: 1, VisibilityTimeout: 0 }));
    const riskyId = first.Messages?.[0].MessageId;

    const refused = await cli('sqs', 'peek', `${p}-src`);
    assert.equal(refused.code, 2);
    assert.match(refused.err, new RegExp(`not peeking: ${p}-src has a redrive policy \\(maxReceiveCount 2, dead-letter queue ${p}-dlq\\)`));
    assert.match(refused.err, /Re-run with --allow-dlq-risk/);
    assert.deepEqual(await counts(src.url), { visible: 2, inFlight: 0 }, 'the refused peek received nothing');

    const r = await cli('sqs', 'peek', `${p}-src`, '--allow-dlq-risk', '--json');
    assert.equal(r.code, 0, r.err);
    const msgs = JSON.parse(r.out) as { messageId: string; receiveCount: number }[];
    assert.equal(msgs.find((m) => m.messageId === riskyId)?.receiveCount, 2);
    assert.match(r.err, new RegExp(`warning: 1 message has now been received 2 times \\(maxReceiveCount\\) and will move to ${p}-dlq on the next receive: ${riskyId}`));

    // The warning is real: the next receive by a consumer moves that message to the DLQ.
    await raw.send(new ReceiveMessageCommand({ QueueUrl: src.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    assert.equal((await counts(dlq.url)).visible, 1);
  });

  it('redrive --yes moves a DLQ back to its source (receive → send → delete on moto, and says so)', async () => {
    const p = uniqueName('it-redrive');
    const { dlq, src } = await withDlq(p, 3);
    await fill(dlq.url, Array.from({ length: 13 }, (_, i) => `dead-${i}`));
    const refused = await cli('sqs', 'redrive', `${p}-dlq`);
    assert.equal(refused.code, 2);
    assert.equal((await counts(dlq.url)).visible, 13);

    const r = await cli('sqs', 'redrive', `${p}-dlq`, '--yes');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /This endpoint has no StartMessageMoveTask .*; moved messages with receive -> send -> delete instead\./);
    assert.match(r.out, new RegExp(`Moved 13 messages to ${p}-src\\.`));
    assert.deepEqual(await counts(dlq.url), { visible: 0, inFlight: 0 });
    assert.equal((await counts(src.url)).visible, 13);
    const bodies = (await service.peek(`${p}-src`, { max: 20 })).map((m) => m.body).sort();
    assert.deepEqual(bodies, Array.from({ length: 13 }, (_, i) => `dead-${i}`).sort());
  });

  it('deletes exactly the one peeked message it is given', async () => {
    const p = uniqueName('it-delete');
    const q = await queue(p);
    await fill(q.url, ['keep-1', 'drop', 'keep-2']);
    const peeked = await service.peek(p, { max: 10 });
    const drop = peeked.find((m) => m.body === 'drop');
    assert.ok(drop, 'peek saw the message');
    await service.deleteMessage(p, drop.receiptHandle);
    const left = (await service.peek(p, { max: 10 })).map((m) => m.body).sort();
    assert.deepEqual(left, ['keep-1', 'keep-2']);
  });

  it('purge --yes empties the queue and mentions the 60 s rule', async () => {
    const p = uniqueName('it-purge');
    const q = await queue(p);
    await fill(q.url, ['a', 'b', 'c']);
    const r = await cli('sqs', 'purge', q.url, '--yes');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^Purged ${p}\\. .*allows the next purge of this queue after 60 seconds`, 'm'));
    assert.equal((await counts(q.url)).visible, 0);
  });

  it('creates and deletes a queue; a missing queue is an error in words with exit 1', async () => {
    const p = uniqueName('it-crud');
    const url = await service.createQueue(`${p}.fifo`);
    assert.equal((await service.getQueue(url)).fifo, true);
    await service.deleteQueue(`${p}.fifo`);
    const r = await cli('sqs', 'peek', `${p}.fifo`);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`there is no queue named '${p.replace(/\./g, '\\.')}\\.fifo' in us-east-1 at http://127\\.0\\.0\\.1:\\d+ \\(check the name, --region`));
  });

  it('an endpoint that refuses connections fails fast with the cause', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    const s = SqsService.connect({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, requestTimeoutMs: 1000 });
    const t0 = Date.now();
    try {
      await assert.rejects(s.listQueues(), (e: unknown) => e instanceof AwsError && e.kind === 'unreachable' && /connection refused/.test(e.message));
    } finally {
      s.close();
    }
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  });
});

describe('SQS with credentials moto rejects', function () {
  // moto checks signatures against its own IAM users when INITIAL_NO_AUTH_ACTION_COUNT=0; the
  // sandbox's moto accepts anything, so this test runs its own.
  let child: ChildProcess | undefined;
  let endpoint = '';
  before(async function () {
    this.timeout(30000);
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    endpoint = `http://127.0.0.1:${port}`;
    child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '0' }, detached: true, stdio: 'ignore' });
    const deadline = Date.now() + 20000;
    for (;;) {
      try {
        await (await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) })).arrayBuffer();
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  });
  after(() => {
    if (child?.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  });

  it('says the credentials were rejected (exit 1), not a JSON parse error', async () => {
    let err = '';
    const code = await run(['sqs', 'list', '--endpoint', endpoint, '--region', 'us-east-1'], { out: () => {}, err: (s) => { err += s; } });
    assert.equal(code, 1);
    assert.match(err, new RegExp(`the AWS endpoint ${endpoint.replace(/\./g, '\\.')} refused the request \\(HTTP 403\\) while listing SQS queues: the credentials were rejected or access is denied`));
    assert.doesNotMatch(err, /Unexpected token|Deserialization/);
  });
});
