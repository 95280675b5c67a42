// The Kafka view in the editor: saved clusters, the tree, and the commands on its items. Domain logic lives
// in src/core/kafka; this file turns menu clicks and answers into core calls and shows what comes back.
// Every command takes its target node first and, optionally, an answers object second, so tests (and
// keybindings) can drive it without input boxes; without answers a person is asked.
import * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/kafka/clusters';
import { KafkaUnsupportedApiError } from '../../core/kafka/errors';
import { configsText, count, describeTarget, peekText, resetPlanText } from '../../core/kafka/format';
import type { ResetTarget } from '../../core/kafka/reset';
import type { PeekFrom } from '../../core/kafka/service';
import type { GroupLagSummary, TopicInfo } from '../../core/kafka/types';
import { awsConnection } from '../aws/connection';
import { KafkaConnections } from './connections';
import { ReadOnlyDocuments } from '../readonly';
import { ClusterStore } from './store';
import { KafkaTreeProvider, type KafkaNode } from './tree';
import { runClusterWizard, type ClusterAnswers, type WizardResult } from './wizard';

export const VIEW_ID = 'flowscope.kafka';

/** What tests in the extension host reach through the extension's API object. */
export interface KafkaApi {
  readonly tree: KafkaTreeProvider;
  readonly store: ClusterStore;
  /** Requests sent for a cluster so far, by Kafka API name. */
  requests(clusterId: string): Record<string, number>;
}


/** What a command reports back (tests read it; people see the same as messages and documents). */
export interface CommandResult {
  error?: string;
  text?: string;
  uri?: string;
  [k: string]: unknown;
}

/** A second argument is answers only when it is a plain object (menus may pass selected nodes as an array). */
const answersOf = <T>(a: unknown): T | undefined => (a && typeof a === 'object' && !Array.isArray(a) ? (a as T) : undefined);

function clusterOf(n: unknown): ClusterConfig | undefined {
  return n && typeof n === 'object' && 'cluster' in n ? ((n as { cluster?: ClusterConfig }).cluster ?? undefined) : undefined;
}

function fail(what: string, e: unknown): CommandResult {
  const message = e instanceof Error ? e.message : String(e);
  const text = e instanceof KafkaUnsupportedApiError ? `${what}: this broker does not support ${e.api}` : `${what} failed: ${message}`;
  void vscode.window.showErrorMessage(`Flowscope: ${text}`);
  return { error: text };
}

function int(v: string, min: number): number | undefined {
  return /^[+-]?\d+$/.test(v.trim()) && Number(v) >= min ? Number(v) : undefined;
}

