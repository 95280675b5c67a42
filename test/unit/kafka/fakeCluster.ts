import { KafkaUnsupportedApiError } from '../../../src/core/kafka/errors';
import type { AdminApi, KafkaTransport, OffsetQuery, ProduceRecord, RawConfigEntry, RawFetched, RawGroup, RawMetadata, RawOffset, RawRecord, TopicSpec } from '../../../src/core/kafka/transport';

/**
 * An in-memory cluster behind the transport seam, for unit tests of the core's own logic (lag math,
 * batching, reset planning, peek cursors). It counts every call, because each transport call is one
 * wire request, which is what the batching tests measure.
 */
export interface FakePartition {
  leader: number;
  low: number;
  records: RawRecord[]; // offsets low..high-1
  replicas?: number[];
  isr?: number[];
}

export class FakeCluster implements KafkaTransport {
  calls = new Map<string, number>();
  brokerIds = [1, 2, 3];
  topics = new Map<string, FakePartition[]>();
  committed = new Map<string, Map<string, number>>(); // group -> "topic/partition" -> offset
  groups = new Map<string, RawGroup>();
  describeUnsupported = false;
  /** Brokers whose ListOffsets requests fail as a refused connection would. */
  downBrokers = new Set<number>();
  listUnsupported = false;
  commitError: { type: string } | undefined;
  /** Topic names ever named in a Metadata request (naming one can auto-create it on real brokers). */
  namedInMetadata: string[] = [];
  commits: { group: string; topic: string; partition: number; offset: number }[] = [];

  private count(api: string) {
    this.calls.set(api, (this.calls.get(api) ?? 0) + 1);
  }

  get totalCalls(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }

  addTopic(name: string, partitions: number, messagesPerPartition = 0, low = 0): this {
    this.topics.set(
      name,
      Array.from({ length: partitions }, (_, p) => ({
        leader: this.brokerIds[p % this.brokerIds.length],
        low,
        records: Array.from({ length: messagesPerPartition }, (_, i) => ({
          offset: low + i,
          timestamp: 1_700_000_000_000 + (low + i) * 1000 + p,
          key: Buffer.from(`k${p}-${low + i}`),
          value: Buffer.from(`v${p}-${low + i}`),
          headers: [],
        })),
      })),
    );
    return this;
  }

  commit(group: string, topic: string, partition: number, offset: number): this {
    const m = this.committed.get(group) ?? new Map<string, number>();
    m.set(`${topic}/${partition}`, offset);
    this.committed.set(group, m);
    return this;
  }

  high(p: FakePartition): number {
    return p.low + p.records.length;
  }

  private unsupported(api: string): Error {
    return Object.assign(new Error('The Kafka server does not support the requested API version'), { name: 'KafkaJSServerDoesNotSupportApiKey', apiName: api });
  }

  async metadata(topics?: string[]): Promise<RawMetadata> {
    this.count('Metadata');
    this.namedInMetadata.push(...(topics ?? []));
    const names = topics ?? [...this.topics.keys()];
    return {
      clusterId: 'fake',
      controllerId: 1,
      brokers: this.brokerIds.map((nodeId) => ({ nodeId, host: 'localhost', port: 9000 + nodeId, rack: null })),
      topics: names.map((name) => {
        const ps = this.topics.get(name);
        return {
          name,
          internal: name.startsWith('__'),
          errorCode: ps ? 0 : 3,
          partitions: (ps ?? []).map((p, partition) => ({
            partition,
            leader: p.leader,
            replicas: p.replicas ?? this.brokerIds,
            isr: p.isr ?? this.brokerIds,
            offlineReplicas: [],
            errorCode: 0,
          })),
        };
      }),
    };
  }

  async listOffsets(nodeId: number, query: OffsetQuery[]): Promise<RawOffset[]> {
    this.count('ListOffsets');
    if (this.downBrokers.has(nodeId)) {
      throw Object.assign(new Error(`Connection error: connect ECONNREFUSED localhost:${9000 + nodeId}`), { name: 'KafkaJSConnectionError', code: 'ECONNREFUSED', broker: `localhost:${9000 + nodeId}` });
    }
    return query.flatMap((q) =>
      q.partitions.map(({ partition, timestamp }) => {
        const p = this.topics.get(q.topic)![partition];
        if (p.leader !== nodeId) throw new Error(`NOT_LEADER_FOR_PARTITION ${q.topic}/${partition} asked of ${nodeId}`);
        let offset: number;
        if (timestamp === -2) offset = p.low;
        else if (timestamp === -1) offset = this.high(p);
        else offset = p.records.find((r) => r.timestamp >= timestamp)?.offset ?? -1;
        return { topic: q.topic, partition, offset };
      }),
    );
  }

  async findCoordinator(groupId: string): Promise<number> {
    this.count('FindCoordinator');
    return this.brokerIds[[...groupId].reduce((a, c) => a + c.charCodeAt(0), 0) % this.brokerIds.length];
  }

