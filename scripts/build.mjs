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

/*
 * kafkajs and the AWS SDK are most of the code, and the extension needs them only once a feature connects
 * (docs/lazy-loading.md). Reaching them through `await import()` keeps them from running at activation, but V8
 * still has to parse whatever is in dist/extension.js when VS Code loads it. So the extension's bundle leaves these
 * packages out and takes them from dist/vendor.js, a second bundle holding each of them behind a getter: that file
 * is read only on the first require, i.e. when a feature first needs one of them. Only third-party code moves
 * there, so Flowscope's own modules (and their error classes) still exist once. The CLI shares vendor.js for the
 * same reason: `flowscope flowlogs summarize` or `lint` should not compile the AWS SDK before its first record.
 */
const DEFERRED_PACKAGES = /^(kafkajs|aws-msk-iam-sasl-signer-js|@aws-sdk\/[^/]+|@smithy\/[^/]+)(\/.*)?$/;
// The reader of ~/.aws/config (4 KB bundled) stays: the AWS status bar item shows the profile's region at startup.
const KEPT = new Set(['@smithy/core/config']);
const specifiers = new Set();
async function buildVendor() {
  const getters = [...specifiers].sort().map((s) => `Object.defineProperty(exports, ${JSON.stringify(s)}, { enumerable: true, get: () => require(${JSON.stringify(s)}) });`);
  await esbuild.build({
    ...common,
    stdin: { contents: getters.join('\n'), resolveDir: process.cwd(), sourcefile: 'vendor.js', loader: 'js' },
    outfile: 'dist/vendor.js',
  });
}
function vendorPlugin() {
  return {
    name: 'vendor',
    setup(build) {
      build.onResolve({ filter: DEFERRED_PACKAGES }, (args) => {
        // Only Flowscope's own imports are redirected; the packages' imports of each other stay inside vendor.js.
        if (args.namespace === 'vendor' || KEPT.has(args.path) || args.importer.includes('/node_modules/')) return undefined;
        specifiers.add(args.path);
        return { path: args.path, namespace: 'vendor' };
      });
      build.onResolve({ filter: /^\.\/vendor\.js$/ }, () => ({ path: './vendor.js', external: true }));
      build.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
        contents: `module.exports = require('./vendor.js')[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
      // In watch mode each rebuild refreshes vendor.js; a one-off build writes it once both bundles are done.
      if (watch) build.onEnd(async (result) => { if (!result.errors.length) await buildVendor(); });
    },
  };
}

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [vendorPlugin()] },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [vendorPlugin()],
  },
  // `flowlogs summarize` counts on a worker thread while the main thread reads (src/core/flowlogs/pipeline.ts);
  // the worker is its own small bundle beside cli.js.
  { ...common, entryPoints: ['src/core/flowlogs/flowlogs-worker.ts'], outfile: 'dist/flowlogs-worker.js' },
  // The flow-log report's webview script with its charting library (uPlot), served from the extension, never a CDN.
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', alias: {}, entryPoints: ['src/webview/flowlogs-report.js'], outfile: 'dist/webview/flowlogs-report.js' },
];
mkdirSync('dist/webview', { recursive: true });
copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/webview/uPlot.min.css');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  await buildVendor();
  chmodSync('dist/cli.js', 0o755);
}
