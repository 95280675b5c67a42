import * as assert from 'node:assert/strict';
import { QueueListing, type QueueSource } from '../../../src/core/sqs/listing';
import { linkDeadLetterQueues, queueInfoFromAttributes, queueNameFromUrl } from '../../../src/core/sqs/model';
import type { ListResult } from '../../../src/core/sqs/service';

const base = 'https://sqs.eu-west-1.amazonaws.com/123456789012';
const arn = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;

/** A region's queues in memory; records which URLs had their attributes read. */
function fakeSource(names: string[], policies: Record<string, string> = {}) {
  const described: string[][] = [];
  let failNext: Error | undefined;
  const source: QueueSource = {
    async listQueueUrls({ prefix }) {
      if (failNext) { const e = failNext; failNext = undefined; throw e; }
      return { urls: names.filter((n) => !prefix || n.startsWith(prefix)).map((n) => `${base}/${n}`) };
    },
    async describeQueues(urls): Promise<ListResult> {
      described.push([...urls]);
      const queues = urls.map((u) => {
        const name = queueNameFromUrl(u);
        return queueInfoFromAttributes(u, { QueueArn: arn(name), ApproximateNumberOfMessages: '1', ...(policies[name] ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn(policies[name]), maxReceiveCount: 3 }) } : {}) });
      });
      return { queues: linkDeadLetterQueues(queues), requests: urls.length, throttled: 0, warnings: [] };
    },
  };
  return { source, described, failOnce: (e: Error) => { failNext = e; } };
}

describe('QueueListing (paged queues of a region)', () => {
  const names = Array.from({ length: 7 }, (_, i) => `q${i}`).reverse();

  it('reads attributes of the first page only, sorted by name, and the rest on loadMore', async () => {
    const { source, described } = fakeSource(names);
    const l = new QueueListing(source, 3);
    await l.load();
    assert.deepEqual(l.queues.map((q) => q.name), ['q0', 'q1', 'q2']);
    assert.equal(l.total, 7);
    assert.equal(l.remaining, 4);
    await l.loadMore();
    await l.loadMore();
    assert.deepEqual(l.queues.map((q) => q.name), names.slice().reverse());
    assert.equal(l.remaining, 0);
    assert.deepEqual(described.map((d) => d.length), [3, 3, 1]);
    await l.loadMore();
    assert.equal(described.length, 3, 'nothing left to read');
  });

  it('keeps the loaded pages on a reload', async () => {
    const { source, described } = fakeSource(names);
    const l = new QueueListing(source, 2);
    await l.load();
    await l.loadMore();
    await l.load();
    assert.equal(l.queues.length, 4);
    assert.equal(described.at(-1)?.length, 4);
  });

  it('links a DLQ and its sources once both are loaded, across pages', async () => {
    const { source } = fakeSource(['a-src', 'b', 'z-dlq'], { 'a-src': 'z-dlq' });
    const l = new QueueListing(source, 2);
    await l.load();
    assert.equal(l.find(`${base}/a-src`)?.redrivePolicy?.deadLetterTargetArn, arn('z-dlq'));
    await l.loadMore();
    assert.deepEqual(l.find(arn('z-dlq'))?.deadLetterSourceUrls, [`${base}/a-src`]);
  });

  it('passes the prefix to ListQueues', async () => {
    const { source } = fakeSource(['orders-a', 'orders-b', 'pay']);
    const l = new QueueListing(source, 10, 'orders');
    await l.load();
    assert.deepEqual(l.queues.map((q) => q.name), ['orders-a', 'orders-b']);
  });

  it('leaves what it showed in place when a reload fails', async () => {
    const { source, failOnce } = fakeSource(names);
    const l = new QueueListing(source, 3);
    await l.load();
    failOnce(new Error('connection refused'));
    await assert.rejects(l.load(), /connection refused/);
    assert.equal(l.queues.length, 3);
    assert.equal(l.total, 7);
  });
});
