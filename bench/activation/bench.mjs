// Activation bench: how long VS Code (code-server 4.139.1 = VS Code 1.139.1) takes to activate Flowscope from
// its packaged .vsix, against an empty extension measured in the same extension hosts (the baseline), and the
// size of the .vsix. Run by scripts/bench.mjs (or alone: node bench/activation/bench.mjs).
//
// One code-server; each sample is a new browser window, i.e. a new extension host, in which the probe extension
// (probe-extension/) activates both extensions and records the time of each activate() call.
// Writes a Markdown section to $FLOWSCOPE_BENCH_SECTION_FILE and prints it.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log, root } from '../../scripts/lib.mjs';
import { ensureChromium, ensureCodeServer, CODE_SERVER_VERSION } from '../../scripts/codeserver/install.mjs';
import { openWorkbench, startCodeServer } from '../../scripts/codeserver/launch.mjs';
import { ensureCompiledTests, packageFlowscope, packageSmallExtension } from '../../scripts/codeserver/vsix.mjs';

const SAMPLES = Number(process.env.FLOWSCOPE_BENCH_SAMPLES ?? 7);
const FLOWSCOPE = 'flowscope.flowscope';
const EMPTY = 'flowscope-bench.empty';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const paths = await ensureCodeServer();
await ensureChromium();
await ensureCompiledTests();
const flowscope = await packageFlowscope();
const empty = await packageSmallExtension(path.join('bench', 'activation', 'empty-extension'), 'bench-empty');
const probe = await packageSmallExtension(path.join('bench', 'activation', 'probe-extension'), 'bench-activation-probe');

/**
 * The workbench creates a JSON text model during startup (verified: none is open in the extension host), which fires onLanguage:json, so the
 * installed Flowscope would activate before the probe could time it. The bench's copy of the installed manifest
 * therefore activates on one command only; the bundle and activate() it times are the packaged ones.
 */
function activateOnlyOnDemand(extensionsDir) {
  const installed = readdirSync(extensionsDir).find((d) => d.startsWith(`${FLOWSCOPE}-`));
  if (!installed) throw new Error(`${FLOWSCOPE} is not in ${extensionsDir}`);
  const manifest = path.join(extensionsDir, installed, 'package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  pkg.activationEvents = ['onCommand:flowscope.showOutput'];
  writeFileSync(manifest, JSON.stringify(pkg, null, 2));
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowscope-bench-activation-'));
const out = path.join(dir, 'samples.jsonl');
const workspace = path.join(dir, 'workspace');
cpSync(path.join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
let server;
let workbench;
const samples = [];
try {
  server = await startCodeServer({
    paths, vsixes: [flowscope.file, empty, probe], workspace, baseDir: path.join(dir, 'profile'),
    env: { FLOWSCOPE_BENCH_EXTENSIONS: `${FLOWSCOPE},${EMPTY}`, FLOWSCOPE_BENCH_OUT: out },
    afterInstall: activateOnlyOnDemand,
  });
  workbench = await openWorkbench(server);
  const lines = () => (existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n').filter(Boolean) : []);
  for (let i = 0; samples.length < SAMPLES; i++) {
    if (i > 0) {
      // A new window: its own extension host, so both extensions activate from scratch again.
      // The previous window closes first, so two workbenches never compete for the CPU during a sample.
      await workbench.page.close();
      const page = await workbench.context.newPage();
      await page.goto(server.folderUrl);
      await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
      workbench.page = page;
    }
    const deadline = Date.now() + 90_000;
    while (lines().length <= i) {
      if (Date.now() > deadline) throw new Error(`no activation sample from window ${i + 1} within 90s (log: ${server.logFile})`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const sample = JSON.parse(lines()[i]);
    if (Object.keys(sample.errors).length) throw new Error(`window ${i + 1}: ${JSON.stringify(sample.errors)}`);
    samples.push(sample.ms);
    log(`activation sample ${samples.length}/${SAMPLES}: Flowscope ${sample.ms[FLOWSCOPE].toFixed(1)} ms, empty ${sample.ms[EMPTY].toFixed(1)} ms`);
  }
} finally {
  await workbench?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

const flowscopeMs = median(samples.map((s) => s[FLOWSCOPE]));
const emptyMs = median(samples.map((s) => s[EMPTY]));
const vsixKiB = flowscope.bytes / 1024;
const emptyKiB = statSync(empty).size / 1024;
const extensionJsKiB = statSync(path.join(root, 'dist', 'extension.js')).size / 1024;
const ratio = flowscopeMs / emptyMs;

const section = [
  `Activation of the packaged extension in code-server ${CODE_SERVER_VERSION} (VS Code ${CODE_SERVER_VERSION.replace(/^4\./, '1.')}), `
    + `median of ${SAMPLES} fresh extension hosts (one browser window each), timed around \`Extension.activate()\` (loading the bundle `
    + 'and running activate()) once the extension host is idle after startup; both extensions measured in every host, in alternating order. '
    + 'The workbench creates a JSON model during startup (no JSON document is open in the extension host), which fires Flowscope\'s onLanguage:json, so in everyday use Flowscope '
    + 'activates during startup; the bench gives the installed copy a command-only activation event so the probe can time it.',
  '',
  '| | Flowscope | empty extension (baseline) | ratio |',
  '|---|---:|---:|---:|',
  `| activation, median | ${flowscopeMs.toFixed(1)} ms | ${emptyMs.toFixed(1)} ms | ${ratio.toFixed(2)}× |`,
  `| activation, min – max | ${Math.min(...samples.map((s) => s[FLOWSCOPE])).toFixed(1)} – ${Math.max(...samples.map((s) => s[FLOWSCOPE])).toFixed(1)} ms | `
    + `${Math.min(...samples.map((s) => s[EMPTY])).toFixed(1)} – ${Math.max(...samples.map((s) => s[EMPTY])).toFixed(1)} ms | |`,
  `| .vsix size | ${vsixKiB.toFixed(1)} KiB | ${emptyKiB.toFixed(1)} KiB | ${(vsixKiB / emptyKiB).toFixed(1)}× |`,
  `| dist/extension.js (production bundle) | ${extensionJsKiB.toFixed(1)} KiB | | |`,
  '',
].join('\n');

console.log(section);
console.log(`activation: Flowscope ${flowscopeMs.toFixed(1)} ms vs empty extension ${emptyMs.toFixed(1)} ms (${ratio.toFixed(2)}×); .vsix ${vsixKiB.toFixed(1)} KiB`);
if (process.env.FLOWSCOPE_BENCH_SECTION_FILE) writeFileSync(process.env.FLOWSCOPE_BENCH_SECTION_FILE, section);
process.exit(0);
