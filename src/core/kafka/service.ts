import type { Kafka } from 'kafkajs';
import { decodeBytes, type Decoded } from './decode';
import { KafkaRefusedError, KafkaUnsupportedApiError, toKafkaError, withDeadline } from './errors';
import { committedOrNull, partitionLag, sortRows, totalLag } from './lag';
import { planReset, type ResetPlanRow, type ResetTarget } from './reset';
import { EARLIEST, KafkajsTransport, LATEST, type KafkaTransport, type ProduceRecord, type RawConfigEntry, type RawGroup, type RawMetadata, type RequestCounter } from './transport';
import type { BrokerInfo, ClusterOverview, GroupDescription, GroupLagSummary, GroupListing, GroupMember, GroupPartitionLag, TopicInfo } from './types';

export interface KafkaServiceOptions {
  /** Bootstrap servers, used in error messages so the user sees which cluster failed. */
  brokers: string[];
  /** Upper bound for any one operation, retries included: nothing the UI or CLI awaits can hang. */
  operationTimeoutMs: number;
}

export type PeekFrom =
  | { kind: 'beginning' }
  | { kind: 'end'; count: number }
  | { kind: 'offset'; offset: number }
  | { kind: 'timestamp'; timestamp: number };

export interface PeekOptions {
  partition?: number;
  from: PeekFrom;
  /** Most messages returned in total. */
  max: number;
}

export interface PeekedMessage {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Decoded;
  value: Decoded;
  headers: { key: string; value: Decoded }[];
}

export interface ResetResult {
  group: string;
  target: ResetTarget;
  rows: ResetPlanRow[];
  executed: boolean;
  warnings: string[];
}

type TP = { topic: string; partition: number };
const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

// Group states in which nobody holds the partitions, so committing new offsets is safe.
const INACTIVE_STATES = new Set(['Empty', 'Dead']);
// What a real broker answers to a simple commit while the group has live members.
const ACTIVE_GROUP_ERRORS = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS']);

/**
 * Everything Flowscope does with one Kafka cluster, as plain data in and out. The CLI and the VS Code
 * tree both call this; errors are the typed ones from ./errors with messages meant for people.
 */
export class KafkaService {
  constructor(
    private readonly t: KafkaTransport,
    private readonly opts: KafkaServiceOptions,
  ) {}

  /** Wraps a kafkajs client (from createKafka) in a service; `counter` sees every wire request. */
  static fromKafka(kafka: Kafka, opts: KafkaServiceOptions, counter?: RequestCounter): KafkaService {
    return new KafkaService(KafkajsTransport.create(kafka, counter), opts);
  }

  async close(): Promise<void> {
    await this.t.close();
  }

