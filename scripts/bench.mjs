// `npm run bench`: runs every bench/<name>/bench.mjs (or only those named: `npm run bench -- activation`) and
// writes bench/RESULTS.md, one section per bench with the machine and date it was measured on. Sections of
// benches that did not run this time are kept as they were.
//
// Contract for a bench: bench/<name>/bench.mjs is a Node script; it may import compiled TypeScript from outDir
// (this script builds dist/ and runs tsc first), prints what it measured, writes its Markdown section (without
// the heading) to $FLOWSCOPE_BENCH_SECTION_FILE and exits 0. A bench should measure against a baseline taken in
// the same run (same machine, same load) and report the ratio, not only absolute times.
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeModules, log, mustSh, outDir, root, runDir, sh } from './lib.mjs';

const resultsFile = path.join(root, 'bench', 'RESULTS.md');
const benchDir = path.join(root, 'bench');
const all = readdirSync(benchDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(benchDir, d.name, 'bench.mjs')))
  .map((d) => d.name)
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`unknown bench(es): ${unknown.join(', ')}; choose from ${all.join(', ')}`);
  process.exit(2);
}
const selected = wanted.length ? wanted : all;

function machine() {
  const cpu = cpus();
  return `${cpu.length} CPUs (nproc), ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}`;
}

/** The sections of an existing RESULTS.md, by bench name ("## name" headings). */
function readSections() {
  const sections = new Map();
  if (!existsSync(resultsFile)) return sections;
  let name = null;
  for (const line of readFileSync(resultsFile, 'utf8').split('\n')) {
    const m = /^## (\S+)\s*$/.exec(line);
    if (m) { name = m[1]; sections.set(name, []); } else if (name) sections.get(name).push(line);
  }
  return new Map([...sections].map(([k, v]) => [k, v.join('\n').trim()]));
}

await ensureNodeModules();
await mustSh('npm', ['run', '--silent', 'build']);
// Type errors are the test run's business; a bench needs only the emitted files.
await sh('npx', ['tsc', '-p', 'tsconfig.test.json', '--outDir', outDir]);

const sections = readSections();
const tmp = path.join(runDir, 'bench');
mkdirSync(tmp, { recursive: true });
let failed = 0;
for (const name of selected) {
  log(`bench ${name}`);
  const sectionFile = path.join(tmp, `${name}.md`);
  rmSync(sectionFile, { force: true });
  const started = new Date();
  const code = await sh(process.execPath, [path.join(benchDir, name, 'bench.mjs')], {
    env: { ...process.env, FLOWSCOPE_BENCH_SECTION_FILE: sectionFile },
  });
  const body = existsSync(sectionFile) ? readFileSync(sectionFile, 'utf8').trim() : '';
  if (code !== 0 || !body) {
    failed++;
    log(`bench ${name} failed (exit ${code}); RESULTS.md keeps its previous section`);
    continue;
  }
  sections.set(name, `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}.\n\n${body}`);
}

const out = ['# Benchmark results', '', 'Written by `npm run bench` (scripts/bench.mjs); one section per bench under bench/<name>/.', ''];
for (const name of [...sections.keys()].sort()) out.push(`## ${name}`, '', sections.get(name), '');
writeFileSync(resultsFile, out.join('\n'));
console.log(`wrote ${path.relative(root, resultsFile)} (${selected.length - failed} of ${selected.length} benches ran)`);
process.exitCode = failed ? 1 : 0;
