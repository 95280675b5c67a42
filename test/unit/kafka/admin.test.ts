import * as assert from 'node:assert/strict';
import { KafkaRefusedError, KafkaUnsupportedApiError } from '../../../src/core/kafka/errors';
import { brokerLabel, groupLabel, groupPartitionLabel, memberLabel, resetPlanText, topicDescription } from '../../../src/core/kafka/format';
import { KafkaService, topicNameProblem } from '../../../src/core/kafka/service';
import { FakeCluster } from './fakeCluster';

const svc = (c: FakeCluster) => new KafkaService(c, { brokers: ['fake:9092'], operationTimeoutMs: 5000 });

describe('kafka core: topic and group administration', () => {
  it('creates a topic with its partitions, replication factor and configs', async () => {
    const c = new FakeCluster();
    await svc(c).createTopic({ topic: 'events', partitions: 4, replicationFactor: 3, configs: { 'retention.ms': '60000' } });
    assert.deepEqual(c.created, [{ topic: 'events', partitions: 4, replicationFactor: 3, configs: [{ name: 'retention.ms', value: '60000' }] }]);
    assert.equal(c.topics.get('events')?.length, 4);
  });

  it('says "the broker does not support CreateTopics" where the broker lacks it (as the mock does)', async () => {
    const c = new FakeCluster();
    c.adminMissing.add('CreateTopics');
    await assert.rejects(svc(c).createTopic({ topic: 'events', partitions: 1, replicationFactor: 1 }), (e: Error) => e instanceof KafkaUnsupportedApiError && e.message === 'the broker does not support CreateTopics');
  });

  it('refuses bad names, counts and replication factors before asking the broker', async () => {
    const c = new FakeCluster().addTopic('orders', 2);
    const s = svc(c);
    await assert.rejects(s.createTopic({ topic: 'bad name!', partitions: 1, replicationFactor: 1 }), /may only contain letters, digits, '.', '_' and '-'; 'bad name!' contains ' ', '!'/);
    await assert.rejects(s.createTopic({ topic: 'x', partitions: 0, replicationFactor: 1 }), /at least 1 partition/);
    await assert.rejects(s.createTopic({ topic: 'x', partitions: 1, replicationFactor: 4 }), /replication factor 4 is more than the 3 brokers/);
    await assert.rejects(s.createTopic({ topic: 'orders', partitions: 1, replicationFactor: 1 }), /topic orders already exists/);
    assert.equal(c.calls.get('CreateTopics') ?? 0, 0);
    assert.equal(topicNameProblem('..'), "'..' cannot be a topic name");
  });

  it('only raises the partition count, and says why otherwise', async () => {
    const c = new FakeCluster().addTopic('orders', 3);
    const s = svc(c);
    await assert.rejects(s.addPartitions('orders', 3), /has 3 partitions; the new count must be larger \(Kafka cannot remove partitions\)/);
    assert.deepEqual(await s.addPartitions('orders', 5), { before: 3, after: 5 });
    assert.equal(c.topics.get('orders')?.length, 5);
  });

  it('deletes an existing topic and refuses an unknown one without a request', async () => {
    const c = new FakeCluster().addTopic('orders', 1);
    await assert.rejects(svc(c).deleteTopic('ordres'), (e: Error) => e instanceof KafkaRefusedError && /topic ordres does not exist/.test(e.message));
    assert.equal(c.calls.get('DeleteTopics') ?? 0, 0);
    await svc(c).deleteTopic('orders');
    assert.equal(c.topics.has('orders'), false);
  });

  it('reads topic configs and deletes groups, naming missing APIs', async () => {
    const c = new FakeCluster().addTopic('orders', 1).commit('billing', 'orders', 0, 0);
    c.topicConfigs.set('orders', [{ name: 'cleanup.policy', value: 'delete', source: 'default', sensitive: false, readOnly: false }]);
    assert.equal((await svc(c).describeConfigs('orders'))[0].value, 'delete');
    await svc(c).deleteGroup('billing');
    assert.deepEqual(c.deletedGroups, ['billing']);
    c.adminMissing.add('DeleteGroups');
    await assert.rejects(svc(c).deleteGroup('billing'), /the broker does not support DeleteGroups/);
  });
});

