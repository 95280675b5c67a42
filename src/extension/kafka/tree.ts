// The Kafka view: Cluster → Brokers, Topics (→ partitions), Consumer Groups (→ members and one row per
// topic-partition). Every load is bounded by the service's operation timeout; a failure becomes an error
// node with the cause and a Retry action, never a spinner. Browsing sends only reads.
import * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/kafka/clusters';
import { nameFilter } from '../../core/kafka/clusters';
import { KafkaUnsupportedApiError } from '../../core/kafka/errors';
import { brokerLabel, count, groupLabel, groupPartitionLabel, memberLabel, partitionLabel, topicDescription } from '../../core/kafka/format';
import type { BrokerInfo, ClusterOverview, GroupLagSummary, GroupMember, GroupPartitionLag, PartitionInfo, TopicInfo } from '../../core/kafka/types';
import type { KafkaConnections } from './connections';
import type { ClusterStore } from './store';

export type KafkaNode =
  | { kind: 'cluster'; cluster: ClusterConfig }
  | { kind: 'error'; cluster: ClusterConfig; message: string }
  | { kind: 'info'; cluster?: ClusterConfig; message: string; tooltip?: string; context?: string; icon?: string }
  | { kind: 'brokers'; cluster: ClusterConfig; brokers: BrokerInfo[] }
  | { kind: 'broker'; cluster: ClusterConfig; broker: BrokerInfo }
  | { kind: 'topics'; cluster: ClusterConfig }
  | { kind: 'topic'; cluster: ClusterConfig; topic: TopicInfo }
  | { kind: 'partition'; cluster: ClusterConfig; topic: string; partition: PartitionInfo }
  | { kind: 'groups'; cluster: ClusterConfig }
  | { kind: 'group'; cluster: ClusterConfig; group: GroupLagSummary; watched: boolean }
  | { kind: 'member'; cluster: ClusterConfig; group: string; member: GroupMember }
  | { kind: 'groupPartition'; cluster: ClusterConfig; group: string; row: GroupPartitionLag };

/** contextValue of each node kind; package.json menus match on these. */
export const CONTEXT = {
  cluster: 'kafkaCluster',
  error: 'kafkaError',
  brokers: 'kafkaBrokers',
  broker: 'kafkaBroker',
  topics: 'kafkaTopics',
  topic: 'kafkaTopic',
  partition: 'kafkaPartition',
  groups: 'kafkaGroups',
  group: 'kafkaGroup',
  watchedGroup: 'kafkaGroupWatched',
  member: 'kafkaGroupMember',
  groupPartition: 'kafkaGroupPartition',
  groupsNote: 'kafkaGroupsNote',
} as const;

interface GroupsView {
  groups: GroupLagSummary[];
  /** Why groups cannot be listed (the broker lacks ListGroups), or null. */
  unlistable: string | null;
  watched: Set<string>;
}

interface ClusterCache {
  overview?: Promise<ClusterOverview>;
  topics?: Promise<{ topics: TopicInfo[]; warnings: string[] }>;
  groups?: Promise<GroupsView>;
}

