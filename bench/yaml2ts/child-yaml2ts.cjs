// One measured yaml2ts run in a fresh process; peak RSS at the end. Like the quicktype child, the clock
// starts with the input text in memory and every module loaded.
// As generateTypes() does: the fast reader folds the text into shapes as it reads (parsing and inference
// in one pass, timed together), or, when the text is outside its subset, the yaml package parses it and
// inference walks the documents (timed apart). `--full-parser` forces the second path; `--warm` times a
// second run in the same process, to show what the engine's warm-up (compiling and optimizing code while
// it runs) costs the first one (no CLI run is ever warm: this is for comparison only).
const { readFileSync } = require('node:fs');
const { mainThreadMs } = require('./main-thread.cjs');
const lib = require(process.argv[2]);
const text = readFileSync(process.argv[3], 'utf8');
const { parseYamlDocuments, Inferrer, Emitter, resolveOptions } = lib.stages;
const opts = resolveOptions({ rootName: 'Manifests' });
const mode = process.argv[4] === '--full-parser' ? 'full' : 'fast';
if (process.argv[4] === '--warm') {
  const warmup = new Inferrer(opts);
  warmup.addFastText(text);
  new Emitter(opts).emit(warmup.root);
}
const m0 = mainThreadMs();
const c0 = process.cpuUsage();
const t0 = performance.now();
const inferrer = new Inferrer(opts);
let documents;
let parseMs;
let streamed = false;
documents = mode === 'fast' ? inferrer.addFastText(text) : undefined;
streamed = documents !== undefined;
if (!streamed) {
  const docs = parseYamlDocuments({ text, file: 'bench.yaml' }, opts.yamlVersion);
  parseMs = performance.now() - t0;
  for (const d of docs) inferrer.addDocument(d);
  documents = docs.length;
}
const t2 = performance.now();
const code = new Emitter(opts).emit(inferrer.root);
const t3 = performance.now();
const cpu = process.cpuUsage(c0);
const m1 = mainThreadMs();
process.stdout.write(
  JSON.stringify({ readMs: t2 - t0, parseMs, inferMs: parseMs === undefined ? undefined : t2 - t0 - parseMs, emitMs: t3 - t2, totalMs: t3 - t0, cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs: m0 === undefined ? undefined : m1 - m0, maxRssMB: process.resourceUsage().maxRSS / 1024, documents, parser: streamed ? 'WebAssembly fast reader, parsing and inference in one pass' : 'yaml package', outputLines: code.split('\n').length, code }),
);
