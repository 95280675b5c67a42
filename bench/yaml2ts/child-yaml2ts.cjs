// One measured yaml2ts run in a fresh process: parse, infer and emit timed apart; peak RSS at the end.
// Like the quicktype child, the clock starts with the input text in memory and every module loaded.
const { readFileSync } = require('node:fs');
const { mainThreadMs } = require('./main-thread.cjs');
const lib = require(process.argv[2]);
const text = readFileSync(process.argv[3], 'utf8');
const { parseYamlDocuments, fastParse, Inferrer, Emitter, resolveOptions } = lib.stages;
const opts = resolveOptions({ rootName: 'Manifests' });
// Same path as generateTypes(): the fast reader, or the yaml package when the text is outside its subset.
const full = process.argv[4] === '--full-parser';
const m0 = mainThreadMs();
const c0 = process.cpuUsage();
const t0 = performance.now();
const fast = full ? undefined : fastParse(text);
const docs = fast ?? parseYamlDocuments({ text, file: 'bench.yaml' }, opts.yamlVersion);
const t1 = performance.now();
const inferrer = new Inferrer(opts);
if (fast) for (const d of fast) inferrer.addFastDocument(d);
else for (const d of docs) inferrer.addDocument(d);
const t2 = performance.now();
const code = new Emitter(opts).emit(inferrer.root);
const t3 = performance.now();
const cpu = process.cpuUsage(c0);
const m1 = mainThreadMs();
process.stdout.write(
  JSON.stringify({ parseMs: t1 - t0, inferMs: t2 - t1, emitMs: t3 - t2, totalMs: t3 - t0, cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs: m0 === undefined ? undefined : m1 - m0, maxRssMB: process.resourceUsage().maxRSS / 1024, documents: docs.length, parser: fast ? 'fast reader' : 'yaml package', outputLines: code.split('\n').length, code }),
);
