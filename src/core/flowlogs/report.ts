// The model behind the editor's flow-log report: the analyzer's summary and details for the records a
// filter lets through, plus what a picture needs beyond the CLI's summary: bytes over time and bytes per
// instance through NAT (or transit) gateways. Also collects the records behind a report row. Inputs are
// anything that yields lines (files, CloudWatch Logs, S3), read once per analysis with cancellation.
import { stat } from 'node:fs/promises';
import { FlowLogAnalyzer, type FlowLogDetails, type FlowLogSummary } from './analyze';
import { DEFAULT_FIELDS, headerFields } from './fields';
import { compileFilter, isEmptyFilter, type RecordFilter, type Values } from './filter';
import { expandInputs, FlowLogInputError, forEachLine, openInput, readLines } from './reader';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface InputProgress {
  /** 0..1 when the size is known. */
  fraction?: number;
  message: string;
}

/** Receives an input's lines; beginInput marks the start of a file or object (its header, if any, follows). */
export interface LineSink {
  beginInput(name: string): void;
  line(text: string): void;
  /** Whole lines as bytes (see LinesHandler), for sinks that read bytes faster than strings (files). */
  bytes?(buf: Buffer, start: number, end: number): void;
}

/** Something to read flow-log lines from, as often as an analysis or a row's records need. */
export interface LineInput {
  /** What is read, for titles ("vpc-flow.log.gz", "fl-0abc eni-0123-all"). */
  label: string;
  /** The format of lines before any header line (the flow log's LogFormat). */
  fields: readonly string[];
  read(sink: LineSink, signal: AbortSignal, onProgress: (p: InputProgress) => void): Promise<void>;
  /** The same input read in another format (for files without a header line); absent when the format is fixed. */
  withFields?(fields: readonly string[]): LineInput;
}

/** Local files and folders (plain or gzip, recursing into folders), with progress by bytes read. */
export function fileInput(paths: string[], fields: readonly string[] = DEFAULT_FIELDS, label = paths.map((p) => p.replace(/^.*[\\/]/, '')).join(', ')): LineInput {
  return {
    label,
    fields,
    withFields: (other) => fileInput(paths, other, label),
    async read(sink, signal, onProgress) {
      const files = await expandInputs(paths);
      const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
      const total = sizes.reduce((a, b) => a + b, 0);
      let done = 0;
      for (let i = 0; i < files.length; i++) {
        if (signal.aborted) throw new CancelledError();
        const file = files[i];
        const stream = openInput(file) as ReturnType<typeof openInput> & { bytesRead?: number };
        const abort = () => stream.destroy(new CancelledError());
        signal.addEventListener('abort', abort, { once: true });
        const name = file.replace(/^.*[\\/]/, '');
        const timer = setInterval(() => onProgress({ fraction: total ? (done + (stream.bytesRead ?? 0)) / total : undefined, message: `${name} (${i + 1} of ${files.length})` }), 250);
        sink.beginInput(file);
        try {
          const bytes = sink.bytes?.bind(sink);
          await readLines(stream, bytes ?? ((buf, start, end) => forEachLine(buf, start, end, (b, s, e) => sink.line(b.toString('latin1', s, e)))), file);
        } catch (e) {
          if (signal.aborted) throw new CancelledError();
          if (e instanceof FlowLogInputError) throw e;
          throw new FlowLogInputError(`cannot read ${file}: ${(e as Error).message}`);
        } finally {
          clearInterval(timer);
          signal.removeEventListener('abort', abort);
        }
        done += sizes[i];
      }
    },
  };
}

export interface Timeline {
  /** Width of each bucket in seconds. */
  bucketSeconds: number;
  /** Start of each bucket (Unix seconds). */
  times: number[];
  /** Bytes of accepted (or unlabelled) traffic per bucket, by the record's start time. */
  accepted: number[];
  rejected: number[];
}

/** Traffic of one instance address through one NAT or transit gateway (seen on the gateway's interface). */
export interface NatUsage {
  /** The gateway's address (srcaddr/dstaddr of the translated records). */
  gateway: string;
  /** The instance behind it (the packet-level private side). */
  instance: string;
  bytesOut: number;
  bytesIn: number;
  records: number;
}

