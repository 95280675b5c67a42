// VPC flow logs in the editor: the `flowlog` language (grammar in syntaxes/, hover here), read-only
// flow-log documents, the report webview and the VPC Flow Logs tree. The logic lives in src/core/flowlogs.
import * as vscode from 'vscode';
import { FlowLogDocuments, LANGUAGE_ID, SCHEME } from './documents';
import { FlowLogHoverProvider } from './hover';

export function registerFlowLogs(context: vscode.ExtensionContext, _log: vscode.LogOutputChannel): void {
  const documents = new FlowLogDocuments();
  context.subscriptions.push(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents),
    vscode.languages.registerHoverProvider({ language: LANGUAGE_ID }, new FlowLogHoverProvider(documents)),
  );
}
