// Small helpers shared by the repo's scripts (test driver, sandbox, demo, benches). Node built-ins only,
// so they run before `npm ci` has installed anything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const runDir = path.join(root, '.flowscope-run');
/** Where tsc writes compiled tests; overridable (a folder directly under the repo, so node_modules resolves) for parallel work on one checkout. */
export const outDir = process.env.FLOWSCOPE_OUT_DIR ? path.resolve(process.env.FLOWSCOPE_OUT_DIR) : path.join(root, 'out');

export function log(msg) {
  process.stderr.write(`[flowscope] ${msg}\n`);
}

/** Runs a command to completion with inherited output; resolves to its exit code. */
export function sh(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export async function mustSh(cmd, args, opts) {
  const code = await sh(cmd, args, opts);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}`);
}

/** Installs npm dependencies from the lock file when node_modules is missing or older than the lock. */
export async function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)');
  await mustSh('npm', ['ci', '--no-audit', '--no-fund']);
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

let aptUpdated = false;
/** Installs Debian packages that are missing, as root or through sudo; explains what to do otherwise. */
export async function ensureDebPackages(pkgs) {
  const missing = pkgs.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const prefix = isRoot ? [] : hasCommand('sudo') ? ['sudo', '-n'] : null;
  if (!prefix) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}. Install them with: apt-get install ${missing.join(' ')} (needs root or sudo)`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => (prefix.length ? mustSh(prefix[0], [...prefix.slice(1), ...args], { env }) : mustSh(args[0], args.slice(1), { env }));
  if (!aptUpdated) {
    await run(['apt-get', 'update', '-qq']);
    aptUpdated = true;
  }
  await run(['apt-get', 'install', '-y', '-qq', ...missing]);
}

/** Kills a process group started with `detached: true`, first politely, then for good. */
export async function killGroup(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-pid, 'SIGTERM'); } catch { return; }
  const timer = new Promise((r) => setTimeout(r, graceMs, 'timeout'));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
    await exited;
  }
}
