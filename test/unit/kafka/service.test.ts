import * as assert from 'node:assert/strict';
import { KafkaRefusedError, KafkaUnsupportedApiError } from '../../../src/core/kafka/errors';
import { KafkaService } from '../../../src/core/kafka/service';
import { FakeCluster } from './fakeCluster';

const svc = (c: FakeCluster) => new KafkaService(c, { brokers: ['fake:9092'], operationTimeoutMs: 5000 });

describe('kafka core: consumer-group lag', () => {
  it('computes per-partition lag as log-end minus committed, and "-" (null) where nothing is committed', async () => {
    const c = new FakeCluster().addTopic('orders', 3, 10).commit('billing', 'orders', 0, 4).commit('billing', 'orders', 2, 10);
    const d = await svc(c).describeGroup('billing');
    const rows = d.partitions.map((r) => [r.partition, r.currentOffset, r.logEndOffset, r.lag]);
    assert.deepEqual(rows, [
      [0, 4, 10, 6],
      [1, null, 10, null],
      [2, 10, 10, 0],
    ]);
    assert.equal(d.totalLag, 6, 'an uncommitted partition adds nothing to the total rather than a guess');
  });

  it('names the consuming member of each partition from the group assignment', async () => {
    const c = new FakeCluster().addTopic('orders', 2, 5).commit('billing', 'orders', 0, 5);
    c.groups.set('billing', {
      groupId: 'billing',
      state: 'Stable',
      protocolType: 'consumer',
      errorCode: 0,
      members: [{ memberId: 'm-1', clientId: 'billing-app', clientHost: '/10.0.0.7', assignments: [{ topic: 'orders', partitions: [1] }] }],
    });
    const d = await svc(c).describeGroup('billing');
    assert.equal(d.state, 'Stable');
    assert.deepEqual(d.partitions.map((r) => [r.partition, r.consumerId, r.host, r.clientId]), [
      [0, null, null, null],
      [1, 'm-1', '/10.0.0.7', 'billing-app'],
    ]);
    // Partition 1 is assigned but never committed: shown, with unknown lag.
    assert.equal(d.partitions[1].lag, null);
  });

  it('still reports offsets and lag with state "unknown" when the broker lacks DescribeGroups', async () => {
    const c = new FakeCluster().addTopic('orders', 2, 8).commit('billing', 'orders', 1, 3);
    c.describeUnsupported = true;
    const d = await svc(c).describeGroup('billing');
    assert.equal(d.state, 'unknown');
    assert.equal(d.totalLag, 5);
    assert.match(d.warnings.join('\n'), /the broker does not support DescribeGroups/);
  });

  it('says in words that group listing is unsupported instead of returning an empty list', async () => {
    const c = new FakeCluster().addTopic('orders', 1, 1);
    c.listUnsupported = true;
    await assert.rejects(svc(c).listGroups(), (e: unknown) => e instanceof KafkaUnsupportedApiError && e.message === 'the broker does not support ListGroups');
  });

  it('computes lag for many groups in requests that grow with brokers plus groups, not groups × topics', async () => {
    const c = new FakeCluster();
    for (let t = 0; t < 200; t++) c.addTopic(`topic-${t}`, 3, 20);
    const groups = Array.from({ length: 30 }, (_, g) => `group-${g}`);
    groups.forEach((g, i) => {
      for (let t = i; t < 200; t += 7) c.commit(g, `topic-${t}`, t % 3, 5);
    });
    const result = await svc(c).lagForGroups(groups);
    assert.equal(result.length, 30);
    assert.equal(result[0].totalLag, result[0].partitions.reduce((s, r) => s + (r.lag ?? 0), 0));
    // 1 metadata + per group (FindCoordinator + OffsetFetch) + per coordinator DescribeGroups + per leader ListOffsets
    const brokers = c.brokerIds.length;
    assert.ok(c.totalCalls <= 1 + 2 * groups.length + 2 * brokers, `made ${c.totalCalls} requests: ${JSON.stringify([...c.calls])}`);
    assert.equal(c.calls.get('ListOffsets'), brokers, 'end offsets: one request per partition leader for all topics of all groups');
    assert.equal(c.calls.get('OffsetFetch'), groups.length, 'committed offsets: one request per group for all its topics');
  });

  it('falls back to listing every partition in the one OffsetFetch per group on brokers without the "all topics" form', async () => {
    const c = new FakeCluster().addTopic('a', 2, 4).addTopic('b', 1, 4).commit('g1', 'b', 0, 1);
    c.supportsOffsetFetchAll = false;
    const [g] = await svc(c).lagForGroups(['g1']);
    assert.deepEqual(g.partitions.map((r) => [r.topic, r.partition, r.lag]), [['b', 0, 3]]);
    assert.equal(c.calls.get('OffsetFetch'), 1);
  });

  it('learns that a broker ignores the "all topics" OffsetFetch (like the mock) and asks explicitly from then on', async () => {
    const c = new FakeCluster().addTopic('a', 2, 4).commit('g1', 'a', 1, 1).commit('g2', 'a', 0, 2);
    c.ignoresOffsetFetchAll = true;
    const s = svc(c);
    const first = await s.lagForGroups(['g1', 'g2']);
    assert.deepEqual(first.map((g) => g.totalLag), [3, 2], 'commits are found despite the empty all-topics answer');
    c.calls.clear();
    await s.lagForGroups(['g1', 'g2']);
    assert.equal(c.calls.get('OffsetFetch'), 2, 'one OffsetFetch per group once the broker is known');
  });

  it('reuses group coordinators on refresh, and looks one up again when a request to it fails', async () => {
    const c = new FakeCluster().addTopic('a', 2, 4).commit('g1', 'a', 0, 1);
    const s = svc(c);
    await s.lagForGroups(['g1']);
    c.calls.clear();
    await s.lagForGroups(['g1']);
    assert.equal(c.calls.get('FindCoordinator') ?? 0, 0);
    const original = c.offsetFetchAll.bind(c);
    let failOnce = true;
    c.offsetFetchAll = async (nodeId, groupId) => {
      if (failOnce) {
        failOnce = false;
        throw Object.assign(new Error('This is not the correct coordinator for this group'), { type: 'NOT_COORDINATOR_FOR_GROUP' });
      }
      return original(nodeId, groupId);
    };
    const [g] = await s.lagForGroups(['g1']);
    assert.equal(g.totalLag, 3);
    assert.equal(c.calls.get('FindCoordinator'), 1);
  });

  it('lists groups first (one request per broker) when no group names are given', async () => {
    const c = new FakeCluster().addTopic('a', 2, 4).commit('g1', 'a', 0, 1).commit('g2', 'a', 1, 4);
    const result = await svc(c).lagForGroups();
    assert.deepEqual(result.map((g) => [g.group, g.totalLag]), [['g1', 3], ['g2', 0]]);
    assert.equal(c.calls.get('ListGroups'), c.brokerIds.length);
  });
});

