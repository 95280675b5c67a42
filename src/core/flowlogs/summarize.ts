// Summarizes flow-log files: the engine behind `flowscope flowlogs summarize`. (The editor's report,
// report.ts, runs the same analyzer on one thread, with filters and the timeline.)
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { FlowLogAnalyzer, type FlowLogDetails, type FlowLogSummary } from './analyze';
import { DEFAULT_FIELDS } from './fields';
import type { CountJob, CountResult } from './flowlogs-worker';
import { BatchRing, DEFAULT_LAYOUT } from './pipeline';
import { expandInputs, FlowLogInputError, openInput, readFileLines, readLines } from './reader';

export interface SummarizeOptions {
  /** Field names to use for files without a header line (default: the version-2 format). */
  fields?: readonly string[];
  top?: number;
  stdin?: Readable;
  /**
   * Count on a second thread while this one reads (default: when the machine has two cores or more and
   * the input is large or a stream of unknown size).
   */
  twoThreads?: boolean;
}

/** Below this (known) input size a second thread's start costs about what it saves. */
const TWO_THREADS_FROM_BYTES = 16 * 1024 * 1024;

export interface SummarizeResult {
  summary: FlowLogSummary;
  details: FlowLogDetails;
  files: string[];
  /** 2 when a second thread counted (see startCounter()). */
  threads: number;
}

export async function summarizeInputs(inputs: string[], opts: SummarizeOptions = {}): Promise<SummarizeResult> {
  const files = await expandInputs(inputs);
  const fields = opts.fields ?? DEFAULT_FIELDS;
  // About 100 bytes a record in the default format (more in gzip files: the hint is only a starting size).
  const sizes = await Promise.all(files.map((f) => (f === '-' ? 0 : stat(f).then((s) => s.size, () => 0))));
  const known = sizes.reduce((a, b) => a + b, 0);
  const expectedRecords = known / 100;
  const twoThreads = (opts.twoThreads ?? (availableParallelism() > 1 && (files.includes('-') || known >= TWO_THREADS_FROM_BYTES))) && fields.length <= DEFAULT_LAYOUT.maxStride;
  // With a counting thread this one only reads: its tables stay empty (and uncommitted).
  const analyzer = new FlowLogAnalyzer(fields, { expectedRecords: twoThreads ? 0 : expectedRecords });
  const counter = twoThreads ? startCounter(analyzer, fields, expectedRecords, opts.top ?? 10) : null;
  try {
    await readInputs(files, fields, analyzer, opts.stdin);
    if (!counter) return { summary: analyzer.summary(opts.top ?? 10), details: analyzer.details(), files, threads: 1 };
    const { summary, details } = await counter.finish();
    summary.skippedLines += analyzer.skippedLines();
    return { summary, details, files, threads: 2 };
  } finally {
    counter?.stop();
  }
}

/**
 * A worker that counts what `reader` scans (pipeline.ts): the reader's lines() sends batches through
 * a shared ring from now on.
 */
function startCounter(reader: FlowLogAnalyzer, fields: readonly string[], expectedRecords: number, top: number): { finish(): Promise<{ summary: FlowLogSummary; details: FlowLogDetails }>; stop(): void } {
  const ring = BatchRing.create();
  // First, so that a format the batches cannot carry fails before a thread is started.
  reader.pipeTo(ring);
  const job: CountJob = { buffer: ring.buffer, layout: ring.layout, fields: [...fields], expectedRecords, top };
  // Beside this module: dist/flowlogs-worker.js in the bundle, the compiled module in tests.
  const worker = new Worker(path.join(__dirname, 'flowlogs-worker.js'), { workerData: job });
  const result = new Promise<CountResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the counting thread exited (code ${code})`)));
  });
  // A failure shows when the reader next waits on the ring, or at finish().
  result.catch(() => ring.fail());
  return {
    async finish() {
      ring.close();
      const r = await result;
      if ('error' in r) throw new FlowLogInputError(`counting failed: ${r.error}`);
      return r;
    },
    stop() {
      ring.close();
      void worker.terminate();
    },
  };
}

async function readInputs(files: string[], fields: readonly string[], analyzer: FlowLogAnalyzer, stdin: Readable | undefined): Promise<void> {
  const onLines = analyzer.lines.bind(analyzer);
  for (const file of files) {
    // Each file starts in the given format; its own header line, if any, then takes over.
    analyzer.setFormat(fields);
    try {
      if (file !== '-') await readFileLines(file, onLines);
      // A real stdin that is a file or a pipe is read like a file (one reused buffer); a socket (which
      // cannot be opened as /dev/stdin) and a stream handed in (tests, the editor) as a stream.
      else if (!stdin && (await stdinIsOpenable())) await readFileLines('/dev/stdin', onLines, 'stdin');
      else await readLines(openInput(file, stdin), onLines, 'stdin');
    } catch (e) {
      if (e instanceof FlowLogInputError) throw e;
      throw new FlowLogInputError(`cannot read ${file === '-' ? 'stdin' : file}: ${(e as Error).message}`);
    }
  }
}

async function stdinIsOpenable(): Promise<boolean> {
  if (process.platform === 'win32') return false;
  try {
    const st = await stat('/dev/stdin');
    return st.isFile() || st.isFIFO();
  } catch {
    return false;
  }
}
