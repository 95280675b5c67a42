// Runs one node-side tier (unit or integration) from the tsc output in out/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { outDir, root, sh } from './lib.mjs';

const tier = process.argv[2];
const dir = path.join(outDir, 'test', tier);
const args = [
  path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
  '--reporter', path.join(root, 'scripts', 'mocha-results-reporter.cjs'),
  '--timeout', tier === 'unit' ? '10000' : '60000',
  '--recursive',
];
// A tier may have root hooks (for example, starting the local backends once for all integration tests).
const hooks = path.join(dir, 'hooks.js');
if (existsSync(hooks)) args.push('--require', hooks);
args.push(`${dir}/**/*.test.js`);
process.exitCode = await sh(process.execPath, args);
