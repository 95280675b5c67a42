// The one test command: `npm test` (all tiers) or `npm test -- unit integration` (some).
// Sets itself up on a fresh machine, runs each tier with mocha, and ends with "N passed, N failed".
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeModules, log, outDir, runDir, sh } from './lib.mjs';

const tiers = {
  unit: { script: 'scripts/run-mocha.mjs', args: ['unit'] },
  integration: { script: 'scripts/run-mocha.mjs', args: ['integration'] },
  vscode: { script: 'scripts/codeserver/vscode-tier.mjs', args: [] },
  e2e: { script: 'scripts/codeserver/e2e-tier.mjs', args: [] },
};

const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = requested.filter((t) => !(t in tiers));
if (unknown.length) {
  console.error(`unknown test tier(s): ${unknown.join(', ')}; choose from ${Object.keys(tiers).join(', ')}`);
  process.exit(2);
}
const selected = requested.length ? requested : Object.keys(tiers);

const started = Date.now();
await ensureNodeModules();

// Static checks and builds that every tier relies on. A failure here fails the run.
const checks = [
  ['build', 'npm', ['run', '--silent', 'build']],
  // The committed WebAssembly modules must be what their AssemblyScript sources compile to.
  ['WebAssembly up to date with its source', process.execPath, ['scripts/build-wasm.mjs', '--check']],
  ['compile tests (tsc, strict)', 'npx', ['tsc', '-p', 'tsconfig.test.json', '--outDir', outDir]],
  ['lint', 'npm', ['run', '--silent', 'lint']],
];
let passed = 0;
let failed = 0;
const lines = [];
rmSync(outDir, { recursive: true, force: true });
for (const [name, cmd, args] of checks) {
  log(`${name}`);
  const code = await sh(cmd, args);
  if (code === 0) passed++;
  else { failed++; lines.push(`check ${name}: FAILED (exit ${code})`); }
}

for (const tier of selected) {
  const resultsFile = path.join(runDir, `results-${tier}.json`);
  rmSync(resultsFile, { force: true });
  log(`tier ${tier}`);
  const t0 = Date.now();
  const code = await sh(process.execPath, [tiers[tier].script, ...tiers[tier].args], {
    env: { ...process.env, FLOWSCOPE_RESULTS_FILE: resultsFile },
  });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (!existsSync(resultsFile)) {
    failed++;
    lines.push(`tier ${tier}: no results (exit ${code}) in ${secs}s`);
    continue;
  }
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed += r.passed;
  failed += r.failed;
  // A tier that exits non-zero with no failing test (a crash in setup or teardown) still fails the run.
  if (code !== 0 && r.failed === 0) failed++;
  lines.push(`tier ${tier}: ${r.passed} passed, ${r.failed} failed, ${r.pending} pending in ${secs}s${code !== 0 && r.failed === 0 ? ` (exit ${code})` : ''}`);
  if (r.passed + r.failed === 0) { failed++; lines.push(`tier ${tier}: ran no test`); }
}

console.log('\n' + lines.join('\n'));
console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
