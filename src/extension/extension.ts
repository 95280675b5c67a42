import * as vscode from 'vscode';
import { EmptyTreeProvider } from './views/emptyTree';

export const VIEW_IDS = { kafka: 'flowscope.kafka', sqs: 'flowscope.sqs', flowlogs: 'flowscope.flowlogs' } as const;

/** What activate() hands back; tests in the extension host read it through the extension's exports. */
export interface FlowscopeApi {
  readonly log: vscode.LogOutputChannel;
}

export function activate(context: vscode.ExtensionContext): FlowscopeApi {
  const log = vscode.window.createOutputChannel('Flowscope', { log: true });
  context.subscriptions.push(log);

  for (const id of Object.values(VIEW_IDS)) {
    context.subscriptions.push(vscode.window.createTreeView(id, { treeDataProvider: new EmptyTreeProvider(), showCollapseAll: true }));
  }

  context.subscriptions.push(vscode.commands.registerCommand('flowscope.showOutput', () => log.show()));
  log.info(`Flowscope ${context.extension.packageJSON.version as string} activated`);
  return { log };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