  async offsetFetch(_nodeId: number, groupId: string, topics: { topic: string; partitions: number[] }[]): Promise<RawOffset[]> {
    this.count('OffsetFetch');
    const c = this.committed.get(groupId);
    return topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition, offset: c?.get(`${t.topic}/${partition}`) ?? -1 })));
  }

  /** Set false to act like a broker older than OffsetFetch v3 (no "all topics" form). */
  supportsOffsetFetchAll = true;
  /** Like librdkafka's mock: accepts the "all topics" form but answers it with nothing. */
  ignoresOffsetFetchAll = false;

  async offsetFetchAll(nodeId: number, groupId: string): Promise<RawOffset[] | null> {
    if (!this.supportsOffsetFetchAll) return null; // decided from ApiVersions: no request sent
    this.count('OffsetFetch');
    void nodeId;
    if (this.ignoresOffsetFetchAll) return [];
    return [...(this.committed.get(groupId) ?? new Map<string, number>())].map(([k, offset]) => {
      const [topic, partition] = k.split('/');
      return { topic, partition: Number(partition), offset };
    });
  }

  async offsetCommit(_nodeId: number, groupId: string, topics: { topic: string; partitions: { partition: number; offset: number }[] }[]): Promise<void> {
    this.count('OffsetCommit');
    if (this.commitError) throw Object.assign(new Error(this.commitError.type), this.commitError);
    for (const t of topics) for (const p of t.partitions) {
      this.commits.push({ group: groupId, topic: t.topic, partition: p.partition, offset: p.offset });
      this.commit(groupId, t.topic, p.partition, p.offset);
    }
  }

  async describeGroups(_nodeId: number, groupIds: string[]): Promise<RawGroup[]> {
    this.count('DescribeGroups');
    if (this.describeUnsupported) throw this.unsupported('DescribeGroups');
    return groupIds.map((g) => this.groups.get(g) ?? { groupId: g, state: 'Dead', protocolType: '', errorCode: 0, members: [] });
  }

  async listGroups(): Promise<{ groupId: string; protocolType: string }[]> {
    this.count('ListGroups');
    if (this.listUnsupported) throw this.unsupported('ListGroups');
    return [...new Set([...this.committed.keys(), ...this.groups.keys()])].map((groupId) => ({ groupId, protocolType: 'consumer' }));
  }

  async fetch(nodeId: number, partitions: { topic: string; partition: number; offset: number }[], opts: { maxBytes: number }): Promise<RawFetched[]> {
    this.count('Fetch');
    void opts;
    return partitions.map(({ topic, partition, offset }) => {
      const p = this.topics.get(topic)![partition];
      if (p.leader !== nodeId) throw new Error(`NOT_LEADER_FOR_PARTITION ${topic}/${partition}`);
      // Like a broker, answer from the start of the "batch" (here: 2 records earlier) and at most 3 records.
      const from = Math.max(p.low, offset - 2);
      return { topic, partition, highWatermark: this.high(p), records: p.records.filter((r) => r.offset >= from).slice(0, 3) };
    });
  }

  async produce(topic: string, messages: ProduceRecord[]): Promise<{ partition: number; offset: number }[]> {
    this.count('Produce');
    return messages.map((m) => {
      const partition = m.partition ?? 0;
      const p = this.topics.get(topic)![partition];
      const offset = this.high(p);
      const buf = (v: string | Buffer | null | undefined) => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v));
      p.records.push({ offset, timestamp: Date.now(), key: buf(m.key), value: buf(m.value), headers: Object.entries(m.headers ?? {}).map(([key, v]) => ({ key, value: Buffer.from(v) })) });
      return { partition, offset };
    });
  }

  /** Admin APIs this fake broker lacks (librdkafka's mock lacks all of them). */
  adminMissing = new Set<AdminApi>();
  created: TopicSpec[] = [];
  topicConfigs = new Map<string, RawConfigEntry[]>();
  deletedGroups: string[] = [];

  private admin(api: AdminApi): void {
    this.count(api);
    if (this.adminMissing.has(api)) throw new KafkaUnsupportedApiError(api);
  }

  async createTopic(spec: TopicSpec): Promise<void> {
    this.admin('CreateTopics');
    this.created.push(spec);
    this.addTopic(spec.topic, spec.partitions);
  }

  async createPartitions(topic: string, totalCount: number): Promise<void> {
    this.admin('CreatePartitions');
    const ps = this.topics.get(topic)!;
    while (ps.length < totalCount) ps.push({ leader: this.brokerIds[ps.length % this.brokerIds.length], low: 0, records: [] });
  }

  async deleteTopic(topic: string): Promise<void> {
    this.admin('DeleteTopics');
    this.topics.delete(topic);
  }

  async describeTopicConfigs(topic: string): Promise<RawConfigEntry[]> {
    this.admin('DescribeConfigs');
    return this.topicConfigs.get(topic) ?? [];
  }

  async deleteGroup(groupId: string): Promise<void> {
    this.admin('DeleteGroups');
    this.deletedGroups.push(groupId);
    this.committed.delete(groupId);
  }

  async close(): Promise<void> {}
}
