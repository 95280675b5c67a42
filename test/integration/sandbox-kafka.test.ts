import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as net from 'node:net';
import { promisify } from 'node:util';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { createKafka } from '../../src/core/kafka/client';
import { toKafkaError } from '../../src/core/kafka/errors';
import { kafkaBrokers, realKafka, sandbox, uniqueName } from './sandbox';

/*
 * The Kafka client factory and the sandbox's mock cluster (or FLOWSCOPE_TEST_KAFKA): produce,
 * read back (kafkajs and kcat), watermarks, fast failure on unreachable brokers, fault injection.
 */

const execFileP = promisify(execFile);

async function createTopic(kafka: Kafka, name: string, partitions: number): Promise<void> {
  if (realKafka) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  } else {
    // The mock has no CreateTopics API; the launcher creates topics on its control channel.
    await sandbox().kafka.control(`topic-create ${name} ${partitions} ${Math.min(3, partitions)}`);
  }
}

async function withProducer<T>(kafka: Kafka, fn: (p: Producer) => Promise<T>): Promise<T> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    return await fn(producer);
  } finally {
    await producer.disconnect();
  }
}

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

interface Record_ {
  partition: number;
  offset: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}

const messages = Array.from({ length: 12 }, (_, i) => ({
  key: `customer-${i % 4}`,
  value: JSON.stringify({ n: i, text: `héllo ${i}` }),
  headers: { 'trace-id': `t-${i}` },
}));

