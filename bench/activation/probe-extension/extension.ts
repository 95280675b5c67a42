// Bench-only extension: in every extension host it starts in, it activates the extensions listed in
// FLOWSCOPE_BENCH_EXTENSIONS one after the other and appends how long each activate() took (loading the bundle
// plus its activate function, as VS Code does it) as one JSON line to FLOWSCOPE_BENCH_OUT.
// Each browser window of code-server has its own extension host, so each window gives one fresh sample.
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

export async function activate(): Promise<void> {
  const ids = (process.env.FLOWSCOPE_BENCH_EXTENSIONS ?? '').split(',').filter(Boolean);
  const out = process.env.FLOWSCOPE_BENCH_OUT;
  if (!ids.length || !out) return;
  // onStartupFinished fires while built-in extensions are still activating; timing then would measure the
  // contention, not the extension. Wait until the extension host is idle.
  await new Promise((r) => setTimeout(r, Number(process.env.FLOWSCOPE_BENCH_SETTLE_MS ?? 3000)));
  // Alternate the order between hosts so neither extension always pays for being first.
  if (process.pid % 2 === 1) ids.reverse();
  const ms: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const id of ids) {
    const ext = vscode.extensions.getExtension(id);
    if (!ext) { errors[id] = 'not installed'; continue; }
    if (ext.isActive) { errors[id] = 'already active before the probe ran'; continue; }
    const t0 = performance.now();
    try {
      await ext.activate();
      ms[id] = performance.now() - t0;
    } catch (e) {
      errors[id] = e instanceof Error ? e.message : String(e);
    }
  }
  appendFileSync(out, `${JSON.stringify({ pid: process.pid, ms, errors })}\n`);
}

export function deactivate(): void {
  // Nothing to release.
}
