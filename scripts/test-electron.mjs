// `npm run test:electron`: the vscode tier in desktop VS Code through @vscode/test-electron, for contributors
// whose machine can download VS Code (CI here cannot; `npm test -- vscode` runs the same suite in code-server).
// The same entry (test/vscode/index.ts, run()) serves both. Flowscope is loaded as a development extension from
// the repo (dist/ built first), not from the .vsix.
//
// Options: --version <vscode version or "stable"|"insiders"> (default: stable).
import { mkdtempSync, cpSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureNodeModules, log, mustSh, outDir, root, runDir } from './lib.mjs';

await ensureNodeModules();
const { runTests } = await import('@vscode/test-electron');

const versionIndex = process.argv.indexOf('--version');
const version = versionIndex > 0 ? process.argv[versionIndex + 1] : 'stable';

log('build and compile tests');
await mustSh('npm', ['run', '--silent', 'build']);
await mustSh('npx', ['tsc', '-p', 'tsconfig.test.json', '--outDir', outDir]);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'flowscope-electron-'));
const workspace = path.join(tmp, 'workspace');
cpSync(path.join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(outDir, 'test', 'vscode', 'index.js'),
    // Same results file as the code-server tier, so the summary reads the same.
    extensionTestsEnv: { FLOWSCOPE_RESULTS_FILE: process.env.FLOWSCOPE_RESULTS_FILE ?? path.join(runDir, 'results-electron.json') },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions stay out; the development extension still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir', path.join(tmp, 'user-data'),
      '--extensions-dir', path.join(tmp, 'extensions'),
    ],
  });
  log('vscode tier in VS Code (electron): passed');
} catch (e) {
  log(`vscode tier in VS Code (electron) failed: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
