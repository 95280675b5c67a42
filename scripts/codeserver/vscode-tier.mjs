// The vscode test tier: runs test/vscode/*.test.ts inside the extension host of a real VS Code (code-server),
// with Flowscope installed from its packaged .vsix. Called by scripts/test.mjs with $FLOWSCOPE_RESULTS_FILE.
//
// 1. the suite: code-server starts with the test-runner extension; opening the workbench in Chromium starts the
//    extension host, the runner calls run() from test/vscode/index.ts, mocha writes its summary.
// 2. the self-check: the same again with FLOWSCOPE_VSCODE_SELFTEST_FAIL=1, which adds one failing test; the
//    tier only passes if that run reports exactly that failure, so a harness that swallows failures is caught.
//    (Skip it with --no-self-check while iterating on a test.)
// The whole tier has a deadline (FLOWSCOPE_VSCODE_TIER_TIMEOUT_MS, default 10 min after code-server is
// installed); on timeout it records a failure, ends code-server and exits non-zero instead of hanging.
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log, outDir, root, runDir } from '../lib.mjs';
import { ensureChromium, ensureCodeServer } from './install.mjs';
import { killAllCodeServers, openWorkbench, startCodeServer } from './launch.mjs';
import { ensureCompiledTests, packageFlowscope, packageRunnerExtension } from './vsix.mjs';
import { startTierSandbox } from './sandbox-env.mjs';

const resultsFile = process.env.FLOWSCOPE_RESULTS_FILE ?? path.join(runDir, 'results-vscode.json');
const selfCheck = !process.argv.includes('--no-self-check');
const tierTimeoutMs = Number(process.env.FLOWSCOPE_VSCODE_TIER_TIMEOUT_MS ?? 10 * 60_000);
const runTimeoutMs = Number(process.env.FLOWSCOPE_VSCODE_RUN_TIMEOUT_MS ?? 5 * 60_000);

function writeResults(r) {
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(r, null, 2));
}

/** Prints what the suite's spec reporter appends to its log file, as it arrives. */
function follow(file) {
  let pos = 0;
  const pump = () => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size <= pos) return;
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(size - pos);
    readSync(fd, buf, 0, buf.length, pos);
    closeSync(fd);
    pos = size;
    process.stdout.write(buf);
  };
  const timer = setInterval(pump, 300);
  return () => { clearInterval(timer); pump(); };
}

/**
 * Runs the suite once in a fresh code-server and profile.
 * @returns {Promise<{passed:number, failed:number, pending:number, failures:{title:string,message:string}[], error?: string}>}
 */
async function runSuite({ paths, vsixes, label, backends, extraEnv = {} }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `flowscope-vscode-${label}-`));
  const workspace = path.join(dir, 'workspace');
  cpSync(path.join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
  const files = {
    results: path.join(dir, 'results.json'),
    done: path.join(dir, 'done.json'),
    log: path.join(dir, 'mocha.log'),
  };
  const env = {
    FLOWSCOPE_VSCODE_TESTS_ENTRY: path.join(outDir, 'test', 'vscode', 'index.js'),
    FLOWSCOPE_VSCODE_DONE_FILE: files.done,
    FLOWSCOPE_VSCODE_LOG_FILE: files.log,
    FLOWSCOPE_RESULTS_FILE: files.results,
    ...backends.env,
    ...extraEnv,
  };
  let server;
  let workbench;
  const stopFollowing = follow(files.log);
  try {
    server = await startCodeServer({ paths, vsixes, workspace, env, settings: backends.settings, baseDir: path.join(dir, 'profile') });
    // The extension host starts when a window connects; the runner extension then starts the suite.
    workbench = await openWorkbench(server);
    const deadline = Date.now() + runTimeoutMs;
    while (!existsSync(files.done)) {
      if (Date.now() > deadline) throw new Error(`the suite did not finish within ${runTimeoutMs / 1000}s (code-server log: ${server.logFile})`);
      if (server.process.exitCode !== null || server.process.signalCode !== null) throw new Error(`code-server exited during the suite (log: ${server.logFile})`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const done = JSON.parse(readFileSync(files.done, 'utf8'));
    if (!existsSync(files.results)) {
      // run() failed before mocha reported anything (for example a test file that throws on load).
      return { passed: 0, failed: 1, pending: 0, failures: [{ title: `vscode tier (${label}): loading the suite`, message: done.error ?? 'no results' }], error: done.error };
    }
    return JSON.parse(readFileSync(files.results, 'utf8'));
  } finally {
    stopFollowing();
    await workbench?.close();
    await server?.stop();
    if (process.env.FLOWSCOPE_KEEP_TEST_DIRS !== '1') rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function main() {
  const paths = await ensureCodeServer();
  await ensureChromium();
  await ensureCompiledTests();
  const flowscope = await packageFlowscope();
  const runner = await packageRunnerExtension();
  const vsixes = [flowscope.file, runner];
  const backends = await startTierSandbox({ log });
  try {
    return await runBoth({ paths, vsixes, backends });
  } finally {
    await backends.sandbox.stop();
  }
}

async function runBoth({ paths, vsixes, backends }) {

  const t0 = Date.now();
  log('vscode tier: running test/vscode in the extension host of code-server');
  const results = await runSuite({ paths, vsixes, backends, label: 'suite' });
  log(`vscode tier: suite ${results.passed} passed, ${results.failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  if (selfCheck) {
    const t1 = Date.now();
    const title = 'harness: a deliberately failing test inside VS Code fails the vscode tier';
    log('vscode tier: self-check, running the suite again with one deliberately failing test');
    const r = await runSuite({ paths, vsixes, backends, label: 'selfcheck', extraEnv: { FLOWSCOPE_VSCODE_SELFTEST_FAIL: '1' } });
    const caught = r.failed === 1 && r.failures.length === 1 && r.failures[0].title.includes('fails on purpose') && !r.error;
    if (caught) results.passed++;
    else {
      results.failed++;
      results.failures.push({ title, message: `expected exactly the deliberate failure, got ${r.failed} failed: ${JSON.stringify(r.failures)}` });
    }
    log(`vscode tier: self-check ${caught ? 'passed' : 'FAILED'}: the deliberate failure was ${caught ? '' : 'not '}reported (${((Date.now() - t1) / 1000).toFixed(1)}s)`);
  }
  return results;
}

const timeout = setTimeout(() => {
  const message = `vscode tier timed out after ${tierTimeoutMs / 1000}s`;
  log(message);
  writeResults({ passed: 0, failed: 1, pending: 0, failures: [{ title: 'vscode tier', message }] });
  killAllCodeServers();
  process.exit(1);
}, tierTimeoutMs);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { killAllCodeServers(); process.exit(130); });
}

try {
  // code-server is built at most once (minutes); the deadline covers the tests, not that build.
  await ensureCodeServer();
  timeout.refresh();
  const results = await main();
  writeResults(results);
  for (const f of results.failures) log(`FAILED ${f.title}: ${f.message}`);
  process.exitCode = results.failed > 0 ? 1 : 0;
} catch (e) {
  log(`vscode tier failed: ${e.stack ?? e}`);
  writeResults({ passed: 0, failed: 1, pending: 0, failures: [{ title: 'vscode tier', message: String(e.message ?? e) }] });
  process.exitCode = 1;
} finally {
  clearTimeout(timeout);
}
// Nothing may keep this process alive after the results are written (a stray handle would look like a hang).
process.exit();
