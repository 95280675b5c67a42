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
