// Event-pattern diagnostics, quick fixes, completion and "Test against event" inside a real VS Code.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';

const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  StoppedRule:',
  '    Type: AWS::Events::Rule',
  '    Properties:',
  '      Name: !Sub "${AWS::StackName}-stopped"',
  '      EventPattern:',
  '        source: aws.ec2',
  '        detail:',
  '          state: [stopped]',
  '      Targets:',
  '        - Arn: !GetAtt Fn.Arn',
  '          Id: fn',
  '',
].join('\n');

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'flowscope');
}

describe('EventBridge event patterns in VS Code', () => {
  let uri: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension('flowscope.flowscope')?.activate();
    const dir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.join(os.tmpdir(), 'flowscope-vscode-ep');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `template-${Date.now()}.yaml`);
    writeFileSync(file, TEMPLATE);
    uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });

  it('shows the scalar-instead-of-array error at the value in a CloudFormation YAML template', async () => {
    const d = await until('the leaf-not-array diagnostic', () => ours(uri).find((x) => x.code === 'leaf-not-array'));
    assert.equal(d.message, '"source" must be an object or an array');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [7, 16, 7, 23]);
  });

  it('applies the "Wrap the value in an array" quick fix and the diagnostic disappears', async () => {
    const d = await until('the diagnostic', () => ours(uri).find((x) => x.code === 'leaf-not-array'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const wrap = actions.find((a) => a.title === 'Wrap the value in an array');
    assert.ok(wrap?.edit, `no wrap fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(wrap.edit));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.lineAt(7).text, '        source: [aws.ec2]');
    await until('the diagnostic to disappear', () => (ours(uri).some((x) => x.code === 'leaf-not-array') ? undefined : true));
  });

  it('offers the operators when completing inside a value list', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.lineAt(9).text; // '          state: [stopped]'
    const pos = new vscode.Position(9, line.indexOf('[') + 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const op of ['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'cidr', 'wildcard', 'equals-ignore-case']) {
      assert.ok(labels.includes(op), `completion lacks ${op}`);
    }
  });

  it('tests the pattern against a bundled sample event and explains the result', async () => {
    const ec2 = { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: { state: 'running' } };
    const r = await vscode.commands.executeCommand<{ matched: boolean; reasons: { path: string; ok: boolean }[] }>('flowscope.eventPatterns.testAgainstEvent', uri, 0, ec2);
    assert.equal(r.matched, false);
    assert.deepEqual(r.reasons.filter((x) => !x.ok).map((x) => x.path), ['detail.state']);
    // The explanation opens beside, read-only and named after the pattern: closing it asks nothing.
    const shown = vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.uri.scheme === 'flowscope-eventpattern-test');
    assert.ok(shown, `no result document among ${vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()).join(', ')}`);
    assert.match(shown.uri.path, /\(no match\)\.md$/);
    assert.equal(shown.languageId, 'markdown');
    assert.equal(shown.isDirty, false);
    assert.match(shown.getText(), /^# ❌ no match$/m);
    assert.match(shown.getText(), /✗ `detail\.state`/);
  });

  it('fixes every sure problem at once with Source › Fix All (as codeActionsOnSave runs it), leaving the guesses', async () => {
    const dir = path.dirname(uri.fsPath);
    const file = path.join(dir, `fixall-${Date.now()}.eventpattern.json`);
    writeFileSync(file, '{\n  "source": "aws.ec2",\n  "detail": {"state": [{"Prefix": "run"}, "stopped", "stopped"], "az": [{"prefx": "us-"}]}\n}\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    await until('diagnostics of the new file', () => (ours(doc.uri).length >= 4 ? true : undefined));
    const quickFixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(1, 12, 1, 21), vscode.CodeActionKind.QuickFix.value);
    assert.ok(quickFixes.some((a) => a.title === 'Fix all auto-fixable event-pattern problems (3)'), `quick fixes: ${quickFixes.map((a) => a.title).join(', ')}`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.SourceFixAll.value);
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.flowscope');
    assert.ok(fixAll?.edit, `source actions: ${actions.map((a) => `${a.kind?.value} ${a.title}`).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.equal(doc.getText(), '{\n  "source": ["aws.ec2"],\n  "detail": {"state": [{"prefix": "run"}, "stopped"], "az": [{"prefx": "us-"}]}\n}\n');
    const left = await until('the diagnostics of the fixed text', () => {
      const codes = ours(doc.uri).map((d) => d.code);
      return codes.length === 1 ? codes : undefined;
    });
    assert.deepEqual(left, ['unknown-operator']);
  });

  it('completes the detail-types of the chosen source and explains an operator on hover', async () => {
    const dir = path.dirname(uri.fsPath);
    const file = path.join(dir, `rule-${Date.now()}.eventpattern.json`);
    const text = '{"source": ["aws.ec2"], "detail-type": [""], "detail": {"state": [{"prefix": "run"}]}}\n';
    writeFileSync(file, text);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(text.indexOf('[""]') + 2));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('EC2 Instance State-change Notification'), `detail-types offered: ${labels.slice(0, 10).join(', ')}`);
    assert.ok(!labels.includes('Object Created'), 'offers detail-types of another source');
    const fields = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(text.indexOf('"state"')));
    const fieldLabels = fields.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(fieldLabels.includes('instance-id'), `detail fields offered: ${fieldLabels.slice(0, 10).join(', ')}`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(text.indexOf('prefix') + 2));
    const shown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(shown, /\*\*prefix\*\* \(EventBridge pattern operator\)/);
    assert.match(shown, /start with the text/);
  });
});
