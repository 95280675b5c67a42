/** Plain data the Kafka core hands out: what the CLI prints and the tree shows. No kafkajs types leak here. */

export interface BrokerInfo {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
  controller: boolean;
}

export interface PartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  /** Earliest offset still in the log (null when the watermark could not be read). */
  low: number | null;
  /** Log-end offset (next offset to be written). */
  high: number | null;
  underReplicated: boolean;
  /** No leader: nothing can be read or written. */
  offline: boolean;
}

export interface TopicInfo {
  name: string;
  internal: boolean;
  partitions: PartitionInfo[];
  replicationFactor: number;
  /** Sum of high - low over partitions: an estimate (compaction and transaction markers make it approximate). */
  messageCountEstimate: number | null;
  underReplicated: boolean;
  offline: boolean;
}

export interface ClusterOverview {
  clusterId: string | null;
  controllerId: number | null;
  brokers: BrokerInfo[];
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  assignments: { topic: string; partitions: number[] }[];
}

/** One row of `kafka-consumer-groups --describe`. */
export interface GroupPartitionLag {
  topic: string;
  partition: number;
  /** Committed offset; null when the group has committed nothing for this partition. */
  currentOffset: number | null;
  logEndOffset: number | null;
  /** null when either side is unknown: an uncommitted partition has no lag number, not a wrong one. */
  lag: number | null;
  consumerId: string | null;
  host: string | null;
  clientId: string | null;
}

export interface GroupDescription {
  group: string;
  /** Broker-reported state, or "unknown" when the broker cannot describe groups. */
  state: string;
  members: GroupMember[];
  partitions: GroupPartitionLag[];
  totalLag: number;
  /** Things that could not be computed, in words (for example "the broker does not support DescribeGroups"). */
  warnings: string[];
}

export interface GroupListing {
  group: string;
  protocolType: string;
}

export interface GroupLagSummary {
  group: string;
  state: string;
  memberCount: number | null;
  /** Empty when the broker cannot describe groups (memberCount is null then). */
  members: GroupMember[];
  totalLag: number;
  partitions: GroupPartitionLag[];
  warnings: string[];
}
