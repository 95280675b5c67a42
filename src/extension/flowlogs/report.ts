// The flow-log report webview: one panel per analysis, strict CSP (nonce, no remote content), its script
// and uPlot served from dist/webview. Filters re-run the analysis; a row's "Records" opens its records.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { SCANNER_MIN_TARGETS } from '../../core/flowlogs/analyze';
import { parseLogFormat } from '../../core/flowlogs/fields';
import { combineFilters, describeFilter, parseFilterInput, type FilterInput, type RecordFilter } from '../../core/flowlogs/filter';
import { buildReport, CancelledError, collectRecords, rowFilter, type LineInput, type InputProgress, type ReportModel, type ReportSection } from '../../core/flowlogs/report';
import { type FlowLogDocuments, openFlowLogRecords } from './documents';

/** At most this many records go into a document opened from a row (the rest are counted). */
export const RECORDS_LIMIT = 20_000;

/** Runs `work` under a cancellable notification; resolves undefined when the user cancelled. */
export async function withReadProgress<T>(title: string, work: (signal: AbortSignal, onProgress: (p: InputProgress) => void) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    let reported = 0;
    try {
      return await work(ac.signal, (p) => {
        const pct = p.fraction === undefined ? undefined : Math.min(100, Math.round(p.fraction * 100));
        progress.report({ message: p.message, ...(pct !== undefined && pct > reported ? { increment: pct - reported } : {}) });
        if (pct !== undefined && pct > reported) reported = pct;
      });
    } catch (e) {
      if (e instanceof CancelledError || ac.signal.aborted) return undefined;
      throw e;
    } finally {
      sub.dispose();
    }
  });
}

