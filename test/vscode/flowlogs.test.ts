// VPC flow logs inside a real VS Code: the flowlog language and its hover, Analyze Flow Log File and its
// report, and the VPC Flow Logs tree against the sandbox's moto (a VPC with two flow logs to CloudWatch Logs
// and one to S3).
// The suite runs twice against the same sandbox, so it only reads AWS.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { FlowscopeApi } from '../../src/extension/extension';
import type { FlowLogNode } from '../../src/extension/flowlogs/tree';
import { tierSandbox } from './sandbox';
import { scratchFolder } from './workspace';

const FIELDS = ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status', 'tcp-flags'];
const RECORD = '5 123456789012 eni-0a1b2c3d 10.20.1.10 203.0.113.45 443 40007 6 11 19111 1700000000 1700000060 ACCEPT OK 19';

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('VPC flow logs in VS Code', () => {
  let dir: string;

  before(async () => {
    await vscode.extensions.getExtension('flowscope.flowscope')?.activate();
    dir = scratchFolder('flowlogs');
  });

  describe('the flowlog language', () => {
    let doc: vscode.TextDocument;
    before(async () => {
      const file = path.join(dir, 'sample.flowlog');
      writeFileSync(file, `${FIELDS.join(' ')}\n${RECORD}\n`);
      doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
    });

    it('is the language of .flowlog files', () => {
      assert.equal(doc.languageId, 'flowlog');
    });

    it('explains a tcp-flags value on hover: 19 is SYN-ACK + FIN', async () => {
      const text = await hoverText(doc.uri, new vscode.Position(1, RECORD.length - 1));
      assert.match(text, /\*\*tcp-flags\*\* \(column 15, from the header line\)/);
      assert.match(text, /19 = SYN-ACK \(18\) \+ FIN \(1\)/);
    });

    it('names the protocol on hover: 6 is TCP', async () => {
      const text = await hoverText(doc.uri, new vscode.Position(1, RECORD.indexOf(' 6 ') + 1));
      assert.match(text, /\*\*protocol\*\*/);
      assert.match(text, /6 = TCP/);
    });

    it('shows a start time as an ISO date on hover', async () => {
      const text = await hoverText(doc.uri, new vscode.Position(1, RECORD.indexOf('1700000000') + 2));
      assert.match(text, /\*\*start\*\*/);
      assert.match(text, /2023-11-14T22:13:20Z/);
    });
  });
});

