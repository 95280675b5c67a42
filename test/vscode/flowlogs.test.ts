// VPC flow logs inside a real VS Code: the flowlog language and its hover, Analyze Flow Log File and its
// report, and the VPC Flow Logs tree against the sandbox's moto (a VPC with two flow logs to CloudWatch Logs).
// The suite runs twice against the same sandbox, so it only reads AWS.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';

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
    dir = path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir(), `flowlogs-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
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
    const dir = path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir(), `flowlogs-analyze-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
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
