// Read-only views (dry-run tables, peeked messages, topic configs) as virtual documents: VS Code's own
// editor gives them search (Ctrl+F), copy and folding, and nothing can be saved back.
import * as vscode from 'vscode';

export const SCHEME = 'flowscope-kafka';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private seq = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This view is no longer available: run the command again.';
  }

  /** Opens `text` in a read-only editor titled `title`; returns the document. */
  async show(title: string, text: string): Promise<vscode.TextDocument> {
    const safe = title.replace(/[\\/:*?"<>|#]+/g, '-');
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${safe}`, query: String(++this.seq) });
    this.contents.set(uri.toString(), text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