export interface ReportModel {
  label: string;
  filter: RecordFilter;
  summary: FlowLogSummary;
  details: FlowLogDetails;
  timeline: Timeline;
  nat: NatUsage[];
}

const BUCKET_CHOICES = [60, 300, 600, 900, 1800, 3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400];
const MAX_BUCKETS = 150;

/** Runs one analysis: feed it lines (through a LineSink), then take result(). */
export class ReportBuilder implements LineSink {
  private readonly analyzer: FlowLogAnalyzer;
  private pred: ((v: Values) => boolean) | null = null;
  private fields: readonly string[] = [];

  constructor(private readonly initialFields: readonly string[], private readonly filter: RecordFilter, private readonly top = 10, private readonly label = '') {
    this.analyzer = new FlowLogAnalyzer(initialFields);
    this.analyzer.trackTimelineAndNat();
    this.setFormat(initialFields);
  }

  private setFormat(fields: readonly string[]): void {
    this.fields = fields;
    this.analyzer.setFormat(fields);
    this.pred = compileFilter(this.filter, fields);
  }

  beginInput(): void {
    this.setFormat(this.initialFields);
  }

  /** Without a filter the analyzer reads the bytes itself (and follows header lines itself). */
  bytes(buf: Buffer, start: number, end: number): void {
    if (this.pred === null && isEmptyFilter(this.filter)) return this.analyzer.lines(buf, start, end);
    forEachLine(buf, start, end, (b, s, e) => this.filtered(b.toString('latin1', s, e), b, s, e));
    this.flush();
  }

  // Lines the filter let through, next to each other in one buffer, go to the analyzer as one run.
  private run: Uint8Array | null = null;
  private runStart = 0;
  private runEnd = 0;

  private flush(): void {
    if (this.run) this.analyzer.lines(this.run, this.runStart, this.runEnd);
    this.run = null;
  }

  line(text: string): void {
    if (this.pred === null && isEmptyFilter(this.filter)) {
      const buf = Buffer.from(text, 'latin1');
      this.analyzer.line(buf, 0, buf.length);
    } else this.filtered(text);
  }

  private filtered(text: string, buf?: Buffer, start = 0, end = 0): void {
    const t = text.trim();
    if (!t) return;
    const c0 = t.charCodeAt(0);
    if (c0 >= 97 && c0 <= 122) {
      const h = headerFields(t);
      if (h) { this.flush(); this.setFormat(h); return; }
    }
    // Lines that do not fit the format go to the analyzer, which counts them as skipped.
    if (this.pred) {
      const v = t.split(/[ \t]+/);
      if (v.length === this.fields.length && !this.pred(v)) return;
    }
    if (buf) {
      // The next line of the run (one newline after it), or a new run.
      if (this.run === buf && start === this.runEnd + 1) this.runEnd = end;
      else {
        this.flush();
        this.run = buf;
        this.runStart = start;
        this.runEnd = end;
      }
    } else {
      const b = Buffer.from(t, 'latin1');
      this.analyzer.line(b, 0, b.length);
    }
  }

  result(): ReportModel {
    const { minutes, nat } = this.analyzer.timelineAndNat(this.top);
    return {
      label: this.label,
      filter: this.filter,
      summary: this.analyzer.summary(this.top),
      details: this.analyzer.details(),
      timeline: buildTimeline(minutes),
      nat,
    };
  }
}

/** Minute totals merged into at most MAX_BUCKETS buckets of a round width, gaps filled with zeros. */
export function buildTimeline(minutes: ReadonlyMap<number, readonly [number, number]>): Timeline {
  if (minutes.size === 0) return { bucketSeconds: 60, times: [], accepted: [], rejected: [] };
  let min = Infinity; let max = -Infinity;
  for (const m of minutes.keys()) { if (m < min) min = m; if (m > max) max = m; }
  const width = BUCKET_CHOICES.find((w) => Math.floor(max / w) - Math.floor(min / w) + 1 <= MAX_BUCKETS) ?? BUCKET_CHOICES[BUCKET_CHOICES.length - 1];
  const first = Math.floor(min / width) * width;
  const n = Math.floor((max - first) / width) + 1;
  const times = Array.from({ length: n }, (_, i) => first + i * width);
  const accepted = new Array<number>(n).fill(0);
  const rejected = new Array<number>(n).fill(0);
  for (const [m, [a, r]] of minutes) {
    const i = Math.floor((m - first) / width);
    accepted[i] += a;
    rejected[i] += r;
  }
  return { bucketSeconds: width, times, accepted, rejected };
}

