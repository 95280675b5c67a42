// yaml2ts benchmark: a generated ~2 MB multi-document YAML typed end to end by yaml2ts and by quicktype
// (same data as JSON), each run in its own process so peak memory is per contender.
// Usage: `npm run bench -- yaml2ts`, or node bench/yaml2ts/bench.mjs [--runs N] [--write] (--write updates the
// yaml2ts section of bench/RESULTS.md itself; under npm run bench the section goes to $FLOWSCOPE_BENCH_SECTION_FILE).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { generateData } from './data.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
// out-*/ is ignored by git and ESLint alike.
const outDir = path.join(root, 'out-bench', 'yaml2ts');
const args = process.argv.slice(2);
// Five by default: the machine is shared, and the median of five shrugs off a neighbour's burst.
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
mkdirSync(outDir, { recursive: true });

// 1. Data.
const data = generateData();
const yamlFile = path.join(outDir, 'bench.yaml');
const jsonFile = path.join(outDir, 'bench.jsonl');
writeFileSync(yamlFile, data.yaml);
writeFileSync(jsonFile, data.jsonLines);
console.log(`data: ${(data.bytes / 1e6).toFixed(2)} MB YAML, ${data.documents} documents (${(Buffer.byteLength(data.jsonLines) / 1e6).toFixed(2)} MB as JSON)`);