describe('kafka core: topics', () => {
  it('reports watermarks, a message-count estimate and replication warnings per topic', async () => {
    const c = new FakeCluster().addTopic('orders', 2, 10, 4).addTopic('__consumer_offsets', 1, 0);
    c.topics.get('orders')![1].isr = [1];
    const { topics, warnings } = await svc(c).topics();
    assert.deepEqual(warnings, []);
    assert.deepEqual(topics.map((t) => t.name), ['orders'], 'internal topics are hidden unless asked for');
    const [orders] = topics;
    assert.deepEqual(orders.partitions.map((p) => [p.partition, p.low, p.high, p.underReplicated]), [
      [0, 4, 14, false],
      [1, 4, 14, true],
    ]);
    assert.equal(orders.messageCountEstimate, 20);
    assert.equal(orders.replicationFactor, 3);
    assert.equal(orders.underReplicated, true);
    assert.equal(c.calls.get('ListOffsets'), 4, 'low and high watermarks: one request each per leader');
    assert.equal((await svc(c).topics({ includeInternal: true })).topics.length, 2);
  });

  it('still shows what the other brokers answered when one broker is down, and names it', async () => {
    const c = new FakeCluster().addTopic('orders', 3, 5).commit('billing', 'orders', 0, 1).commit('billing', 'orders', 1, 1);
    c.downBrokers.add(2);
    const { topics, warnings } = await svc(c).topics();
    assert.deepEqual(topics[0].partitions.map((p) => [p.partition, p.leader, p.high]), [[0, 1, 5], [1, 2, null], [2, 3, 5]]);
    assert.equal(topics[0].messageCountEstimate, null, 'no estimate from incomplete data');
    assert.match(warnings.join('\n'), /^broker 2 \(localhost:9002\) failed: cannot connect to broker localhost:9002 .*connection refused; watermarks of the partitions it leads are unknown$/);
    const d = await svc(c).describeGroup('billing');
    assert.deepEqual(d.partitions.map((r) => r.lag), [4, null, null]);
    assert.match(d.warnings.join('\n'), /broker 2 .* log-end offsets and lag of the partitions it leads are unknown/);
  });

  it('fails as a whole, in words, when no broker answers', async () => {
    const c = new FakeCluster().addTopic('orders', 3, 5);
    for (const b of c.brokerIds) c.downBrokers.add(b);
    await assert.rejects(svc(c).topics(), /cannot connect to broker localhost:900\d of the Kafka cluster \(fake:9092\): connection refused/);
  });
});