/** Reads the input once and builds the report for the records `filter` lets through. */
export async function buildReport(input: LineInput, filter: RecordFilter, signal: AbortSignal, onProgress: (p: InputProgress) => void = () => {}, top = 10): Promise<ReportModel> {
  const builder = new ReportBuilder(input.fields, filter, top, input.label);
  await input.read(builder, signal, onProgress);
  if (signal.aborted) throw new CancelledError();
  return builder.result();
}

export interface MatchingRecords {
  /** The format of the first line (written as the document's header). */
  fields: readonly string[];
  /** Record lines, with a header line wherever the format changes. */
  lines: string[];
  /** How many records matched (more than lines hold when the limit was reached). */
  matched: number;
}

/** The records `filter` lets through, at most `limit` of them (the rest are only counted). */
export async function collectRecords(input: LineInput, filter: RecordFilter, limit: number, signal: AbortSignal, onProgress: (p: InputProgress) => void = () => {}): Promise<MatchingRecords> {
  let fields = input.fields;
  let pred = compileFilter(filter, fields);
  let written: string | null = null;
  const out: MatchingRecords = { fields, lines: [], matched: 0 };
  const sink: LineSink = {
    beginInput() { fields = input.fields; pred = compileFilter(filter, fields); },
    line(text) {
      const t = text.trim();
      if (!t) return;
      const h = headerFields(t);
      if (h) { fields = h; pred = compileFilter(filter, fields); return; }
      const v = t.split(/[ \t]+/);
      if (v.length !== fields.length || (pred && !pred(v))) return;
      out.matched++;
      if (out.lines.length >= limit) return;
      const key = fields.join(' ');
      if (written === null) out.fields = fields;
      else if (written !== key) out.lines.push(key);
      written = key;
      out.lines.push(t);
    },
  };
  await input.read(sink, signal, onProgress);
  if (signal.aborted) throw new CancelledError();
  return out;
}

export type ReportSection = 'topTalkers' | 'rejectedByDstPort' | 'scanners' | 'asymmetric' | 'resets' | 'statusIntervals' | 'nat';

/** The records behind one row of a report section, as a filter (combined with the report's own). */
export function rowFilter(model: ReportModel, section: ReportSection, index: number): RecordFilter | null {
  const s = model.summary;
  switch (section) {
    case 'topTalkers': {
      const r = s.topTalkers[index];
      return r ? { srcaddr: r.srcaddr, dstaddr: r.dstaddr } : null;
    }
    case 'rejectedByDstPort': {
      const r = s.rejectedByDstPort[index];
      return r ? { action: 'REJECT', ...(r.dstport !== null ? { dstport: r.dstport } : {}), ...(r.protocol !== null ? { protocol: r.protocol } : {}) } : null;
    }
    case 'scanners': {
      const r = s.scanners[index];
      return r ? { srcaddr: r.srcaddr, action: 'REJECT' } : null;
    }
    case 'asymmetric': {
      const r = s.asymmetric[index];
      return r ? { ...(r.interfaceId !== '-' ? { interfaceId: r.interfaceId } : {}), pair: [r.client, r.server], service: { address: r.server, port: r.serverPort } } : null;
    }
    case 'resets': {
      const r = s.resets?.[index];
      const m = r && /^\[?([^\]]+?)\]?:(\d+)$/.exec(r.service);
      return m ? { service: { address: m[1], port: Number(m[2]) }, reset: true } : null;
    }
    case 'statusIntervals': {
      const r = model.details.statusIntervals[index];
      return r ? { logStatus: r.status, ...(r.interfaceId ? { interfaceId: r.interfaceId } : {}), ...(r.start !== null ? { since: r.start } : {}), ...(r.end !== null ? { until: r.end } : {}) } : null;
    }
    case 'nat': {
      const r = model.nat[index];
      return r ? { translated: true, address: r.instance } : null;
    }
  }
}
