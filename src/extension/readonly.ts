// Read-only views Flowscope opens (dry-run tables, peeked messages, pattern test results, flow-log
// records) as virtual documents: VS Code's own editor gives them search, copy and folding; their tab
// reads their name, not their first line; closing one never asks to save; and nothing can be saved back.
import * as vscode from 'vscode';

export interface OpenOptions<T> {
  /** Kept with the document for dataOf(). */
  data?: T;
  /** The language, when the name's extension might not give it (a user's file associations win over it). */
  language?: string;
  preview?: boolean;
  viewColumn?: vscode.ViewColumn;
  preserveFocus?: boolean;
}

/** The read-only documents of one URI scheme; `T` is what a caller keeps with each (a flow log's fields). */
export class ReadOnlyDocuments<T = undefined> implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, { text: string; data: T | undefined }>();
  private counter = 0;
  private readonly subscriptions: vscode.Disposable[];

  /** `gone` is what a document shows when VS Code asks again for a text already dropped. */
  constructor(
    readonly scheme: string,
    private readonly gone: string,
  ) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(scheme, this),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== scheme) return;
        // A language change closes and reopens the document: keep the text while it is still open.
        const key = d.uri.toString();
        setTimeout(() => {
          if (!vscode.workspace.textDocuments.some((o) => o.uri.toString() === key)) this.texts.delete(key);
        }, 1000);
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString())?.text ?? this.gone;
  }

  /** The data open() was given with this document; undefined for documents it did not open. */
  dataOf(uri: vscode.Uri): T | undefined {
    return this.texts.get(uri.toString())?.data;
  }

  /**
   * Opens `text` in a read-only editor whose tab reads `name`. The name's extension picks the language
   * (`.md`, `.flowlog`); each call opens a new document, so an earlier one stays as it was.
   */
  async open(name: string, text: string, options: OpenOptions<T> = {}): Promise<vscode.TextDocument> {
    // A slash would make a folder of the name; ? # % would be read as URI syntax by some consumers.
    const safe = name.replace(/[\\/?#%]+/g, '_').slice(0, 160);
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${safe}`, query: `n=${++this.counter}` });
    this.texts.set(uri.toString(), { text, data: options.data });
    let doc = await vscode.workspace.openTextDocument(uri);
    if (options.language && doc.languageId !== options.language) doc = await vscode.languages.setTextDocumentLanguage(doc, options.language);
    await vscode.window.showTextDocument(doc, { preview: options.preview ?? false, viewColumn: options.viewColumn, preserveFocus: options.preserveFocus });
    return doc;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.texts.clear();
  }
}