export function registerKafka(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): { kafka: KafkaApi } {
  const store = new ClusterStore(context.secrets);
  const aws = () => awsConnection(context);
  const connections = new KafkaConnections(store, aws, log);
  const tree = new KafkaTreeProvider(store, connections);
  const docs = new ReadOnlyDocuments('flowscope-kafka', 'This view is no longer available: run the command again.');
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(store, connections, tree, docs, view);

  const deps = { store, connections, aws };
  const command = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(`flowscope.kafka.${id}`, fn));

  /** The cluster a command from the palette applies to: the node's, the only one, or the user's pick. */
  const chooseCluster = async (n: unknown): Promise<ClusterConfig | undefined> => {
    const c = clusterOf(n);
    if (c) return c;
    const { clusters } = store.list();
    if (clusters.length <= 1) return clusters[0];
    return (await vscode.window.showQuickPick(clusters.map((x) => ({ label: x.name, description: x.bootstrap, x })), { title: 'Kafka cluster' }))?.x;
  };

  const chooseTopic = async (n: unknown, cluster: ClusterConfig): Promise<TopicInfo | undefined> => {
    if (n && typeof n === 'object' && 'topic' in n && typeof (n as { topic: unknown }).topic === 'object') return (n as { topic: TopicInfo }).topic;
    const named = n && typeof n === 'object' && 'topic' in n && typeof (n as { topic: unknown }).topic === 'string' ? (n as { topic: string }).topic : undefined;
    const { topics } = await tree.topics(cluster);
    if (named) return topics.find((t) => t.name === named);
    return (await vscode.window.showQuickPick(topics.filter((t) => !t.internal).map((t) => ({ label: t.name, description: `${t.partitions.length} partitions`, t })), { title: 'Topic' }))?.t;
  };

  command('addCluster', async (a?: unknown): Promise<WizardResult | undefined> => {
    const r = await runClusterWizard(deps, undefined, answersOf<ClusterAnswers>(a));
    if (r?.saved) log.info(`kafka: cluster ${r.id} saved (test: ${r.test.message})`);
    return r;
  });

  command('editCluster', async (n?: unknown, a?: unknown) => {
    const c = await chooseCluster(n);
    if (!c) return undefined;
    const r = await runClusterWizard(deps, c, answersOf<ClusterAnswers>(a));
    if (r?.saved) tree.retry(c.id);
    return r;
  });

  command('removeCluster', async (n?: unknown, a?: unknown) => {
    const c = await chooseCluster(n);
    if (!c) return undefined;
    const ok = answersOf<{ confirm?: boolean }>(a)?.confirm
      ?? (await vscode.window.showWarningMessage(`Remove the Kafka cluster "${c.name}" (${c.bootstrap}) from Flowscope?`, { modal: true, detail: 'Its settings entry and stored secrets are deleted. Nothing changes on the cluster itself.' }, 'Remove')) === 'Remove';
    if (!ok) return { removed: false };
    connections.drop(c.id);
    await store.remove(c.id);
    return { removed: true };
  });

  command('copyBootstrap', async (n?: unknown) => {
    const c = await chooseCluster(n);
    if (c) await vscode.env.clipboard.writeText(c.bootstrap);
  });

  command('refresh', (n?: unknown) => tree.refresh(clusterOf(n)?.id));
  command('retry', (n?: unknown) => {
    const c = clusterOf(n);
    if (c) tree.retry(c.id);
    else tree.refresh();
  });

  command('filterTopics', async (n?: unknown, a?: unknown) => {
    const c = await chooseCluster(n);
    if (!c) return;
    const given = answersOf<{ filter: string }>(a)?.filter;
    const filter = given ?? (await vscode.window.showInputBox({ title: `Filter topics of ${c.name}`, prompt: 'Text in the name, or a glob such as orders-* (empty: show all)', value: tree.filterOf(c.id) }));
    if (filter !== undefined) tree.setFilter(c.id, filter);
  });

  command('copyName', async (n?: unknown) => {
    const node = n as KafkaNode | undefined;
    const name = node?.kind === 'topic' ? node.topic.name : node?.kind === 'group' ? node.group.group : undefined;
    if (name) await vscode.env.clipboard.writeText(name);
  });

  command('watchGroup', async (n?: unknown, a?: unknown) => {
    const c = await chooseCluster(n);
    if (!c) return undefined;
    const group = (answersOf<{ group: string }>(a)?.group ?? (await vscode.window.showInputBox({ title: `Watch Consumer Group on ${c.name}`, prompt: 'Consumer group id; its committed offsets and lag are shown in the tree', validateInput: (v) => (v.trim() ? undefined : 'Enter a group id') })))?.trim();
    if (!group) return undefined;
    await store.setWatched(c.id, group, true);
    tree.refresh(c.id);
    return { watched: group };
  });

  command('unwatchGroup', async (n?: unknown) => {
    const node = n as KafkaNode | undefined;
    if (node?.kind !== 'group') return;
    await store.setWatched(node.cluster.id, node.group.group, false);
    tree.refresh(node.cluster.id);
  });

  // ---- consumer groups -----------------------------------------------------------------------

  command('resetOffsets', async (n?: unknown, a?: unknown): Promise<CommandResult | undefined> => {
    const node = n as KafkaNode | undefined;
    if (node?.kind !== 'group') return undefined;
    const given = answersOf<{ topic?: string; partitions?: number[]; target: ResetTarget; execute?: boolean }>(a);
    const group: GroupLagSummary = node.group;
    const cluster = node.cluster;
    let scope: { topic?: string; partitions?: number[] };
    let target: ResetTarget;
    if (given) {
      scope = { ...(given.topic ? { topic: given.topic } : {}), ...(given.partitions ? { partitions: given.partitions } : {}) };
      target = given.target;
    } else {
      const asked = await askReset(group, cluster);
      if (!asked) return undefined;
      ({ scope, target } = asked);
    }
    let service;
    try {
      service = await connections.service(cluster);
      const plan = await service.planGroupReset(group.group, target, scope);
      const text = resetPlanText(plan, plan.topics);
      const doc = await docs.open(`Reset ${group.group} (dry run)`, text);
      const changes = plan.rows.filter((r) => r.currentOffset !== r.newOffset).length;
      const execute = given
        ? !!given.execute
        : (await vscode.window.showWarningMessage(
            `Reset the offsets of "${group.group}" ${describeTarget(target)}?`,
            { modal: true, detail: `The dry-run table is open: ${plan.rows.length} partition${plan.rows.length === 1 ? '' : 's'} of ${plan.topics.join(', ')}, ${changes} changing. Flowscope refuses if the group has active members.` },
            'Execute Reset',
          )) === 'Execute Reset';
      if (!execute) return { text, uri: doc.uri.toString(), executed: false };
      const done = await service.executeGroupReset(group.group, target, scope);
      const doneText = resetPlanText(done, done.topics);
      const doneDoc = await docs.open(`Reset ${group.group} (executed)`, doneText);
      tree.refresh(cluster.id);
      void vscode.window.showInformationMessage(`Flowscope: offsets of ${group.group} reset ${describeTarget(target)} on ${done.rows.length} partitions.`);
      return { text: doneText, uri: doneDoc.uri.toString(), executed: true };
    } catch (e) {
      return fail(`Resetting the offsets of ${group.group}`, e);
    }
  });

  async function askReset(group: GroupLagSummary, cluster: ClusterConfig): Promise<{ scope: { topic?: string; partitions?: number[] }; target: ResetTarget } | undefined> {
    const title = `Reset Offsets of ${group.group}`;
    const committedTopics = [...new Set(group.partitions.filter((p) => p.currentOffset !== null).map((p) => p.topic))];
    const scopeItems: (vscode.QuickPickItem & { topic?: string; other?: boolean })[] = [
      ...(committedTopics.length ? [{ label: 'All topics of the group', description: committedTopics.join(', ') }] : []),
      ...committedTopics.map((topic) => ({ label: topic, description: 'this topic only', topic })),
      { label: 'Another topic…', other: true },
    ];
    const s = await vscode.window.showQuickPick(scopeItems, { title: `${title} (scope)`, ignoreFocusOut: true });
    if (!s) return undefined;
    let topic = s.topic;
    if (s.other) topic = (await chooseTopic(undefined, cluster))?.name;
    if (s.other && !topic) return undefined;
    let partitions: number[] | undefined;
    if (topic) {
      const info = (await tree.topics(cluster)).topics.find((t) => t.name === topic);
      const which = await vscode.window.showQuickPick([{ label: 'All partitions', all: true }, { label: 'Choose partitions…', all: false }], { title: `${title} (partitions of ${topic})`, ignoreFocusOut: true });
      if (!which) return undefined;
      if (!which.all) {
        const chosen = await vscode.window.showQuickPick((info?.partitions ?? []).map((p) => ({ label: `partition ${p.partition}`, p: p.partition })), { title: `${title} (partitions of ${topic})`, canPickMany: true, ignoreFocusOut: true });
        if (!chosen?.length) return undefined;
        partitions = chosen.map((c) => c.p);
      }
    }
    const kind = await vscode.window.showQuickPick(
      [
        { label: 'Earliest', description: 'the oldest message still in the log: read everything again', k: 'earliest' as const },
        { label: 'Latest', description: 'the log end: skip everything not yet consumed', k: 'latest' as const },
        { label: 'Specific offset…', k: 'offset' as const },
        { label: 'Shift by N…', description: 'negative to read again, positive to skip', k: 'shift' as const },
        { label: 'Date and time…', description: 'the first message at or after a time', k: 'datetime' as const },
      ],
      { title: `${title} (target)`, ignoreFocusOut: true },
    );
    if (!kind) return undefined;
    let target: ResetTarget;
    if (kind.k === 'earliest' || kind.k === 'latest') target = { kind: kind.k };
    else if (kind.k === 'offset') {
      const v = await vscode.window.showInputBox({ title: `${title} (offset)`, prompt: 'Offset (clamped to each partition’s earliest..latest)', validateInput: (x) => (int(x, 0) === undefined ? 'Enter a whole number ≥ 0' : undefined) });
      if (v === undefined) return undefined;
      target = { kind: 'offset', offset: Number(v) };
    } else if (kind.k === 'shift') {
      const v = await vscode.window.showInputBox({ title: `${title} (shift)`, prompt: 'Shift each committed offset by N (e.g. -100)', validateInput: (x) => (int(x, Number.MIN_SAFE_INTEGER) === undefined ? 'Enter a whole number such as -100 or 50' : undefined) });
      if (v === undefined) return undefined;
      target = { kind: 'shift', by: Number(v) };
    } else {
      const v = await vscode.window.showInputBox({ title: `${title} (date-time)`, prompt: 'ISO date-time, e.g. 2026-01-31T12:00:00Z', value: new Date(Date.now() - 3600_000).toISOString(), validateInput: (x) => (Number.isNaN(Date.parse(x)) ? 'Enter an ISO date-time such as 2026-01-31T12:00:00Z' : undefined) });
      if (v === undefined) return undefined;
      target = { kind: 'datetime', timestamp: Date.parse(v) };
    }
    return { scope: { ...(topic ? { topic } : {}), ...(partitions ? { partitions } : {}) }, target };
  }

  command('deleteGroup', async (n?: unknown, a?: unknown): Promise<CommandResult | undefined> => {
    const node = n as KafkaNode | undefined;
    if (node?.kind !== 'group') return undefined;
    const g = node.group;
    const topics = [...new Set(g.partitions.filter((p) => p.currentOffset !== null).map((p) => p.topic))];
    const ok = answersOf<{ confirm?: boolean }>(a)?.confirm
      ?? (await vscode.window.showWarningMessage(`Delete consumer group "${g.group}" from ${node.cluster.name}?`, {
        modal: true,
        detail: `Its committed offsets (${topics.length ? topics.join(', ') : 'none'}) are deleted. Consumers with this group id will start from their auto.offset.reset position. The broker refuses while the group has members.`,
      }, 'Delete Group')) === 'Delete Group';
    if (!ok) return { deleted: false };
    try {
      await (await connections.service(node.cluster)).deleteGroup(g.group);
      if (node.watched) await store.setWatched(node.cluster.id, g.group, false);
      tree.refresh(node.cluster.id);
      void vscode.window.showInformationMessage(`Flowscope: consumer group ${g.group} deleted.`);
      return { deleted: true };
    } catch (e) {
      return fail(`Deleting group ${g.group}`, e);
    }
  });

  // ---- messages --------------------------------------------------------------------------------

  command('peek', async (n?: unknown, a?: unknown): Promise<CommandResult | undefined> => {
    const cluster = await chooseCluster(n);
    if (!cluster) return undefined;
    const node = n as KafkaNode | undefined;
    const topic = node?.kind === 'partition' ? node.topic : (await chooseTopic(n, cluster))?.name;
    if (!topic) return undefined;
    const max = vscode.workspace.getConfiguration('flowscope.kafka').get<number>('peekMaxMessages') ?? 50;
    const given = answersOf<{ from: PeekFrom; max?: number; partition?: number }>(a);
    let from: PeekFrom;
    let limit = given?.max ?? max;
    const partition = given?.partition ?? (node?.kind === 'partition' ? node.partition.partition : undefined);
    if (given) from = given.from;
    else {
      const k = await vscode.window.showQuickPick(
        [
          { label: `Last ${max} messages`, k: 'end' as const },
          { label: 'From the beginning', k: 'beginning' as const },
          { label: 'From an offset…', k: 'offset' as const },
          { label: 'From a date and time…', k: 'timestamp' as const },
        ],
        { title: `Peek at ${topic}${partition !== undefined ? ` partition ${partition}` : ''}`, placeHolder: 'Reads without a consumer group; commits nothing' },
      );
      if (!k) return undefined;
      if (k.k === 'end') from = { kind: 'end', count: max };
      else if (k.k === 'beginning') from = { kind: 'beginning' };
      else if (k.k === 'offset') {
        const v = await vscode.window.showInputBox({ title: `Peek at ${topic}`, prompt: 'Start offset', validateInput: (x) => (int(x, 0) === undefined ? 'Enter a whole number ≥ 0' : undefined) });
        if (v === undefined) return undefined;
        from = { kind: 'offset', offset: Number(v) };
      } else {
        const v = await vscode.window.showInputBox({ title: `Peek at ${topic}`, prompt: 'ISO date-time', value: new Date(Date.now() - 3600_000).toISOString(), validateInput: (x) => (Number.isNaN(Date.parse(x)) ? 'Enter an ISO date-time such as 2026-01-31T12:00:00Z' : undefined) });
        if (v === undefined) return undefined;
        from = { kind: 'timestamp', timestamp: Date.parse(v) };
      }
    }
    if (from.kind === 'end') limit = from.count;
    try {
      const msgs = await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, async () => (await connections.service(cluster)).peek(topic, { from, max: limit, ...(partition !== undefined ? { partition } : {}) }));
      const what = from.kind === 'end' ? `(the newest ${from.count})` : from.kind === 'beginning' ? 'from the beginning' : from.kind === 'offset' ? `from offset ${from.offset}` : `from ${new Date(from.timestamp).toISOString()}`;
      const text = peekText(topic, `${what}${partition !== undefined ? `, partition ${partition}` : ''}`, msgs);
      const doc = await docs.open(`Peek ${topic}`, text);
      return { text, uri: doc.uri.toString(), messages: msgs.length };
    } catch (e) {
      return fail(`Peeking at ${topic}`, e);
    }
  });

  command('produce', async (n?: unknown, a?: unknown): Promise<CommandResult | undefined> => {
    const cluster = await chooseCluster(n);
    if (!cluster) return undefined;
    const topic = (await chooseTopic(n, cluster))?.name;
    if (!topic) return undefined;
    const given = answersOf<{ value?: string; fromEditor?: 'selection' | 'document'; key?: string; headers?: Record<string, string>; partition?: number }>(a);
    const editor = vscode.window.activeTextEditor;
    const fromEditor = (which: 'selection' | 'document') => (which === 'selection' ? editor?.document.getText(editor.selection) : editor?.document.getText());
    let record: { value: string; key: string | null; headers: Record<string, string>; partition?: number };
    if (given) {
      const value = given.fromEditor ? fromEditor(given.fromEditor) : given.value;
      if (value === undefined) return fail(`Producing to ${topic}`, new Error('no value: give one, or open an editor'));
      record = { value, key: given.key ?? null, headers: given.headers ?? {}, ...(given.partition !== undefined ? { partition: given.partition } : {}) };
    } else {
      const sources = [
        { label: 'Type the value…', s: 'input' as const },
        ...(editor && !editor.selection.isEmpty ? [{ label: 'The editor selection', description: editor.document.fileName, s: 'selection' as const }] : []),
        ...(editor ? [{ label: 'The whole editor document', description: editor.document.fileName, s: 'document' as const }] : []),
      ];
      const src = sources.length === 1 ? sources[0] : await vscode.window.showQuickPick(sources, { title: `Produce to ${topic} (value)` });
      if (!src) return undefined;
      const value = src.s === 'input' ? await vscode.window.showInputBox({ title: `Produce to ${topic} (value)`, prompt: 'Message value (text or JSON)' }) : fromEditor(src.s);
      if (value === undefined) return undefined;
      const key = await vscode.window.showInputBox({ title: `Produce to ${topic} (key)`, prompt: 'Message key; empty: no key' });
      if (key === undefined) return undefined;
      const headersText = await vscode.window.showInputBox({
        title: `Produce to ${topic} (headers)`,
        prompt: 'Headers as name=value, comma-separated; empty: none',
        validateInput: (v) => (v.trim() && v.split(',').some((h) => h.indexOf('=') <= 0) ? 'Write each header as name=value' : undefined),
      });
      if (headersText === undefined) return undefined;
      const part = await vscode.window.showInputBox({ title: `Produce to ${topic} (partition)`, prompt: 'Partition; empty: chosen from the key', validateInput: (v) => (v.trim() && int(v, 0) === undefined ? 'Enter a partition number or leave empty' : undefined) });
      if (part === undefined) return undefined;
      const headers = Object.fromEntries(headersText.split(',').filter((h) => h.trim()).map((h) => [h.slice(0, h.indexOf('=')).trim(), h.slice(h.indexOf('=') + 1).trim()]));
      record = { value, key: key || null, headers, ...(part.trim() ? { partition: Number(part) } : {}) };
    }
    try {
      const r = await (await connections.service(cluster)).produce(topic, record);
      tree.refresh(cluster.id);
      void vscode.window.showInformationMessage(`Flowscope: written to ${topic} partition ${r.partition} at offset ${r.offset}.`);
      return { partition: r.partition, offset: r.offset };
    } catch (e) {
      return fail(`Producing to ${topic}`, e);
    }
  });

  // ---- topic administration ---------------------------------------------------------------------

  command('createTopic', async (n?: unknown, a?: unknown): Promise<CommandResult | undefined> => {
    const cluster = await chooseCluster(n);
    if (!cluster) return undefined;
    const given = answersOf<{ topic: string; partitions: number; replicationFactor: number; configs?: Record<string, string> }>(a);
    let spec = given;
    if (!spec) {
      const title = `Create Topic on ${cluster.name}`;
      const topic = await vscode.window.showInputBox({ title: `${title} (name)`, validateInput: (v) => (/^[a-zA-Z0-9._-]{1,249}$/.test(v) ? undefined : 'Letters, digits, ".", "_" and "-" only, up to 249 characters') });
      if (!topic) return undefined;
      const p = await vscode.window.showInputBox({ title: `${title} (partitions)`, value: '3', validateInput: (v) => (int(v, 1) === undefined ? 'Enter a whole number ≥ 1' : undefined) });
      if (!p) return undefined;
      const rf = await vscode.window.showInputBox({ title: `${title} (replication factor)`, value: '3', validateInput: (v) => (int(v, 1) === undefined ? 'Enter a whole number ≥ 1' : undefined) });
      if (!rf) return undefined;
      const cfg = await vscode.window.showInputBox({ title: `${title} (configs)`, prompt: 'Topic configs as name=value, comma-separated (e.g. retention.ms=86400000,cleanup.policy=compact); empty: broker defaults', validateInput: (v) => (v.trim() && v.split(',').some((h) => h.indexOf('=') <= 0) ? 'Write each config as name=value' : undefined) });
      if (cfg === undefined) return undefined;
      spec = { topic, partitions: Number(p), replicationFactor: Number(rf), configs: Object.fromEntries(cfg.split(',').filter((x) => x.trim()).map((x) => [x.slice(0, x.indexOf('=')).trim(), x.slice(x.indexOf('=') + 1).trim()])) };
    }
    try {
      await (await connections.service(cluster)).createTopic(spec);
      tree.refresh(cluster.id);
      void vscode.window.showInformationMessage(`Flowscope: topic ${spec.topic} created with ${spec.partitions} partitions, replication factor ${spec.replicationFactor}.`);
      return { created: spec.topic };
    } catch (e) {
      return fail(`Creating topic ${spec.topic}`, e);
    }
  });

  command('describeConfigs', async (n?: unknown): Promise<CommandResult | undefined> => {
    const node = n as KafkaNode | undefined;
    if (node?.kind !== 'topic') return undefined;
    try {
      const entries = await (await connections.service(node.cluster)).describeConfigs(node.topic.name);
      const text = configsText(node.topic.name, entries);
      const doc = await docs.open(`Configs ${node.topic.name}`, text);
      return { text, uri: doc.uri.toString() };
    } catch (e) {
      return fail(`Reading the configuration of ${node.topic.name}`, e);
    }
  });

  command('addPartitions', async (n?: unknown, a?: unknown): Promise<CommandResult | undefined> => {
    const node = n as KafkaNode | undefined;
    if (node?.kind !== 'topic') return undefined;
    const t = node.topic;
    const given = answersOf<{ count: number; confirm?: boolean }>(a);
    let total = given?.count;
    if (total === undefined) {
      const v = await vscode.window.showInputBox({ title: `Add Partitions to ${t.name}`, prompt: `New total number of partitions (now ${t.partitions.length}; Kafka cannot remove partitions)`, value: String(t.partitions.length + 1), validateInput: (x) => (int(x, t.partitions.length + 1) === undefined ? `Enter a whole number larger than ${t.partitions.length}` : undefined) });
      if (!v) return undefined;
      total = Number(v);
    }
    const ok = given?.confirm
      ?? (await vscode.window.showWarningMessage(`Raise ${t.name} from ${t.partitions.length} to ${total} partitions?`, {
        modal: true,
        detail: 'Messages with a key will map to different partitions from now on: per-key order across the change is broken, and consumers relying on key locality (joins, caches, compaction) see keys move. This cannot be undone.',
      }, 'Add Partitions')) === 'Add Partitions';
    if (!ok) return { added: false };
    try {
      const r = await (await connections.service(node.cluster)).addPartitions(t.name, total);
      tree.refresh(node.cluster.id);
      void vscode.window.showInformationMessage(`Flowscope: ${t.name} now has ${r.after} partitions (was ${r.before}).`);
      return { added: true, ...r };
    } catch (e) {
      return fail(`Adding partitions to ${t.name}`, e);
    }
  });

  command('deleteTopic', async (n?: unknown, a?: unknown): Promise<CommandResult | undefined> => {
    const node = n as KafkaNode | undefined;
    if (node?.kind !== 'topic') return undefined;
    const t = node.topic;
    const typed = answersOf<{ confirmName: string }>(a)?.confirmName
      ?? (await vscode.window.showInputBox({
        title: `Delete Topic ${t.name}`,
        prompt: `This deletes ${t.name} and its ${t.messageCountEstimate === null ? '' : `~${count(t.messageCountEstimate)} `}messages in ${t.partitions.length} partitions on ${node.cluster.name}. Type the topic name to confirm.`,
        placeHolder: t.name,
        ignoreFocusOut: true,
        validateInput: (v) => (v === t.name ? undefined : `Type ${t.name} exactly to delete it`),
      }));
    if (typed !== t.name) return { deleted: false };
    try {
      await (await connections.service(node.cluster)).deleteTopic(t.name);
      tree.refresh(node.cluster.id);
      void vscode.window.showInformationMessage(`Flowscope: topic ${t.name} deleted.`);
      return { deleted: true };
    } catch (e) {
      return fail(`Deleting topic ${t.name}`, e);
    }
  });
  return { kafka: { tree, store, requests: (id) => connections.requests(id) } };
}
