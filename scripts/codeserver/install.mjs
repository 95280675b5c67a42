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

// Node 24 and code-server live in separate npm projects: installing code-server next to an unsaved `node`
// package would prune it in the middle of code-server's postinstall.
function pathsIn(dir) {
  const nodePackage = path.join(dir, 'node24', 'node_modules', 'node');
  const nodeBin = path.join(nodePackage, 'bin');
  return {
    dir,
    version: CODE_SERVER_VERSION,
    nodeBin,
    node: path.join(nodeBin, 'node'),
    nodePackage,
    entry: path.join(dir, 'server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

/** Environment for any process that runs code-server: its Node first on PATH (code-server spawns `node` for helpers). */
export function codeServerEnv(paths, extra = {}) {
  return { ...process.env, PATH: `${paths.nodeBin}${path.delimiter}${process.env.PATH}`, ...extra };
}

/**
 * Returns the paths of a cached code-server install, building it first when missing.
 * @returns {Promise<{dir: string, version: string, nodeBin: string, node: string, nodePackage: string, entry: string}>}
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
  const started = Date.now();
  try {
    const paths = pathsIn(tmp);
    for (const project of ['node24', 'server']) {
      mkdirSync(path.join(tmp, project));
      writeFileSync(path.join(tmp, project, 'package.json'), JSON.stringify({ name: `flowscope-cache-${project}`, private: true }, null, 2));
    }
    log(`installing ${CODE_SERVER_NODE} into ${tmp}`);
    // npm 11.19 and later skip dependencies' install scripts unless allowed. node@24 fetches its binary in
    // preinstall, and code-server's postinstall runs nested `npm install`s that build native modules, which
    // read npm's config from the environment too. Older npm ignores the setting.
    const allowScripts = { npm_config_dangerously_allow_all_scripts: 'true' };
    await mustSh('npm', ['install', '--no-audit', '--no-fund', CODE_SERVER_NODE], { cwd: path.join(tmp, 'node24'), env: { ...process.env, ...allowScripts } });
    if (!existsSync(paths.node)) throw new Error(`${CODE_SERVER_NODE} did not provide ${paths.node}`);
    log(`installing code-server@${CODE_SERVER_VERSION} (builds native modules; a few minutes, once per version)`);
    // Node 24 first on PATH: code-server's postinstall refuses any other Node, and its nested `npm install`
    // must run on it too. node-gyp builds against the headers that ship in the Node 24 package (nodedir), not
    // against whatever Node a user npmrc points at.
    const env = codeServerEnv(paths, { npm_config_nodedir: nodeHeadersDir(paths.nodePackage), ...allowScripts });
    await mustSh('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: path.join(tmp, 'server'), env });
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

/** The folder with include/node/common.gypi inside the Node package (its platform package holds the headers). */
function nodeHeadersDir(nodePackage) {
  const inner = path.join(nodePackage, 'node_modules');
  const candidates = [nodePackage, ...(existsSync(inner) ? readdirSync(inner).map((n) => path.join(inner, n)) : [])];
  const found = candidates.find((c) => existsSync(path.join(c, 'include', 'node', 'common.gypi')));
  if (!found) throw new Error(`no Node headers (include/node/common.gypi) in ${nodePackage}`);
  return found;
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
