import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kafka } from 'kafkajs';
import { run } from '../../src/cli/program';
import { realKafka, sandbox } from './sandbox';
import { createKafka } from '../../src/core/kafka/client';
import { KafkaUnreachableError } from '../../src/core/kafka/errors';
import { KafkaService } from '../../src/core/kafka/service';
import type { RequestCounter } from '../../src/core/kafka/transport';

/*
 * The Kafka core and CLI against librdkafka's mock cluster (3 brokers, real sockets). This suite starts
 * its own mock so it can take brokers down and inject errors without disturbing other suites.
 * The mock has no ListGroups/DescribeGroups/CreateTopics; the tests that need them run only when
 * FLOWSCOPE_TEST_KAFKA names a real broker (host:port).
 */

interface MockCluster {
  bootstrap: string;
  control(cmd: string): Promise<string>;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

async function startMock(topics: string[]): Promise<MockCluster> {
  const url = pathToFileURL(path.join(repoRoot, 'scripts', 'sandbox.mjs')).href;
  const mod = (await import(url)) as { startKafkaMock(o: { topics: string[]; log?: (m: string) => void }): Promise<MockCluster> };
  const mock = await mod.startKafkaMock({ topics: [], log: () => undefined });
  // Created over the control channel rather than the launcher's command line, which stalls with many topics.
  for (const t of topics) await mock.control(`topic-create ${t.split(':').join(' ')}`);
  return mock;
}

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('kafka against the mock cluster', function () {
  this.timeout(60000);
  let mock: MockCluster;
  let B: string;
  let kafka: Kafka;
  let service: KafkaService;

  before(async () => {
    mock = await startMock(['meta:3:3', 'orders:3:3', 'peeked:2:3', 'faults:2:3']);
    B = mock.bootstrap;
    kafka = createKafka({ brokers: B, clientId: 'flowscope-itest', connectionTimeoutMs: 1000, requestTimeoutMs: 3000, retries: 1 });
    service = KafkaService.fromKafka(kafka, { brokers: B.split(','), operationTimeoutMs: 15000 });
  });

  after(async () => {
    await service?.close();
    await mock?.stop();
  });

  it('shows brokers and topic metadata: partitions, leaders, replicas and ISR', async () => {
    const overview = await service.overview();
    assert.deepEqual(overview.brokers.map((b) => b.nodeId), [1, 2, 3]);
    assert.deepEqual(overview.brokers.map((b) => `${b.host}:${b.port}`).sort(), B.split(',').sort());

    const r = await cli('kafka', 'topics', '--brokers', B, '--json');
    assert.equal(r.code, 0, r.err);
    const topics = JSON.parse(r.out) as { name: string; internal: boolean; partitions: { partition: number; leader: number; replicas: number[]; isr: number[]; low: number; high: number }[] }[];
    const meta = topics.find((t) => t.name === 'meta');
    assert.ok(meta, 'topic meta is listed');
    assert.equal(meta.internal, false);
    assert.deepEqual(meta.partitions.map((p) => p.partition), [0, 1, 2]);
    for (const p of meta.partitions) {
      assert.ok([1, 2, 3].includes(p.leader), `leader ${p.leader} is one of the brokers`);
      assert.equal(p.replicas.length, 3);
      assert.ok(p.replicas.includes(p.leader));
      assert.deepEqual([...p.isr].sort(), [...p.replicas].sort());
      assert.deepEqual([p.low, p.high], [0, 0]);
    }
  });

  it('reports watermarks after producing, as JSON numbers, and in the human table', async () => {
    for (let i = 0; i < 5; i++) await service.produce('meta', { key: `k${i}`, value: `v${i}`, partition: 1 });
    const r = await cli('kafka', 'topics', '--brokers', B, '--json');
    const meta = (JSON.parse(r.out) as { name: string; partitions: { partition: number; low: number; high: number }[] }[]).find((t) => t.name === 'meta')!;
    assert.deepEqual(meta.partitions.map((p) => [p.partition, p.low, p.high]), [[0, 0, 0], [1, 0, 5], [2, 0, 0]]);
    const table = await cli('kafka', 'topics', '--brokers', B);
    assert.match(table.out, /^TOPIC\s+PARTITION\s+LEADER\s+REPLICAS\s+ISR\s+LOW\s+HIGH/m);
    assert.match(table.out, /^meta\s+1\s+\d\s+[\d,]+\s+[\d,]+\s+0\s+5\b/m);
  });

  it('peeks exactly what was produced: key, JSON value, binary value, headers, partition, offset', async () => {
    await service.produce('peeked', { key: 'order-1', value: '{"id":1,"total":9.5}', headers: { source: 'itest', trace: 'abc' }, partition: 0 });
    await service.produce('peeked', { key: null, value: Buffer.from([0xde, 0xad, 0xbe, 0xef]), partition: 1 });
    const r = await cli('kafka', 'peek', 'peeked', '--brokers', B, '--from-beginning', '--json');
    assert.equal(r.code, 0, r.err);
    const msgs = JSON.parse(r.out) as { partition: number; offset: number; key: string | null; value: string; valueEncoding: string; headers: { key: string; value: string }[]; timestamp: number }[];
    const byPartition = new Map(msgs.map((m) => [m.partition, m]));
    assert.equal(msgs.length, 2);
    const json = byPartition.get(0)!;
    assert.equal(json.offset, 0);
    assert.equal(json.key, 'order-1');
    assert.equal(json.valueEncoding, 'json');
    assert.deepEqual(JSON.parse(json.value), { id: 1, total: 9.5 });
    assert.deepEqual(json.headers.map((h) => `${h.key}=${h.value}`).sort(), ['source=itest', 'trace=abc']);
    assert.ok(Math.abs(json.timestamp - Date.now()) < 60000, 'timestamp is the produce time');
    const bin = byPartition.get(1)!;
    assert.equal(bin.key, null);
    assert.equal(bin.valueEncoding, 'hex');
    assert.equal(bin.value, 'deadbeef');

    // An independent client (kcat, librdkafka) reads the same bytes back.
    const kcat = execFileSync('kcat', ['-C', '-b', B, '-t', 'peeked', '-p', '0', '-o', 'beginning', '-e', '-q', '-f', '%k|%s\\n'], { encoding: 'utf8', timeout: 15000 });
    assert.equal(kcat.trim(), 'order-1|{"id":1,"total":9.5}');
  });

  it('peeks the last N, from an offset and since a time, per partition', async () => {
    for (let i = 0; i < 6; i++) await service.produce('peeked', { key: `k${i}`, value: `m${i}`, partition: 0 });
    const last = await cli('kafka', 'peek', 'peeked', '--brokers', B, '--partition', '0', '--max', '2', '--json');
    assert.deepEqual((JSON.parse(last.out) as { offset: number; value: string }[]).map((m) => [m.offset, m.value]), [[5, 'm4'], [6, 'm5']]);
    const fromOffset = await service.peek('peeked', { partition: 0, from: { kind: 'offset', offset: 3 }, max: 2 });
    assert.deepEqual(fromOffset.map((m) => m.value.text), ['m2', 'm3']);
    const future = await cli('kafka', 'peek', 'peeked', '--brokers', B, '--since', new Date(Date.now() + 3600_000).toISOString(), '--json');
    assert.deepEqual(JSON.parse(future.out), []);
  });

  it('peek uses no consumer group and commits nothing (checked on the wire and with OffsetFetch)', async () => {
    const counter: RequestCounter = { count: 0, byApi: new Map() };
    const watched = KafkaService.fromKafka(kafka, { brokers: B.split(','), operationTimeoutMs: 15000 }, counter);
    try {
      const msgs = await watched.peek('peeked', { from: { kind: 'beginning' }, max: 100 });
      assert.ok(msgs.length >= 2);
    } finally {
      await watched.close();
    }
    const apis = [...counter.byApi.keys()].sort();
    for (const groupApi of ['GroupCoordinator', 'JoinGroup', 'SyncGroup', 'Heartbeat', 'OffsetCommit', 'OffsetFetch', 'LeaveGroup']) {
      assert.ok(!apis.includes(groupApi), `peek sent ${groupApi}; APIs used: ${apis.join(', ')}`);
    }
    assert.ok(apis.includes('Fetch'));
    // No group of any name the client could have used has offsets for the topic.
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const groupId of ['flowscope', 'flowscope-itest', 'flowscope-cli', '']) {
        if (!groupId) continue;
        const offsets = await admin.fetchOffsets({ groupId, topics: ['peeked'] });
        assert.ok(offsets.every((t) => t.partitions.every((p) => p.offset === '-1')), `group ${groupId} has committed offsets`);
      }
    } finally {
      await admin.disconnect();
    }
  });

