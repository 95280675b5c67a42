// VPC flow logs in the editor: the `flowlog` language (grammar in syntaxes/, hover here), read-only
// flow-log documents, the report webview and the VPC Flow Logs tree. The logic lives in src/core/flowlogs;
// the AWS reading goes through one FlowLogSource over FlowLogsService (src/core/flowlogs/editorsource.ts).
import * as vscode from 'vscode';
import type { AwsConnectionOptions } from '../../core/aws/clients';
import type { ReportModel } from '../../core/flowlogs/report';
import { fileInput } from '../../core/flowlogs/report';
import { describeRange, progressMessage, recordsInput, takeRecords, wholeFlowLog, type FlowLogSource, type RecordSource } from '../../core/flowlogs/source';
import { parseRange, type TimeRange } from '../../core/flowlogs/timerange';
import { awsConnection } from '../aws/connection';
import { LANGUAGE_ID, flowLogDocuments, openFlowLogRecords } from './documents';
import { FlowLogHoverProvider } from './hover';
import { FlowLogReports, RECORDS_LIMIT, withReadProgress } from './report';
import { FlowLogTree, type FlowLogNode } from './tree';

export const ANALYZE_FILE_COMMAND = 'flowscope.flowlogs.analyzeFile';
const VIEW_ID = 'flowscope.flowlogs';

/** What the extension API exposes of flow logs (tests read it). */
export interface FlowLogsApi {
  /** The model of the report opened last. */
  lastReport(): ReportModel | undefined;
  /** The VPC Flow Logs tree, as its view sees it. */
  readonly tree: vscode.TreeDataProvider<FlowLogNode>;
}


/** Time ranges offered for Analyze: the last N seconds, everything, or times the person types. */
const RANGES: { label: string; seconds?: number; custom?: boolean }[] = [
  { label: 'Last hour', seconds: 3600 },
  { label: 'Last 6 hours', seconds: 6 * 3600 },
  { label: 'Last 24 hours', seconds: 86400 },
  { label: 'Last 7 days', seconds: 7 * 86400 },
  { label: 'All records' },
  { label: 'Custom range…', custom: true },
];

const typedRange = (since: string, until: string) => parseRange(since, until, { since: 'Since', until: 'Until' });

