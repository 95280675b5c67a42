// Entry of the vscode tier: a mocha suite that runs INSIDE the VS Code extension host, with the real vscode API.
// run() is the contract of @vscode/test-electron's extensionTestsPath (scripts/test-electron.mjs) and is also
// called by the test-runner extension in code-server (runner-extension/, driven by scripts/codeserver/vscode-tier.mjs).
//
// Tests are every *.test.js next to this file (compiled by tsc), so a domain adds test/vscode/<domain>.test.ts.
// Results go to $FLOWSCOPE_RESULTS_FILE through the repo's reporter; the spec output goes to
// $FLOWSCOPE_VSCODE_LOG_FILE when set, because the extension host's stdout is not the terminal of the test run.
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** The repo root: compiled files live in <root>/<outDir>/test/vscode. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // The test-runner extension and the workspace are not tests.
    if (entry.isDirectory() && entry.name !== 'runner-extension' && entry.name !== 'workspace') found.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export function run(): Promise<void> {
  const logFile = process.env.FLOWSCOPE_VSCODE_LOG_FILE;
  if (logFile) {
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => appendFileSync(logFile, `${format(...args)}\n`);
  }
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: Number(process.env.FLOWSCOPE_VSCODE_TEST_TIMEOUT_MS ?? 30_000),
    color: false,
    reporter: path.join(repoRoot, 'scripts', 'mocha-results-reporter.cjs'),
  });
  for (const file of findTests(__dirname)) mocha.addFile(file);

  // Proves that the harness notices a failing test (scripts/codeserver/vscode-tier.mjs runs this check).
  if (process.env.FLOWSCOPE_VSCODE_SELFTEST_FAIL === '1') {
    const selfTest = Mocha.Suite.create(mocha.suite, 'harness self-test');
    selfTest.addTest(new Mocha.Test('fails on purpose (FLOWSCOPE_VSCODE_SELFTEST_FAIL=1)', () => {
      throw new Error('deliberate failure: the vscode tier must report this test as failed');
    }));
  }

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed in the extension host`)) : resolve()));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