  describe('consumer-group lag', () => {
    before(async function () {
      // orders: 10 messages on p0, 4 on p1, none on p2; a real group commits offset 6 on p0 only.
      for (let i = 0; i < 10; i++) await service.produce('orders', { key: `a${i}`, value: `x${i}`, partition: 0 });
      for (let i = 0; i < 4; i++) await service.produce('orders', { key: `b${i}`, value: `y${i}`, partition: 1 });
      const consumer = kafka.consumer({ groupId: 'billing', sessionTimeout: 6000, heartbeatInterval: 500 });
      await consumer.connect();
      await consumer.subscribe({ topic: 'orders', fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('consumer did not reach offset 5 of orders/0')), 30000);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              if (partition === 0 && message.offset === '5') {
                await consumer.commitOffsets([{ topic: 'orders', partition: 0, offset: '6' }]);
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
      await consumer.disconnect();
    });

    it('describes the group like kafka-consumer-groups: lag where committed, "-" where not', async () => {
      const r = await cli('kafka', 'describe-group', 'billing', '--brokers', B);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG\s+CONSUMER-ID\s+HOST\s+CLIENT-ID$/m);
      assert.match(r.out, /^billing\s+orders\s+0\s+6\s+10\s+4\s+-\s+-\s+-$/m);
      assert.match(r.out, /^billing\s+orders\s+1\s+-\s+4\s+-\s+-\s+-\s+-$/m);
      assert.match(r.out, /^billing\s+orders\s+2\s+-\s+0\s+-\s+-\s+-\s+-$/m);
      assert.match(r.out, /TOTAL-LAG 4/);
      // The mock cannot describe groups: said in words on stderr, offsets still there.
      assert.match(r.err, /warning: the broker does not support DescribeGroups/);
    });

    it('prints the describe-group JSON contract with null for unknown values', async () => {
      const r = await cli('kafka', 'describe-group', 'billing', '--brokers', B, '--json');
      assert.equal(r.code, 0, r.err);
      const d = JSON.parse(r.out) as { group: string; state: string; members: unknown[]; totalLag: number; partitions: Record<string, unknown>[] };
      assert.equal(d.group, 'billing');
      assert.equal(d.state, 'unknown');
      assert.equal(d.totalLag, 4);
      assert.deepEqual(d.partitions[0], { topic: 'orders', partition: 0, currentOffset: 6, logEndOffset: 10, lag: 4, consumerId: null, host: null, clientId: null });
      assert.equal(d.partitions[1].currentOffset, null);
      assert.equal(d.partitions[1].lag, null);
    });

    it('prints a dry-run reset table and changes nothing', async () => {
      const r = await cli('kafka', 'reset-offsets', 'billing', '--topic', 'orders', '--shift-by', '-10', '--brokers', B);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+NEW-OFFSET$/m);
      assert.match(r.out, /^billing\s+orders\s+0\s+6\s+0$/m, 'shift clamped to the low watermark');
      assert.match(r.out, /^billing\s+orders\s+1\s+-\s+0$/m);
      assert.match(r.err, /Dry run: nothing was changed/);
      const after = await service.describeGroup('billing');
      assert.equal(after.partitions[0].currentOffset, 6);
      assert.equal(after.partitions[1].currentOffset, null);
    });

    it('executes a reset for a group without members, visible to kafkajs admin.fetchOffsets', async () => {
      const first = await cli('kafka', 'reset-offsets', 'ops-replay', '--topic', 'orders', '--to-offset', '2', '--execute', '--brokers', B, '--json');
      assert.equal(first.code, 0, first.err);
      const plan = JSON.parse(first.out) as { executed: boolean; partitions: { partition: number; currentOffset: number | null; newOffset: number }[] };
      assert.equal(plan.executed, true);
      assert.deepEqual(plan.partitions.map((p) => [p.partition, p.currentOffset, p.newOffset]), [[0, null, 2], [1, null, 2], [2, null, 0]]);
      const shifted = await cli('kafka', 'reset-offsets', 'ops-replay', '--topic', 'orders', '--shift-by', '3', '--partitions', '0,1', '--execute', '--brokers', B);
      assert.equal(shifted.code, 0, shifted.err);
      assert.match(shifted.out, /^ops-replay\s+orders\s+0\s+2\s+5$/m);
      assert.match(shifted.out, /^ops-replay\s+orders\s+1\s+2\s+4$/m, 'clamped to the log end');
      const admin = kafka.admin();
      await admin.connect();
      try {
        const [t] = await admin.fetchOffsets({ groupId: 'ops-replay', topics: ['orders'] });
        assert.deepEqual(t.partitions.map((p) => [p.partition, p.offset]).sort(), [[0, '5'], [1, '4'], [2, '0']]);
      } finally {
        await admin.disconnect();
      }
      assert.equal((await service.describeGroup('ops-replay')).totalLag, 5);
    });

    it('refuses to execute when the broker rejects a commit from outside the group, with exit 1 and the reason', async () => {
      // The mock cannot describe groups, so the broker's answer to the commit is the check; it rejects
      // commits from outside a group that has had members.
      const r = await cli('kafka', 'reset-offsets', 'billing', '--topic', 'orders', '--to-earliest', '--execute', '--brokers', B);
      assert.equal(r.code, 1);
      assert.match(r.err, /refused to commit offsets for group billing from outside the group \(UNKNOWN_MEMBER_ID\): the group has active members; stop its consumers/);
      assert.equal((await service.describeGroup('billing')).partitions[0].currentOffset, 6, 'nothing changed');
    });

    it('says group listing is unsupported by the mock, with exit 1', async () => {
      const r = await cli('kafka', 'groups', '--brokers', B);
      assert.equal(r.code, 1);
      assert.match(r.err, /the broker does not support ListGroups/);
    });
  });

  it('names each admin API the mock lacks instead of kafkajs\'s "Broker 0 not found", and changes nothing', async () => {
    const tries: [string, () => Promise<unknown>][] = [
      ['CreateTopics', () => service.createTopic({ topic: 'created-by-test', partitions: 1, replicationFactor: 1 })],
      ['CreatePartitions', () => service.addPartitions('meta', 5)],
      ['DeleteTopics', () => service.deleteTopic('meta')],
      ['DescribeConfigs', () => service.describeConfigs('meta')],
      ['DeleteGroups', () => service.deleteGroup('billing')],
    ];
    for (const [api, f] of tries) await assert.rejects(f(), (e: Error) => e.message === `the broker does not support ${api}`, api);
    const { topics } = await service.topics();
    assert.equal(topics.find((t) => t.name === 'meta')?.partitions.length, 3);
    assert.equal(topics.some((t) => t.name === 'created-by-test'), false);
  });

  describe('faults', () => {
    it('a cluster going down mid-session gives an error in words within the deadline, and recovers', async () => {
      const s = KafkaService.fromKafka(kafka, { brokers: B.split(','), operationTimeoutMs: 10000 });
      try {
        assert.ok((await s.topics()).topics.some((t) => t.name === 'faults'));
        await mock.control('broker-down -1');
        const t0 = Date.now();
        await assert.rejects(s.topics(), (e: unknown) => {
          assert.ok(e instanceof KafkaUnreachableError || /did not finish within/.test((e as Error).message), String(e));
          assert.match((e as Error).message, /cannot connect|did not answer|did not finish|Connection/i);
          return true;
        });
        assert.ok(Date.now() - t0 < 12000, `failing took ${Date.now() - t0} ms`);
        await mock.control('broker-up -1');
        // Retry on the same service (what the tree's Retry action does).
        const again = await s.topics();
        assert.ok(again.topics.some((t) => t.name === 'faults'));
        assert.deepEqual(again.warnings, []);
      } finally {
        await mock.control('broker-up -1').catch(() => undefined);
        await s.close();
      }
    });

    it('with one broker down, the others\' partitions still show and the failing broker is named', async () => {
      const s = KafkaService.fromKafka(kafka, { brokers: B.split(','), operationTimeoutMs: 10000 });
      try {
        const before = await s.topics();
        const leaders = new Set(before.topics.flatMap((t) => t.partitions.map((p) => p.leader)));
        assert.ok(leaders.size > 1, 'the mock spreads leaders over brokers');
        await mock.control('broker-down 2');
        const partial = await s.topics();
        const parts = partial.topics.flatMap((t) => t.partitions);
        assert.ok(parts.filter((p) => p.leader !== 2).every((p) => p.high !== null), 'partitions led by live brokers keep their watermarks');
        assert.ok(parts.filter((p) => p.leader === 2).every((p) => p.high === null), 'partitions led by the down broker show unknown');
        assert.match(partial.warnings.join('\n'), /^broker 2 \(127\.0\.0\.1:\d+\) failed: .*(refused|connect|answer)/im);
        await mock.control('broker-up 2');
        const healed = await s.topics();
        assert.deepEqual(healed.warnings, []);
      } finally {
        await mock.control('broker-up -1').catch(() => undefined);
        await s.close();
      }
    });

    it('an injected request error shows its cause, and the next refresh works', async () => {
      const s = KafkaService.fromKafka(kafka, { brokers: B.split(','), operationTimeoutMs: 10000 });
      try {
        await s.topics();
        // Every ListOffsets (API key 2) fails with TOPIC_AUTHORIZATION_FAILED (29) until cleared.
        await mock.control('request-errors 2 29 1000');
        await assert.rejects(s.topics(), /not authorized/i);
        await mock.control('clear-errors 2');
        const ok = await s.topics();
        assert.ok(ok.topics.find((t) => t.name === 'meta')!.partitions.some((p) => p.high === 5));
      } finally {
        await mock.control('clear-errors 2').catch(() => undefined);
        await s.close();
      }
    });
  });
});

