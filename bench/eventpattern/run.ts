/**
 * Event-pattern bench. Run: `npm run bench -- eventpattern` (writes its section of bench/RESULTS.md), or
 * npx tsc -p tsconfig.test.json --outDir out-bench && node out-bench/bench/eventpattern/run.js
 * (a) lint a generated 5,000-line CloudFormation template with 200 rules, full lint each time (goal < 50 ms);
 * (b) matcher throughput, 100 rules x 100,000 events, against a naive re-walking baseline in the same run.
 * CPU time is reported next to wall time because the bench machine is shared: CPU time is what the code costs.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { clearParseCache, compilePattern, lintText, RuleSet } from '../../src/core/eventpattern';
import { cloudFormationTemplate, prng, randomEvents, randomRules } from './generate';
import { naiveMatch } from './naive';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function lintBench(mode: 'cold' | 'edit' | 'full', runs: number) {
  const text = cloudFormationTemplate(200, 5000);
  const lines = text.split('\n').length - 1;
  let patterns = 0;
  let diagnostics = 0;
  const fullParse = mode === 'full';
  // 'edit' is the editor's case: the template was linted before, then one rule changed (a different prefix each run).
  const texts = Array.from({ length: runs + 5 }, (_, i) => (mode === 'edit' ? text.replace('"x-7"', `"x-7-${i}"`) : text));
  if (mode === 'edit') lintText('template.yaml', text);
  for (let i = 0; i < 5; i++) {
    if (mode === 'cold') clearParseCache();
    lintText('template.yaml', texts[i], { fullParse });
  }
  const samples = Array.from({ length: runs }, (_, i) => {
    if (mode === 'cold') clearParseCache();
    return time(() => {
      const r = lintText('template.yaml', texts[i + 5], { fullParse });
      patterns = r.patterns.length;
      diagnostics = r.diagnostics.length;
    });
  });
  return { lines, bytes: text.length, patterns, diagnostics, wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
}

function matchBench(rulesN: number, eventsN: number) {
  const rnd = prng(42);
  const rules = randomRules(rulesN, rnd);
  const events = randomEvents(eventsN, rnd);
  let naiveMatches = 0;
  const naive = time(() => {
    for (const e of events) for (const r of rules) if (naiveMatch(r, e)) naiveMatches++;
  });
  const compiled = rules.map((r) => compilePattern(r));
  let compiledMatches = 0;
  const perRule = time(() => {
    for (const e of events) for (const c of compiled) if (c.match(e)) compiledMatches++;
  });
  const set = new RuleSet<number>();
  rules.forEach((r, i) => set.add(i, r));
  let setMatches = 0;
  const indexed = time(() => {
    for (const e of events) setMatches += set.matches(e).length;
  });
  if (naiveMatches !== compiledMatches || naiveMatches !== setMatches) {
    throw new Error(`matchers disagree: naive ${naiveMatches}, compiled ${compiledMatches}, rule set ${setMatches}`);
  }
  return { rulesN, eventsN, matches: naiveMatches, naive, perRule, indexed };
}

const cpus = os.cpus();
console.log(`machine: ${os.cpus().length} CPUs (${cpus[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`node ${process.version}, ${new Date().toISOString()}`);

const fast = lintBench('cold', 21);
const edit = lintBench('edit', 21);
const full = lintBench('full', 21);
console.log(`\n(a) lint ${fast.lines}-line CloudFormation template (${(fast.bytes / 1024).toFixed(0)} KiB), ${fast.patterns} patterns, ${fast.diagnostics} diagnostics, median of 21:`);
console.log(`    sectioned read, cold (default for templates >= 50 KB): ${fast.wall.toFixed(1)} ms wall, ${fast.cpu.toFixed(1)} ms CPU  (goal < 50 ms)`);
console.log(`    sectioned read, re-lint after editing one rule:      ${edit.wall.toFixed(1)} ms wall, ${edit.cpu.toFixed(1)} ms CPU`);
console.log(`    whole-document parse:                            ${full.wall.toFixed(1)} ms wall, ${full.cpu.toFixed(1)} ms CPU`);

const m = matchBench(100, 100_000);
const evals = m.rulesN * m.eventsN;
const rate = (t: { wall: number }): string => `${((evals / t.wall) * 1000 / 1e6).toFixed(2)} M rule-evaluations/s`;
console.log(`\n(b) matcher: ${m.rulesN} rules x ${m.eventsN} events (${m.matches} matches, all three agree):`);
console.log(`    naive baseline (re-walks pattern JSON): ${m.naive.wall.toFixed(0)} ms wall, ${m.naive.cpu.toFixed(0)} ms CPU, ${rate(m.naive)}`);
console.log(`    compiled, every rule per event:         ${m.perRule.wall.toFixed(0)} ms wall, ${m.perRule.cpu.toFixed(0)} ms CPU, ${rate(m.perRule)}  ratio ${(m.naive.cpu / m.perRule.cpu).toFixed(1)}x (CPU)`);
console.log(`    compiled RuleSet (source index):        ${m.indexed.wall.toFixed(0)} ms wall, ${m.indexed.cpu.toFixed(0)} ms CPU, ${rate(m.indexed)}  ratio ${(m.naive.cpu / m.indexed.cpu).toFixed(1)}x (CPU)`);

const section = process.env.FLOWSCOPE_BENCH_SECTION_FILE;
if (section) {
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  const s = (x: number): string => `${(x / 1000).toFixed(2)} s`;
  writeFileSync(section, [
    `Load average at the start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (shared machine; CPU time is what the code costs, wall time includes waiting for a core). Command: \`npm run bench -- eventpattern\`.`,
    '',
    `**(a) Lint a generated ${fast.lines}-line CloudFormation template** (${(fast.bytes / 1024).toFixed(0)} KiB, 200 AWS::Events::Rule resources, ${fast.patterns} patterns, ${fast.diagnostics} diagnostics), full lint each time, median of 21 runs after 5 warm-ups. Goal: under 50 ms.`,
    '',
    '| read | wall (median) | CPU (median) |',
    '|---|---|---|',
    `| sectioned, cold (default for templates of 50 KB and more: only pattern-bearing blocks are parsed) | ${ms(fast.wall)} | ${ms(fast.cpu)} |`,
    `| sectioned, re-lint after one rule was edited (the editor's case: unchanged blocks come from the cache) | ${ms(edit.wall)} | ${ms(edit.cpu)} |`,
    `| whole-document YAML parse | ${ms(full.wall)} | ${ms(full.cpu)} |`,
    '',
    `**(b) Matcher throughput: ${m.rulesN} rules × ${m.eventsN.toLocaleString('en-US')} events** (${m.matches} matches; the three matchers agree on every event).`,
    '',
    '| matcher | wall | CPU | rule evaluations/s (wall) | ratio vs naive (CPU) |',
    '|---|---|---|---|---|',
    `| naive baseline: re-walks the pattern JSON per event | ${s(m.naive.wall)} | ${s(m.naive.cpu)} | ${rate(m.naive)} | 1.0× |`,
    `| compiled patterns, every rule per event | ${s(m.perRule.wall)} | ${s(m.perRule.cpu)} | ${rate(m.perRule)} | ${(m.naive.cpu / m.perRule.cpu).toFixed(1)}× |`,
    `| compiled RuleSet (index on exact \`source\`) | ${s(m.indexed.wall)} | ${s(m.indexed.cpu)} | ${rate(m.indexed)} | ${(m.naive.cpu / m.indexed.cpu).toFixed(1)}× |`,
    '',
  ].join('\n'));
}
