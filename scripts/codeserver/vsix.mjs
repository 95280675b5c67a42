// Packages the extensions the real-editor tiers install: Flowscope itself (scripts/package.mjs) and the
// test-only runner extension (test/vscode/runner-extension), each into a .vsix that code-server installs offline.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mustSh, outDir, root, sh } from '../lib.mjs';
import { packageVsix } from '../package.mjs';

export { packageVsix };

/** Compiles the tests (tsc, like scripts/test.mjs) unless outDir already holds them. */
export async function ensureCompiledTests() {
  if (existsSync(path.join(outDir, 'test', 'vscode', 'index.js')) && existsSync(path.join(outDir, 'bench'))) return;
  // Type errors fail the run in scripts/test.mjs's own tsc check; here only the emitted files matter.
  await sh('npx', ['tsc', '-p', 'tsconfig.test.json', '--outDir', outDir]);
  if (!existsSync(path.join(outDir, 'test', 'vscode', 'index.js'))) throw new Error(`tsc did not emit ${outDir}/test/vscode/index.js`);
}

/**
 * Packages a small test or bench extension: its package.json from `manifestDir` (a folder in the repo) and its
 * main file compiled by tsc into the same place under outDir. Returns the .vsix path.
 */
export async function packageSmallExtension(manifestDir, name) {
  await ensureCompiledTests();
  const stage = path.join(outDir, 'vsix', name);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  copyFileSync(path.join(root, manifestDir, 'package.json'), path.join(stage, 'package.json'));
  copyFileSync(path.join(outDir, manifestDir, 'extension.js'), path.join(stage, 'extension.js'));
  writeFileSync(path.join(stage, 'README.md'), `Test-only extension from ${manifestDir} in the Flowscope repository.\n`);
  const out = path.join(outDir, 'vsix', `${name}.vsix`);
  await mustSh(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies',
    '--allow-missing-repository', '--skip-license', '-o', out], { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

/** The runner extension that runs the vscode tier's suite in the extension host (test/vscode/runner-extension). */
export function packageRunnerExtension() {
  return packageSmallExtension(path.join('test', 'vscode', 'runner-extension'), 'flowscope-test-runner');
}

/**
 * Packages Flowscope and copies the .vsix into outDir, so a parallel run on the same checkout that repackages
 * .flowscope-run/flowscope-<version>.vsix cannot change the file while code-server installs it.
 */
export async function packageFlowscope() {
  const { file, bytes } = await packageVsix();
  const mine = path.join(outDir, 'vsix', path.basename(file));
  mkdirSync(path.dirname(mine), { recursive: true });
  copyFileSync(file, mine);
  return { file: mine, bytes };
}
