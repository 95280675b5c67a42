// Starts code-server (a real VS Code server) with chosen extensions, and opens its workbench in Chromium
// through playwright-core. Used by the vscode and e2e test tiers, the demo and the activation bench.
//
// Every process is started in its own process group and ended by group id: code-server forks an extension
// host, file watchers and pty hosts, and killing only the parent would leave them running.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { killGroup, log as defaultLog, mustSh } from '../lib.mjs';
import { CHROMIUM, codeServerEnv } from './install.mjs';

/** Settings that keep a fresh profile quiet, so tests and screenshots see the extension, not first-run UI. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'window.commandCenter': false,
};

/** Chromium flags from the verified recipe: no sandbox (runs as root in CI), no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Process groups still running, so an abrupt exit (timeout, Ctrl+C) can end them synchronously.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/**
 * Installs the given .vsix files into a fresh profile and starts code-server on a free port.
 * @param {object} o
 * @param {{node: string, entry: string, nodeBin: string}} o.paths from ensureCodeServer()
 * @param {string[]} o.vsixes extensions to install (only into this profile)
 * @param {string} o.workspace folder to open
 * @param {Record<string,string>} [o.env] extra environment; it reaches the extension host's process.env
 * @param {Record<string,unknown>} [o.settings] user settings on top of QUIET_SETTINGS
 * @param {string} [o.baseDir] where the profile goes (default: a new temp folder, removed by stop())
 * @param {number} [o.port] fixed port (default: a free one)
 * @param {string} [o.host]
 * @param {(extensionsDir: string) => void} [o.afterInstall] runs after the .vsix installs, before the server starts
 */
export async function startCodeServer({ paths, vsixes, workspace, env = {}, settings = {}, baseDir, port, host = '127.0.0.1', log = defaultLog, startTimeoutMs = 60_000, afterInstall }) {
  const ownBaseDir = !baseDir;
  baseDir ??= mkdtempSync(path.join(os.tmpdir(), 'flowscope-code-server-'));
  const extensionsDir = path.join(baseDir, 'extensions');
  const userDataDir = path.join(baseDir, 'user-data');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const runEnv = codeServerEnv(paths, env);
  const common = ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];

  if (vsixes.length) {
    const installArgs = vsixes.flatMap((v) => ['--install-extension', v]);
    await mustSh(paths.node, [paths.entry, ...common, ...installArgs, '--force'], { env: runEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  afterInstall?.(extensionsDir);

  port ??= await freePort();
  const logFile = path.join(baseDir, 'code-server.log');
  const logStream = createWriteStream(logFile);
  const child = spawn(paths.node, [
    paths.entry, '--auth', 'none', '--bind-addr', `${host}:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ...common, workspace,
  ], { env: runEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  liveGroups.add(child.pid);
  child.stdout.pipe(logStream, { end: false });
  child.stderr.pipe(logStream, { end: false });
  let exited = null;
  child.once('exit', (code, signal) => { exited = signal ?? code; liveGroups.delete(child.pid); });

  const url = `http://${host}:${port}`;
  const stop = async () => {
    await killGroup(child);
    liveGroups.delete(child.pid);
    logStream.end();
    if (ownBaseDir) rmSync(baseDir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    const deadline = Date.now() + startTimeoutMs;
    // /healthz answers once the server listens; the workbench page is served from the same process.
    while ((await httpStatus(`${url}/healthz`)) !== 200) {
      if (exited !== null) throw new Error(`code-server exited (${exited}) before answering; see ${logFile}`);
      if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within ${startTimeoutMs / 1000}s; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  log(`code-server ${url} (pid group ${child.pid}, profile ${baseDir})`);
  return {
    url,
    port,
    workspace,
    baseDir,
    logFile,
    /** The workbench URL that opens the workspace folder. */
    folderUrl: `${url}/?folder=${encodeURIComponent(workspace)}`,
    process: child,
    stop,
  };
}

/**
 * Opens a code-server workbench in Debian's Chromium (headless) and waits until the workbench is drawn.
 * Playwright gives every launch a fresh temporary profile (--user-data-dir), removed on close.
 */
export async function openWorkbench(server, { viewport = { width: 1440, height: 900 }, loadTimeoutMs = 90_000, headless = true } = {}) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(server.folderUrl, { timeout: loadTimeoutMs });
    await page.waitForSelector('.monaco-workbench', { timeout: loadTimeoutMs });
    return { browser, context, page, close: () => browser.close().catch(() => {}) };
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
}

/** Ends every code-server this process started (for timeouts and signals; normal teardown uses stop()). */
export function killAllCodeServers() {
  for (const pid of liveGroups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  liveGroups.clear();
}