async function askLogFormat(label: string, skipped: number): Promise<string[] | undefined> {
  const enter = 'Enter Log Format…';
  const choice = await vscode.window.showWarningMessage(
    `Flowscope: none of the ${skipped.toLocaleString('en-US')} lines of ${label} fits the default (version 2) flow-log format, and there is no header line. Enter the flow log's LogFormat to read them.`,
    enter,
  );
  if (choice !== enter) return undefined;
  const text = await vscode.window.showInputBox({
    title: 'Flow-log LogFormat',
    prompt: 'As DescribeFlowLogs shows it, or field names separated by spaces',
    placeHolder: '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ...',
    validateInput: (v) => {
      try {
        parseLogFormat(v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  return text ? parseLogFormat(text) : undefined;
}

export class FlowLogReports {
  /** The model each open panel shows (the last one is what tests read). */
  private last: ReportModel | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly documents: FlowLogDocuments, private readonly log: vscode.LogOutputChannel) {}

  get lastModel(): ReportModel | undefined {
    return this.last;
  }

  /** Analyzes `input` and opens a report panel for it; resolves the model (undefined when cancelled or failed). */
  async open(first: LineInput): Promise<ReportModel | undefined> {
    let input = first;
    let model = await this.analyze(input, {});
    if (!model) return undefined;
    // Files without a header line are read in the default format; when nothing fits, ask for the real one.
    while (model.summary.records === 0 && model.summary.skippedLines > 0 && input.withFields) {
      const format = await askLogFormat(input.label, model.summary.skippedLines);
      if (!format) break;
      input = input.withFields(format);
      const again = await this.analyze(input, {});
      if (!again) return undefined;
      model = again;
    }
    const panel = vscode.window.createWebviewPanel('flowscope.flowlogs.report', `Flow-log report: ${input.label}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media', 'flowlogs')],
    });
    panel.webview.html = this.html(panel.webview);
    let current = model;
    let ready = false;
    const post = (m: ReportModel) => {
      this.last = m;
      if (ready) void panel.webview.postMessage({ type: 'model', model: { ...m, filterText: describeFilter(m.filter), scannerMinTargets: SCANNER_MIN_TARGETS } });
    };
    panel.webview.onDidReceiveMessage(async (msg: { type: string; filter?: FilterInput; section?: ReportSection; index?: number }) => {
      try {
        if (msg.type === 'ready') {
          ready = true;
          post(current);
        } else if (msg.type === 'filter' && msg.filter) {
          const parsed = parseFilterInput(msg.filter);
          if ('error' in parsed) {
            void panel.webview.postMessage({ type: 'error', message: parsed.error });
            return;
          }
          const next = await this.analyze(input, parsed.filter);
          if (next) { current = next; post(next); } else void panel.webview.postMessage({ type: 'idle' });
        } else if (msg.type === 'open' && msg.section && msg.index !== undefined) {
          const row = rowFilter(current, msg.section, msg.index);
          if (row) await this.openRecords(input, combineFilters(current.filter, row));
        }
      } catch (e) {
        void panel.webview.postMessage({ type: 'error', message: (e as Error).message });
        void vscode.window.showErrorMessage(`Flowscope: ${(e as Error).message}`);
      }
    });
    this.last = model;
    return model;
  }

  private async analyze(input: LineInput, filter: RecordFilter): Promise<ReportModel | undefined> {
    const started = Date.now();
    try {
      const model = await withReadProgress(`Analyzing ${input.label}`, (signal, onProgress) => buildReport(input, filter, signal, onProgress));
      if (model) this.log.info(`flowlogs: analyzed ${input.label} (${model.summary.records} records${describeFilter(filter) ? `, ${describeFilter(filter)}` : ''}) in ${Date.now() - started} ms`);
      else void vscode.window.setStatusBarMessage('Flowscope: analysis cancelled', 5000);
      return model;
    } catch (e) {
      this.log.error(`flowlogs: analyzing ${input.label} failed: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(`Flowscope: cannot analyze ${input.label}: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Opens the records `filter` lets through in a flowlog document. */
  async openRecords(input: LineInput, filter: RecordFilter): Promise<vscode.TextDocument | undefined> {
    const what = describeFilter(filter);
    const found = await withReadProgress(`Reading records of ${input.label}`, (signal, onProgress) => collectRecords(input, filter, RECORDS_LIMIT, signal, onProgress));
    if (!found) return undefined;
    if (found.matched === 0) {
      void vscode.window.showInformationMessage(`Flowscope: no records of ${input.label} match ${what || 'the filter'}.`);
      return undefined;
    }
    const doc = await openFlowLogRecords(this.documents, `${input.label} ${what}`.trim(), found.fields, found.lines);
    if (found.matched > RECORDS_LIMIT) void vscode.window.showInformationMessage(`Flowscope: showing the first ${RECORDS_LIMIT.toLocaleString('en-US')} of ${found.matched.toLocaleString('en-US')} matching records.`);
    return doc;
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'webview', 'uPlot.min.css')}">
<link rel="stylesheet" href="${asset('media', 'flowlogs', 'report.css')}">
<title>Flow-log report</title>
</head>
<body class="busy">
<h1 id="title">Flow-log report</h1>
<div id="subtitle"></div>
<form id="filters">
  <label>Address or CIDR<input id="f-address" placeholder="e.g. 10.0.0.0/16"></label>
  <label>Port<input id="f-port" placeholder="e.g. 443"></label>
  <label>Protocol<input id="f-protocol" placeholder="tcp, udp, 6…"></label>
  <label>Action<select id="f-action"><option value="">any</option><option>ACCEPT</option><option>REJECT</option></select></label>
  <label>Since (UTC)<input id="f-since" placeholder="e.g. 2024-05-01T12:00"></label>
  <label>Until (UTC)<input id="f-until" placeholder="e.g. 2024-05-01T13:00"></label>
  <button type="submit">Apply</button>
  <button type="button" id="clear" class="secondary">Clear</button>
  <div id="filter-error" role="alert"></div>
</form>
<div id="warning" role="status"></div>
<div id="cards"></div>
<div id="chart-box"><h2>Bytes over time</h2><div id="chart"></div><div id="chart-note"></div></div>
<div id="sections"></div>
<script nonce="${nonce}" src="${asset('dist', 'webview', 'flowlogs-report.js')}"></script>
</body>
</html>`;
  }
}