describe('Analyze Flow Log File in VS Code', () => {
  it('opens a report for a gzip file with totals, rejects by port, bytes over time and NAT bytes', async () => {
    const { gzipSync } = await import('node:zlib');
    const dir = scratchFolder('flowlogs-analyze');
    const fields = ['version', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status', 'tcp-flags', 'pkt-srcaddr', 'pkt-dstaddr'];
    const t = 1700000000;
    const lines = [
      fields.join(' '),
      `5 eni-web 203.0.113.45 10.20.1.10 40001 443 6 10 4200 ${t} ${t + 60} ACCEPT OK 2 203.0.113.45 10.20.1.10`,
      `5 eni-web 10.20.1.10 203.0.113.45 443 40001 6 10 18800 ${t} ${t + 60} ACCEPT OK 19 10.20.1.10 203.0.113.45`,
      `5 eni-web 185.220.101.4 10.20.1.10 60001 22 6 1 44 ${t + 120} ${t + 180} REJECT OK 2 185.220.101.4 10.20.1.10`,
      `5 eni-nat 10.20.1.11 10.20.0.220 41000 443 6 5 700 ${t + 240} ${t + 300} ACCEPT OK 2 10.20.1.11 198.51.100.1`,
      `5 eni-web - - - - - - - ${t + 300} ${t + 360} - NODATA - - -`,
    ];
    const file = path.join(dir, 'vpc.log.gz');
    writeFileSync(file, gzipSync(lines.join('\n') + '\n'));

    const model = await vscode.commands.executeCommand<{ summary: { records: number; bytes: number; action: { REJECT: number }; rejectedByDstPort: { dstport: number }[] }; timeline: { times: number[] }; nat: { instance: string; bytesOut: number }[] } | undefined>('flowscope.flowlogs.analyzeFile', vscode.Uri.file(file));
    assert.ok(model, 'the command returned no report');
    assert.equal(model.summary.records, 5);
    assert.equal(model.summary.bytes, 4200 + 18800 + 44 + 700);
    assert.equal(model.summary.action.REJECT, 1);
    assert.deepEqual(model.summary.rejectedByDstPort.map((r) => r.dstport), [22]);
    assert.ok(model.timeline.times.length >= 5, `bytes over time has ${model.timeline.times.length} buckets`);
    assert.deepEqual(model.nat.map((n) => [n.instance, n.bytesOut]), [['10.20.1.11', 700]]);

    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    // The workbench adds the panel's tab a moment after createWebviewPanel returns.
    for (let i = 0; i < 50 && !tabs().some((x) => x.label.startsWith('Flow-log report')); i++) await new Promise((r) => setTimeout(r, 100));
    const tab = tabs().find((x) => x.label === 'Flow-log report: vpc.log.gz');
    assert.ok(tab, `no report tab is open; tabs: ${tabs().map((x) => x.label).join(', ')}`);
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the report is not a webview');
  });
});

describe('VPC Flow Logs tree in VS Code (sandbox moto)', () => {
  const sb = tierSandbox();
  const ec2 = sb.sample.aws.ec2;
  const [custom, dflt] = ec2.flowLogs;
  let tree: vscode.TreeDataProvider<FlowLogNode>;

  before(async () => {
    const api = await vscode.extensions.getExtension<FlowscopeApi>('flowscope.flowscope')!.activate();
    assert.ok(api.flowlogs, 'the extension API has no flowlogs');
    tree = api.flowlogs.tree;
  });

  const children = async (n?: FlowLogNode) => (await tree.getChildren(n)) ?? [];
  async function regionNode(): Promise<FlowLogNode> {
    const r = (await children()).find((n) => n.kind === 'region' && n.region === sb.region);
    assert.ok(r, `no region node ${sb.region}`);
    return r;
  }
  async function vpcNode(): Promise<Extract<FlowLogNode, { kind: 'vpc' }>> {
    const nodes = await children(await regionNode());
    const vpc = nodes.find((n): n is Extract<FlowLogNode, { kind: 'vpc' }> => n.kind === 'vpc' && n.vpc.vpcId === ec2.vpcId);
    assert.ok(vpc, `the sandbox VPC is not in the tree: ${nodes.map((n) => tree.getTreeItem(n)).map((i) => String((i as vscode.TreeItem).label)).join(', ')}`);
    return vpc;
  }
  async function flowLogNode(id: string): Promise<FlowLogNode> {
    const fl = (await children(await vpcNode())).find((n) => n.kind === 'flowLog' && n.flowLog.flowLogId === id);
    assert.ok(fl, `flow log ${id} is not under the VPC`);
    return fl;
  }

  it('shows the sandbox VPC by its Name tag and CIDR, with all its flow logs under it (CloudWatch Logs and S3)', async () => {
    const vpc = await vpcNode();
    const item = (await tree.getTreeItem(vpc)) as vscode.TreeItem;
    assert.equal(item.label, 'flowscope-sandbox');
    assert.match(String(item.description), /10\.20\.0\.0\/16/);
    const flowLogs = (await children(vpc)).filter((n) => n.kind === 'flowLog');
    assert.deepEqual(flowLogs.map((n) => (n.kind === 'flowLog' ? n.flowLog.flowLogId : '')).sort(), [custom.flowLogId, dflt.flowLogId, ec2.s3FlowLog.flowLogId].sort());
    const subnetLog = (await tree.getTreeItem(await flowLogNode(dflt.flowLogId))) as vscode.TreeItem;
    assert.match(String(subnetLog.description), new RegExp(`${ec2.subnetIds[1]} · REJECT → CloudWatch Logs /flowscope/vpc-flow-logs-default`));
    assert.match((subnetLog.tooltip as vscode.MarkdownString).value, /\$\{version\} \$\{account-id\}/, 'the default format shows in the tooltip');
  });

  it('lists one log stream per ENI under the VPC flow log', async () => {
    const streams = await children(await flowLogNode(custom.flowLogId));
    const enis = streams.map((n) => (n.kind === 'records' && n.source.part?.kind === 'log-stream' ? n.source.part.interfaceId : undefined));
    assert.deepEqual(enis.sort(), [...ec2.networkInterfaceIds].sort());
  });

  it('opens a stream as a flowlog document, header first, with the sample records', async () => {
    const streams = await children(await flowLogNode(custom.flowLogId));
    let total = 0;
    for (const s of streams) {
      const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('flowscope.flowlogs.openRecords', s);
      assert.ok(doc, 'no document opened');
      assert.equal(doc.languageId, 'flowlog');
      const lines = doc.getText().trim().split('\n');
      assert.equal(lines[0], custom.logFormat!.replace(/\$\{([^}]+)\}/g, '$1'), 'the header is the flow log\'s format');
      const eni = s.kind === 'records' && s.source.part?.kind === 'log-stream' ? s.source.part.interfaceId : '';
      assert.ok(lines.slice(1).every((l) => l.split(' ')[2] === eni), `every record is from ${eni}`);
      total += lines.length - 1;
    }
    assert.equal(total, custom.records);
  });

  it('analyzes a whole flow log from the tree: the sample rejected scans, counted once across ENIs', async () => {
    const model = await vscode.commands.executeCommand<{ summary: { records: number; rejectedByDstPort: { dstport: number }[] }; details: { duplicateRecords: number } } | undefined>('flowscope.flowlogs.analyze', await flowLogNode(custom.flowLogId), 'All records');
    assert.ok(model);
    assert.equal(model.summary.records, custom.records);
    assert.deepEqual(model.summary.rejectedByDstPort.map((r) => r.dstport).filter((p) => p !== null).sort((a, b) => a - b), [0, 22, 3389, 5432]);
    assert.equal(model.details.duplicateRecords, 10, 'web → db flows are logged on both ENIs');
  });

  it('lists the S3 flow log\'s hours newest first, and opens each as a flowlog document with exactly that hour\'s records', async () => {
    const s3 = ec2.s3FlowLog;
    const nodes = await children(await flowLogNode(s3.flowLogId));
    const hourNodes = nodes.filter((n): n is Extract<FlowLogNode, { kind: 'records' }> => n.kind === 'records');
    const expected = new Map<string, number>();
    for (const o of s3.objects) expected.set(o.hour, (expected.get(o.hour) ?? 0) + o.records);
    const hourOf = (n: Extract<FlowLogNode, { kind: 'records' }>) => (n.source.part?.kind === 's3-hour' ? new Date(n.source.part.hour).toISOString() : '');
    assert.deepEqual(hourNodes.map(hourOf), [...expected.keys()].reverse(), 'the sample hours, newest first');
    const first = (await tree.getTreeItem(hourNodes[0])) as vscode.TreeItem;
    assert.equal(first.label, `${hourOf(hourNodes[0]).slice(0, 13).replace('T', ' ')}:00 UTC`);
    assert.match(String(first.description), /^3 objects · /);
    assert.equal(first.contextValue, 'flowlogs.records', 'Open Records and Analyze apply to an hour');
    const older = nodes.at(-1);
    assert.equal(older?.kind, 'older', 'an "Older hours…" node ends the list');
    for (const n of hourNodes) {
      const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('flowscope.flowlogs.openRecords', n);
      assert.ok(doc, 'no document opened');
      assert.equal(doc.languageId, 'flowlog');
      const lines = doc.getText().trim().split('\n');
      assert.equal(lines[0], 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status', 'the header first');
      assert.equal(lines.length - 1, expected.get(hourOf(n)), `the records of ${hourOf(n)}`);
      const start = Date.parse(hourOf(n)) / 1000;
      assert.ok(lines.slice(1).every((l) => { const t = Number(l.split(' ')[10]); return t >= start - 600 && t < start + 3600; }), 'records of that hour only');
      assert.ok(lines.slice(1).every((l) => !l.startsWith('version')), 'no header repeated from the objects');
    }
  });

  it('"Older hours…" lists the two days before, keeping the hours already shown', async () => {
    const s3 = ec2.s3FlowLog;
    const fl = await flowLogNode(s3.flowLogId);
    const before = await children(fl);
    const older = before.at(-1);
    assert.ok(older?.kind === 'older');
    const item = (await tree.getTreeItem(older)) as vscode.TreeItem;
    assert.equal(item.label, 'Older hours…');
    assert.equal(item.command?.command, 'flowscope.flowlogs.showOlder');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const after = await children(fl);
    const hours = (ns: FlowLogNode[]) => ns.map((n) => (n.kind === 'records' ? n.source.label : n.kind));
    assert.deepEqual(hours(after), hours(before), 'the sample has nothing older: the same hours, then Older hours… again');
    const olderAgain = after.at(-1);
    assert.ok(olderAgain?.kind === 'older');
    assert.equal(older.before - olderAgain.before, 2 * 86_400_000, 'the next window ends where the first began');
  });

  it('analyzes the S3 flow log and one of its hours from the tree, with the sample\'s totals', async () => {
    const s3 = ec2.s3FlowLog;
    type Model = { summary: { records: number; skippedLines: number; action: { ACCEPT: number; REJECT: number }; scanners: { srcaddr: string }[] }; details: { duplicateRecords: number } } | undefined;
    const model = await vscode.commands.executeCommand<Model>('flowscope.flowlogs.analyze', await flowLogNode(s3.flowLogId), 'All records');
    assert.ok(model);
    assert.equal(model.summary.records, s3.records);
    assert.equal(model.summary.skippedLines, 0);
    // Per five records: web → db twice (one flow on two ENIs), a client request and its rejected reply, a scan probe.
    assert.deepEqual([model.summary.action.ACCEPT, model.summary.action.REJECT], [s3.records * 3 / 5, s3.records * 2 / 5]);
    assert.equal(model.details.duplicateRecords, s3.records / 5);
    assert.deepEqual(model.summary.scanners.map((x) => x.srcaddr), ['185.220.101.4']);
    const hours = (await children(await flowLogNode(s3.flowLogId))).filter((n) => n.kind === 'records');
    const oneHour = await vscode.commands.executeCommand<Model>('flowscope.flowlogs.analyze', hours[0]);
    assert.ok(oneHour);
    const newest = s3.objects.at(-1)!.hour;
    assert.equal(oneHour.summary.records, s3.objects.filter((o) => o.hour === newest).reduce((n, o) => n + o.records, 0));
  });

  it('shows an unreachable endpoint as an error node with Retry, and Retry recovers', async () => {
    const config = vscode.workspace.getConfiguration('flowscope.aws');
    const good = config.get<string>('endpoint');
    await config.update('endpoint', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
    try {
      let nodes: FlowLogNode[] = [];
      for (let i = 0; i < 20; i++) {
        nodes = await children(await regionNode());
        if (nodes[0]?.kind === 'message') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const err = nodes[0];
      assert.equal(err?.kind, 'message');
      const item = (await tree.getTreeItem(err)) as vscode.TreeItem;
      assert.match(String(item.label), /^Cannot list VPC flow logs in us-east-1: cannot connect to the AWS endpoint http:\/\/127\.0\.0\.1:9/);
      assert.equal(item.contextValue, 'flowlogs.error');
      assert.equal(item.command?.command, 'flowscope.flowlogs.retry');
    } finally {
      await config.update('endpoint', good, vscode.ConfigurationTarget.Global);
    }
    await vscode.commands.executeCommand('flowscope.flowlogs.retry', await regionNode());
    await vpcNode();
  });
});
