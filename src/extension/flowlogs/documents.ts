// Flow-log documents Flowscope opens (records of a log stream, or the records behind a report row):
// read-only virtual documents in the `flowlog` language, header line first, so closing them never asks
// to save and the hover always knows the format.
import * as vscode from 'vscode';
import { DEFAULT_FIELDS } from '../../core/flowlogs/fields';

export const SCHEME = 'flowscope-flowlog';
export const LANGUAGE_ID = 'flowlog';

export class FlowLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly formats = new Map<string, readonly string[]>();
  private counter = 0;
  private readonly closed: vscode.Disposable;

  constructor() {
    // The text lives only as long as its document.
    this.closed = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === SCHEME) {
        this.texts.delete(d.uri.toString());
        this.formats.delete(d.uri.toString());
      }
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? `${DEFAULT_FIELDS.join(' ')}\n`;
  }

  /** The format Flowscope opened a document with; undefined for other documents (files). */
  formatOf(uri: vscode.Uri): readonly string[] | undefined {
    return this.formats.get(uri.toString());
  }

  /** Opens `lines` (records, header first) as a read-only flowlog document titled `title`. */
  async open(title: string, fields: readonly string[], lines: readonly string[], preview = false): Promise<vscode.TextDocument> {
    const safe = title.replace(/[\\/?#%]+/g, '_').slice(0, 120);
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${safe}.flowlog`, query: `n=${++this.counter}` });
    this.texts.set(uri.toString(), [fields.join(' '), ...lines].join('\n') + '\n');
    this.formats.set(uri.toString(), fields);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== LANGUAGE_ID) doc = await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    await vscode.window.showTextDocument(doc, { preview });
    return doc;
  }

  dispose(): void {
    this.closed.dispose();
  }
}
