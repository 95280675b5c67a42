// The Flowscope extension as VS Code itself sees it: installed from the packaged .vsix, activated, with its
// view container, views and commands registered. Runs in the extension host (see index.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlowscopeApi } from '../../src/extension/extension';

const EXTENSION_ID = 'flowscope.flowscope';
const VIEW_IDS = ['flowscope.kafka', 'flowscope.sqs', 'flowscope.flowlogs'];

function flowscope(): vscode.Extension<FlowscopeApi> {
  const ext = vscode.extensions.getExtension<FlowscopeApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

describe('Flowscope extension in VS Code', () => {
  it('is installed, with the manifest of this repository', () => {
    const pkg = flowscope().packageJSON as { version: string; contributes: { views: Record<string, { id: string }[]> } };
    assert.deepEqual(pkg.contributes.views.flowscope.map((v) => v.id), VIEW_IDS);
  });

  it('activates and hands back its API with the Flowscope log channel', async () => {
    const ext = flowscope();
    const api = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.equal(api.log.name, 'Flowscope');
  });

  it('opens the Flowscope view container', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.flowscope');
  });

  for (const id of VIEW_IDS) {
    it(`registers the view ${id} (its focus command works)`, async () => {
      // VS Code generates <viewId>.focus for every contributed view; it fails for a view that does not exist.
      await vscode.commands.executeCommand(`${id}.focus`);
    });
  }

  it('registers flowscope.showOutput', async () => {
    // Domain commands (Kafka, AWS, flow logs) are covered by their own test/vscode/<domain>.test.ts.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('flowscope.showOutput'), 'command flowscope.showOutput is not registered');
  });

  it('runs flowscope.showOutput', async () => {
    await vscode.commands.executeCommand('flowscope.showOutput');
  });
});
