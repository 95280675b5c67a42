// Summarizes flow-log files: the engine behind `flowscope flowlogs summarize` and the editor's
// "Analyze Flow Log File…".
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { FlowLogAnalyzer, type FlowLogDetails, type FlowLogSummary } from './analyze';
import { DEFAULT_FIELDS } from './fields';
import { expandInputs, FlowLogInputError, openInput, readFileLines, readLines } from './reader';

export interface SummarizeOptions {
  /** Field names to use for files without a header line (default: the version-2 format). */
  fields?: readonly string[];
  top?: number;
  stdin?: Readable;
}

export interface SummarizeResult {
  summary: FlowLogSummary;
  details: FlowLogDetails;
  files: string[];
}

export async function summarizeInputs(inputs: string[], opts: SummarizeOptions = {}): Promise<SummarizeResult> {
  const files = await expandInputs(inputs);
  const fields = opts.fields ?? DEFAULT_FIELDS;
  // About 100 bytes a record in the default format (more in gzip files: the hint is only a starting size).
  const sizes = await Promise.all(files.map((f) => (f === '-' ? 0 : stat(f).then((s) => s.size, () => 0))));
  const analyzer = new FlowLogAnalyzer(fields, { expectedRecords: sizes.reduce((a, b) => a + b, 0) / 100 });
  const onLines = analyzer.lines.bind(analyzer);
  for (const file of files) {
    // Each file starts in the given format; its own header line, if any, then takes over.
    analyzer.setFormat(fields);
    try {
      if (file !== '-') await readFileLines(file, onLines);
      // A real stdin that is a file or a pipe is read like a file (one reused buffer); a socket (which
      // cannot be opened as /dev/stdin) and a stream handed in (tests, the editor) as a stream.
      else if (!opts.stdin && (await stdinIsOpenable())) await readFileLines('/dev/stdin', onLines, 'stdin');
      else await readLines(openInput(file, opts.stdin), onLines, 'stdin');
    } catch (e) {
      if (e instanceof FlowLogInputError) throw e;
      throw new FlowLogInputError(`cannot read ${file === '-' ? 'stdin' : file}: ${(e as Error).message}`);
    }
  }
  return { summary: analyzer.summary(opts.top ?? 10), details: analyzer.details(), files };
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
