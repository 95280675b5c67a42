// Bundles the extension and the CLI with esbuild. Tests are compiled separately by tsc (tsconfig.test.json).
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  // jsonc-parser's UMD build requires its parts dynamically, which a bundle cannot follow; its ESM build bundles cleanly.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

// The AWS reading of flow logs (and its SDK clients) is its own file, loaded when the VPC Flow Logs view first
// needs it, so activating the extension does not parse the SDK. (import() becomes require(): the extension
// host loads CommonJS.)
const flowLogsAws = {
  name: 'flowlogs-aws-apart',
  setup(build) {
    build.onResolve({ filter: /core\/flowlogs\/editorsource(\.js)?$/ }, () => ({ path: './flowlogs-aws.js', external: true }));
  },
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [flowLogsAws], supported: { 'dynamic-import': false } },
  { ...common, entryPoints: ['src/core/flowlogs/editorsource.ts'], outfile: 'dist/flowlogs-aws.js' },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The flow-log report's webview script with its charting library (uPlot), served from the extension, never a CDN.
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', alias: {}, entryPoints: ['src/webview/flowlogs-report.js'], outfile: 'dist/webview/flowlogs-report.js' },
];
mkdirSync('dist/webview', { recursive: true });
copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/webview/uPlot.min.css');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
}
