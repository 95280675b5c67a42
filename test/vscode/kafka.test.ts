// The Kafka view inside a real VS Code against the tier's sandbox (librdkafka mock cluster with sample topics
// and groups): add a cluster through the wizard command, read the tree through its provider, watch a group and
// see its total lag in the label, a reset dry-run table, peek without a group, secrets in SecretStorage only,
// and an error node (with Retry) for an unreachable cluster. The suite runs twice against the same sandbox,
// so everything it creates has a unique name and nothing depends on what an earlier run changed.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import type { FlowscopeApi } from '../../src/extension/extension';
import type { KafkaApi } from '../../src/extension/kafka';
import type { KafkaNode } from '../../src/extension/kafka/tree';
import { tierSandbox } from './sandbox';

const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

async function kafka(): Promise<KafkaApi> {
  const api = (await vscode.extensions.getExtension<FlowscopeApi>('flowscope.flowscope')?.activate()) as FlowscopeApi;
  assert.ok(api.kafka, 'the extension API has no kafka part');
  return api.kafka;
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function child(k: KafkaApi, parent: KafkaNode | undefined, match: (item: vscode.TreeItem, n: KafkaNode) => boolean): Promise<KafkaNode> {
  const kids = await k.tree.getChildren(parent);
  const found = kids.find((n) => match(k.tree.getTreeItem(n), n));
  assert.ok(found, `no such child; children: ${kids.map((n) => `${label(k.tree.getTreeItem(n))} [${String(k.tree.getTreeItem(n).description ?? '')}]`).join(' | ')}`);
  return found;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('Kafka view in VS Code (sandbox mock cluster)', () => {
  const sb = tierSandbox();
  let k: KafkaApi;
  let clusterId: string;
  let cluster: KafkaNode;

  before(async () => {
    k = await kafka();
    await vscode.commands.executeCommand('workbench.view.extension.flowscope');
  });

  it('adds a cluster through the wizard command after a successful Test connection', async () => {
    const r = await vscode.commands.executeCommand<{ id: string; saved: boolean; test: { ok: boolean; message: string } }>('flowscope.kafka.addCluster', {
      name: `sandbox ${unique}`,
      bootstrap: sb.kafkaBootstrap,
      security: 'none',
    });
    assert.equal(r.test.ok, true, r.test.message);
    assert.match(r.test.message, /^Connected to sandbox \S+: 3 brokers/);
    assert.equal(r.saved, true);
    clusterId = r.id;
    const saved = vscode.workspace.getConfiguration('flowscope.kafka').get<{ id: string; bootstrap: string }[]>('clusters') ?? [];
    assert.equal(saved.find((c) => c.id === clusterId)?.bootstrap, sb.kafkaBootstrap);
    cluster = await child(k, undefined, (_, n) => n.kind === 'cluster' && n.cluster.id === clusterId);
    assert.equal(label(k.tree.getTreeItem(cluster)), `sandbox ${unique}`);
  });

  it('shows the three brokers with host:port', async () => {
    const brokers = await child(k, cluster, (i) => label(i) === 'Brokers');
    const rows = (await k.tree.getChildren(brokers)).map((n) => label(k.tree.getTreeItem(n)));
    const ports = sb.kafkaBootstrap.split(',').map((b) => b.split(':')[1]);
    assert.equal(rows.length, 3);
    for (const p of ports) assert.ok(rows.some((r) => r.endsWith(`:${p}`)), `no broker on port ${p} in ${rows.join(', ')}`);
  });

  it('lists the sample topics with "N partitions · RF r" and a message estimate, and their partitions', async () => {
    const topics = await child(k, cluster, (i) => label(i) === 'Topics');
    const orders = await child(k, topics, (i) => label(i) === 'orders');
    const desc = String(k.tree.getTreeItem(orders).description);
    const m = /^6 partitions · RF 3 · ~(\d+) messages$/.exec(desc);
    assert.ok(m, desc);
    assert.ok(Number(m[1]) >= sb.sample.kafka.topics.orders.messages, desc);
    const audit = await child(k, topics, (i) => label(i) === 'audit');
    assert.match(String(k.tree.getTreeItem(audit).description), /^1 partition · RF \d · ~\d+ messages$/);
    const parts = await k.tree.getChildren(orders);
    assert.deepEqual(parts.map((n) => label(k.tree.getTreeItem(n))), [0, 1, 2, 3, 4, 5].map((p) => `partition ${p}`));
    assert.match(String(k.tree.getTreeItem(parts[0]).description), /^leader \d+ · replicas \d+,\d+,\d+ · ISR \d+,\d+,\d+ · 0\.\.\d+$/);
  });

  it('filters topics by glob', async () => {
    await vscode.commands.executeCommand('flowscope.kafka.filterTopics', cluster, { filter: 'pay*' });
    const topics = await child(k, cluster, (i) => label(i) === 'Topics');
    assert.equal(k.tree.getTreeItem(topics).description, 'filter: pay*');
    assert.deepEqual((await k.tree.getChildren(topics)).map((n) => label(k.tree.getTreeItem(n))), ['payments']);
    await vscode.commands.executeCommand('flowscope.kafka.filterTopics', cluster, { filter: '' });
  });

  it('says in words that the mock cannot list groups, and shows a watched group with its total lag in the label', async () => {
    const groupsNode = await child(k, cluster, (i) => label(i) === 'Consumer Groups');
    const note = await child(k, groupsNode, (i) => i.contextValue === 'kafkaGroupsNote');
    assert.match(label(k.tree.getTreeItem(note)), /cannot list consumer groups \(the broker does not support ListGroups\)/);

    await vscode.commands.executeCommand('flowscope.kafka.watchGroup', cluster, { group: 'billing-service' });
    const g = sb.sample.kafka.groups['billing-service'];
    const committed = Object.values(g.committed).reduce((a, b) => a + b, 0);
    const expectedLag = sb.sample.kafka.topics[g.topic].messages - committed;
    const group = await child(k, groupsNode, (_, n) => n.kind === 'group' && n.group.group === 'billing-service');
    const item = k.tree.getTreeItem(group);
    assert.equal(label(item), `billing-service · lag ${expectedLag}`);
    assert.match(String(item.description), /^state and members unknown · watched$/);

    const rows = (await k.tree.getChildren(group)).filter((n) => n.kind === 'groupPartition');
    assert.deepEqual(
      rows.map((n) => (n.kind === 'groupPartition' ? [n.row.topic, n.row.partition, n.row.currentOffset] : [])),
      Object.entries(g.committed).map(([p, o]) => [g.topic, Number(p), o]),
    );
    const row = k.tree.getTreeItem(rows[0]);
    assert.match(label(row), /^payments\/0 · lag \d+$/);
    assert.match(String(row.description), /^current \d+ · log-end \d+ · no consumer$/);
  });

  it('marks a group with a warning icon when its lag is above the configured threshold', async () => {
    const config = vscode.workspace.getConfiguration('flowscope.kafka');
    const groupsNode = await child(k, cluster, (i) => label(i) === 'Consumer Groups');
    const icon = async () => {
      const g = await child(k, groupsNode, (_, n) => n.kind === 'group' && n.group.group === 'billing-service');
      return (k.tree.getTreeItem(g).iconPath as vscode.ThemeIcon).id;
    };
    try {
      await config.update('lagWarningThreshold', 1, vscode.ConfigurationTarget.Global);
      assert.equal(await icon(), 'warning');
      await config.update('lagWarningThreshold', 1_000_000, vscode.ConfigurationTarget.Global);
      assert.notEqual(await icon(), 'warning');
    } finally {
      await config.update('lagWarningThreshold', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows the reset dry-run table (current → new per partition) without changing anything', async () => {
    const groupsNode = await child(k, cluster, (i) => label(i) === 'Consumer Groups');
    const group = await child(k, groupsNode, (_, n) => n.kind === 'group' && n.group.group === 'billing-service');
    const before = label(k.tree.getTreeItem(group));
    const r = await vscode.commands.executeCommand<{ text: string; uri: string; executed: boolean }>('flowscope.kafka.resetOffsets', group, { topic: 'payments', target: { kind: 'earliest' } });
    assert.equal(r.executed, false);
    assert.match(r.text, /^DRY RUN: nothing has been changed\. Consumer group 'billing-service', topic payments, to the earliest offset\./);
    const g = sb.sample.kafka.groups['billing-service'];
    for (const [p, o] of Object.entries(g.committed)) {
      assert.match(r.text, new RegExp(`^billing-service\\s+payments\\s+${p}\\s+${o}\\s+0\\s+-${o}$`, 'm'));
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.uri);
    assert.equal(doc?.getText(), r.text, 'the table is open in a read-only document');
    k.tree.refresh(clusterId);
    const again = await child(k, groupsNode, (_, n) => n.kind === 'group' && n.group.group === 'billing-service');
    assert.equal(label(k.tree.getTreeItem(again)), before, 'the dry run changed the lag');
  });

  it('executes a reset on a group of its own and the new lag shows in the label', async () => {
    const name = `vscode-reset-${unique}`;
    await vscode.commands.executeCommand('flowscope.kafka.watchGroup', cluster, { group: name });
    const groupsNode = await child(k, cluster, (i) => label(i) === 'Consumer Groups');
    const fresh = await child(k, groupsNode, (_, n) => n.kind === 'group' && n.group.group === name);
    assert.equal(label(k.tree.getTreeItem(fresh)), `${name} · lag 0`);
    const r = await vscode.commands.executeCommand<{ executed: boolean; text: string }>('flowscope.kafka.resetOffsets', fresh, { topic: 'audit', target: { kind: 'earliest' }, execute: true });
    assert.equal(r.executed, true, JSON.stringify(r));
    const topics = await child(k, cluster, (i) => label(i) === 'Topics');
    const audit = await child(k, topics, (i) => label(i) === 'audit');
    const high = audit.kind === 'topic' ? audit.topic.partitions[0].high : null;
    const after = await child(k, groupsNode, (_, n) => n.kind === 'group' && n.group.group === name);
    assert.equal(label(k.tree.getTreeItem(after)), `${name} · lag ${high}`);
  });

  it('peeks at a produced message with key, pretty JSON and headers, sending no group request', async () => {
    const topics = await child(k, cluster, (i) => label(i) === 'Topics');
    const orders = await child(k, topics, (i) => label(i) === 'orders');
    const key = `vscode-${unique}`;
    const w = await vscode.commands.executeCommand<{ partition: number; offset: number }>('flowscope.kafka.produce', orders, { key, value: JSON.stringify({ id: unique, total: 42 }), headers: { source: 'vscode-test' } });
    assert.ok(w.offset >= 0, JSON.stringify(w));
    const before = k.requests(clusterId);
    const r = await vscode.commands.executeCommand<{ text: string; messages: number }>('flowscope.kafka.peek', orders, { from: { kind: 'offset', offset: w.offset }, partition: w.partition, max: 1 });
    assert.equal(r.messages, 1);
    assert.ok(r.text.includes(`--- partition ${w.partition} · offset ${w.offset} · `), r.text);
    assert.ok(r.text.includes(`key (utf8): ${key}\nheader source (utf8): vscode-test\nvalue (json):\n{\n  "id": "${unique}",\n  "total": 42\n}`), r.text);
    const after = k.requests(clusterId);
    for (const api of ['JoinGroup', 'SyncGroup', 'Heartbeat', 'OffsetCommit', 'FindCoordinator', 'LeaveGroup']) {
      assert.equal(after[api] ?? 0, before[api] ?? 0, `peek sent ${api}`);
    }
    assert.ok((after.Fetch ?? 0) > (before.Fetch ?? 0), 'peek read with Fetch');
  });

  it('produces the editor selection as the value', async () => {
    const body = JSON.stringify({ from: 'selection', id: unique });
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: `// not sent\n${body}\n// not sent either\n` });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, body.length);
    const topics = await child(k, cluster, (i) => label(i) === 'Topics');
    // orders: no sample group reads it, so writing there changes no lag the next run checks.
    const orders = await child(k, topics, (i) => label(i) === 'orders');
    const w = await vscode.commands.executeCommand<{ partition: number; offset: number }>('flowscope.kafka.produce', orders, { fromEditor: 'selection', key: `sel-${unique}` });
    const r = await vscode.commands.executeCommand<{ text: string; messages: number }>('flowscope.kafka.peek', orders, { from: { kind: 'offset', offset: w.offset }, partition: w.partition, max: 1 });
    assert.ok(r.text.includes(`key (utf8): sel-${unique}\nvalue (json):\n{\n  "from": "selection",\n  "id": "${unique}"\n}\n`), r.text);
    assert.ok(!r.text.includes('not sent'));
  });

  it('saves an AWS MSK IAM cluster with no secret, leaving the region to the AWS views', async () => {
    const r = await vscode.commands.executeCommand<{ id: string; saved: boolean; test: { ok: boolean; message: string } }>('flowscope.kafka.addCluster', {
      name: `msk ${unique}`,
      bootstrap: sb.kafkaBootstrap,
      security: 'aws-msk-iam',
      saveIfTestFails: true,
    });
    // The mock speaks neither TLS nor SASL: MSK IAM always uses TLS, so the test fails at the TLS handshake
    // (signing itself is covered by the unit tests). What matters here is what was saved.
    assert.equal(r.test.ok, false);
    assert.match(r.test.message, /closed the connection \(ECONNRESET\)/);
    const saved = k.store.get(r.id);
    assert.equal(saved?.security, 'aws-msk-iam');
    assert.equal(saved?.awsRegion, undefined, 'an empty region follows the AWS views');
    assert.deepEqual(Object.keys(saved ?? {}).sort(), ['bootstrap', 'id', 'name', 'security']);
    await vscode.commands.executeCommand('flowscope.kafka.removeCluster', { kind: 'cluster', cluster: saved }, { confirm: true });
  });

  it('says the mock does not support CreateTopics when creating a topic', async () => {
    const r = await vscode.commands.executeCommand<{ error?: string }>('flowscope.kafka.createTopic', cluster, { topic: `t-${unique}`, partitions: 1, replicationFactor: 1 });
    assert.equal(r.error, `Creating topic t-${unique}: this broker does not support CreateTopics`);
  });

  it('names the missing API for every topic and group administration action on the mock, and deletes nothing', async () => {
    const topics = await child(k, cluster, (i) => label(i) === 'Topics');
    const audit = await child(k, topics, (i) => label(i) === 'audit');
    const configs = await vscode.commands.executeCommand<{ error?: string }>('flowscope.kafka.describeConfigs', audit);
    assert.equal(configs.error, 'Reading the configuration of audit: this broker does not support DescribeConfigs');
    const more = await vscode.commands.executeCommand<{ error?: string }>('flowscope.kafka.addPartitions', audit, { count: 2, confirm: true });
    assert.equal(more.error, 'Adding partitions to audit: this broker does not support CreatePartitions');
    const mistyped = await vscode.commands.executeCommand<{ deleted: boolean }>('flowscope.kafka.deleteTopic', audit, { confirmName: 'audit ' });
    assert.deepEqual(mistyped, { deleted: false }, 'a name that is not exactly the topic must not delete it');
    const del = await vscode.commands.executeCommand<{ error?: string }>('flowscope.kafka.deleteTopic', audit, { confirmName: 'audit' });
    assert.equal(del.error, 'Deleting topic audit: this broker does not support DeleteTopics');
    const groupsNode = await child(k, cluster, (i) => label(i) === 'Consumer Groups');
    const group = await child(k, groupsNode, (_, n) => n.kind === 'group' && n.group.group === 'billing-service');
    const delGroup = await vscode.commands.executeCommand<{ error?: string }>('flowscope.kafka.deleteGroup', group, { confirm: true });
    assert.equal(delGroup.error, 'Deleting group billing-service: this broker does not support DeleteGroups');
    k.tree.refresh(clusterId);
    const again = await child(k, await child(k, cluster, (i) => label(i) === 'Topics'), (i) => label(i) === 'audit');
    assert.equal(again.kind === 'topic' && again.topic.partitions.length, 1);
  });

  it('refreshes expanded clusters on its own when auto-refresh is set', async function () {
    this.timeout(20_000);
    const config = vscode.workspace.getConfiguration('flowscope.kafka');
    await k.tree.getChildren(cluster);
    try {
      const fired = new Promise<number>((resolve) => {
        const t0 = Date.now();
        const sub = k.tree.onDidChangeTreeData(() => {
          sub.dispose();
          resolve(Date.now() - t0);
        });
      });
      await config.update('autoRefreshSeconds', 5, vscode.ConfigurationTarget.Global);
      const ms = await fired;
      assert.ok(ms >= 4000 && ms < 9000, `refreshed after ${ms} ms`);
    } finally {
      await config.update('autoRefreshSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('keeps the SASL password in SecretStorage and out of settings.json', async () => {
    const password = `pw-${unique}-secret`;
    const r = await vscode.commands.executeCommand<{ id: string; saved: boolean; test: { ok: boolean; message: string } }>('flowscope.kafka.addCluster', {
      name: `scram ${unique}`,
      bootstrap: `127.0.0.1:${await closedPort()}`,
      security: 'sasl-scram-sha-256',
      username: 'app',
      password,
      tls: false,
      saveIfTestFails: true,
    });
    assert.equal(r.test.ok, false);
    assert.equal(r.saved, true);
    assert.equal(await k.store.secretEquals(r.id, 'password', password), true);
    const inspected = JSON.stringify(vscode.workspace.getConfiguration('flowscope.kafka').inspect('clusters'));
    assert.ok(inspected.includes(`scram ${unique}`) && inspected.includes('"username":"app"'));
    assert.ok(!inspected.includes(password), 'the password is in the settings');
    const settingsFile = path.join(path.dirname(process.env.FLOWSCOPE_VSCODE_DONE_FILE ?? ''), 'profile', 'user-data', 'User', 'settings.json');
    assert.ok(existsSync(settingsFile), `no settings file at ${settingsFile}`);
    const text = readFileSync(settingsFile, 'utf8');
    assert.ok(text.includes(`scram ${unique}`), 'the cluster was not written to settings.json');
    assert.ok(!text.includes(password), 'settings.json holds the password');

    // Edit with the password left empty keeps the stored one; a changed user name is saved.
    const node = await child(k, undefined, (_, n) => n.kind === 'cluster' && n.cluster.id === r.id);
    const edited = await vscode.commands.executeCommand<{ id: string; saved: boolean }>('flowscope.kafka.editCluster', node, {
      name: `scram ${unique} renamed`,
      bootstrap: node.kind === 'cluster' ? node.cluster.bootstrap : '',
      security: 'sasl-scram-sha-256',
      username: 'app2',
      tls: false,
      saveIfTestFails: true,
    });
    assert.equal(edited.id, r.id);
    assert.equal(await k.store.secretEquals(r.id, 'password', password), true, 'editing without a password lost the stored one');
    assert.equal(k.store.get(r.id)?.username, 'app2');
    assert.equal(k.store.get(r.id)?.name, `scram ${unique} renamed`);

    await vscode.commands.executeCommand('flowscope.kafka.removeCluster', node, { confirm: true });
    assert.equal(k.store.get(r.id), undefined);
    assert.equal(await k.store.secretEquals(r.id, 'password', password), false, 'removing the cluster left its password behind');
  });

  it('does not save a cluster whose Test connection fails (TLS to a plaintext listener), and says why', async () => {
    const r = await vscode.commands.executeCommand<{ id: string; saved: boolean; test: { ok: boolean; message: string } }>('flowscope.kafka.addCluster', {
      name: `tls ${unique}`,
      bootstrap: sb.kafkaBootstrap,
      security: 'tls',
    });
    assert.equal(r.saved, false);
    assert.match(r.test.message, /closed the connection \(ECONNRESET\): check that the cluster's security setting matches the listener/);
    assert.equal(k.store.get(r.id), undefined);
  });

  it('shows an error node with the cause and a Retry action for an unreachable cluster, within the timeout', async () => {
    const port = await closedPort();
    const r = await vscode.commands.executeCommand<{ id: string; saved: boolean; test: { ok: boolean; message: string } }>('flowscope.kafka.addCluster', {
      name: `down ${unique}`,
      bootstrap: `127.0.0.1:${port}`,
      saveIfTestFails: true,
    });
    assert.match(r.test.message, /connection refused/);
    const node = await child(k, undefined, (_, n) => n.kind === 'cluster' && n.cluster.id === r.id);
    const t0 = Date.now();
    const kids = await k.tree.getChildren(node);
    const elapsed = Date.now() - t0;
    const c = vscode.workspace.getConfiguration('flowscope.kafka');
    assert.ok(elapsed < 2 * (c.get<number>('connectionTimeoutMs') ?? 5000) + 2 * (c.get<number>('requestTimeoutMs') ?? 15000), `took ${elapsed} ms`);
    assert.equal(kids.length, 1);
    const item = k.tree.getTreeItem(kids[0]);
    assert.equal(item.contextValue, 'kafkaError');
    assert.equal(label(item), `Cannot connect to the Kafka cluster (127.0.0.1:${port}): connection refused`);
    assert.equal(item.command?.command, 'flowscope.kafka.retry');
    await vscode.commands.executeCommand('flowscope.kafka.retry', kids[0]);
    assert.equal(label(k.tree.getTreeItem((await k.tree.getChildren(node))[0])), label(item), 'Retry asked again and got the same cause');
  });
});