  private async op<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await withDeadline(fn(), this.opts.operationTimeoutMs, what);
    } catch (e) {
      throw toKafkaError(e, this.opts.brokers);
    }
  }

  async overview(): Promise<ClusterOverview> {
    return this.op('reading the cluster overview', async () => {
      const m = await this.t.metadata();
      return { clusterId: m.clusterId, controllerId: m.controllerId, brokers: brokersOf(m) };
    });
  }

  /** Topics with partitions and watermarks; a broker that fails leaves its partitions' watermarks null and a warning. */
  async topics(opts: { includeInternal?: boolean; names?: string[] } = {}): Promise<{ topics: TopicInfo[]; warnings: string[] }> {
    return this.op('listing topics', async () => {
      // All topics, then filtered here: naming topics in the request could auto-create them (see topicPartitions).
      const m = await this.t.metadata();
      const topics = m.topics
        .filter((t) => t.errorCode === 0 || t.partitions.length > 0)
        .filter((t) => !opts.names || opts.names.includes(t.name))
        .filter((t) => opts.includeInternal || !t.internal)
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const all: TP[] = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
      const [lowR, highR] = await Promise.all([this.offsetsAtTolerant(m, all, EARLIEST), this.offsetsAtTolerant(m, all, LATEST)]);
      const low = lowR.offsets;
      const high = highR.offsets;
      const warnings = brokerWarnings(m, [...lowR.failures, ...highR.failures], 'watermarks of the partitions it leads are unknown');
      const infos = topics.map((t) => {
        const partitions = t.partitions
          .map((p) => {
            const offline = p.leader < 0;
            return {
              partition: p.partition,
              leader: p.leader,
              replicas: p.replicas,
              isr: p.isr,
              offlineReplicas: p.offlineReplicas,
              low: low.get(tpKey(t.name, p.partition)) ?? null,
              high: high.get(tpKey(t.name, p.partition)) ?? null,
              underReplicated: p.isr.length < p.replicas.length,
              offline,
            };
          })
          .sort((a, b) => a.partition - b.partition);
        const counts = partitions.map((p) => (p.low === null || p.high === null ? null : p.high - p.low));
        return {
          name: t.name,
          internal: t.internal,
          partitions,
          replicationFactor: partitions.reduce((max, p) => Math.max(max, p.replicas.length), 0),
          messageCountEstimate: counts.some((c) => c === null) ? null : counts.reduce<number>((s, c) => s + (c ?? 0), 0),
          underReplicated: partitions.some((p) => p.underReplicated),
          offline: partitions.some((p) => p.offline),
        };
      });
      return { topics: infos, warnings };
    });
  }

  /**
   * Offsets for many partitions at once: one ListOffsets request per partition leader, whatever the
   * number of topics. Partitions without a leader are left out (their offsets are unknown). A broker
   * that fails is reported in `failures` so views can show everything the other brokers answered.
   */
  private async offsetsAtTolerant(m: RawMetadata, tps: TP[], timestamp: number | ((tp: TP) => number)): Promise<{ offsets: Map<string, number>; failures: { nodeId: number; error: Error }[] }> {
    const leaders = leaderIndex(m);
    const byLeader = new Map<number, Map<string, { partition: number; timestamp: number }[]>>();
    for (const tp of tps) {
      const leader = leaders.get(tpKey(tp.topic, tp.partition));
      if (leader === undefined || leader < 0) continue;
      const topics = byLeader.get(leader) ?? new Map();
      const list = topics.get(tp.topic) ?? [];
      list.push({ partition: tp.partition, timestamp: typeof timestamp === 'function' ? timestamp(tp) : timestamp });
      topics.set(tp.topic, list);
      byLeader.set(leader, topics);
    }
    const leadersInOrder = [...byLeader.keys()];
    const settled = await Promise.allSettled(
      [...byLeader].map(([nodeId, topics]) => this.t.listOffsets(nodeId, [...topics].map(([topic, partitions]) => ({ topic, partitions })))),
    );
    const offsets = new Map<string, number>();
    const failures: { nodeId: number; error: Error }[] = [];
    settled.forEach((r, i) => {
      if (r.status === 'fulfilled') for (const o of r.value) offsets.set(tpKey(o.topic, o.partition), o.offset);
      else failures.push({ nodeId: leadersInOrder[i], error: toKafkaError(r.reason, this.opts.brokers) });
    });
    // Nothing answered: that is a failure of the whole operation, not a partial view.
    if (failures.length > 0 && failures.length === settled.length) throw failures[0].error;
    return { offsets, failures };
  }

  /** Like offsetsAtTolerant, but any failing broker fails the operation (plans and peeks need every offset). */
  private async offsetsAt(m: RawMetadata, tps: TP[], timestamp: number | ((tp: TP) => number)): Promise<Map<string, number>> {
    const { offsets, failures } = await this.offsetsAtTolerant(m, tps, timestamp);
    if (failures.length) throw failures[0].error;
    return offsets;
  }

  /**
   * Metadata for one topic, asked as "all topics" on purpose: naming a topic in a Metadata request makes
   * brokers with auto.create.topics.enable (older protocol versions, and the librdkafka mock always)
   * create it, and a read-only look must never create a topic by mistyping its name.
   */
  private async topicPartitions(topic: string): Promise<{ m: RawMetadata; all: number[] }> {
    const m = await this.t.metadata();
    const meta = m.topics.find((t) => t.name === topic);
    if (!meta || meta.partitions.length === 0) throw new KafkaRefusedError(`topic ${topic} does not exist`);
    return { m, all: meta.partitions.map((p) => p.partition).sort((a, b) => a - b) };
  }

  /** Lists groups on every broker (one ListGroups each). Throws KafkaUnsupportedApiError on the mock. */
  async listGroups(): Promise<GroupListing[]> {
    return this.op('listing consumer groups', async () => {
      const m = await this.t.metadata();
      const lists = await Promise.all(m.brokers.map((b) => this.t.listGroups(b.nodeId)));
      const seen = new Map<string, GroupListing>();
      for (const g of lists.flat()) seen.set(g.groupId, { group: g.groupId, protocolType: g.protocolType });
      return [...seen.values()].sort((a, b) => (a.group < b.group ? -1 : 1));
    });
  }

  async describeGroup(group: string): Promise<GroupDescription> {
    return this.op(`describing group ${group}`, async () => {
      const [d] = await this.computeLag([group]);
      return d;
    });
  }

  /**
   * Lag for many groups in 1 + 2·groups + 2·brokers requests at most: one metadata request, one
   * FindCoordinator and one OffsetFetch per group (covering all its topics at once), one DescribeGroups
   * per coordinator and one ListOffsets per partition leader for the union of all groups' partitions.
   * With `groups` omitted the groups are listed first (one ListGroups per broker).
   */
  async lagForGroups(groups?: string[]): Promise<GroupLagSummary[]> {
    return this.op('computing consumer-group lag', async () => {
      const names = groups ?? (await this.listGroupsRaw());
      const described = await this.computeLag(names);
      return described.map((d) => ({
        group: d.group,
        state: d.state,
        memberCount: d.state === 'unknown' ? null : d.members.length,
        members: d.members,
        totalLag: d.totalLag,
        partitions: d.partitions,
        warnings: d.warnings,
      }));
    });
  }

  private async listGroupsRaw(): Promise<string[]> {
    const m = await this.t.metadata();
    const lists = await Promise.all(m.brokers.map((b) => this.t.listGroups(b.nodeId)));
    return [...new Set(lists.flat().map((g) => g.groupId))].sort();
  }

  /**
   * Whether this cluster answers OffsetFetch's "all topics" form: learnt on first use. librdkafka's mock
   * accepts the request but answers it with nothing, so an empty answer is only trusted once the form
   * has been seen to work.
   */
  private allTopicsOffsetFetch: boolean | undefined;

  /**
   * Group coordinators rarely move, so a refresh reuses them instead of one FindCoordinator per group
   * each time; a request that fails drops the entry and looks it up again.
   */
  private readonly coordinators = new Map<string, number>();

  private async coordinator(group: string): Promise<number> {
    const known = this.coordinators.get(group);
    if (known !== undefined) return known;
    const nodeId = await this.t.findCoordinator(group);
    this.coordinators.set(group, nodeId);
    return nodeId;
  }

  private async committedOffsets(coordinator: number, group: string, everyPartition: { topic: string; partitions: number[] }[]) {
    if (this.allTopicsOffsetFetch !== false) {
      const all = await this.t.offsetFetchAll(coordinator, group);
      if (all === null) this.allTopicsOffsetFetch = false;
      else if (all.some((o) => o.offset >= 0)) {
        this.allTopicsOffsetFetch = true;
        return all;
      } else if (this.allTopicsOffsetFetch === true) return all; // the group really has committed nothing
    }
    const explicit = await this.t.offsetFetch(coordinator, group, everyPartition);
    // Commits exist but the all-topics form showed none: the broker ignores that form.
    if (explicit.some((o) => o.offset >= 0)) this.allTopicsOffsetFetch = false;
    return explicit;
  }

  private async computeLag(groups: string[]): Promise<GroupDescription[]> {
    if (groups.length === 0) return [];
    const m = await this.t.metadata();
    const topicParts = new Map(m.topics.filter((t) => !t.internal).map((t) => [t.name, t.partitions.map((p) => p.partition).sort((a, b) => a - b)]));
    const request = [...topicParts].map(([topic, partitions]) => ({ topic, partitions }));

    const coordinators = await Promise.all(groups.map((g) => this.coordinator(g)));
    // One OffsetFetch per group: "everything this group committed" where the broker supports it, else
    // every partition of the cluster listed in the one request. Either way the count is per group, not per topic.
    const committed = await Promise.all(
      groups.map(async (g, i) => {
        try {
          return await this.committedOffsets(coordinators[i], g, request);
        } catch (e) {
          // The coordinator may have moved since it was cached: look it up again, once.
          if (!this.coordinators.delete(g)) throw e;
          coordinators[i] = await this.coordinator(g);
          return this.committedOffsets(coordinators[i], g, request);
        }
      }),
    );

    const described = new Map<string, RawGroup>();
    const warnings: string[] = [];
    const byCoordinator = new Map<number, string[]>();
    groups.forEach((g, i) => byCoordinator.set(coordinators[i], [...(byCoordinator.get(coordinators[i]) ?? []), g]));
    try {
      const rs = await Promise.all([...byCoordinator].map(([nodeId, ids]) => this.t.describeGroups(nodeId, ids)));
      for (const g of rs.flat()) described.set(g.groupId, g);
    } catch (e) {
      const err = toKafkaError(e, this.opts.brokers);
      // Offsets and lag do not need DescribeGroups: report them with the state as unknown.
      if (!(err instanceof KafkaUnsupportedApiError)) throw err;
      warnings.push(`${err.message}: group state and members are unknown; offsets and lag are still shown`);
    }

    // A group's rows: every partition of each topic it has committed to or is assigned, so partitions
    // it never committed show as "-" instead of being silently missing.
    const perGroup = groups.map((g, i) => {
      const offsets = new Map<string, number>();
      const topics = new Set<string>();
      for (const o of committed[i]) {
        if (o.offset >= 0) {
          offsets.set(tpKey(o.topic, o.partition), o.offset);
          topics.add(o.topic);
        }
      }
      const d = described.get(g);
      for (const mem of d?.members ?? []) for (const a of mem.assignments) if (topicParts.has(a.topic)) topics.add(a.topic);
      return { group: g, offsets, topics, d };
    });

    const needed = new Map<string, TP>();
    for (const pg of perGroup) for (const topic of pg.topics) for (const partition of topicParts.get(topic) ?? []) needed.set(tpKey(topic, partition), { topic, partition });
    const endsR = await this.offsetsAtTolerant(m, [...needed.values()], LATEST);
    const ends = endsR.offsets;
    warnings.push(...brokerWarnings(m, endsR.failures, 'log-end offsets and lag of the partitions it leads are unknown'));

    return perGroup.map(({ group, offsets, topics, d }) => {
      const owner = new Map<string, GroupMember>();
      const members: GroupMember[] = (d?.members ?? []).map((mem) => ({ memberId: mem.memberId, clientId: mem.clientId, host: mem.clientHost, assignments: mem.assignments }));
      for (const mem of members) for (const a of mem.assignments) for (const p of a.partitions) owner.set(tpKey(a.topic, p), mem);
      const rows: GroupPartitionLag[] = [];
      for (const topic of topics) {
        for (const partition of topicParts.get(topic) ?? []) {
          const k = tpKey(topic, partition);
          const currentOffset = committedOrNull(offsets.get(k));
          const logEndOffset = ends.get(k) ?? null;
          const mem = owner.get(k);
          rows.push({ topic, partition, currentOffset, logEndOffset, lag: partitionLag(currentOffset, logEndOffset), consumerId: mem?.memberId ?? null, host: mem?.host ?? null, clientId: mem?.clientId ?? null });
        }
      }
      sortRows(rows);
      const state = d ? (d.errorCode === 0 ? d.state : 'unknown') : 'unknown';
      return { group, state, members, partitions: rows, totalLag: totalLag(rows), warnings: [...warnings] };
    });
  }

  /** The dry-run table: current → new offset per partition of `topic` (all or the chosen partitions). */
  async planReset(group: string, topic: string, target: ResetTarget, partitions?: number[]): Promise<ResetResult> {
    return this.op(`planning the offset reset of ${group}`, async () => {
      const { coordinator: _coordinator, ...plan } = await this.plan(group, topic, target, partitions);
      return plan;
    });
  }

  private async plan(group: string, topic: string, target: ResetTarget, partitions?: number[]): Promise<ResetResult & { coordinator: number }> {
    const { m, all } = await this.topicPartitions(topic);
    const missing = (partitions ?? []).filter((p) => !all.includes(p));
    if (missing.length) throw new KafkaRefusedError(`topic ${topic} has no partition ${missing.join(', ')} (it has ${all.length})`);
    const chosen = partitions ?? all;
    const tps = chosen.map((partition) => ({ topic, partition }));
    // A fresh lookup: plans are rare and a reset must go to the current coordinator.
    const coordinator = await this.t.findCoordinator(group);
    this.coordinators.set(group, coordinator);
    const [committed, low, high, atTime] = await Promise.all([
      this.t.offsetFetch(coordinator, group, [{ topic, partitions: chosen }]),
      this.offsetsAt(m, tps, EARLIEST),
      this.offsetsAt(m, tps, LATEST),
      target.kind === 'datetime' ? this.offsetsAt(m, tps, target.timestamp) : Promise.resolve(undefined),
    ]);
    const current = new Map(committed.map((o) => [tpKey(o.topic, o.partition), committedOrNull(o.offset)]));
    const rows = planReset(
      chosen.map((partition) => {
        const k = tpKey(topic, partition);
        const lo = low.get(k);
        const hi = high.get(k);
        if (lo === undefined || hi === undefined) throw new KafkaRefusedError(`partition ${topic}/${partition} has no leader; its offsets cannot be read`);
        const ts = atTime?.get(k);
        return { topic, partition, currentOffset: current.get(k) ?? null, low: lo, high: hi, offsetForTimestamp: ts === undefined || ts < 0 ? null : ts };
      }),
      target,
    );
    return { group, target, rows, executed: false, warnings: [], coordinator };
  }

  /**
   * Commits the planned offsets. Refused while the group has active members: their next commit would
   * overwrite ours, and they would not re-read from the new position anyway.
   */
  async executeReset(group: string, topic: string, target: ResetTarget, partitions?: number[]): Promise<ResetResult> {
    return this.op(`resetting the offsets of ${group}`, async () => this.commitPlans(group, [await this.plan(group, topic, target, partitions)]));
  }

  /**
   * The topics a reset of `group` covers: the one given, or every topic the group has committed
   * offsets for ("all topics" of kafka-consumer-groups --all-topics).
   */
  private async resetTopics(group: string, topic: string | undefined): Promise<string[]> {
    if (topic) return [topic];
    const [d] = await this.computeLag([group]);
    const topics = [...new Set(d.partitions.filter((p) => p.currentOffset !== null).map((p) => p.topic))].sort();
    if (topics.length === 0) throw new KafkaRefusedError(`group ${group} has no committed offsets on any topic; choose a topic to reset`);
    return topics;
  }

  /** The dry-run table for a whole scope: one topic (all or chosen partitions) or all the group's topics. */
  async planGroupReset(group: string, target: ResetTarget, scope: { topic?: string; partitions?: number[] } = {}): Promise<ResetResult & { topics: string[] }> {
    return this.op(`planning the offset reset of ${group}`, async () => {
      const topics = await this.resetTopics(group, scope.topic);
      const plans = await Promise.all(topics.map((t) => this.plan(group, t, target, scope.topic ? scope.partitions : undefined)));
      return { group, target, rows: plans.flatMap((p) => p.rows), executed: false, warnings: [], topics };
    });
  }

  /** Executes planGroupReset's plan in one commit, after the same active-member check as executeReset. */
  async executeGroupReset(group: string, target: ResetTarget, scope: { topic?: string; partitions?: number[] } = {}): Promise<ResetResult & { topics: string[] }> {
    return this.op(`resetting the offsets of ${group}`, async () => {
      const topics = await this.resetTopics(group, scope.topic);
      const plans = await Promise.all(topics.map((t) => this.plan(group, t, target, scope.topic ? scope.partitions : undefined)));
      return { ...(await this.commitPlans(group, plans)), topics };
    });
  }

  private async commitPlans(group: string, plans: (ResetResult & { coordinator: number })[]): Promise<ResetResult> {
    const coordinator = plans[0].coordinator;
    const warnings: string[] = [];
    try {
      const [d] = await this.t.describeGroups(coordinator, [group]);
      if (d && (d.members.length > 0 || !INACTIVE_STATES.has(d.state))) {
        throw new KafkaRefusedError(
          `group ${group} has ${d.members.length} active member${d.members.length === 1 ? '' : 's'} (state ${d.state}); stop its consumers before resetting offsets`,
        );
      }
    } catch (e) {
      const err = toKafkaError(e, this.opts.brokers);
      if (!(err instanceof KafkaUnsupportedApiError)) throw err;
      // Without DescribeGroups the broker itself is the check: it rejects a generation-less commit
      // to a group with live members (mapped below).
      warnings.push(`${err.message}: could not check for active members first; the broker's answer decides`);
    }
    try {
      await this.t.offsetCommit(
        coordinator,
        group,
        plans.map((p) => ({ topic: p.rows[0]?.topic ?? '', partitions: p.rows.map((r) => ({ partition: r.partition, offset: r.newOffset })) })).filter((t) => t.partitions.length > 0),
      );
    } catch (e) {
      const type = (e as { type?: string }).type;
      if (type && ACTIVE_GROUP_ERRORS.has(type)) {
        throw new KafkaRefusedError(
          `the broker refused to commit offsets for group ${group} from outside the group (${type}): the group has active members; stop its consumers before resetting offsets`,
        );
      }
      throw e;
    }
    return { group, target: plans[0].target, rows: plans.flatMap((p) => p.rows), executed: true, warnings };
  }

  /**
   * Reads messages straight from partition leaders with Fetch requests: no group is joined and nothing
   * is committed, so browsing production leaves no trace in the cluster.
   */
  async peek(topic: string, opts: PeekOptions): Promise<PeekedMessage[]> {
    return this.op(`peeking at ${topic}`, async () => {
      const { m, all } = await this.topicPartitions(topic);
      if (opts.partition !== undefined && !all.includes(opts.partition)) throw new KafkaRefusedError(`topic ${topic} has no partition ${opts.partition} (it has ${all.length})`);
      const chosen = opts.partition !== undefined ? [opts.partition] : all;
      const tps = chosen.map((partition) => ({ topic, partition }));
      const from = opts.from;
      const [low, high, atTime] = await Promise.all([
        this.offsetsAt(m, tps, EARLIEST),
        this.offsetsAt(m, tps, LATEST),
        from.kind === 'timestamp' ? this.offsetsAt(m, tps, from.timestamp) : Promise.resolve(undefined),
      ]);
      const leaders = leaderIndex(m);
      // Per partition: where to start and where to stop (the high watermark at the start, so a busy
      // topic cannot keep the peek running forever).
      const cursors = chosen.flatMap((partition) => {
        const k = tpKey(topic, partition);
        const lo = low.get(k);
        const hi = high.get(k);
        if (lo === undefined || hi === undefined) return [];
        let start: number;
        if (from.kind === 'beginning') start = lo;
        else if (from.kind === 'end') start = hi - from.count;
        else if (from.kind === 'offset') start = from.offset;
        else {
          const ts = atTime?.get(k);
          start = ts === undefined || ts < 0 ? hi : ts;
        }
        start = Math.min(hi, Math.max(lo, start));
        const perPartition = from.kind === 'end' ? hi - start : opts.max;
        return [{ partition, leader: leaders.get(k) ?? -1, pos: start, stop: Math.min(hi, start + perPartition), done: false }];
      });
      const out: PeekedMessage[] = [];
      for (let round = 0; round < 10_000; round++) {
        const active = cursors.filter((c) => !c.done && c.pos < c.stop);
        if (active.length === 0) break;
        const byLeader = new Map<number, typeof active>();
        for (const c of active) byLeader.set(c.leader, [...(byLeader.get(c.leader) ?? []), c]);
        const fetched = await Promise.all(
          [...byLeader].map(([leader, cs]) => this.t.fetch(leader, cs.map((c) => ({ topic, partition: c.partition, offset: c.pos })), { maxBytes: 1 << 20, maxWaitMs: 100 })),
        );
        for (const f of fetched.flat()) {
          const c = active.find((x) => x.partition === f.partition);
          if (!c) continue;
          // A fetch returns whole record batches, so it may start before the requested offset.
          const recs = f.records.filter((r) => r.offset >= c.pos && r.offset < c.stop);
          if (recs.length === 0) {
            c.done = true; // only control records or compacted gaps left before the stop offset
            continue;
          }
          for (const r of recs) {
            out.push({
              topic,
              partition: c.partition,
              offset: r.offset,
              timestamp: r.timestamp,
              key: decodeBytes(r.key),
              value: decodeBytes(r.value),
              headers: r.headers.map((h) => ({ key: h.key, value: decodeBytes(h.value) })),
            });
          }
          c.pos = recs[recs.length - 1].offset + 1;
        }
      }
      out.sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset);
      // "End minus N" keeps the newest N; every other start keeps the first N from where it started.
      return from.kind === 'end' ? out.slice(Math.max(0, out.length - opts.max)) : out.slice(0, opts.max);
    });
  }

  /** Creates a topic; the name, counts and configs are checked first so mistakes read as such, not as broker codes. */
  async createTopic(spec: { topic: string; partitions: number; replicationFactor: number; configs?: Record<string, string> }): Promise<void> {
    const problem = topicNameProblem(spec.topic);
    if (problem) throw new KafkaRefusedError(problem);
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1) throw new KafkaRefusedError(`a topic needs at least 1 partition, got ${spec.partitions}`);
    if (!Number.isInteger(spec.replicationFactor) || spec.replicationFactor < 1) throw new KafkaRefusedError(`the replication factor must be at least 1, got ${spec.replicationFactor}`);
    return this.op(`creating topic ${spec.topic}`, async () => {
      const m = await this.t.metadata();
      if (m.topics.some((t) => t.name === spec.topic && t.partitions.length > 0)) throw new KafkaRefusedError(`topic ${spec.topic} already exists`);
      if (spec.replicationFactor > m.brokers.length) {
        throw new KafkaRefusedError(`replication factor ${spec.replicationFactor} is more than the ${m.brokers.length} broker${m.brokers.length === 1 ? '' : 's'} of this cluster`);
      }
      await this.t.createTopic({ topic: spec.topic, partitions: spec.partitions, replicationFactor: spec.replicationFactor, configs: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })) });
    });
  }

  /** Raises a topic's partition count to `totalCount` (Kafka cannot lower it). */
  async addPartitions(topic: string, totalCount: number): Promise<{ before: number; after: number }> {
    return this.op(`adding partitions to ${topic}`, async () => {
      const { all } = await this.topicPartitions(topic);
      if (!Number.isInteger(totalCount) || totalCount <= all.length) {
        throw new KafkaRefusedError(`topic ${topic} has ${all.length} partitions; the new count must be larger (Kafka cannot remove partitions), got ${totalCount}`);
      }
      await this.t.createPartitions(topic, totalCount);
      return { before: all.length, after: totalCount };
    });
  }

  async deleteTopic(topic: string): Promise<void> {
    return this.op(`deleting topic ${topic}`, async () => {
      await this.topicPartitions(topic);
      await this.t.deleteTopic(topic);
    });
  }

  async describeConfigs(topic: string): Promise<RawConfigEntry[]> {
    return this.op(`reading the configuration of ${topic}`, async () => this.t.describeTopicConfigs(topic));
  }

  /** Deletes a consumer group (its committed offsets); the broker refuses while it has members. */
  async deleteGroup(group: string): Promise<void> {
    return this.op(`deleting group ${group}`, async () => {
      await this.t.deleteGroup(group);
      this.coordinators.delete(group);
    });
  }

  async produce(topic: string, record: ProduceRecord): Promise<{ partition: number; offset: number }> {
    return this.op(`producing to ${topic}`, async () => {
      const [r] = await this.t.produce(topic, [record]);
      return r;
    });
  }
}

