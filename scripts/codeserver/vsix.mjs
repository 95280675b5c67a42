// Packages the extensions the real-editor tiers install: Flowscope itself (scripts/package.mjs) and the
// test-only runner extension (test/vscode/runner-extension), each into a .vsix that code-server installs offline.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mustSh, outDir, root } from '../lib.mjs';
import { packageVsix } from '../package.mjs';

export { packageVsix };

/** Compiles the tests (tsc, like scripts/test.mjs) unless outDir already holds them. */
export async function ensureCompiledTests() {
  if (existsSync(path.join(outDir, 'test', 'vscode', 'index.js'))) return;
  await mustSh('npx', ['tsc', '-p', 'tsconfig.test.json', '--outDir', outDir]);
}

/** Builds the runner extension's .vsix from its manifest and the tsc output; returns the .vsix path. */
export async function packageRunnerExtension() {
  await ensureCompiledTests();
  const stage = path.join(outDir, 'vsix', 'runner-extension');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  copyFileSync(path.join(root, 'test', 'vscode', 'runner-extension', 'package.json'), path.join(stage, 'package.json'));
  copyFileSync(path.join(outDir, 'test', 'vscode', 'runner-extension', 'extension.js'), path.join(stage, 'extension.js'));
  writeFileSync(path.join(stage, 'README.md'), 'Test-only extension: runs the Flowscope vscode-tier suite in the extension host.\n');
  const out = path.join(outDir, 'vsix', 'flowscope-test-runner.vsix');
  await mustSh(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies',
    '--allow-missing-repository', '--skip-license', '-o', out], { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
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