// 2. The generator as shipped: bundled like the CLI, production mode.
const bundle = path.join(outDir, 'yaml2ts.cjs');
await esbuild.build({ entryPoints: [path.join(root, 'src/core/yaml2ts/index.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, outfile: bundle, logLevel: 'warning' });

function child(script, scriptArgs) {
  const r = spawnSync(process.execPath, [path.join(here, script), ...scriptArgs], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: root });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 3. Alternate the contenders so background load hits both alike.
const loadBefore = os.loadavg();
const ours = [];
const theirs = [];
let quicktypeError = '';
for (let i = 0; i < runs; i++) {
  ours.push(child('child-yaml2ts.cjs', [bundle, yamlFile]));
  if (!quicktypeError) {
    try {
      theirs.push(child('child-quicktype.cjs', [jsonFile]));
    } catch (e) {
      quicktypeError = e.message;
    }
  }
}
writeFileSync(path.join(outDir, 'yaml2ts-output.ts'), ours[0].code);
if (theirs[0]) writeFileSync(path.join(outDir, 'quicktype-output.ts'), theirs[0].code);

// Once more with the yaml package forced, to show what the fast reader buys.
const fullRuns = [child('child-yaml2ts.cjs', [bundle, yamlFile, '--full-parser'])];
// And a second run in a warm process: what is left when the engine no longer interprets and optimizes.
const warmRuns = [child('child-yaml2ts.cjs', [bundle, yamlFile, '--warm'])];
const m = (k, list = ours) => median(list.map((o) => o[k]));
const loadAfter = os.loadavg();
const stats = (list) => ({ parse: m('parseMs', list), infer: m('inferMs', list), read: m('readMs', list), emit: m('emitMs', list), total: m('totalMs', list), cpu: m('cpuMs', list), main: m('mainCpuMs', list), rss: m('maxRssMB', list), parser: list[0].parser });
const full = stats(fullRuns);
const warm = stats(warmRuns);
const y = stats(ours);
const qt = theirs.length ? { total: m('totalMs', theirs), cpu: m('cpuMs', theirs), main: m('mainCpuMs', theirs), rss: m('maxRssMB', theirs) } : undefined;
const fmt = (ms) => (ms === undefined || Number.isNaN(ms) ? '–' : `${(ms / 1000).toFixed(3)} s`);
// Parsing and inference in one pass (the fast reader) show as one figure across both columns.
const parseInfer = (s) => (s.parse === undefined ? `${fmt(s.read)} (one pass with inference) | (with the parse)` : `${fmt(s.parse)} | ${fmt(s.infer)}`);
const hasMain = y.main !== undefined && !Number.isNaN(y.main);

const cpu = (() => {
  try {
    return execFileSync('lscpu', { encoding: 'utf8' }).match(/Model name:\s*(.+)/)?.[1]?.trim() ?? os.cpus()[0]?.model;
  } catch {
    return os.cpus()[0]?.model;
  }
})();
const load = (l) => l.map((x) => x.toFixed(1)).join(' ');
const loadLine = `Load average ${load(loadBefore)} before the runs and ${load(loadAfter)} after (the machine is shared).`;
const machine = `${os.availableParallelism?.() ?? os.cpus().length} CPUs (nproc), ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
const lines = [
  // Under `npm run bench` the section already starts with the date and the machine.
  process.env.FLOWSCOPE_BENCH_SECTION_FILE ? loadLine : `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}. ${loadLine}`,
  '',
  `Input: ${(data.bytes / 1e6).toFixed(2)} MB of generated Kubernetes-like YAML, ${data.documents} documents (Deployments, Services, ConfigMaps; nested lists of mappings). Median of ${runs} runs, each contender in a fresh process (\`npm run bench -- yaml2ts\`).`,
  '',
  'Both clocks start with the input text in memory and every module loaded, and stop at the generated TypeScript; each includes its own parsing (YAML here, JSON for quicktype), and the yaml2ts clock includes compiling and instantiating its WebAssembly. CPU time counts all threads of the process (the engine optimizes code and collects garbage on helper threads as well); main-thread CPU is close to what the wall time would be on an idle machine.',
  '',
  '| contender | YAML parse | inference | emit | end to end (wall) | CPU time | main-thread CPU | peak RSS |',
  '|---|---|---|---|---|---|---|---|',
  `| yaml2ts (${y.parser}) | ${parseInfer(y)} | ${fmt(y.emit)} | **${fmt(y.total)}** | ${fmt(y.cpu)} | ${fmt(y.main)} | ${y.rss.toFixed(0)} MB |`,
  `| yaml2ts (yaml package parser, forced) | ${parseInfer(full)} | ${fmt(full.emit)} | ${fmt(full.total)} | ${fmt(full.cpu)} | ${fmt(full.main)} | ${full.rss.toFixed(0)} MB |`,
  `| yaml2ts again in the same process (warm engine; for comparison, no CLI run is warm) | ${parseInfer(warm)} | ${fmt(warm.emit)} | ${fmt(warm.total)} | ${fmt(warm.cpu)} | ${fmt(warm.main)} | – |`,
  qt ? `| quicktype-core (same data as JSON samples) | – | – | – | **${fmt(qt.total)}** | ${fmt(qt.cpu)} | ${fmt(qt.main)} | ${qt.rss.toFixed(0)} MB |` : `| quicktype-core | failed: ${quicktypeError.split('\n')[0]} | | | | | | |`,
  '',
  qt
    ? `yaml2ts is **${(qt.total / y.total).toFixed(1)}×** faster than quicktype end to end by wall time (${(qt.cpu / y.cpu).toFixed(1)}× by CPU time${hasMain ? `, ${(qt.main / y.main).toFixed(1)}× by main-thread CPU` : ''}; goal ≥ 5×: ${qt.total / y.total >= 5 ? 'met' : 'not met'}). Goal < 1.5 s end to end: ${y.total < 1500 ? 'met' : 'not met'}.`
    : '',
];
const report = lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n').trim();
console.log('\n' + report);
if (process.env.FLOWSCOPE_BENCH_SECTION_FILE) writeFileSync(process.env.FLOWSCOPE_BENCH_SECTION_FILE, report + '\n');

if (args.includes('--write')) {
  const file = path.join(root, 'bench', 'RESULTS.md');
  const body = `## yaml2ts\n\n${report}\n`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const re = /^## yaml2ts\n[\s\S]*?(?=^## |(?![\s\S]))/m;
  text = re.test(text) ? text.replace(re, body + '\n') : `${text.trimEnd()}\n\n${body}`;
  writeFileSync(file, text.replace(/\n{3,}/g, '\n\n'));
  console.log(`\nwrote the yaml2ts section of ${path.relative(root, file)}`);
}
