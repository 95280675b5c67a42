// Files the vscode tier writes go into a fresh folder of the open workspace, so that the editor treats
// them like a user's files (explorer, language features) and runs never see each other's leftovers.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';

/** Creates `<workspace>/<name>-<time>` (under the temp folder when no workspace is open) and returns its path. */
export function scratchFolder(name: string): string {
  const dir = path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir(), `${name}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
