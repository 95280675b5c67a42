// The e2e test tier: Playwright drives a real VS Code (code-server) in Debian's Chromium like a person would.
// Runs test/e2e/**/*.e2e.test.ts (compiled by tsc into outDir) with mocha, in this process, so that one
// deadline and one exit path end code-server and the browser whatever happens. Root hooks
// (test/e2e/support/hooks.ts) start code-server once per run. Called by scripts/test.mjs with
// $FLOWSCOPE_RESULTS_FILE; writes {passed, failed, pending, failures} there and exits non-zero on failure.
//
// Options: --grep <regexp> runs matching tests only. FLOWSCOPE_E2E_TIER_TIMEOUT_MS bounds the run (default 10 min).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Mocha from 'mocha';
import { log, outDir, root, runDir } from '../lib.mjs';
import { ensureChromium, ensureCodeServer } from './install.mjs';
import { killAllCodeServers } from './launch.mjs';
import { ensureCompiledTests, packageFlowscope } from './vsix.mjs';

const require = createRequire(import.meta.url);
const resultsFile = process.env.FLOWSCOPE_RESULTS_FILE ?? path.join(runDir, 'results-e2e.json');
process.env.FLOWSCOPE_RESULTS_FILE = resultsFile;
const tierTimeoutMs = Number(process.env.FLOWSCOPE_E2E_TIER_TIMEOUT_MS ?? 10 * 60_000);
const grepIndex = process.argv.indexOf('--grep');
const grep = grepIndex > 0 ? process.argv[grepIndex + 1] : undefined;

function writeResults(r) {
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(r, null, 2));
}

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'support' && entry.name !== 'workspace') found.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.e2e.test.js')) found.push(full);
  }
  return found.sort();
}

const timeout = setTimeout(() => {
  const message = `e2e tier timed out after ${tierTimeoutMs / 1000}s`;
  log(message);
  writeResults({ passed: 0, failed: 1, pending: 0, failures: [{ title: 'e2e tier', message }] });
  // Playwright ends its browsers from its own exit handler.
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
  await ensureChromium();
  await ensureCompiledTests();
  process.env.FLOWSCOPE_E2E_VSIX = (await packageFlowscope()).file;

  const dir = path.join(outDir, 'test', 'e2e');
  const { mochaHooks } = require(path.join(dir, 'support', 'hooks.js'));
  const mocha = new Mocha({
    reporter: require(path.join(root, 'scripts', 'mocha-results-reporter.cjs')),
    timeout: 60_000,
    rootHooks: mochaHooks,
    color: true,
    ...(grep ? { grep } : {}),
  });
  for (const f of findTests(dir)) mocha.addFile(f);
  const failures = await new Promise((resolve) => mocha.run(resolve));
  // A failure in a root hook (code-server did not start) is reported by mocha as a failed "hook" test.
  process.exitCode = failures > 0 ? 1 : 0;
} catch (e) {
  log(`e2e tier failed: ${e.stack ?? e}`);
  writeResults({ passed: 0, failed: 1, pending: 0, failures: [{ title: 'e2e tier', message: String(e.message ?? e) }] });
  process.exitCode = 1;
} finally {
  clearTimeout(timeout);
}
// Nothing may keep this process alive after the results are written (a stray handle would look like a hang).
process.exit();