describe('kafka core: offset reset', () => {
  it('plans current → new offsets without committing anything (dry run)', async () => {
    const c = new FakeCluster().addTopic('orders', 2, 10, 2).commit('billing', 'orders', 0, 7);
    const plan = await svc(c).planReset('billing', 'orders', { kind: 'shift', by: -3 });
    assert.deepEqual(plan.rows.map((r) => [r.partition, r.currentOffset, r.newOffset]), [
      [0, 7, 4],
      [1, null, 9], // nothing committed: shifted from the log end, like auto.offset.reset=latest
    ]);
    assert.equal(plan.executed, false);
    assert.equal(c.calls.get('OffsetCommit') ?? 0, 0);
  });

  it('resets to a date-time: the first offset at or after it, or the log end when nothing is that new', async () => {
    const c = new FakeCluster().addTopic('orders', 1, 10);
    const at = c.topics.get('orders')![0].records[6].timestamp;
    const plan = await svc(c).planReset('billing', 'orders', { kind: 'datetime', timestamp: at });
    assert.equal(plan.rows[0].newOffset, 6);
    const future = await svc(c).planReset('billing', 'orders', { kind: 'datetime', timestamp: at + 1e9 });
    assert.equal(future.rows[0].newOffset, 10);
  });

  it('executes by committing the planned offsets for an empty group', async () => {
    const c = new FakeCluster().addTopic('orders', 2, 10).commit('billing', 'orders', 0, 1);
    c.groups.set('billing', { groupId: 'billing', state: 'Empty', protocolType: 'consumer', errorCode: 0, members: [] });
    const r = await svc(c).executeReset('billing', 'orders', { kind: 'latest' });
    assert.equal(r.executed, true);
    assert.deepEqual(c.commits.map((x) => [x.partition, x.offset]), [[0, 10], [1, 10]]);
    assert.equal((await svc(c).describeGroup('billing')).totalLag, 0);
  });

  it('refuses to execute while the group has active members, and says why', async () => {
    const c = new FakeCluster().addTopic('orders', 1, 10);
    c.groups.set('billing', {
      groupId: 'billing',
      state: 'Stable',
      protocolType: 'consumer',
      errorCode: 0,
      members: [{ memberId: 'm', clientId: 'c', clientHost: 'h', assignments: [] }],
    });
    await assert.rejects(svc(c).executeReset('billing', 'orders', { kind: 'earliest' }), (e: unknown) =>
      e instanceof KafkaRefusedError && /has 1 active member \(state Stable\); stop its consumers/.test(e.message),
    );
    assert.equal(c.commits.length, 0);
  });

  it('turns the broker rejecting a commit to a live group into the same refusal when DescribeGroups is missing', async () => {
    const c = new FakeCluster().addTopic('orders', 1, 10);
    c.describeUnsupported = true;
    c.commitError = { type: 'UNKNOWN_MEMBER_ID' };
    await assert.rejects(svc(c).executeReset('billing', 'orders', { kind: 'earliest' }), /refused to commit offsets for group billing from outside the group \(UNKNOWN_MEMBER_ID\): the group has active members/);
  });

  it('rejects an unknown topic or partition in words', async () => {
    const c = new FakeCluster().addTopic('orders', 2, 1);
    await assert.rejects(svc(c).planReset('g', 'nope', { kind: 'earliest' }), /topic nope does not exist/);
    await assert.rejects(svc(c).planReset('g', 'orders', { kind: 'earliest' }, [5]), /has no partition 5 \(it has 2\)/);
  });
});

