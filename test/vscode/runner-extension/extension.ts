// A test-only extension that plays the part of @vscode/test-electron's extensionTestsPath in code-server:
// once the workbench has started, it loads the suite named by FLOWSCOPE_VSCODE_TESTS_ENTRY (which exports
// run(), see ../index.ts) in this extension host and records the outcome in FLOWSCOPE_VSCODE_DONE_FILE.
// The environment comes from the code-server process (scripts/codeserver/vscode-tier.mjs sets it).
import { closeSync, openSync, writeFileSync } from 'node:fs';

interface SuiteEntry {
  run(): Promise<void>;
}

export async function activate(): Promise<void> {
  const entry = process.env.FLOWSCOPE_VSCODE_TESTS_ENTRY;
  const doneFile = process.env.FLOWSCOPE_VSCODE_DONE_FILE;
  if (!entry || !doneFile) return;
  // Each browser window gets its own extension host; the suite must run once per code-server, not per window.
  try {
    closeSync(openSync(`${doneFile}.claimed`, 'wx'));
  } catch {
    return;
  }
  let outcome: { ok: boolean; error?: string };
  try {
    // A plain require: the suite is CommonJS compiled by tsc, and its `require('vscode')` calls are served by
    // the extension host's module interceptor like those of any extension.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const suite = require(entry) as SuiteEntry;
    await suite.run();
    outcome = { ok: true };
  } catch (e) {
    outcome = { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  writeFileSync(doneFile, JSON.stringify(outcome));
}

export function deactivate(): void {
  // Nothing to release.
}