// The shared sandbox's sample groups were committed by scripts/sandbox.mjs with a real kafkajs consumer:
// an independent writer whose offsets describe-group must report exactly.
(realKafka ? describe.skip : describe)('kafka describe-group on the sandbox sample data', () => {
  it('reports the offsets the sample consumers committed, and their lag against the log end', async () => {
    const sb = sandbox();
    assert.ok(sb.sample, 'the root hooks start the sandbox with sample data');
    const groups = Object.entries(sb.sample.kafka.groups);
    assert.ok(groups.length > 0);
    for (const [group, { topic, committed }] of groups) {
      const r = await cli('kafka', 'describe-group', group, '--brokers', sb.kafkaBootstrap, '--json');
      assert.equal(r.code, 0, r.err);
      const d = JSON.parse(r.out) as { partitions: { topic: string; partition: number; currentOffset: number | null; logEndOffset: number; lag: number | null }[]; totalLag: number };
      const rows = d.partitions.filter((p) => p.topic === topic);
      for (const [partition, offset] of Object.entries(committed)) {
        const row = rows.find((p) => p.partition === Number(partition));
        assert.ok(row, `${group}: a row for ${topic}/${partition}`);
        assert.equal(row.currentOffset, offset);
        assert.equal(row.lag, row.logEndOffset - offset);
      }
      assert.equal(d.totalLag, d.partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0));
    }
  });
});

// Needs a real broker: the mock has no ListGroups or DescribeGroups.
(process.env.FLOWSCOPE_TEST_KAFKA ? describe : describe.skip)('kafka against a real broker (FLOWSCOPE_TEST_KAFKA)', function () {
  this.timeout(60000);
  const B = process.env.FLOWSCOPE_TEST_KAFKA ?? '';

  it('lists groups with state and total lag, and describes an empty group with its state', async () => {
    const r = await cli('kafka', 'groups', '--brokers', B, '--json');
    assert.equal(r.code, 0, r.err);
    const groups = JSON.parse(r.out) as { group: string; state: string; totalLag: number }[];
    assert.ok(Array.isArray(groups));
    for (const g of groups) assert.equal(typeof g.totalLag, 'number');
    if (groups.length > 0) {
      const d = await cli('kafka', 'describe-group', groups[0].group, '--brokers', B, '--json');
      assert.equal(d.code, 0, d.err);
      assert.notEqual((JSON.parse(d.out) as { state: string }).state, 'unknown');
      assert.doesNotMatch(d.err, /does not support/);
    }
  });
});