describe('kafka core: peek', () => {
  it('reads from the beginning across partitions without any group call or commit', async () => {
    const c = new FakeCluster().addTopic('orders', 2, 5);
    const msgs = await svc(c).peek('orders', { from: { kind: 'beginning' }, max: 100 });
    assert.equal(msgs.length, 10);
    assert.deepEqual(msgs.filter((m) => m.partition === 1).map((m) => m.offset), [0, 1, 2, 3, 4]);
    for (const api of ['FindCoordinator', 'OffsetFetch', 'OffsetCommit', 'DescribeGroups']) assert.equal(c.calls.get(api) ?? 0, 0, `${api} must not be used by peek`);
  });

  it('reads the last N of a partition, skipping records the broker returns before the requested offset', async () => {
    const c = new FakeCluster().addTopic('orders', 2, 10);
    const msgs = await svc(c).peek('orders', { partition: 1, from: { kind: 'end', count: 3 }, max: 3 });
    assert.deepEqual(msgs.map((m) => [m.partition, m.offset, m.value.text]), [
      [1, 7, 'v1-7'],
      [1, 8, 'v1-8'],
      [1, 9, 'v1-9'],
    ]);
  });

  it('starts at an offset or a timestamp and stops at --max', async () => {
    const c = new FakeCluster().addTopic('orders', 1, 10);
    assert.deepEqual((await svc(c).peek('orders', { from: { kind: 'offset', offset: 6 }, max: 2 })).map((m) => m.offset), [6, 7]);
    const ts = c.topics.get('orders')![0].records[8].timestamp;
    assert.deepEqual((await svc(c).peek('orders', { from: { kind: 'timestamp', timestamp: ts }, max: 10 })).map((m) => m.offset), [8, 9]);
    assert.deepEqual(await svc(c).peek('orders', { from: { kind: 'timestamp', timestamp: ts + 1e9 }, max: 10 }), []);
  });

  it('says a mistyped topic does not exist without naming it in a Metadata request (which could create it)', async () => {
    const c = new FakeCluster().addTopic('orders', 1, 1);
    await assert.rejects(svc(c).peek('ordres', { from: { kind: 'beginning' }, max: 5 }), /topic ordres does not exist/);
    assert.deepEqual(c.namedInMetadata, []);
  });

  it('returns what was produced, decoded: key, JSON value, headers', async () => {
    const c = new FakeCluster().addTopic('orders', 3, 0);
    const s = svc(c);
    const at = await s.produce('orders', { key: 'o-1', value: '{"total":42}', headers: { source: 'test' }, partition: 2 });
    assert.deepEqual(at, { partition: 2, offset: 0 });
    const [m] = await s.peek('orders', { partition: 2, from: { kind: 'beginning' }, max: 10 });
    assert.equal(m.key.text, 'o-1');
    assert.equal(m.value.encoding, 'json');
    assert.equal(m.value.text, '{\n  "total": 42\n}');
    assert.deepEqual(m.headers.map((h) => [h.key, h.value.text]), [['source', 'test']]);
  });
});
