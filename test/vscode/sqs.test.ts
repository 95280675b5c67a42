// SQS and the AWS connection inside a real VS Code, against the tier's moto_server (settings already point
// Flowscope at it): the tree through its provider, commands with their answers as arguments, the chooser.
// The suite runs twice against the same moto, so anything it changes lives in uniquely named queues.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as vscode from 'vscode';
import type { FlowscopeApi } from '../../src/extension/extension';
import type { PeekResult } from '../../src/extension/sqs/actions';
import type { SqsNode, SqsTreeProvider } from '../../src/extension/sqs/tree';
import { tierSandbox } from './sandbox';

const unique = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** Polls until check returns a value (not undefined), or fails with the last reason. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('SQS explorer in VS Code (against moto)', function () {
  this.timeout(60_000);
  const sb = tierSandbox();
  let tree: SqsTreeProvider;
  let selection: () => readonly SqsNode[];
  let sqs: SQSClient;
  const aws = () => vscode.workspace.getConfiguration('flowscope.aws');

  before(async () => {
    const api = (await vscode.extensions.getExtension<FlowscopeApi>('flowscope.flowscope')?.activate()) as FlowscopeApi;
    assert.ok(api.sqs, 'the extension API has no sqs part');
    tree = api.sqs.tree;
    selection = api.sqs.selection;
    sqs = new SQSClient({ region: sb.region, endpoint: sb.awsEndpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await vscode.commands.executeCommand('flowscope.sqs.focus');
  });
  after(() => sqs.destroy());

  async function regionNode(): Promise<SqsNode> {
    const roots = await tree.getChildren();
    assert.deepEqual(roots.map((r) => r.region), [sb.region]);
    return roots[0];
  }

  async function queueNodes(): Promise<Map<string, { node: SqsNode; item: vscode.TreeItem }>> {
    const children = await tree.getChildren(await regionNode());
    return new Map(children.filter((n) => n.kind === 'queue').map((n) => { const item = tree.getTreeItem(n); return [label(item), { node: n, item }]; }));
  }

  async function visible(url: string): Promise<number> {
    const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes ?? {};
    return Number(a.ApproximateNumberOfMessages);
  }

  it('shows the region with the sample queues and counts that match what moto holds', async () => {
    const queues = await queueNodes();
    for (const name of ['orders-events', 'orders-dlq', 'payments.fifo']) {
      const q = queues.get(name);
      assert.ok(q, `${name} is not in the tree: ${[...queues.keys()].join(', ')}`);
      const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: sb.sample.aws.sqs.queues[name], AttributeNames: ['All'] }))).Attributes ?? {};
      assert.equal(q.item.description, `${a.ApproximateNumberOfMessages} visible · ${a.ApproximateNumberOfMessagesNotVisible} in flight · ${a.ApproximateNumberOfMessagesDelayed} delayed`);
    }
    assert.match(String(queues.get('orders-events')?.item.description), new RegExp(`^${sb.sample.aws.sqs.messages['orders-events']} visible`));
    const fifo = queues.get('payments.fifo')?.item;
    assert.equal((fifo?.iconPath as vscode.ThemeIcon).id, 'list-ordered');
    assert.match(String(fifo?.contextValue), /^sqsQueue fifo\b/);
    const tooltip = (queues.get('orders-events')?.item.tooltip as vscode.MarkdownString).value;
    for (const row of ['Visibility timeout', 'Retention', 'Max message size', 'Long-poll wait', 'Delivery delay', 'Encryption']) assert.match(tooltip, new RegExp(`\\| ${row} \\|`));
  });

  it('links a queue to its DLQ with maxReceiveCount, and the DLQ to its source queue', async () => {
    const queues = await queueNodes();
    const source = queues.get('orders-events');
    const dlq = queues.get('orders-dlq');
    assert.ok(source && dlq);
    const toDlq = (await tree.getChildren(source.node)).map((n) => tree.getTreeItem(n));
    assert.deepEqual(toDlq.map((i) => [label(i), i.description]), [['Dead-letter queue: orders-dlq', 'after 3 receives']]);
    const fromSources = (await tree.getChildren(dlq.node)).map((n) => tree.getTreeItem(n));
    assert.deepEqual(fromSources.map((i) => [label(i), i.description]), [['Source queue: orders-events', 'maxReceiveCount 3']]);
    assert.match(String(dlq.item.contextValue), /\bdlq\b/);
  });

  it('selects the linked queue in the tree when a DLQ or source link is clicked', async () => {
    const queues = await queueNodes();
    const source = queues.get('orders-events');
    const dlq = queues.get('orders-dlq');
    assert.ok(source && dlq);
    // A click runs the item's command with its arguments.
    const [link] = await tree.getChildren(source.node);
    const click = tree.getTreeItem(link).command;
    assert.ok(click);
    await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
    const selected = await eventually('the DLQ to be selected', async () => {
      const s = selection();
      return s.length === 1 && s[0].kind === 'queue' ? s[0] : undefined;
    });
    assert.equal(selected.kind === 'queue' && selected.queue.url, sb.sample.aws.sqs.queues['orders-dlq']);
    // And back from the DLQ to its source.
    const [back] = await tree.getChildren(dlq.node);
    const clickBack = tree.getTreeItem(back).command;
    assert.ok(clickBack);
    await vscode.commands.executeCommand(clickBack.command, ...(clickBack.arguments ?? []));
    await eventually('the source queue to be selected', async () => {
      const s = selection();
      return s.length === 1 && s[0].kind === 'queue' && s[0].queue.url === sb.sample.aws.sqs.queues['orders-events'] ? true : undefined;
    });
  });

  it('creates a queue, sends a message through the command and the count rises; peek shows it and leaves the count', async () => {
    const name = unique('vscode-send');
    const created = await vscode.commands.executeCommand<{ url: string }>('flowscope.sqs.createQueue', undefined, { name, region: sb.region });
    assert.ok(created?.url, 'createQueue returned no URL');
    const before = await eventually('the new queue in the tree', async () => (await queueNodes()).get(name));
    assert.match(String(before.item.description), /^0 visible/);

    const body = JSON.stringify({ orderId: name, total: 12.5 });
    const sent = await vscode.commands.executeCommand<{ messageId: string }>('flowscope.sqs.sendMessage', before.node, { body, attributes: { tenant: 'acme' } });
    assert.ok(sent?.messageId);
    assert.equal(await visible(created.url), 1);
    await vscode.commands.executeCommand('flowscope.sqs.refresh');
    await eventually('the count to rise to 1', async () => (/^1 visible/.test(String((await queueNodes()).get(name)?.item.description)) ? true : undefined));

    const peek = await vscode.commands.executeCommand<PeekResult>('flowscope.sqs.peek', (await queueNodes()).get(name)?.node, { max: 5 });
    assert.ok(peek?.uri, 'peek opened no document');
    assert.deepEqual(peek.messages.map((m) => m.messageId), [sent.messageId]);
    const doc = await vscode.workspace.openTextDocument(peek.uri);
    const text = doc.getText();
    assert.match(text, new RegExp(`"orderId": "${name}"`), 'the JSON body is pretty-printed');
    assert.match(text, /- tenant: acme/);
    assert.match(text, /- Receive count: 1\n/);
    assert.match(text, /- Sent: \d{4}-\d\d-\d\dT/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), peek.uri.toString());
    assert.equal(await visible(created.url), 1, 'the peek changed ApproximateNumberOfMessages');
  });

  it('warns before peeking a queue with a redrive policy and receives nothing when declined', async () => {
    const dlqName = unique('vscode-risk-dlq');
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: dlqName }))).QueueUrl as string;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
    const srcName = unique('vscode-risk-src');
    const srcUrl = (await sqs.send(new CreateQueueCommand({ QueueName: srcName, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) } }))).QueueUrl as string;
    await sqs.send(new SendMessageCommand({ QueueUrl: srcUrl, MessageBody: 'careful' }));
    await vscode.commands.executeCommand('flowscope.sqs.refresh');
    const node = await eventually('the risky queue in the tree', async () => (await queueNodes()).get(srcName)?.node);

    const declined = await vscode.commands.executeCommand<PeekResult>('flowscope.sqs.peek', node, { acceptRisk: false });
    assert.match(String(declined?.declined), new RegExp(`${srcName} has a redrive policy \\(maxReceiveCount 2, dead-letter queue ${dlqName}\\)`));
    assert.equal(declined?.messages.length, 0);

    const accepted = await vscode.commands.executeCommand<PeekResult>('flowscope.sqs.peek', node, { acceptRisk: true });
    // 1, not 2: the declined peek received nothing.
    assert.deepEqual(accepted?.messages.map((m) => [m.body, m.receiveCount, m.atDlqLimit]), [['careful', 1, false]]);
  });

  it('shows an error node in words with what to do and Retry when the endpoint refuses connections', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
    });
    const endpoint = `http://127.0.0.1:${closedPort}`;
    const timeoutMs = aws().get<number>('requestTimeoutMs') ?? 15000;
    try {
      await aws().update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
      const t0 = Date.now();
      const children = await eventually('an error node', async () => {
        const c = await tree.getChildren(await regionNode());
        return c[0]?.kind === 'error' ? c : undefined;
      }, 2 * timeoutMs + 5000);
      assert.ok(Date.now() - t0 < 2 * timeoutMs + 1000, `the error took ${Date.now() - t0} ms`);
      const items = children.map((n) => tree.getTreeItem(n));
      assert.equal(label(items[0]), `cannot connect to the AWS endpoint ${endpoint}: connection refused while listing SQS queues`);
      assert.match(label(items[1]), new RegExp(`Start the service at ${endpoint} or fix the setting flowscope.aws.endpoint`));
      assert.equal(label(items[2]), 'Retry');
      assert.equal(items[2].command?.command, 'flowscope.sqs.retry');
    } finally {
      await aws().update('endpoint', sb.awsEndpoint, vscode.ConfigurationTarget.Global);
    }
    await eventually('the queues back after the endpoint is fixed', async () => ((await queueNodes()).has('orders-events') ? true : undefined));
  });

  it('turns an endpoint that accepts but never answers into a timeout error node, not a spinner', async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => { held.push(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      await aws().update('requestTimeoutMs', 1000, vscode.ConfigurationTarget.Global);
      await aws().update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
      const t0 = Date.now();
      const children = await eventually('a timeout error node', async () => {
        const c = await tree.getChildren(await regionNode());
        return c[0]?.kind === 'error' ? c : undefined;
      }, 10_000);
      assert.ok(Date.now() - t0 < 6000, `the error node took ${Date.now() - t0} ms`);
      const [error, action] = children.map((n) => label(tree.getTreeItem(n)));
      assert.match(error, new RegExp(`^no answer from the AWS endpoint ${endpoint} within \\d+ ms`));
      assert.match(action, /raise flowscope.aws.requestTimeoutMs/);
    } finally {
      await aws().update('endpoint', sb.awsEndpoint, vscode.ConfigurationTarget.Global);
      await aws().update('requestTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
      for (const s of held) s.destroy();
      silent.close();
    }
    await eventually('the queues back', async () => ((await queueNodes()).has('orders-events') ? true : undefined));
  });

  it('refreshes on its own when auto-refresh is on', async () => {
    const sqsConfig = vscode.workspace.getConfiguration('flowscope.sqs');
    await queueNodes();
    const name = unique('vscode-auto');
    try {
      await sqsConfig.update('autoRefreshSeconds', 5, vscode.ConfigurationTarget.Global);
      await sqs.send(new CreateQueueCommand({ QueueName: name }));
      // No refresh command: the interval must pick the new queue up.
      await eventually('the new queue without a refresh', async () => ((await queueNodes()).has(name) ? true : undefined), 15_000);
    } finally {
      await sqsConfig.update('autoRefreshSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  /** A source queue and its DLQ, created directly in moto (unique names), with messages in the DLQ. */
  async function sourceWithDlq(prefix: string, dlqMessages: string[]) {
    const dlqName = unique(`${prefix}-dlq`);
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: dlqName }))).QueueUrl as string;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
    const srcName = unique(`${prefix}-src`);
    const srcUrl = (await sqs.send(new CreateQueueCommand({ QueueName: srcName, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }) } }))).QueueUrl as string;
    for (const body of dlqMessages) await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: body }));
    return { dlqName, dlqUrl, srcName, srcUrl };
  }

  async function nodeOf(name: string): Promise<SqsNode> {
    await vscode.commands.executeCommand('flowscope.sqs.refresh');
    return eventually(`${name} in the tree`, async () => (await queueNodes()).get(name)?.node);
  }

  it('redrives a DLQ back to its source queue', async () => {
    const q = await sourceWithDlq('vscode-redrive', ['one', 'two', 'three']);
    const dlq = await nodeOf(q.dlqName);
    assert.match(String(tree.getTreeItem(dlq).contextValue), /\bdlq\b/);
    const result = await vscode.commands.executeCommand<{ moved: number }>('flowscope.sqs.redrive', dlq, { confirm: 'Start redrive' });
    assert.equal(result?.moved, 3);
    assert.equal(await visible(q.srcUrl), 3);
    assert.equal(await visible(q.dlqUrl), 0);
  });

  it('purges only after the queue name is typed', async () => {
    const q = await sourceWithDlq('vscode-purge', ['a', 'b']);
    const dlq = await nodeOf(q.dlqName);
    assert.equal(await vscode.commands.executeCommand('flowscope.sqs.purge', dlq, { typedName: 'something-else' }), false);
    assert.equal(await visible(q.dlqUrl), 2, 'a wrong name purged the queue');
    assert.equal(await vscode.commands.executeCommand('flowscope.sqs.purge', dlq, { typedName: q.dlqName }), true);
    await eventually('the purge to empty the queue', async () => ((await visible(q.dlqUrl)) === 0 ? true : undefined));
  });

  it('deletes one peeked message after confirmation, leaving the others', async () => {
    const q = await sourceWithDlq('vscode-delmsg', ['keep', 'drop']);
    const dlq = await nodeOf(q.dlqName);
    const peek = await vscode.commands.executeCommand<PeekResult>('flowscope.sqs.peek', dlq, { max: 10 });
    const drop = peek?.messages.find((m) => m.body === 'drop');
    assert.ok(drop, 'the peek did not show the message');
    assert.equal(await vscode.commands.executeCommand('flowscope.sqs.deleteMessage', dlq, { messageId: drop.messageId }), false, 'deleted without confirmation');
    assert.equal(await visible(q.dlqUrl), 2);
    assert.equal(await vscode.commands.executeCommand('flowscope.sqs.deleteMessage', dlq, { messageId: drop.messageId, confirm: 'Delete' }), true);
    assert.equal(await visible(q.dlqUrl), 1);
    const after = await vscode.commands.executeCommand<PeekResult>('flowscope.sqs.peek', dlq, { max: 10 });
    assert.deepEqual(after?.messages.map((m) => m.body), ['keep']);
  });

  it('copies the URL and ARN, and deletes a queue only after its name is typed', async () => {
    const name = unique('vscode-delete');
    const created = await vscode.commands.executeCommand<{ url: string }>('flowscope.sqs.createQueue', undefined, { name, region: sb.region });
    const node = await nodeOf(name);
    assert.equal(await vscode.commands.executeCommand('flowscope.sqs.copyUrl', node), created?.url);
    const arn = await vscode.commands.executeCommand<string>('flowscope.sqs.copyArn', node);
    assert.match(String(arn), new RegExp(`^arn:aws:sqs:${sb.region}:\\d{12}:${name}$`));
    assert.equal(await vscode.commands.executeCommand('flowscope.sqs.deleteQueue', node, { typedName: `${name}x` }), false);
    assert.ok((await queueNodes()).has(name));
    assert.equal(await vscode.commands.executeCommand('flowscope.sqs.deleteQueue', node, { typedName: name }), true);
    await eventually('the queue to leave the tree', async () => ((await queueNodes()).has(name) ? undefined : true));
  });

  it('creates a FIFO queue and sends with a message group id', async () => {
    const name = unique('vscode-fifo');
    await vscode.commands.executeCommand('flowscope.sqs.createQueue', undefined, { name, fifo: true, contentBasedDeduplication: true, region: sb.region });
    const node = await nodeOf(`${name}.fifo`);
    assert.equal((tree.getTreeItem(node).iconPath as vscode.ThemeIcon).id, 'list-ordered');
    // Without a group id nothing is sent.
    assert.equal(await vscode.commands.executeCommand('flowscope.sqs.sendMessage', node, { body: 'x' }), undefined);
    const sent = await vscode.commands.executeCommand<{ messageId: string }>('flowscope.sqs.sendMessage', node, { body: 'x', groupId: 'g1' });
    assert.ok(sent?.messageId);
    const peek = await vscode.commands.executeCommand<PeekResult>('flowscope.sqs.peek', node, {});
    assert.deepEqual(peek?.messages.map((m) => m.systemAttributes.MessageGroupId), ['g1'], 'the send without a group id went through');
  });

  it('pages many queues with a Load more node and filters by prefix', async () => {
    const prefix = unique('vscode-page');
    for (const n of ['a', 'b', 'c']) await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${n}` }));
    const sqsConfig = vscode.workspace.getConfiguration('flowscope.sqs');
    try {
      await sqsConfig.update('pageSize', 2, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('flowscope.sqs.filter', prefix);
      const page = await eventually('the first page', async () => {
        const c = await tree.getChildren(await regionNode());
        return c.some((n) => n.kind === 'more') ? c : undefined;
      });
      assert.deepEqual(page.map((n) => label(tree.getTreeItem(n))), [`${prefix}-a`, `${prefix}-b`, 'Load 1 more…']);
      await vscode.commands.executeCommand('flowscope.sqs.loadMore', page[2]);
      const all = await tree.getChildren(await regionNode());
      assert.deepEqual(all.map((n) => label(tree.getTreeItem(n))), [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
      await vscode.commands.executeCommand('flowscope.sqs.filter', `${prefix}-none`);
      const none = await tree.getChildren(await regionNode());
      assert.deepEqual(none.map((n) => label(tree.getTreeItem(n))), [`No queues starting with "${prefix}-none"`]);
    } finally {
      await vscode.commands.executeCommand('flowscope.sqs.filter', '');
      await sqsConfig.update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('lists every source queue of a DLQ even when the filter hides some of them', async () => {
    const q = await sourceWithDlq('vscode-hidden', []);
    // A second source whose name the filter does not match.
    const other = unique('zz-hidden-src');
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: q.dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
    const otherUrl = (await sqs.send(new CreateQueueCommand({ QueueName: other, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 4 }) } }))).QueueUrl as string;
    try {
      await vscode.commands.executeCommand('flowscope.sqs.filter', q.dlqName.replace(/-dlq.*$/, ''));
      const dlq = await eventually('the DLQ under the filter', async () => (await queueNodes()).get(q.dlqName)?.node);
      assert.equal((await queueNodes()).has(other), false, 'the filter hides the other source');
      const links = (await tree.getChildren(dlq)).map((n) => label(tree.getTreeItem(n)));
      assert.deepEqual(links, [`Source queue: ${q.srcName}`, `Source queue: ${other}`].sort((a, b) => (a < b ? -1 : 1)));
      assert.ok(otherUrl);
    } finally {
      await vscode.commands.executeCommand('flowscope.sqs.filter', '');
    }
  });

  describe('choosing the AWS profile and regions', () => {
    const secret = `wJalrXUtnFEMI-${Math.random().toString(36).slice(2)}`;
    let dir: string;
    const saved: Record<string, string | undefined> = {};

    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'flowscope-aws-'));
      writeFileSync(path.join(dir, 'config'), '[profile flowscope-test]\nregion = eu-west-1\n\n[profile flowscope-sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = dev\n\n[sso-session corp]\nsso_start_url = https://example.invalid/start\nsso_region = eu-west-1\n');
      writeFileSync(path.join(dir, 'credentials'), `[flowscope-test]\naws_access_key_id = test\naws_secret_access_key = ${secret}\n`);
      for (const k of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) saved[k] = process.env[k];
      process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
      process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    });

    after(async () => {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
      await aws().update('profile', undefined, vscode.ConfigurationTarget.Global);
      await aws().update('regions', [sb.region], vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes the profile name and several regions to settings, no secret, and the tree shows both regions', async () => {
      const choice = await vscode.commands.executeCommand('flowscope.aws.chooseProfile', { profile: 'flowscope-test', regions: [sb.region, 'eu-west-1'] });
      assert.deepEqual(choice, { profile: 'flowscope-test', regions: [sb.region, 'eu-west-1'] });
      assert.equal(aws().inspect('profile')?.globalValue, 'flowscope-test');
      assert.deepEqual(aws().inspect('regions')?.globalValue, [sb.region, 'eu-west-1']);
      const pkg = vscode.extensions.getExtension('flowscope.flowscope')?.packageJSON as { contributes: { configuration: { properties: Record<string, unknown> } } };
      const written = Object.keys(pkg.contributes.configuration.properties).map((key) => vscode.workspace.getConfiguration().inspect(key));
      assert.doesNotMatch(JSON.stringify(written), new RegExp(secret), 'a secret reached the settings');
      const roots = await eventually('two regions', async () => { const r = await tree.getChildren(); return r.length === 2 ? r : undefined; });
      assert.deepEqual(roots.map((r) => r.region), [sb.region, 'eu-west-1']);
    });

    it('refuses a profile that does not exist and leaves the settings as they were', async () => {
      const choice = await vscode.commands.executeCommand('flowscope.aws.chooseProfile', { profile: 'no-such-profile', regions: ['eu-west-1'] });
      assert.equal(choice, undefined);
      assert.equal(aws().inspect('profile')?.globalValue, 'flowscope-test');
      assert.deepEqual(aws().inspect('regions')?.globalValue, [sb.region, 'eu-west-1']);
    });
  });
});
