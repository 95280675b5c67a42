// Installs what the real-editor tiers need, cached outside the repo so it survives `git clean` and is shared
// by every checkout: code-server (a full VS Code 1.139.1 server and web workbench, see
// docs: /work/shared/docs/real-backends.md) with the Node 24 it requires, and Debian's Chromium to drive it.
//
// The code-server build compiles native modules and takes minutes, so it is done once per version into a
// temporary folder and renamed into place only when complete: an interrupted build never looks installed.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDebPackages, log as defaultLog, mustSh } from '../lib.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
/** code-server's package.json demands Node 24 (`engines.node`); the machine's Node is 20. */
export const CODE_SERVER_NODE = 'node@24';
export const CHROMIUM = '/usr/bin/chromium';

export const cacheRoot = process.env.FLOWSCOPE_CACHE_DIR
  ? path.resolve(process.env.FLOWSCOPE_CACHE_DIR)
  : path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'flowscope');

function pathsIn(dir) {
  const nodeBin = path.join(dir, 'node_modules', 'node', 'bin');
  return {
    dir,
    version: CODE_SERVER_VERSION,
    nodeBin,
    node: path.join(nodeBin, 'node'),
    entry: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

/** Environment for any process that runs code-server: its Node first on PATH (code-server spawns `node` for helpers). */
export function codeServerEnv(paths, extra = {}) {
  return { ...process.env, PATH: `${paths.nodeBin}${path.delimiter}${process.env.PATH}`, ...extra };
}

/**
 * Returns the paths of a cached code-server install, building it first when missing.
 * @returns {Promise<{dir: string, version: string, nodeBin: string, node: string, entry: string}>}
 */
export async function ensureCodeServer({ log = defaultLog } = {}) {
  const dir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
  const done = path.join(dir, '.complete');
  if (existsSync(done)) return pathsIn(dir);

  // libkrb5-dev: without it code-server's native `kerberos` module fails to build. The toolchain for node-gyp too.
  await ensureDebPackages(['libkrb5-dev', 'python3', 'make', 'g++', 'pkg-config']);
  mkdirSync(cacheRoot, { recursive: true });
  // Leftovers of interrupted builds by processes that are gone.
  for (const name of readdirSync(cacheRoot)) {
    const m = /^code-server-.*\.tmp-(\d+)$/.exec(name);
    if (m && !isAlive(Number(m[1]))) rmSync(path.join(cacheRoot, name), { recursive: true, force: true });
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'flowscope-code-server-cache', private: true }, null, 2));
  const started = Date.now();
  try {
    log(`installing ${CODE_SERVER_NODE} into ${tmp}`);
    await mustSh('npm', ['install', '--no-audit', '--no-fund', '--no-save', CODE_SERVER_NODE], { cwd: tmp });
    const paths = pathsIn(tmp);
    if (!existsSync(paths.node)) throw new Error(`${CODE_SERVER_NODE} did not provide ${paths.node}`);
    log(`installing code-server@${CODE_SERVER_VERSION} (builds native modules; a few minutes, once per version)`);
    // Node 24 first on PATH: code-server's postinstall refuses any other Node. Its native modules use N-API,
    // so node-gyp may build them against whichever Node headers npm is configured with (nodedir).
    const env = codeServerEnv(paths);
    await mustSh('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], { cwd: tmp, env });
    if (!existsSync(paths.entry)) throw new Error(`code-server did not provide ${paths.entry}`);
    writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another process finished the same install first; use theirs.
      if (!existsSync(done)) throw e;
      rmSync(tmp, { recursive: true, force: true });
    }
    log(`code-server ${CODE_SERVER_VERSION} cached in ${dir} (${((Date.now() - started) / 1000).toFixed(0)}s)`);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return pathsIn(dir);
}

/** Debian's Chromium, driven by playwright-core (never `playwright install`, which downloads a browser). */
export async function ensureChromium() {
  await ensureDebPackages(['chromium']);
  if (!existsSync(CHROMIUM)) throw new Error(`the Debian package chromium is installed but ${CHROMIUM} is missing`);
  return CHROMIUM;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const paths = await ensureCodeServer();
  await ensureChromium();
  console.log(JSON.stringify(paths, null, 2));
}