/** Kafka's own topic-name rule, in words; null when the name is valid. */
export function topicNameProblem(name: string): string | null {
  if (!name) return 'a topic needs a name';
  if (name === '.' || name === '..') return `'${name}' cannot be a topic name`;
  if (name.length > 249) return `topic names are at most 249 characters, this one has ${name.length}`;
  const bad = [...new Set(name.replace(/[a-zA-Z0-9._-]/g, ''))];
  if (bad.length) return `topic names may only contain letters, digits, '.', '_' and '-'; '${name}' contains ${bad.map((c) => `'${c}'`).join(', ')}`;
  return null;
}

function brokersOf(m: RawMetadata): BrokerInfo[] {
  return m.brokers
    .map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack, controller: b.nodeId === m.controllerId }))
    .sort((a, b) => a.nodeId - b.nodeId);
}

function brokerWarnings(m: RawMetadata, failures: { nodeId: number; error: Error }[], consequence: string): string[] {
  const seen = new Set<number>();
  return failures.flatMap(({ nodeId, error }) => {
    if (seen.has(nodeId)) return [];
    seen.add(nodeId);
    const b = m.brokers.find((x) => x.nodeId === nodeId);
    return [`broker ${nodeId}${b ? ` (${b.host}:${b.port})` : ''} failed: ${error.message}; ${consequence}`];
  });
}

function leaderIndex(m: RawMetadata): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of m.topics) for (const p of t.partitions) out.set(tpKey(t.name, p.partition), p.leader);
  return out;
}