describe('Kafka through createKafka (sandbox mock or FLOWSCOPE_TEST_KAFKA)', function () {
  let kafka: Kafka;
  let topic: string;
  /** What the producer reported, per message, in send order. */
  let produced: { partition: number; offset: number }[] = [];

  before(async function () {
    kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'flowscope-itest', connectionTimeoutMs: 2000, requestTimeoutMs: 5000 });
    topic = uniqueName('itest-keyed');
    await createTopic(kafka, topic, 3);
    // One send per message so that each one's partition and offset are known exactly.
    produced = await withProducer(kafka, async (p) => {
      const out: { partition: number; offset: number }[] = [];
      for (const m of messages) {
        const [meta] = await p.send({ topic, messages: [m] });
        out.push({ partition: meta.partition, offset: Number(meta.baseOffset) });
      }
      return out;
    });
  });

  it('sends keyed messages to the partition of their key', () => {
    const byKey = new Map<string, Set<number>>();
    messages.forEach((m, i) => byKey.set(m.key, (byKey.get(m.key) ?? new Set()).add(produced[i].partition)));
    for (const [key, parts] of byKey) assert.equal(parts.size, 1, `key ${key} went to partitions ${[...parts].join(',')}`);
  });

  it('reads back exactly what was produced (kafkajs consumer group)', async () => {
    const consumer = kafka.consumer({ groupId: uniqueName('itest-reader'), maxWaitTimeInMs: 200, heartbeatInterval: 1000 });
    const got: Record_[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${messages.length} messages arrived within 20 s`)), 20000);
        consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              got.push({
                partition,
                offset: Number(message.offset),
                key: message.key?.toString('utf8') ?? '',
                value: message.value?.toString('utf8') ?? '',
                headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
              });
              if (got.length === messages.length) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    const expected = messages.map((m, i) => ({ partition: produced[i].partition, offset: produced[i].offset, key: m.key, value: m.value, headers: m.headers }));
    const order = (a: Record_, b: Record_) => a.partition - b.partition || a.offset - b.offset;
    assert.deepEqual(got.sort(order), expected.sort(order));
  });

  it('reports watermarks that match what was produced', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      const perPartition = new Map<number, number>();
      for (const p of produced) perPartition.set(p.partition, (perPartition.get(p.partition) ?? 0) + 1);
      assert.deepEqual(
        offsets.map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })).sort((a, b) => a.partition - b.partition),
        [0, 1, 2].map((partition) => ({ partition, low: 0, high: perPartition.get(partition) ?? 0 })),
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('kcat, an independent client, sees the same records', async () => {
    const fmt = '%p\t%o\t%k\t%s\t%h\n';
    const { stdout } = await execFileP('kcat', ['-b', kafkaBrokers().join(','), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', fmt], { timeout: 20000 });
    const lines = stdout.split('\n').filter(Boolean).sort();
    const expected = messages.map((m, i) => `${produced[i].partition}\t${produced[i].offset}\t${m.key}\t${m.value}\ttrace-id=${m.headers['trace-id']}`).sort();
    assert.deepEqual(lines, expected);
  });

  it('sees the sample data: topics, keyed messages and a consumer group with lag', async function () {
    const sample = sandbox().sample;
    if (realKafka || !sample) this.skip();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const orders = await admin.fetchTopicOffsets('orders');
      assert.equal(orders.length, 6);
      assert.equal(orders.reduce((s, o) => s + Number(o.high), 0), sample.kafka.topics.orders.messages);
      const [committed] = await admin.fetchOffsets({ groupId: 'billing-service', topics: ['payments'] });
      const high = await admin.fetchTopicOffsets('payments');
      let lag = 0;
      for (const p of committed.partitions) {
        assert.equal(Number(p.offset), sample.kafka.groups['billing-service'].committed[p.partition]);
        lag += Number(high.find((h) => h.partition === p.partition)?.high) - Number(p.offset);
      }
      assert.ok(lag > 0, 'billing-service lags behind');
    } finally {
      await admin.disconnect();
    }
  });
});

describe('Kafka failures are fast and clear', function () {
  it('an unreachable broker (connection refused) fails within seconds with a clear error', async () => {
    const port = await closedPort();
    const kafka = createKafka({ brokers: `127.0.0.1:${port}`, connectionTimeoutMs: 1000, requestTimeoutMs: 2000 });
    const admin = kafka.admin();
    const t0 = Date.now();
    const err = await admin.connect().then(() => null, (e: unknown) => e);
    const elapsed = Date.now() - t0;
    assert.ok(err, 'connect should fail');
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
    assert.equal(toKafkaError(err, [`127.0.0.1:${port}`]).message, `cannot connect to the Kafka cluster (127.0.0.1:${port}): connection refused`);
  });

  it('a broker that accepts connections but never answers fails within the timeouts', async () => {
    const sockets = new Set<net.Socket>();
    const srv = net.createServer((s) => sockets.add(s));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as net.AddressInfo;
    try {
      const kafka = createKafka({ brokers: [`127.0.0.1:${port}`], connectionTimeoutMs: 500, requestTimeoutMs: 500, retries: 1 });
      const admin = kafka.admin();
      const t0 = Date.now();
      // kafkajs's connect() swallows the ApiVersions timeout; the first real request then fails.
      const err = await admin.connect().then(() => admin.listTopics()).then(() => null, (e: unknown) => e);
      const elapsed = Date.now() - t0;
      await admin.disconnect().catch(() => undefined);
      assert.ok(err, 'the request should fail');
      assert.ok(elapsed < 5000, `took ${elapsed} ms`);
      assert.match(toKafkaError(err).message, /did not answer|cannot connect|timed out|not connected/i);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});

describe('Kafka fault injection on the mock cluster', function () {
  let kafka: Kafka;
  let topic: string;

  before(async function () {
    if (realKafka) this.skip();
    kafka = createKafka({ brokers: sandbox().kafkaBootstrap, clientId: 'flowscope-faults', connectionTimeoutMs: 1000, requestTimeoutMs: 1500, retries: 1 });
    topic = uniqueName('itest-faults');
    await createTopic(kafka, topic, 2);
  });

  afterEach(async function () {
    if (realKafka) return;
    // Leave the shared mock healthy for the next suite whatever happened.
    const c = sandbox().kafka.control;
    await c('broker-up -1');
    await c('rtt -1 0');
    for (const apiKey of [0, 1, 2, 3]) await c(`clear-errors ${apiKey}`);
  });

  it('answers ERR to a bad control command', async () => {
    await assert.rejects(sandbox().kafka.control('broker-down'), /ERR usage: broker-down/);
    await assert.rejects(sandbox().kafka.control('no-such-command 1'), /ERR unknown command/);
  });

  it('broker-down makes requests fail; broker-up recovers', async () => {
    await sandbox().kafka.control('broker-down -1');
    const admin = kafka.admin();
    const t0 = Date.now();
    const err = await admin.connect().then(() => admin.fetchTopicOffsets(topic)).then(() => null, (e: unknown) => e);
    assert.ok(err, 'requests to a down cluster should fail');
    assert.ok(Date.now() - t0 < 10000, `took ${Date.now() - t0} ms`);
    assert.match(toKafkaError(err, sandbox().kafka.brokers).message, /cannot connect to the Kafka cluster|did not answer in time/);
    await admin.disconnect().catch(() => undefined);

    await sandbox().kafka.control('broker-up -1');
    const admin2 = kafka.admin();
    await admin2.connect();
    try {
      const offsets = await admin2.fetchTopicOffsets(topic);
      assert.equal(offsets.length, 2);
    } finally {
      await admin2.disconnect();
    }
  });

  it('request-errors makes the next request of that API fail with the given code', async () => {
    // ApiKey 0 = Produce, 29 = TOPIC_AUTHORIZATION_FAILED (not retriable).
    await sandbox().kafka.control('request-errors 0 29 1');
    await withProducer(kafka, async (p) => {
      await assert.rejects(p.send({ topic, messages: [{ key: 'k', value: 'v' }] }), /Not authorized to access topics/);
      // The error stack is used up: the next produce works.
      const [meta] = await p.send({ topic, messages: [{ key: 'k', value: 'v' }] });
      assert.equal(meta.errorCode, 0);
    });
  });

  it('rtt delays answers beyond the request timeout', async () => {
    await sandbox().kafka.control('rtt -1 3000');
    const slow = createKafka({ brokers: sandbox().kafkaBootstrap, connectionTimeoutMs: 1000, requestTimeoutMs: 500, retries: 0 });
    const admin = slow.admin();
    const t0 = Date.now();
    const err = await admin.connect().then(() => admin.fetchTopicOffsets(topic)).then(() => null, (e: unknown) => e);
    assert.ok(err, 'a slow cluster should time out');
    assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
    await admin.disconnect().catch(() => undefined);
  });
});

describe('what the mock cluster lacks (listed in docs/sandbox.md)', function () {
  let kafka: Kafka;
  before(function () {
    // Needs the mock itself, with the sample topics and groups.
    if (realKafka || !sandbox().sample) this.skip();
    kafka = createKafka({ brokers: sandbox().kafkaBootstrap, connectionTimeoutMs: 1000, requestTimeoutMs: 2000, retries: 0 });
  });

  it('fails group listing and description, and controller-routed admin calls, quickly', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const attempts: [string, () => Promise<unknown>][] = [
        ['listGroups', () => admin.listGroups()],
        ['describeGroups', () => admin.describeGroups(['billing-service'])],
        ['deleteGroups', () => admin.deleteGroups(['nobody'])],
        ['createTopics', () => admin.createTopics({ topics: [{ topic: uniqueName('never'), numPartitions: 1 }] })],
        ['deleteTopics', () => admin.deleteTopics({ topics: ['audit'], timeout: 1000 })],
        ['describeConfigs', () => admin.describeConfigs({ resources: [{ type: 2, name: 'orders' }], includeSynonyms: false })],
      ];
      const outcome: Record<string, string> = {};
      for (const [name, call] of attempts) {
        const t0 = Date.now();
        const err = await call().then(() => null, (e: unknown) => e as Error);
        assert.ok(Date.now() - t0 < 3000, `${name} took ${Date.now() - t0} ms`);
        outcome[name] = err ? err.message : 'worked';
      }
      assert.deepEqual(outcome, {
        listGroups: 'The Kafka server does not support the requested API version',
        describeGroups: 'The Kafka server does not support the requested API version',
        deleteGroups: 'The Kafka server does not support the requested API version',
        createTopics: 'Broker 0 not found in the cached metadata',
        deleteTopics: 'Broker 0 not found in the cached metadata',
        describeConfigs: 'Broker 0 not found in the cached metadata',
      });
      // What does work: metadata, watermarks, committed offsets of a named group.
      assert.ok((await admin.listTopics()).includes('orders'));
      assert.equal((await admin.fetchTopicOffsets('audit')).length, 1);
      assert.equal((await admin.fetchOffsets({ groupId: 'audit-archiver', topics: ['audit'] }))[0].partitions.length, 1);
    } finally {
      await admin.disconnect();
    }
  });
});
