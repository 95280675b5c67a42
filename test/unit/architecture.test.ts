import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

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

  it('loads kafkajs, the AWS SDK and the MSK signer only when a feature needs them, not at activation', async function () {
    this.timeout(60_000);
    // The extension's bundle as scripts/build.mjs makes it, in memory: esbuild's metafile lists every import with its kind.
    // A module reached only through `await import()` is wrapped in a lazy initializer and evaluated on first use;
    // one reached by a chain of static imports from the entry is evaluated at activation (docs/lazy-loading.md).
    const entry = 'src/extension/extension.ts';
    const { metafile } = await esbuild.build({
      absWorkingDir: repoRoot, entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, outfile: 'dist/extension.js',
      external: ['vscode'], alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' }, metafile: true, logLevel: 'silent',
    });
    const heavy = /^node_modules\/(kafkajs|@aws-sdk\/[^/]+|@smithy\/[^/]+|aws-msk-iam-sasl-signer-js)\//;
    // The one exception (scripts/build.mjs KEPT): the reader of ~/.aws/config, 4 KB, for the AWS status bar item at startup.
    const kept = (from: string, to: string) => from === 'src/core/aws/profiles.ts' && to.startsWith('node_modules/@smithy/core/dist-es/submodules/config/');
    const importedBy = new Map<string, string>([[entry, '']]);
    const queue = [entry];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      for (const i of metafile.inputs[file]?.imports ?? []) {
        if (i.kind === 'dynamic-import' || i.external || kept(file, i.path) || importedBy.has(i.path)) continue;
        importedBy.set(i.path, file);
        queue.push(i.path);
      }
    }
    const chain = (file: string): string[] => (file === entry ? [entry] : [...chain(importedBy.get(file) as string), file]);
    // One chain per library: from the entry through src/ to the first file of the library.
    const chains = new Map<string, string>();
    for (const file of importedBy.keys()) {
      const lib = heavy.exec(file)?.[1];
      const parent = importedBy.get(file) as string;
      if (lib && !chains.has(lib) && !heavy.test(parent)) chains.set(lib, chain(file).join(' -> '));
    }
    assert.deepEqual([...chains.values()], [], 'import these with `import type` or `await import()` where a feature first needs them');
    // The check has teeth: the libraries are in the bundle, behind dynamic imports.
    const all = Object.keys(metafile.inputs);
    for (const lib of ['kafkajs', '@aws-sdk/client-sqs', '@aws-sdk/client-ec2', 'aws-msk-iam-sasl-signer-js']) {
      assert.ok(all.some((f) => f.startsWith(`node_modules/${lib}/`)), `${lib} is not in the extension's bundle at all`);
    }
  });

  it('keeps kafkajs and the AWS SDK out of dist/extension.js, which VS Code parses at activation, and in dist/vendor.js', () => {
    // Markers: kafkajs's error class name and the AWS SDK's signature algorithm, both string literals that survive minifying.
    const extension = readFileSync(path.join(repoRoot, 'dist', 'extension.js'), 'utf8');
    const vendor = readFileSync(path.join(repoRoot, 'dist', 'vendor.js'), 'utf8');
    for (const marker of ['KafkaJSNonRetriableError', 'AWS4-HMAC-SHA256']) {
      assert.ok(!extension.includes(marker), `dist/extension.js contains ${marker}: scripts/build.mjs should take the package from dist/vendor.js`);
      assert.ok(vendor.includes(marker), `dist/vendor.js lacks ${marker}`);
    }
  });
});