export class KafkaTreeProvider implements vscode.TreeDataProvider<KafkaNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KafkaNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly caches = new Map<string, ClusterCache>();
  /** Topic filter per cluster id, as typed by the user. */
  private readonly filters = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: ClusterStore,
    private readonly connections: KafkaConnections,
  ) {
    this.subscriptions.push(
      store.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('flowscope.kafka.autoRefreshSeconds')) this.schedule();
        if (e.affectsConfiguration('flowscope.kafka.showInternalTopics') || e.affectsConfiguration('flowscope.kafka.lagWarningThreshold')) this.changed.fire(undefined);
        if (e.affectsConfiguration('flowscope.kafka.connectionTimeoutMs') || e.affectsConfiguration('flowscope.kafka.requestTimeoutMs')) this.refresh();
      }),
    );
    this.schedule();
  }

  /** Drops cached data (of one cluster, or all) and redraws; the next expansion asks the cluster again. */
  refresh(clusterId?: string): void {
    if (clusterId) this.caches.delete(clusterId);
    else this.caches.clear();
    this.changed.fire(undefined);
  }

  /** Retry after an error: also closes the cluster's connections so it connects afresh. */
  retry(clusterId: string): void {
    this.connections.drop(clusterId);
    this.refresh(clusterId);
  }

  setFilter(clusterId: string, filter: string): void {
    if (filter.trim()) this.filters.set(clusterId, filter.trim());
    else this.filters.delete(clusterId);
    this.changed.fire(undefined);
  }

  filterOf(clusterId: string): string {
    return this.filters.get(clusterId) ?? '';
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const secs = vscode.workspace.getConfiguration('flowscope.kafka').get<number>('autoRefreshSeconds') ?? 0;
    // Only clusters the user has opened are asked again; nothing connects on its own.
    if (secs > 0) this.timer = setInterval(() => { for (const id of [...this.caches.keys()]) this.refresh(id); }, Math.max(5, secs) * 1000);
  }

  private cache(id: string): ClusterCache {
    let c = this.caches.get(id);
    if (!c) this.caches.set(id, (c = {}));
    return c;
  }

  /** The cluster's topics (cached until refresh); used by the tree and by the commands' pickers. */
  topics(cluster: ClusterConfig): Promise<{ topics: TopicInfo[]; warnings: string[] }> {
    const c = this.cache(cluster.id);
    c.topics ??= this.connections.service(cluster).then((s) => s.topics({ includeInternal: true }));
    return c.topics;
  }

  groups(cluster: ClusterConfig): Promise<GroupsView> {
    const c = this.cache(cluster.id);
    c.groups ??= this.loadGroups(cluster);
    return c.groups;
  }

  private async loadGroups(cluster: ClusterConfig): Promise<GroupsView> {
    const s = await this.connections.service(cluster);
    // The node's copy of the cluster may predate a Watch: the store has the current list.
    const watched = new Set((this.store.get(cluster.id) ?? cluster).watchedGroups ?? []);
    let listed: string[] = [];
    let unlistable: string | null = null;
    try {
      listed = (await s.listGroups()).map((g) => g.group);
    } catch (e) {
      if (!(e instanceof KafkaUnsupportedApiError)) throw e;
      unlistable = e.message;
    }
    const names = [...new Set([...listed, ...watched])].sort();
    // One call for every group: its requests grow with groups plus brokers, never with topics.
    const groups = await s.lagForGroups(names);
    return { groups, unlistable, watched };
  }

  getTreeItem(n: KafkaNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (n.kind) {
      case 'cluster': {
        const item = new vscode.TreeItem(n.cluster.name, C.Collapsed);
        item.id = `cluster:${n.cluster.id}`;
        item.description = n.cluster.bootstrap;
        item.tooltip = `${n.cluster.name}\n${n.cluster.bootstrap}\nsecurity: ${n.cluster.security}`;
        item.iconPath = new vscode.ThemeIcon('server-environment');
        item.contextValue = CONTEXT.cluster;
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(n.message, C.None);
        item.id = `error:${n.cluster.id}:${n.message}`;
        item.tooltip = `${n.message}\n\nClick to retry.`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.contextValue = CONTEXT.error;
        item.command = { command: 'flowscope.kafka.retry', title: 'Retry', arguments: [n] };
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(n.message, C.None);
        item.tooltip = n.tooltip ?? n.message;
        item.iconPath = new vscode.ThemeIcon(n.icon ?? 'info');
        if (n.context) item.contextValue = n.context;
        if (n.context === CONTEXT.groupsNote) item.command = { command: 'flowscope.kafka.watchGroup', title: 'Watch Consumer Group…', arguments: [n] };
        return item;
      }
      case 'brokers': {
        const item = new vscode.TreeItem('Brokers', C.Collapsed);
        item.id = `brokers:${n.cluster.id}`;
        item.description = String(n.brokers.length);
        item.iconPath = new vscode.ThemeIcon('server');
        item.contextValue = CONTEXT.brokers;
        return item;
      }
      case 'broker': {
        const { label, description } = brokerLabel(n.broker);
        const item = new vscode.TreeItem(label, C.None);
        item.id = `broker:${n.cluster.id}:${n.broker.nodeId}`;
        item.description = description;
        item.iconPath = new vscode.ThemeIcon(n.broker.controller ? 'star-full' : 'vm');
        item.contextValue = CONTEXT.broker;
        return item;
      }
      case 'topics': {
        const item = new vscode.TreeItem('Topics', C.Collapsed);
        item.id = `topics:${n.cluster.id}`;
        const f = this.filterOf(n.cluster.id);
        item.description = f ? `filter: ${f}` : '';
        item.iconPath = new vscode.ThemeIcon(f ? 'filter' : 'list-tree');
        item.contextValue = CONTEXT.topics;
        return item;
      }
      case 'topic': {
        const t = n.topic;
        const item = new vscode.TreeItem(t.name, C.Collapsed);
        item.id = `topic:${n.cluster.id}:${t.name}`;
        item.description = topicDescription(t);
        const bad = t.offline || t.underReplicated;
        item.iconPath = bad ? new vscode.ThemeIcon('warning', new vscode.ThemeColor(t.offline ? 'errorForeground' : 'list.warningForeground')) : new vscode.ThemeIcon('symbol-event');
        item.tooltip = `${t.name}\n${item.description}${t.internal ? '\ninternal topic' : ''}${bad ? `\n${t.offline ? 'Some partitions are offline (no leader).' : 'Some partitions are under-replicated (ISR smaller than the replicas).'}` : ''}`;
        item.contextValue = CONTEXT.topic;
        return item;
      }
      case 'partition': {
        const { label, description, problem } = partitionLabel(n.partition);
        const item = new vscode.TreeItem(label, C.None);
        item.id = `partition:${n.cluster.id}:${n.topic}:${n.partition.partition}`;
        item.description = description;
        item.tooltip = `${n.topic} ${label}\n${description}${problem ? `\n${problem}` : ''}`;
        item.iconPath = problem ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('symbol-array');
        item.contextValue = CONTEXT.partition;
        return item;
      }
      case 'groups': {
        const item = new vscode.TreeItem('Consumer Groups', C.Collapsed);
        item.id = `groups:${n.cluster.id}`;
        item.iconPath = new vscode.ThemeIcon('organization');
        item.contextValue = CONTEXT.groups;
        return item;
      }
      case 'group': {
        const { label, description } = groupLabel(n.group);
        const item = new vscode.TreeItem(label, C.Collapsed);
        item.id = `group:${n.cluster.id}:${n.group.group}`;
        item.description = description + (n.watched ? ' · watched' : '');
        const over = n.group.totalLag > lagThreshold();
        item.iconPath = over ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('symbol-interface');
        item.tooltip = `${n.group.group}\ntotal lag ${count(n.group.totalLag)}${over ? ` (above the warning threshold of ${count(lagThreshold())})` : ''}\nstate ${n.group.state}\n${description}${n.group.warnings.length ? `\n${n.group.warnings.join('\n')}` : ''}`;
        item.contextValue = n.watched ? CONTEXT.watchedGroup : CONTEXT.group;
        return item;
      }
      case 'member': {
        const { label, description } = memberLabel(n.member);
        const item = new vscode.TreeItem(label, C.None);
        item.description = description;
        item.tooltip = `member ${n.member.memberId}\n${label}\n${description}`;
        item.iconPath = new vscode.ThemeIcon('person');
        item.contextValue = CONTEXT.member;
        return item;
      }
      case 'groupPartition': {
        const { label, description } = groupPartitionLabel(n.row);
        const item = new vscode.TreeItem(label, C.None);
        item.id = `gp:${n.cluster.id}:${n.group}:${n.row.topic}:${n.row.partition}`;
        item.description = description;
        item.tooltip = `CURRENT-OFFSET ${n.row.currentOffset ?? '-'}\nLOG-END-OFFSET ${n.row.logEndOffset ?? '-'}\nLAG ${n.row.lag ?? '-'}\nCONSUMER-ID ${n.row.consumerId ?? '-'}\nHOST ${n.row.host ?? '-'}\nCLIENT-ID ${n.row.clientId ?? '-'}`;
        item.iconPath = new vscode.ThemeIcon(n.row.currentOffset === null ? 'circle-outline' : 'symbol-array');
        item.contextValue = CONTEXT.groupPartition;
        return item;
      }
    }
  }

  async getChildren(n?: KafkaNode): Promise<KafkaNode[]> {
    if (!n) {
      const { clusters, problems } = this.store.list();
      // No clusters and nothing wrong: empty, so VS Code shows the welcome content with "Add Kafka Cluster".
      return [
        ...problems.map((message): KafkaNode => ({ kind: 'info', message, icon: 'warning' })),
        ...clusters.map((cluster): KafkaNode => ({ kind: 'cluster', cluster })),
      ];
    }
    try {
      return await this.children(n);
    } catch (e) {
      const cluster = 'cluster' in n && n.cluster ? n.cluster : undefined;
      const message = e instanceof Error ? e.message : String(e);
      this.connections.log.error(cluster ? `kafka ${cluster.name}: ${message}` : `kafka: ${message}`);
      if (!cluster) return [{ kind: 'info', message, icon: 'error' }];
      return [{ kind: 'error', cluster, message: capitalize(message) }];
    }
  }

  private async children(n: KafkaNode): Promise<KafkaNode[]> {
    switch (n.kind) {
      case 'cluster': {
        const c = this.cache(n.cluster.id);
        c.overview ??= this.connections.service(n.cluster).then((s) => s.overview());
        // A failed load is not cached: Retry (or expanding again) asks again.
        const overview = await c.overview.catch((e: unknown) => {
          delete c.overview;
          throw e;
        });
        return [
          { kind: 'brokers', cluster: n.cluster, brokers: overview.brokers },
          { kind: 'topics', cluster: n.cluster },
          { kind: 'groups', cluster: n.cluster },
        ];
      }
      case 'brokers':
        return n.brokers.map((broker): KafkaNode => ({ kind: 'broker', cluster: n.cluster, broker }));
      case 'topics': {
        const c = this.cache(n.cluster.id);
        const { topics, warnings } = await this.topics(n.cluster).catch((e: unknown) => {
          delete c.topics;
          throw e;
        });
        const showInternal = vscode.workspace.getConfiguration('flowscope.kafka').get<boolean>('showInternalTopics') ?? false;
        const match = nameFilter(this.filterOf(n.cluster.id));
        const shown = topics.filter((t) => (showInternal || !t.internal) && match(t.name));
        const out: KafkaNode[] = warnings.map((message) => ({ kind: 'info', cluster: n.cluster, message, icon: 'warning' }));
        if (shown.length === 0) {
          const f = this.filterOf(n.cluster.id);
          out.push({ kind: 'info', cluster: n.cluster, message: f ? `No topic matches "${f}"` : 'No topics' });
        }
        return [...out, ...shown.map((topic): KafkaNode => ({ kind: 'topic', cluster: n.cluster, topic }))];
      }
      case 'topic':
        return n.topic.partitions.map((partition): KafkaNode => ({ kind: 'partition', cluster: n.cluster, topic: n.topic.name, partition }));
      case 'groups': {
        const c = this.cache(n.cluster.id);
        const view = await this.groups(n.cluster).catch((e: unknown) => {
          delete c.groups;
          throw e;
        });
        const out: KafkaNode[] = [];
        if (view.unlistable) {
          out.push({
            kind: 'info',
            cluster: n.cluster,
            context: CONTEXT.groupsNote,
            icon: 'eye',
            message: `This cluster cannot list consumer groups (${view.unlistable}). Watch a group by name…`,
            tooltip: `This cluster cannot list consumer groups: ${view.unlistable}.\nClick here (or use “Watch Consumer Group…”) to show a group by its name; its lag is then shown below.`,
          });
        } else if (view.groups.length === 0) {
          out.push({ kind: 'info', cluster: n.cluster, message: 'No consumer groups' });
        }
        const notes = [...new Set(view.groups.flatMap((g) => g.warnings))];
        for (const message of notes) out.push({ kind: 'info', cluster: n.cluster, message: capitalize(message), icon: 'warning' });
        return [...out, ...view.groups.map((group): KafkaNode => ({ kind: 'group', cluster: n.cluster, group, watched: view.watched.has(group.group) }))];
      }
      case 'group': {
        const out: KafkaNode[] = n.group.members.map((member): KafkaNode => ({ kind: 'member', cluster: n.cluster, group: n.group.group, member }));
        if (n.group.memberCount === null) out.push({ kind: 'info', cluster: n.cluster, message: 'Members unknown: the broker cannot describe groups', icon: 'question' });
        else if (n.group.members.length === 0) out.push({ kind: 'info', cluster: n.cluster, message: 'No active members', icon: 'circle-slash' });
        if (n.group.partitions.length === 0) out.push({ kind: 'info', cluster: n.cluster, message: 'No committed offsets (or no such group)' });
        return [...out, ...n.group.partitions.map((row): KafkaNode => ({ kind: 'groupPartition', cluster: n.cluster, group: n.group.group, row }))];
      }
      default:
        return [];
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const d of this.subscriptions) d.dispose();
  }
}

export function lagThreshold(): number {
  return vscode.workspace.getConfiguration('flowscope.kafka').get<number>('lagWarningThreshold') ?? 1000;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
