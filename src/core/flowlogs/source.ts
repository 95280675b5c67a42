// Where flow-log configurations and records come from, as the editor's tree and report need them. One small
// interface so the AWS reading (browse.ts today) can be swapped for another implementation without
// touching the views.
import { DEFAULT_FIELDS } from './fields';
import { CancelledError, type LineInput } from './report';

export interface VpcInfo {
  vpcId: string;
  /** The Name tag. */
  name?: string;
  cidrBlocks: string[];
  isDefault: boolean;
}

export interface FlowLogInfo {
  flowLogId: string;
  region: string;
  /** The VPC, subnet, interface or transit gateway the flow log records. */
  resourceId: string;
  /** The VPC the resource belongs to, when known. */
  vpcId?: string;
  /** ACCEPT, REJECT or ALL. */
  trafficType: string;
  /** cloud-watch-logs, s3 or kinesis-data-firehose. */
  destinationType: string;
  /** Log group name, bucket ARN (with prefix) or stream ARN. */
  destination: string;
  logGroupName?: string;
  /** ACTIVE, or the delivery status when delivery fails. */
  status: string;
  deliverLogsError?: string;
  /** Seconds (60 or 600). */
  maxAggregationInterval?: number;
  /** As DescribeFlowLogs returns it (`${version} ${account-id} ...`). */
  logFormat: string;
  fields: string[];
}

/** A unit of records to open or analyze: one CloudWatch log stream (one per ENI), a whole flow log, or (later) an S3 hour. */
export interface RecordSource {
  kind: 'cloudwatch-stream' | 'flow-log';
  flowLog: FlowLogInfo;
  label: string;
  logStreamName?: string;
  interfaceId?: string;
  /** Milliseconds since the epoch. */
  lastEventTime?: number;
}

/** Unix seconds; open ends read everything. */
export interface TimeRange {
  since?: number;
  until?: number;
}

export interface FlowLogSource {
  listVpcs(region: string): Promise<VpcInfo[]>;
  listFlowLogs(region: string): Promise<FlowLogInfo[]>;
  listRecordSources(flowLog: FlowLogInfo): Promise<RecordSource[]>;
  /** Record lines without a header, oldest first; stops (throwing CancelledError) when the signal aborts. */
  readRecords(source: RecordSource, range: TimeRange, signal: AbortSignal, onProgress: (records: number) => void): AsyncIterable<string>;
}

/** The whole flow log as one record source. */
export function wholeFlowLog(flowLog: FlowLogInfo): RecordSource {
  return { kind: 'flow-log', flowLog, label: flowLog.flowLogId };
}

/** A record source as report input (the flow log's format applies to every line). */
export function recordsInput(from: FlowLogSource, source: RecordSource, range: TimeRange, label = source.label): LineInput {
  const fields = source.flowLog.fields.length ? source.flowLog.fields : DEFAULT_FIELDS;
  return {
    label,
    fields,
    async read(sink, signal, onProgress) {
      sink.beginInput(label);
      for await (const line of from.readRecords(source, range, signal, (n) => onProgress({ message: `${n.toLocaleString('en-US')} records read` }))) {
        sink.line(line);
      }
      if (signal.aborted) throw new CancelledError();
    },
  };
}

/** A short text for a time range ("last event − 1 h", "2024-05-01 12:00 to 13:00 UTC"). */
export function describeRange(range: TimeRange): string {
  const t = (s: number) => new Date(s * 1000).toISOString().slice(0, 16).replace('T', ' ');
  if (range.since === undefined && range.until === undefined) return 'all records';
  if (range.until === undefined) return `since ${t(range.since!)} UTC`;
  if (range.since === undefined) return `until ${t(range.until)} UTC`;
  return `${t(range.since)} to ${t(range.until)} UTC`;
}

/** The first `limit` records of a source in a range; `more` tells whether reading stopped at the limit. */
export async function takeRecords(from: FlowLogSource, source: RecordSource, range: TimeRange, limit: number, signal: AbortSignal, onProgress: (records: number) => void = () => {}): Promise<{ lines: string[]; more: boolean }> {
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
