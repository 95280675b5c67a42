import { AssignerProtocol, ConfigResourceTypes, Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import { KafkaRefusedError, KafkaUnsupportedApiError, toKafkaError } from './errors';

/**
 * The Kafka wire operations the core needs, each method being ONE request to ONE broker (except
 * produce, which goes through a kafkajs producer). Keeping this seam at request level is what lets the
 * services prove their request counts (unit tests stub it and count calls) and lets the lag code batch
 * by broker itself instead of trusting a library to.
 */
export interface KafkaTransport {
  /** One Metadata request; all topics when `topics` is omitted. */
  metadata(topics?: string[]): Promise<RawMetadata>;
  /** One ListOffsets request to `nodeId` for every listed partition. timestamp -2 = earliest, -1 = latest. */
  listOffsets(nodeId: number, query: OffsetQuery[]): Promise<RawOffset[]>;
  /** One FindCoordinator request; resolves to the coordinator's node id. */
  findCoordinator(groupId: string): Promise<number>;
  /** One OffsetFetch request to the coordinator; offset -1 means "nothing committed". */
  offsetFetch(nodeId: number, groupId: string, topics: { topic: string; partitions: number[] }[]): Promise<RawOffset[]>;
  /**
   * One OffsetFetch request for every partition the group has committed, whatever the topic; null
   * when the broker is too old for that form (OffsetFetch v3+), so the caller lists partitions itself.
   */
  offsetFetchAll(nodeId: number, groupId: string): Promise<RawOffset[] | null>;
  /** One OffsetCommit request outside any group generation (what kafka-consumer-groups --reset-offsets does). */
  offsetCommit(nodeId: number, groupId: string, topics: { topic: string; partitions: { partition: number; offset: number }[] }[]): Promise<void>;
  /** One DescribeGroups request to a coordinator. */
  describeGroups(nodeId: number, groupIds: string[]): Promise<RawGroup[]>;
  /** One ListGroups request to a broker (each broker lists the groups it coordinates). */
  listGroups(nodeId: number): Promise<{ groupId: string; protocolType: string }[]>;
  /** One Fetch request to a partition leader, with no group involved. */
  fetch(nodeId: number, partitions: { topic: string; partition: number; offset: number }[], opts: { maxBytes: number; maxWaitMs: number }): Promise<RawFetched[]>;
  produce(topic: string, messages: ProduceRecord[]): Promise<{ partition: number; offset: number }[]>;
  // Administration through the controller. Each first checks that the brokers implement the API and
  // throws KafkaUnsupportedApiError naming it otherwise (librdkafka's mock implements none of them).
  createTopic(spec: TopicSpec): Promise<void>;
  createPartitions(topic: string, totalCount: number): Promise<void>;
  deleteTopic(topic: string): Promise<void>;
  describeTopicConfigs(topic: string): Promise<RawConfigEntry[]>;
  deleteGroup(groupId: string): Promise<void>;
  close(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  configs: { name: string; value: string }[];
}

export interface RawConfigEntry {
  name: string;
  value: string | null;
  /** Where the value comes from: "topic", "broker default", "default" and the like. */
  source: string;
  sensitive: boolean;
  readOnly: boolean;
}

export interface RawMetadata {
  clusterId: string | null;
  controllerId: number | null;
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  topics: {
    name: string;
    internal: boolean;
    errorCode: number;
    partitions: { partition: number; leader: number; replicas: number[]; isr: number[]; offlineReplicas: number[]; errorCode: number }[];
  }[];
}

export interface OffsetQuery {
  topic: string;
  partitions: { partition: number; timestamp: number }[];
}

export interface RawOffset {
  topic: string;
  partition: number;
  offset: number;
}

export interface RawGroup {
  groupId: string;
  state: string;
  protocolType: string;
  errorCode: number;
  members: { memberId: string; clientId: string; clientHost: string; assignments: { topic: string; partitions: number[] }[] }[];
}

export interface RawRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

export interface RawFetched {
  topic: string;
  partition: number;
  highWatermark: number;
  records: RawRecord[];
}

export interface ProduceRecord {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
  partition?: number;
}

export const EARLIEST = -2;
export const LATEST = -1;

// ---- kafkajs implementation --------------------------------------------------------------------

/*
 * kafkajs's public Admin cannot batch across topics: fetchTopicOffsets takes one topic, fetchOffsets
 * resolves each topic's partitions with its own metadata refresh, describeGroups/setOffsets need
 * DescribeGroups (absent on the mock), and no public API fetches a partition without joining a group.
 * So we use kafkajs's internal Cluster/Broker objects, which are stable across 2.x and are what the
 * public Admin itself calls. The Cluster is created through the Kafka instance's own (symbol-keyed)
 * factory, so it carries exactly the connection settings (TLS, SASL, timeouts, retry) the caller gave
 * createKafka(). If a future kafkajs moves these internals we fail with a clear message, not undefined.
 */

interface KjsBroker {
  /** Filled by the ApiVersions handshake on connect: apiKey → supported versions. */
  versions?: Record<number, { minVersion: number; maxVersion: number }>;
  metadata(topics: string[]): Promise<KjsMetadata>;
  listOffsets(req: { isolationLevel: number; topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[] }): Promise<{
    responses: { topic: string; partitions: { partition: number; offset: string; errorCode: number }[] }[];
  }>;
  offsetFetch(req: { groupId: string; topics: { topic: string; partitions: { partition: number }[] }[] }): Promise<{
    responses: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }>;
  offsetCommit(req: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
  describeGroups(req: { groupIds: string[] }): Promise<{
    groups: { groupId: string; state: string; protocolType: string; errorCode: number; members: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }[] }[];
  }>;
  listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }>;
  fetch(req: {
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{
    responses: {
      topicName: string;
      partitions: {
        partition: number;
        highWatermark: string;
        messages: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[] | null>; isControlRecord?: boolean }[];
      }[];
    }[];
  }>;
}

interface KjsMetadata {
  clusterId?: string;
  controllerId?: number;
  brokers: { nodeId: number; host: string; port: number; rack?: string | null }[];
  topicMetadata: {
    topicErrorCode: number;
    topic: string;
    isInternal?: boolean;
    partitionMetadata: { partitionErrorCode: number; partitionId: number; leader: number; replicas: number[]; isr: number[]; offlineReplicas?: number[] }[];
  }[];
}

interface KjsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findBroker(q: { nodeId: number | string }): Promise<KjsBroker>;
  findGroupCoordinatorMetadata(q: { groupId: string }): Promise<{ coordinator: { nodeId: number } }>;
  brokerPool: { brokers: Record<string, unknown> };
}

/** Counts every request kafkajs puts on the wire (including metadata refreshes and retries). */
export interface RequestCounter {
  count: number;
  byApi: Map<string, number>;
}

const OFFSET_FETCH_API_KEY = 9;

/** Kafka API keys of the admin requests, named as the protocol (and our messages) name them. */
export const ADMIN_APIS = { CreateTopics: 19, DeleteTopics: 20, DescribeConfigs: 32, CreatePartitions: 37, DeleteGroups: 42 } as const;
export type AdminApi = keyof typeof ADMIN_APIS;

// kafkajs's configSource numbers (DescribeConfigs v1+), in words.
const CONFIG_SOURCES: Record<number, string> = { 1: 'topic', 2: 'dynamic broker', 3: 'dynamic default broker', 4: 'static broker', 5: 'default', 6: 'dynamic broker logger' };

// READ_COMMITTED: peek and watermarks should not show aborted transactional data.
const ISOLATION_READ_COMMITTED = 1;

function createInternalCluster(kafka: Kafka, counter?: RequestCounter): KjsCluster {
  const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory = sym ? (kafka as unknown as Record<symbol, unknown>)[sym] : undefined;
  if (typeof factory !== 'function') {
    throw new Error('this version of kafkajs does not expose the cluster factory Flowscope needs (tested with kafkajs 2.2.x)');
  }
  // kafkajs only calls emit() on this object; a plain counter avoids depending on its emitter class.
  const instrumentationEmitter = counter
    ? {
        emit(eventName: string, payload: { payload?: { apiName?: string } } | undefined) {
          if (eventName !== 'network.request') return;
          counter.count++;
          const api = (payload as { apiName?: string } | undefined)?.apiName ?? 'unknown';
          counter.byApi.set(api, (counter.byApi.get(api) ?? 0) + 1);
        },
      }
    : null;
  return (factory as (o: object) => KjsCluster)({ metadataMaxAge: 300000, allowAutoTopicCreation: false, instrumentationEmitter });
}

export class KafkajsTransport implements KafkaTransport {
  private connected: Promise<void> | undefined;
  private producer: Producer | undefined;
  private admin: Admin | undefined;

  private constructor(
    private readonly kafka: Kafka,
    private readonly cluster: KjsCluster,
  ) {}

  static create(kafka: Kafka, counter?: RequestCounter): KafkajsTransport {
    return new KafkajsTransport(kafka, createInternalCluster(kafka, counter));
  }

  private async ready(): Promise<void> {
    // The first connection also loads broker addresses, without which findBroker() cannot resolve node ids.
    this.connected ??= (async () => {
      await this.cluster.connect();
      await this.cluster.refreshMetadata();
    })();
    try {
      await this.connected;
    } catch (e) {
      this.connected = undefined; // let a later call (Retry in the tree) try again
      throw e;
    }
  }

  private async broker(nodeId: number): Promise<KjsBroker> {
    await this.ready();
    return this.cluster.findBroker({ nodeId });
  }

  /**
   * Runs `fn` on the first broker that answers, starting at a random one. kafkajs's own brokerPool.withBroker
   * gives up when the broker it picks first is down (it connects outside its retry), so one dead broker
   * would fail the whole listing.
   */
  private async anyBroker<T>(fn: (broker: KjsBroker) => Promise<T>): Promise<T> {
    await this.ready();
    const ids = Object.keys(this.cluster.brokerPool.brokers);
    if (ids.length === 0) throw new Error('no brokers known for this cluster');
    const first = Math.floor(Math.random() * ids.length);
    let last: unknown;
    for (let i = 0; i < ids.length; i++) {
      try {
        return await fn(await this.cluster.findBroker({ nodeId: ids[(first + i) % ids.length] }));
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }

  async metadata(topics?: string[]): Promise<RawMetadata> {
    // kafkajs encodes an empty topic list as null, which Kafka reads as "all topics".
    const m = await this.anyBroker((broker) => broker.metadata(topics ?? []));
    return {
      clusterId: m.clusterId ?? null,
      controllerId: m.controllerId ?? null,
      brokers: m.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null })),
      topics: m.topicMetadata.map((t) => ({
        name: t.topic,
        internal: Boolean(t.isInternal) || t.topic.startsWith('__'),
        errorCode: t.topicErrorCode,
        partitions: t.partitionMetadata.map((p) => ({
          partition: p.partitionId,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
          offlineReplicas: p.offlineReplicas ?? [],
          errorCode: p.partitionErrorCode,
        })),
      })),
    };
  }

  async listOffsets(nodeId: number, query: OffsetQuery[]): Promise<RawOffset[]> {
    const b = await this.broker(nodeId);
    const r = await b.listOffsets({ isolationLevel: ISOLATION_READ_COMMITTED, topics: query });
    return r.responses.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) })));
  }

  async findCoordinator(groupId: string): Promise<number> {
    await this.ready();
    const { coordinator } = await this.cluster.findGroupCoordinatorMetadata({ groupId });
    return coordinator.nodeId;
  }

  async offsetFetch(nodeId: number, groupId: string, topics: { topic: string; partitions: number[] }[]): Promise<RawOffset[]> {
    const b = await this.broker(nodeId);
    const r = await b.offsetFetch({ groupId, topics: topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((partition) => ({ partition })) })) });
    return r.responses.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) })));
  }

  async offsetFetchAll(nodeId: number, groupId: string): Promise<RawOffset[] | null> {
    const b = await this.broker(nodeId);
    // kafkajs encodes an empty topic list as null from OffsetFetch v3 on, which Kafka reads as "all
    // committed topics"; below v3 it would mean "no topics". The version kafkajs will use is the lower
    // of its own maximum (4) and the broker's, known from the ApiVersions handshake.
    const max = b.versions?.[OFFSET_FETCH_API_KEY]?.maxVersion;
    if (max === undefined || Math.min(max, 4) < 3) return null;
    const r = await b.offsetFetch({ groupId, topics: [] });
    return r.responses.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) })));
  }

  async offsetCommit(nodeId: number, groupId: string, topics: { topic: string; partitions: { partition: number; offset: number }[] }[]): Promise<void> {
    const b = await this.broker(nodeId);
    // Generation -1 and no member id: a "simple" commit, which real brokers accept only for groups
    // without active members (they answer UNKNOWN_MEMBER_ID otherwise), the same rule the CLI enforces.
    await b.offsetCommit({
      groupId,
      groupGenerationId: -1,
      memberId: '',
      topics: topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p.partition, offset: String(p.offset) })) })),
    });
  }

  async describeGroups(nodeId: number, groupIds: string[]): Promise<RawGroup[]> {
    const b = await this.broker(nodeId);
    const r = await b.describeGroups({ groupIds });
    return r.groups.map((g) => ({
      groupId: g.groupId,
      state: g.state,
      protocolType: g.protocolType,
      errorCode: g.errorCode,
      members: g.members.map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignments: decodeAssignment(g.protocolType, m.memberAssignment),
      })),
    }));
  }

  async listGroups(nodeId: number): Promise<{ groupId: string; protocolType: string }[]> {
    const b = await this.broker(nodeId);
    const r = await b.listGroups();
    return r.groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType }));
  }

  async fetch(nodeId: number, partitions: { topic: string; partition: number; offset: number }[], opts: { maxBytes: number; maxWaitMs: number }): Promise<RawFetched[]> {
    const b = await this.broker(nodeId);
    const byTopic = new Map<string, { partition: number; fetchOffset: string; maxBytes: number }[]>();
    for (const p of partitions) {
      const list = byTopic.get(p.topic) ?? [];
      list.push({ partition: p.partition, fetchOffset: String(p.offset), maxBytes: opts.maxBytes });
      byTopic.set(p.topic, list);
    }
    const r = await b.fetch({
      isolationLevel: ISOLATION_READ_COMMITTED,
      maxWaitTime: opts.maxWaitMs,
      minBytes: 1,
      maxBytes: opts.maxBytes,
      topics: [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps })),
    });
    return r.responses.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.topicName,
        partition: p.partition,
        highWatermark: Number(p.highWatermark),
        records: p.messages
          .filter((m) => !m.isControlRecord)
          .map((m) => ({
            offset: Number(m.offset),
            timestamp: Number(m.timestamp),
            key: m.key ?? null,
            value: m.value ?? null,
            headers: Object.entries(m.headers ?? {}).flatMap(([key, v]) =>
              (Array.isArray(v) ? v : [v]).map((value) => ({ key, value: value ?? null })),
            ),
          })),
      })),
    );
  }

  async produce(topic: string, messages: ProduceRecord[]): Promise<{ partition: number; offset: number }[]> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    const meta = await this.producer.send({
      topic,
      messages: messages.map((m) => ({ key: m.key ?? null, value: m.value, headers: m.headers, partition: m.partition })),
    });
    // kafkajs reports one entry per partition written with its base offset; callers producing one
    // message get that message's offset.
    return meta.map((m) => ({ partition: m.partition, offset: Number(m.baseOffset ?? m.offset ?? -1) }));
  }

  /**
   * The admin client, after checking the bootstrap broker's ApiVersions for `api`: without the check
   * kafkajs fails on the mock with "Broker 0 not found in the cached metadata", which tells nobody anything.
   */
  private async adminFor(api: AdminApi): Promise<Admin> {
    const versions = await this.anyBroker(async (broker) => broker.versions);
    if (!versions?.[ADMIN_APIS[api]]) throw new KafkaUnsupportedApiError(api);
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  async createTopic(spec: TopicSpec): Promise<void> {
    const admin = await this.adminFor('CreateTopics');
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: spec.topic, numPartitions: spec.partitions, replicationFactor: spec.replicationFactor, configEntries: spec.configs }],
    });
    if (!created) throw new KafkaRefusedError(`topic ${spec.topic} already exists`);
  }

  async createPartitions(topic: string, totalCount: number): Promise<void> {
    const admin = await this.adminFor('CreatePartitions');
    await admin.createPartitions({ topicPartitions: [{ topic, count: totalCount }] });
  }

  async deleteTopic(topic: string): Promise<void> {
    const admin = await this.adminFor('DeleteTopics');
    await admin.deleteTopics({ topics: [topic] });
  }

  async describeTopicConfigs(topic: string): Promise<RawConfigEntry[]> {
    const admin = await this.adminFor('DescribeConfigs');
    const r = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
    return (r.resources[0]?.configEntries ?? [])
      .map((e) => {
        const src = (e as { configSource?: number }).configSource;
        return {
          name: e.configName,
          value: e.configValue ?? null,
          source: src !== undefined ? (CONFIG_SOURCES[src] ?? 'unknown') : e.isDefault ? 'default' : 'topic',
          sensitive: e.isSensitive,
          readOnly: e.readOnly,
        };
      })
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async deleteGroup(groupId: string): Promise<void> {
    const admin = await this.adminFor('DeleteGroups');
    try {
      await admin.deleteGroups([groupId]);
    } catch (e) {
      const inner = (e as { groups?: { error?: { type?: string } }[] }).groups?.[0]?.error?.type;
      if (inner === 'NON_EMPTY_GROUP') throw new KafkaRefusedError(`group ${groupId} still has active members; stop its consumers before deleting it`);
      if (inner === 'GROUP_ID_NOT_FOUND') throw new KafkaRefusedError(`group ${groupId} does not exist`);
      throw e;
    }
  }

  async close(): Promise<void> {
    const p = this.producer;
    const a = this.admin;
    this.producer = undefined;
    this.admin = undefined;
    await Promise.allSettled([p?.disconnect(), a?.disconnect(), this.cluster.disconnect()]);
  }
}

function decodeAssignment(protocolType: string, buf: Buffer | null | undefined): { topic: string; partitions: number[] }[] {
  // Only the "consumer" protocol has the assignment layout; Connect and others use their own.
  if (protocolType !== 'consumer' || !buf || buf.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buf);
    return decoded ? Object.entries(decoded.assignment).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) })) : [];
  } catch {
    return [];
  }
}

/** Runs a transport call and converts kafkajs failures to Flowscope's typed errors. */
export async function wire<T>(p: Promise<T>, brokers?: string[]): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw toKafkaError(e, brokers);
  }
}
