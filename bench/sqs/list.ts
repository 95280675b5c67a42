/**
 * SQS listing bench, bundled and run by bench/sqs/bench.mjs: lists every queue with its attributes
 * and DLQ links through SqsService (bounded concurrency, throttling backoff, DLQ sources derived
 * from the listing), and the straightforward way (one call per queue, one queue at a time).
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { createAwsClient } from '../../src/core/aws/clients';
import { SqsService } from '../../src/core/sqs/service';

const region = 'us-east-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** What a listing found, reduced to what both approaches must agree on. */
export interface Digest {
  queues: number;
  visible: number;
  withDlq: number;
  dlqSourceLinks: number;
}

export interface SeedResult {
  queues: number;
  dlqs: number;
  sources: number;
  messages: number;
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (i < items.length) await fn(items[i++]); }));
}

/** 1,000 queues: every 10th a DLQ, every 3rd of the others redriving to the DLQ of its ten; some messages. */
export async function seed(endpoint: string, count: number, prefix: string): Promise<SeedResult> {
  const sqs = createAwsClient(SQSClient, { region, endpoint, credentials, requestTimeoutMs: 10000 });
  try {
    const name = (i: number) => `${prefix}-${String(i).padStart(4, '0')}`;
    const arn = (i: number) => `arn:aws:sqs:${region}:123456789012:${name(i)}`;
    const idx = Array.from({ length: count }, (_, i) => i);
    const isDlq = (i: number) => i % 10 === 0;
    const isSource = (i: number) => !isDlq(i) && i % 3 === 0;
    // DLQs first: AWS requires the target of a redrive policy to exist.
    await pool(idx.filter(isDlq), 8, async (i) => { await sqs.send(new CreateQueueCommand({ QueueName: name(i) })); });
    await pool(idx.filter((i) => !isDlq(i)), 8, async (i) => {
      const Attributes = isSource(i) ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn(i - (i % 10)), maxReceiveCount: 5 }) } : undefined;
      await sqs.send(new CreateQueueCommand({ QueueName: name(i), Attributes }));
    });
    const withMessages = idx.filter((i) => i % 7 === 0);
    await pool(withMessages, 8, async (i) => {
      await sqs.send(new SendMessageCommand({ QueueUrl: `${endpoint}/123456789012/${name(i)}`, MessageBody: `hello ${i}` }));
    });
    return { queues: count, dlqs: idx.filter(isDlq).length, sources: idx.filter(isSource).length, messages: withMessages.length };
  } finally {
    sqs.destroy();
  }
}

/** Flowscope: SqsService.listQueues with its defaults (16 in flight, pool-wide backoff on throttling). */
export async function flowscope(endpoint: string, prefix: string, concurrency: number): Promise<{ ms: number; digest: Digest; throttledRetries: number }> {
  const s = SqsService.connect({ region, endpoint, credentials, requestTimeoutMs: 10000 }, { concurrency });
  try {
    const t0 = performance.now();
    const r = await s.listQueues({ prefix });
    const ms = performance.now() - t0;
    if (r.warnings.length) throw new Error(`flowscope listing had warnings: ${r.warnings.slice(0, 3).join('; ')}`);
    return {
      ms,
      throttledRetries: r.throttled,
      digest: {
        queues: r.queues.length,
        visible: r.queues.reduce((n, q) => n + (q.visible ?? 0), 0),
        withDlq: r.queues.filter((q) => q.redrivePolicy).length,
        dlqSourceLinks: r.queues.reduce((n, q) => n + q.deadLetterSourceUrls.length, 0),
      },
    };
  } finally {
    s.close();
  }
}

/**
 * The straightforward way: ListQueues, then one GetQueueAttributes per queue, one after the other;
 * with `sources`, also one ListDeadLetterSourceQueues per queue (how a DLQ learns its sources when
 * it is looked at on its own).
 */
export async function baseline(endpoint: string, prefix: string, sources: boolean): Promise<{ ms: number; digest: Digest }> {
  const sqs = createAwsClient(SQSClient, { region, endpoint, credentials, requestTimeoutMs: 10000 });
  try {
    const t0 = performance.now();
    const urls: string[] = [];
    let token: string | undefined;
    do {
      const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 1000, NextToken: token }));
      urls.push(...(page.QueueUrls ?? []));
      token = page.NextToken;
    } while (token);
    const digest: Digest = { queues: 0, visible: 0, withDlq: 0, dlqSourceLinks: 0 };
    for (const url of urls) {
      const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
      digest.queues++;
      digest.visible += Number(a.ApproximateNumberOfMessages ?? 0);
      if (a.RedrivePolicy) digest.withDlq++;
      if (sources) digest.dlqSourceLinks += ((await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: url }))).queueUrls ?? []).length;
    }
    return { ms: performance.now() - t0, digest };
  } finally {
    sqs.destroy();
  }
}
