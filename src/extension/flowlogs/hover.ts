// Hover on a flow-log value: which field it is, what the field means and what the value says.
import * as vscode from 'vscode';
import { explainValue, explanationMarkdown, fieldsForLine, tokenAt } from '../../core/flowlogs/explain';
import { DEFAULT_FIELDS, FIELDS, headerFields } from '../../core/flowlogs/fields';
import type { FlowLogDocuments } from './documents';

export class FlowLogHoverProvider implements vscode.HoverProvider {
  constructor(private readonly documents: FlowLogDocuments) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const line = doc.lineAt(pos.line).text;
    const token = tokenAt(line, pos.character);
    if (!token) return undefined;
    const range = new vscode.Range(pos.line, token.start, pos.line, token.end);
    if (headerFields(line)) {
      const info = FIELDS.get(token.text);
      const md = info ? `**${token.text}** (column ${token.column + 1})\n\n${info.description}. Flow-log version ${info.version}.` : `**${token.text}**: a field Flowscope does not know; its values are kept as text.`;
      return new vscode.Hover(new vscode.MarkdownString(md), range);
    }
    const opened = this.documents.dataOf(doc.uri);
    const { fields, fromHeader } = fieldsForLine((n) => doc.lineAt(n).text, pos.line, opened ?? DEFAULT_FIELDS);
    const x = explainValue(fields, token.column, token.text);
    const origin = fromHeader ? 'header' : opened ? 'flow log' : 'default';
    return new vscode.Hover(new vscode.MarkdownString(explanationMarkdown(x, token.column, fields.length, origin)), range);
  }
}
