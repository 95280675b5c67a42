// Where flow-log configurations and records come from, as the editor's tree and report need them: the
// views depend on this interface only, so that the AWS SDK (FlowLogsService, through editorsource.ts)
// loads on first use. The data is FlowLogsService's own, with the region each item was read in.
import type { FlowLogInfo as ServiceFlowLogInfo, ReadProgress, RecordSource as ServiceRecordSource, VpcInfo as ServiceVpcInfo } from './aws';
import { DEFAULT_FIELDS } from './fields';
import { CancelledError, type LineInput } from './report';
import type { TimeRange } from './timerange';

export type { ReadProgress } from './aws';

export type VpcInfo = Omit<ServiceVpcInfo, 'flowLogs'>;

export interface FlowLogInfo extends ServiceFlowLogInfo {
  region: string;
}

/** A unit of records to open or analyze: the whole flow log, or one part of it (a CloudWatch log stream per ENI, or an S3 hour). */
export interface RecordSource {
  kind: 'flow-log' | 'part';
  flowLog: FlowLogInfo;
  label: string;
  /** The stream or hour, as FlowLogsService.listRecordSources gives it; absent for the whole flow log. */
  part?: ServiceRecordSource;
}

export interface FlowLogSource {
  listVpcs(region: string): Promise<VpcInfo[]>;
  listFlowLogs(region: string): Promise<FlowLogInfo[]>;
  /** Log streams, or S3 hours (oldest first) whose objects were written in `range`. */
  listRecordSources(flowLog: FlowLogInfo, range?: TimeRange): Promise<RecordSource[]>;
  /** Record lines without a header, in the flow log's format; stops (throwing CancelledError) when the signal aborts. */
  readRecords(source: RecordSource, range: TimeRange, signal: AbortSignal, onProgress: (p: ReadProgress) => void): AsyncIterable<string>;
  /** Closes the connections. */
  close(): void;
}

/** The whole flow log as one record source. */
export function wholeFlowLog(flowLog: FlowLogInfo): RecordSource {
  return { kind: 'flow-log', flowLog, label: flowLog.flowLogId };
}

/** Progress in words ("1,234 records read · object 2 of 9"). */
export function progressMessage(p: ReadProgress): string {
  const objects = p.total !== null ? ` · object ${Math.min(p.done + 1, p.total)} of ${p.total}` : '';
  return `${p.records.toLocaleString('en-US')} records read${objects}`;
}

/** A record source as report input (the flow log's format applies to every line). */
export function recordsInput(from: FlowLogSource, source: RecordSource, range: TimeRange, label = source.label): LineInput {
  const fields = source.flowLog.fields.length ? source.flowLog.fields : DEFAULT_FIELDS;
  return {
    label,
    fields,
    async read(sink, signal, onProgress) {
      sink.beginInput(label);
      for await (const line of from.readRecords(source, range, signal, (p) => onProgress({ message: progressMessage(p), ...(p.fraction !== null ? { fraction: p.fraction } : {}) }))) {
        sink.line(line);
      }
      if (signal.aborted) throw new CancelledError();
    },
  };
}

/** A short text for a time range ("last event − 1 h", "2024-05-01 12:00 to 13:00 UTC"). */
export function describeRange(range: TimeRange): string {
  const t = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  if (range.since === undefined && range.until === undefined) return 'all records';
  if (range.until === undefined) return `since ${t(range.since!)} UTC`;
  if (range.since === undefined) return `until ${t(range.until)} UTC`;
  return `${t(range.since)} to ${t(range.until)} UTC`;
}

/** The first `limit` records of a source in a range; `more` tells whether reading stopped at the limit. */
export async function takeRecords(from: FlowLogSource, source: RecordSource, range: TimeRange, limit: number, signal: AbortSignal, onProgress: (p: ReadProgress) => void = () => {}): Promise<{ lines: string[]; more: boolean }> {
  const lines: string[] = [];
  // Our own signal too, so reaching the limit stops the reader (and its pending request).
  const stop = new AbortController();
  const forward = () => stop.abort();
  signal.addEventListener('abort', forward, { once: true });
  try {
    for await (const line of from.readRecords(source, range, stop.signal, onProgress)) {
      if (lines.length === limit) { stop.abort(); return { lines, more: true }; }
      lines.push(line);
    }
  } catch (e) {
    if (!(e instanceof CancelledError) || signal.aborted) throw e;
  } finally {
    signal.removeEventListener('abort', forward);
  }
  if (signal.aborted) throw new CancelledError();
  return { lines, more: false };
}
