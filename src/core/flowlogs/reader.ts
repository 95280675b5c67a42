// Streaming input for flow-log files: plain or gzip (detected by its magic bytes, not the name), files,
// folders (recursively, in name order) and stdin ('-'). Never holds more than one chunk and one
// partial line in memory.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const CHUNK = 1 << 20;

export class FlowLogInputError extends Error {}

/** Expands the command line's inputs to files ('-' stays as is); folders are read recursively. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    if (input === '-') { files.push('-'); continue; }
    let st;
    try {
      st = await stat(input);
    } catch (e) {
      throw new FlowLogInputError(`cannot read ${input}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`);
    }
    if (st.isDirectory()) files.push(...(await walk(input)));
    else files.push(input);
  }
  return files;
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    // Hidden files (.DS_Store, editor swap files) are not flow logs.
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * Receives the input as runs of whole lines: buf[start, end) holds one or more lines, each ended by
 * '\n' except possibly the input's last. Runs rather than single lines let the analyzer batch its
 * records; forEachLine() splits a run for callers that want lines.
 */
export type LinesHandler = (buf: Buffer, start: number, end: number) => void;

/** Calls onLine(buf, lineStart, lineEnd) for each line of a run (lineEnd excludes the '\n'). */
export function forEachLine(buf: Buffer, start: number, end: number, onLine: (buf: Buffer, start: number, end: number) => void): void {
  let pos = start;
  while (pos < end) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0 || nl > end) nl = end;
    onLine(buf, pos, nl);
    pos = nl + 1;
  }
}

/** Calls onLines with runs of whole lines of the stream (gunzipped when it is gzip). */
export async function readLines(stream: Readable, onLines: LinesHandler, name = 'input'): Promise<void> {
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head = first.value as Buffer;
  const rest: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => it };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    // Node's gunzip also reads concatenated gzip members (cat a.gz b.gz).
    const gunzip = createGunzip({ chunkSize: CHUNK });
    let readError: Error | undefined;
    void (async () => {
      try {
        if (!gunzip.write(head)) await new Promise((r) => gunzip.once('drain', r));
        for await (const c of rest) if (!gunzip.write(c)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (e) {
        readError = e as Error;
        gunzip.destroy(readError);
      }
    })();
    try {
      await splitLines(gunzip, onLines);
    } catch (e) {
      stream.destroy();
      throw new FlowLogInputError(readError ? `cannot read ${name}: ${readError.message}` : `${name}: ${(e as Error).message} (corrupt or truncated gzip file?)`);
    }
    return;
  }
  await splitLines((async function* () {
    yield head;
    yield* rest;
  })(), onLines);
}

async function splitLines(source: AsyncIterable<Buffer>, onLines: LinesHandler): Promise<void> {
  let carry: Buffer | null = null;
  for await (const chunk of source) {
    let pos = 0;
    if (carry) {
      const nl = chunk.indexOf(10);
      if (nl < 0) { carry = Buffer.concat([carry, chunk]); continue; }
      const line = Buffer.concat([carry, chunk.subarray(0, nl + 1)]);
      carry = null;
      onLines(line, 0, line.length);
      pos = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= pos) {
      onLines(chunk, pos, last + 1);
      pos = last + 1;
    }
    if (pos < chunk.length) carry = Buffer.from(chunk.subarray(pos));
  }
  if (carry) onLines(carry, 0, carry.length);
}

/**
 * Calls onLines with runs of whole lines of a file. Plain files are read into one reused buffer, so reading
 * allocates nothing per chunk (a stream's fresh 1 MiB chunks pile up as external memory between
 * garbage collections, since the analyzer itself allocates almost nothing); gzip files go through
 * readLines.
 */
export async function readFileLines(file: string, onLines: LinesHandler, name = file): Promise<void> {
  const fh = await open(file, 'r');
  let buf = Buffer.allocUnsafe(CHUNK);
  try {
    let filled = (await fh.read(buf, 0, buf.length, null)).bytesRead;
    if (filled >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
      // Go on from the same handle: stdin cannot be opened a second time.
      const first = Buffer.from(buf.subarray(0, filled));
      const chunks = async function* () {
        yield first;
        for (;;) {
          const b = Buffer.allocUnsafe(CHUNK);
          const { bytesRead } = await fh.read(b, 0, CHUNK, null);
          if (bytesRead === 0) return;
          yield b.subarray(0, bytesRead);
        }
      };
      return await readLines(Readable.from(chunks()), onLines, name);
    }
    for (;;) {
      let pos = 0;
      const last = filled > 0 ? buf.lastIndexOf(10, filled - 1) : -1;
      if (last >= 0) {
        onLines(buf, 0, last + 1);
        pos = last + 1;
      }
      // Keep the partial line at the start; a line longer than the buffer grows it.
      const rest = filled - pos;
      if (pos === 0 && rest === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, rest);
        buf = bigger;
      } else if (rest > 0) buf.copyWithin(0, pos, filled);
      const n = (await fh.read(buf, rest, buf.length - rest, null)).bytesRead;
      if (n === 0) {
        if (rest > 0) onLines(buf, 0, rest);
        return;
      }
      filled = rest + n;
    }
  } finally {
    await fh.close();
  }
}

/** Opens a file or stdin ('-') for readLines. */
export function openInput(file: string, stdin: Readable = process.stdin): Readable {
  return file === '-' ? stdin : createReadStream(file, { highWaterMark: CHUNK });
}