/** Asks for ISO 8601 times; an empty end is open. Undefined when the person cancels. */
async function askRange(): Promise<TimeRange | undefined> {
  const ask = async (prompt: string, other?: string): Promise<string | undefined> =>
    vscode.window.showInputBox({
      prompt,
      placeHolder: 'e.g. 2026-11-30T10:00:00Z (UTC without a zone); empty: no limit',
      validateInput: (v) => {
        try {
          typedRange(other ?? v, other === undefined ? '' : v);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
  const since = await ask('Analyze records from (ISO 8601)');
  if (since === undefined) return undefined;
  const until = await ask('Analyze records until (ISO 8601)', since);
  if (until === undefined) return undefined;
  return typedRange(since, until);
}

async function pickRange(preset?: TimeRange | string): Promise<TimeRange | undefined> {
  if (typeof preset === 'object') return preset;
  const now = Date.now();
  const choice = typeof preset === 'string' ? RANGES.find((r) => r.label === preset) : await vscode.window.showQuickPick(RANGES.map((r) => ({ ...r, description: r.custom ? 'type the start and end times' : r.seconds ? describeRange({ since: now - r.seconds * 1000 }) : 'may read a lot' })), { placeHolder: 'Analyze which records?' });
  if (!choice) return undefined;
  if (choice.custom) return askRange();
  return choice.seconds ? { since: now - choice.seconds * 1000 } : {};
}

/** The AWS FlowLogSource (editorsource.ts, with the SDK), loaded when a method is first called. */
function lazyAwsSource(optionsFor: (region: string) => Promise<AwsConnectionOptions>): FlowLogSource {
  let loaded: Promise<FlowLogSource> | undefined;
  let closed = false;
  const get = () => (loaded ??= import('../../core/flowlogs/editorsource.js').then((m) => m.awsFlowLogSource(optionsFor)));
  return {
    listVpcs: async (region) => (await get()).listVpcs(region),
    listFlowLogs: async (region) => (await get()).listFlowLogs(region),
    listRecordSources: async (flowLog, range) => (await get()).listRecordSources(flowLog, range),
    async *readRecords(source, range, signal, onProgress) {
      yield* (await get()).readRecords(source, range, signal, onProgress);
    },
    close() {
      if (closed) return;
      closed = true;
      void loaded?.then((s) => s.close(), () => {});
    },
  };
}

export function registerFlowLogs(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): { flowlogs: FlowLogsApi } {
  const documents = flowLogDocuments();
  const reports = new FlowLogReports(context.extensionUri, documents, log);
  const connection = awsConnection(context);
  // One source per connection setting; rebuilt when the profile, regions or endpoint change. The AWS SDK
  // clients load on first use, so activation (for the flowlog language or a local file) does not pay for them.
  let source: FlowLogSource | undefined;
  context.subscriptions.push(connection.onDidChange(() => { source?.close(); source = undefined; }), { dispose: () => source?.close() });
  const currentSource = (): FlowLogSource => (source ??= lazyAwsSource((region) => connection.options(region)));
  const tree = new FlowLogTree(connection, currentSource);

  const openRecords = async (node?: FlowLogNode, range?: TimeRange): Promise<vscode.TextDocument | undefined> => {
    if (node?.kind !== 'records') return undefined;
    const s = node.source;
    // A stream: the hour before its newest record (recent, and never empty for a stream that has records).
    // An S3 hour: its objects, all of them.
    const last = s.part?.kind === 'log-stream' ? s.part.lastEventTime : null;
    const r = range ?? (last ? { since: last - 3600_000 } : {});
    const what = s.part?.kind === 's3-hour' ? `the records written ${s.label}` : describeRange(r);
    try {
      const got = await withReadProgress(`Reading ${s.label}`, (signal, onProgress) => takeRecords(currentSource(), s, r, RECORDS_LIMIT, signal, (p) => onProgress({ message: progressMessage(p), ...(p.fraction !== null ? { fraction: p.fraction } : {}) })));
      if (!got) return undefined;
      const doc = await openFlowLogRecords(documents, `${s.flowLog.flowLogId} ${s.label}`, s.flowLog.fields, got.lines);
      log.info(`flowlogs: opened ${got.lines.length} records of ${s.label} (${what})`);
      if (got.lines.length === 0) void vscode.window.showInformationMessage(`Flowscope: ${s.label} has no records (${what}).`);
      else if (got.more) void vscode.window.showInformationMessage(`Flowscope: showing the first ${RECORDS_LIMIT.toLocaleString('en-US')} records of ${s.label} (${what}); use Analyze for all of them.`);
      return doc;
    } catch (e) {
      void vscode.window.showErrorMessage(`Flowscope: cannot read ${s.label}: ${(e as Error).message}`);
      return undefined;
    }
  };

  const analyze = async (node?: FlowLogNode, preset?: TimeRange | string): Promise<ReportModel | undefined> => {
    let target: RecordSource | undefined;
    if (node?.kind === 'flowLog') target = wholeFlowLog(node.flowLog);
    else if (node?.kind === 'records') target = node.source;
    if (!target) {
      void vscode.window.showInformationMessage('Flowscope: choose a flow log, a log stream or an S3 hour in the VPC Flow Logs view, or use "Analyze Flow Log File…".');
      return undefined;
    }
    // An S3 hour is its own range.
    const range = target.part?.kind === 's3-hour' ? {} : await pickRange(preset);
    if (!range) return undefined;
    const label = target.part?.kind === 's3-hour' ? `${target.flowLog.flowLogId} ${target.label}` : `${target.kind === 'flow-log' ? target.flowLog.flowLogId : `${target.flowLog.flowLogId} ${target.label}`} (${describeRange(range)})`;
    return reports.open(recordsInput(currentSource(), target, range, label));
  };

  context.subscriptions.push(
    documents,
    tree,
    vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.languages.registerHoverProvider({ language: LANGUAGE_ID }, new FlowLogHoverProvider(documents)),
    vscode.commands.registerCommand('flowscope.flowlogs.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('flowscope.flowlogs.showOlder', (node?: FlowLogNode) => node && tree.showOlder(node)),
    vscode.commands.registerCommand('flowscope.flowlogs.retry', (node?: FlowLogNode) => (node ? tree.retry(node) : tree.refresh())),
    vscode.commands.registerCommand('flowscope.flowlogs.openRecords', openRecords),
    vscode.commands.registerCommand('flowscope.flowlogs.analyze', analyze),
    vscode.commands.registerCommand(ANALYZE_FILE_COMMAND, async (arg?: vscode.Uri, many?: vscode.Uri[]) => {
      let uris = many && many.length > 1 ? many : arg instanceof vscode.Uri ? [arg] : undefined;
      if (!uris) {
        uris = await vscode.window.showOpenDialog({
          canSelectFiles: true,
          canSelectFolders: true,
          canSelectMany: true,
          openLabel: 'Analyze',
          title: 'Flow-log files or folders (plain or .gz)',
        });
      }
      if (!uris?.length) return undefined;
      const local = uris.filter((u) => u.scheme === 'file');
      if (local.length === 0) {
        void vscode.window.showErrorMessage('Flowscope: only files on this machine can be analyzed.');
        return undefined;
      }
      return reports.open(fileInput(local.map((u) => u.fsPath)));
    }),
  );
  return { flowlogs: { lastReport: () => reports.lastModel, tree } };
}