describe('kafka core: resetting a group over all its topics', () => {
  it('plans every topic the group has committed to, and commits them in one request', async () => {
    const c = new FakeCluster().addTopic('orders', 2, 10).addTopic('payments', 1, 8).addTopic('other', 1, 5);
    c.commit('billing', 'orders', 0, 4).commit('billing', 'orders', 1, 10).commit('billing', 'payments', 0, 2);
    const s = svc(c);
    const plan = await s.planGroupReset('billing', { kind: 'shift', by: -3 });
    assert.deepEqual(plan.topics, ['orders', 'payments']);
    assert.deepEqual(plan.rows.map((r) => [r.topic, r.partition, r.currentOffset, r.newOffset]), [
      ['orders', 0, 4, 1],
      ['orders', 1, 10, 7],
      ['payments', 0, 2, 0],
    ]);
    assert.equal(c.commits.length, 0, 'a dry run commits nothing');
    const before = c.calls.get('OffsetCommit') ?? 0;
    const done = await s.executeGroupReset('billing', { kind: 'shift', by: -3 });
    assert.equal(done.executed, true);
    assert.equal((c.calls.get('OffsetCommit') ?? 0) - before, 1);
    assert.deepEqual(c.commits.map((x) => [x.topic, x.partition, x.offset]), [['orders', 0, 1], ['orders', 1, 7], ['payments', 0, 0]]);
  });

  it('limits a one-topic reset to the chosen partitions', async () => {
    const c = new FakeCluster().addTopic('orders', 3, 10).commit('billing', 'orders', 0, 4);
    const plan = await svc(c).planGroupReset('billing', { kind: 'earliest' }, { topic: 'orders', partitions: [1, 2] });
    assert.deepEqual(plan.rows.map((r) => [r.partition, r.currentOffset, r.newOffset]), [[1, null, 0], [2, null, 0]]);
  });

  it('refuses "all topics" for a group with nothing committed, and refuses while members are active', async () => {
    const c = new FakeCluster().addTopic('orders', 1, 10);
    await assert.rejects(svc(c).planGroupReset('nobody', { kind: 'latest' }), /group nobody has no committed offsets on any topic; choose a topic/);
    c.commit('billing', 'orders', 0, 1);
    c.groups.set('billing', { groupId: 'billing', state: 'Stable', protocolType: 'consumer', errorCode: 0, members: [{ memberId: 'm', clientId: 'app', clientHost: '/h', assignments: [] }] });
    await assert.rejects(svc(c).executeGroupReset('billing', { kind: 'latest' }), /group billing has 1 active member \(state Stable\); stop its consumers/);
    assert.equal(c.commits.length, 0);
  });
});

describe('kafka core: text for the tree and documents', () => {
  it('puts the total lag in the group label, and "-" for uncommitted partitions', async () => {
    const c = new FakeCluster().addTopic('payments', 2, 10).commit('billing', 'payments', 0, 6);
    const [g] = await svc(c).lagForGroups(['billing']);
    assert.deepEqual(groupLabel(g), { label: 'billing · lag 4', description: 'Dead · 0 members · 1 uncommitted' });
    assert.deepEqual(groupPartitionLabel(g.partitions[1]), { label: 'payments/1 · lag -', description: 'current - · log-end 10 · no consumer' });
  });

  it('labels brokers with controller and rack, and members with their assignments', () => {
    assert.deepEqual(brokerLabel({ nodeId: 2, host: 'b2', port: 9092, rack: 'eu-west-1a', controller: true }), { label: '2 · b2:9092', description: 'controller · rack eu-west-1a' });
    assert.deepEqual(memberLabel({ memberId: 'm', clientId: 'billing-app', host: '/10.0.0.7', assignments: [{ topic: 'payments', partitions: [0, 2] }] }), {
      label: 'billing-app · /10.0.0.7',
      description: 'payments[0,2]',
    });
  });

  it('describes topics with partitions, RF, message estimate and replica trouble', async () => {
    const c = new FakeCluster().addTopic('orders', 2, 5);
    c.topics.get('orders')![1].isr = [1];
    const { topics } = await svc(c).topics();
    assert.equal(topicDescription(topics[0]), '2 partitions · RF 3 · ~10 messages · 1 under-replicated');
  });

  it('writes the dry-run table with current, new and the change, and says nothing changed', () => {
    const text = resetPlanText({ group: 'g', target: { kind: 'earliest' }, executed: false, warnings: [], rows: [{ topic: 't', partition: 0, currentOffset: 7, newOffset: 0 }, { topic: 't', partition: 1, currentOffset: null, newOffset: 0 }] }, ['t']);
    assert.match(text, /^DRY RUN: nothing has been changed\. Consumer group 'g', topic t, to the earliest offset\./);
    assert.ok(
      text.includes(['GROUP  TOPIC  PARTITION  CURRENT-OFFSET  NEW-OFFSET  CHANGE', 'g      t      0          7               0           -7', 'g      t      1          -               0           -'].join('\n')),
      text,
    );
    assert.match(text, /2 partitions: 7 messages will be read again, 0 skipped\./);
  });
});
