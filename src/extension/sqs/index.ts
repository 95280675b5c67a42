// SQS in the editor: the queue tree and its commands. Queue logic lives in src/core/sqs; this file wires it
// to the tree view, pickers, progress and messages.
import * as vscode from 'vscode';
import { awsConnection } from '../aws/connection';
import { registerSqsActions } from './actions';
import { SQS_VIEW, SqsTreeProvider, type SqsNode } from './tree';

export interface SqsApi {
  /** The tree's provider: tests read regions, queues and error nodes through it. */
  tree: SqsTreeProvider;
  /** What the view has selected (tests check where a link led). */
  selection(): readonly SqsNode[];
}

export function registerSqs(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): { sqs: SqsApi } {
  const tree = new SqsTreeProvider(awsConnection(context), log);
  const view = vscode.window.createTreeView(SQS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  tree.isVisible = () => view.visible;
  context.subscriptions.push(tree, view);

  const regionOf = (node: SqsNode | string | undefined): string | undefined => (typeof node === 'string' ? node : node?.region);

  context.subscriptions.push(
    vscode.commands.registerCommand('flowscope.sqs.refresh', () => tree.refresh()),
    // Clicking "Dead-letter queue: x" or "Source queue: x" selects that queue in the tree.
    vscode.commands.registerCommand('flowscope.sqs.revealLinkedQueue', async (link?: SqsNode) => {
      if (link?.kind !== 'link') return undefined;
      const target = tree.linkedQueue(link);
      if (!target) {
        const why = link.role === 'dead-letter-queue' && !link.url
          ? 'it is not among the loaded queues (another account or region, or beyond the filter or the pages loaded)'
          : 'it is not among the loaded queues (beyond the filter or the pages loaded)';
        void vscode.window.showInformationMessage(`${link.name}: ${why}.`);
        return undefined;
      }
      await view.reveal(target, { select: true, focus: true });
      return target;
    }),
    vscode.commands.registerCommand('flowscope.sqs.retry', (node?: SqsNode | string) => {
      const region = regionOf(node);
      return region ? tree.retry(region) : tree.reset();
    }),
    vscode.commands.registerCommand('flowscope.sqs.loadMore', (node?: SqsNode | string) => {
      const region = regionOf(node);
      return region ? tree.loadMore(region) : undefined;
    }),
    vscode.commands.registerCommand('flowscope.sqs.filter', async (given?: string) => {
      const prefix = typeof given === 'string' ? given : await vscode.window.showInputBox({
        title: 'Filter SQS queues by name prefix',
        prompt: 'Queues whose names start with this text (SQS matches prefixes, case-sensitive). Empty: all queues.',
        value: tree.prefix,
      });
      if (prefix === undefined) return;
      tree.setPrefix(prefix);
      view.message = tree.prefix ? `Queues starting with "${tree.prefix}"` : undefined;
      await vscode.commands.executeCommand('setContext', 'flowscope.sqs.filtered', !!tree.prefix);
    }),
    vscode.commands.registerCommand('flowscope.sqs.clearFilter', () => vscode.commands.executeCommand('flowscope.sqs.filter', '')),
  );
  registerSqsActions(context, tree, log);
  return { sqs: { tree, selection: () => view.selection } };
}
