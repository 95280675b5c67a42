/**
 * Bench: consumer-group lag for a whole cluster, Flowscope's batched computation against a per-topic
 * sequential baseline built on kafkajs's public Admin API (what an explorer that "computes lag one
 * topic at a time" does), in the same run against the same mock cluster with injected latency.
 * Started by bench/kafka/run.mjs, which owns the mock cluster process.
 */
import { createKafka } from '../../src/core/kafka/client';
import { KafkaService } from '../../src/core/kafka/service';
import { KafkajsTransport, type RequestCounter } from '../../src/core/kafka/transport';

export interface MockHandle {
  bootstrap: string;
  control(cmd: string): Promise<string>;
}

export interface BenchOptions {
  topics: string[];
  groups: number;
  topicsPerGroup: number;
  partitions: number;
  rttMs: number;
  log(msg: string): void;
}

export interface BenchResult {
  topics: number;
  groups: number;
  partitions: number;
  topicsPerGroup: number;
  rttMs: number;
  brokers: number;
  flowscope: { ms: number; requests: number; byApi: Record<string, number>; totalLag: number };
  flowscopeRefresh: { ms: number; requests: number; byApi: Record<string, number>; totalLag: number };
  baseline: { ms: number; requests: number; byApi: Record<string, number>; totalLag: number };
}

const newCounter = (): RequestCounter => ({ count: 0, byApi: new Map() });

export async function runLagBench(mock: MockHandle, o: BenchOptions): Promise<BenchResult> {
  const brokers = mock.bootstrap.split(',');
  const kafkaOpts = { brokers, clientId: 'flowscope-bench', connectionTimeoutMs: 5000, requestTimeoutMs: 60000, retries: 2 };
  const groups = Array.from({ length: o.groups }, (_, g) => `group-${String(g).padStart(3, '0')}`);
  const groupTopics = (g: number) => Array.from({ length: o.topicsPerGroup }, (_, i) => o.topics[(g * o.topicsPerGroup + i) % o.topics.length]);

  // Setup (no latency yet): one message per partition, then each group commits offset 0 on its
  // topics, so every group has lag = topicsPerGroup × partitions.
  o.log(`setup: producing ${o.topics.length * o.partitions} messages, committing offsets for ${o.groups} groups`);
  const setupKafka = createKafka(kafkaOpts);
  const producer = setupKafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  for (let i = 0; i < o.topics.length; i += 100) {
    await producer.sendBatch({
      topicMessages: o.topics.slice(i, i + 100).map((topic) => ({
        topic,
        messages: Array.from({ length: o.partitions }, (_, partition) => ({ partition, value: 'x' })),
      })),
    });
  }
  await producer.disconnect();
  const setup = KafkajsTransport.create(setupKafka);
  for (let g = 0; g < o.groups; g++) {
    const coordinator = await setup.findCoordinator(groups[g]);
    await setup.offsetCommit(coordinator, groups[g], groupTopics(g).map((topic) => ({ topic, partitions: Array.from({ length: o.partitions }, (_, partition) => ({ partition, offset: 0 })) })));
  }
  await setup.close();

  await mock.control(`rtt -1 ${o.rttMs}`);
  o.log(`latency: ${o.rttMs} ms added to every broker response`);

  // Flowscope: one client, fresh connections, all groups at once.
  const fsCounter = newCounter();
  const service = KafkaService.fromKafka(createKafka(kafkaOpts), { brokers, operationTimeoutMs: 600_000 }, fsCounter);
  let t0 = Date.now();
  const lag = await service.lagForGroups(groups);
  const fsMs = Date.now() - t0;
  const fsTotal = lag.reduce((s, g) => s + g.totalLag, 0);
  const fsRequests = fsCounter.count;
  const fsByApi = Object.fromEntries(fsCounter.byApi);
  o.log(`flowscope: ${fsMs} ms, ${fsRequests} requests, total lag ${fsTotal}`);
  // A refresh on the same connection (the tree's Refresh / auto-refresh): connected, and the
  // OffsetFetch form the cluster answers is known.
  fsCounter.count = 0;
  fsCounter.byApi.clear();
  t0 = Date.now();
  const again = await service.lagForGroups(groups);
  const refreshMs = Date.now() - t0;
  await service.close();
  o.log(`flowscope refresh: ${refreshMs} ms, ${fsCounter.count} requests`);
  if (again.reduce((s, g) => s + g.totalLag, 0) !== fsTotal) throw new Error('the refresh computed a different total lag');

  // Baseline: kafkajs public Admin, one topic at a time per group (committed offsets, then watermarks).
  // It is even told each group's topics, which a real tool would first have to discover.
  const admin = createKafka(kafkaOpts).admin();
  const blCounter = newCounter();
  admin.on(admin.events.REQUEST, (e) => {
    blCounter.count++;
    const api = (e.payload as { apiName?: string }).apiName ?? 'unknown';
    blCounter.byApi.set(api, (blCounter.byApi.get(api) ?? 0) + 1);
  });
  t0 = Date.now();
  await admin.connect();
  let blTotal = 0;
  for (let g = 0; g < o.groups; g++) {
    for (const topic of groupTopics(g)) {
      const [committed] = await admin.fetchOffsets({ groupId: groups[g], topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      for (const p of committed.partitions) {
        const high = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
        if (Number(p.offset) >= 0) blTotal += Math.max(0, high - Number(p.offset));
      }
    }
    if ((g + 1) % 20 === 0) o.log(`baseline: ${g + 1}/${o.groups} groups after ${Date.now() - t0} ms`);
  }
  const blMs = Date.now() - t0;
  await admin.disconnect();
  o.log(`baseline: ${blMs} ms, ${blCounter.count} requests, total lag ${blTotal}`);
  await mock.control('rtt -1 0');

  return {
    topics: o.topics.length,
    groups: o.groups,
    partitions: o.partitions,
    topicsPerGroup: o.topicsPerGroup,
    rttMs: o.rttMs,
    brokers: brokers.length,
    flowscope: { ms: fsMs, requests: fsRequests, byApi: fsByApi, totalLag: fsTotal },
    flowscopeRefresh: { ms: refreshMs, requests: fsCounter.count, byApi: Object.fromEntries(fsCounter.byApi), totalLag: fsTotal },
    baseline: { ms: blMs, requests: blCounter.count, byApi: Object.fromEntries(blCounter.byApi), totalLag: blTotal },
  };
}
