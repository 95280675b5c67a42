import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  it('keeps src/core free of the vscode API so the CLI can share it', () => {
    const offenders = tsFiles(path.join(repoRoot, 'src', 'core')).filter((f) =>
      /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\))/.test(readFileSync(f, 'utf8')),
    );
    assert.deepEqual(offenders.map((f) => path.relative(repoRoot, f)), []);
  });

  it('bundles the CLI without the vscode module', () => {
    const cli = readFileSync(path.join(repoRoot, 'dist', 'cli.js'), 'utf8');
    assert.doesNotMatch(cli, /require\(["']vscode["']\)/);
  });
});
