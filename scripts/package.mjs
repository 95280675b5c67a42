// Builds a production bundle and packages it into flowscope-<version>.vsix; prints the path and size.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeModules, mustSh, root } from './lib.mjs';

export async function packageVsix() {
  await ensureNodeModules();
  await mustSh(process.execPath, ['scripts/build.mjs', '--production']);
  const { version, repository } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  // vsce rewrites README links and images against the repository; it only guesses that for GitHub and GitLab.
  const base = String(repository?.url ?? repository ?? '').replace(/\.git$/, '');
  const out = path.join(root, '.flowscope-run', `flowscope-${version}.vsix`);
  mkdirSync(path.dirname(out), { recursive: true });
  // Everything that runs is bundled into dist/, so node_modules is not shipped.
  await mustSh(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license',
    ...(base ? ['--baseContentUrl', `${base}/blob/HEAD`, '--baseImagesUrl', `${base}/raw/HEAD`] : []), '-o', out]);
  return { file: out, bytes: statSync(out).size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { file, bytes } = await packageVsix();
  console.log(`${file} ${(bytes / 1024).toFixed(1)} KiB`);
}
