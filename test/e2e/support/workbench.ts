// The e2e fixture: one code-server (a real VS Code) with the packaged Flowscope, opened in Debian's Chromium and
// driven by Playwright like a person would, shared by every test of a run (started by the root hooks in
// hooks.ts). Import the helpers below to write e2e tests for a feature:
//
//   import { workbench, runCommand, openFile, openProblems, readProblems, screenshot } from './support/workbench';
//   it('lints my file', async () => {
//     const { page } = workbench();
//     await openFile(page, 'events/pattern.json');
//     await openProblems(page);
//     assert.ok((await readProblems(page)).some((p) => p.text.includes('...')));
//   });
//
// Sample files live in test/e2e/workspace/ (copied to a temp folder per run, so tests may change them).
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';

/** The repo root: compiled files live in <root>/<outDir>/test/e2e/support. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const screenshotDir = path.join(repoRoot, 'test', 'e2e', 'screenshots');

export interface Workbench {
  page: Page;
  browser: Browser;
  /** code-server's base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  /** The workspace folder VS Code has open (a temp copy of test/e2e/workspace). */
  workspace: string;
  /** The local backends with sample data (scripts/sandbox.mjs); AWS settings already point Flowscope at moto. */
  sandbox: TierSandboxInfo;
}

/** What tests may know of the sandbox; the same JSON reaches the extension host as FLOWSCOPE_TEST_SANDBOX. */
export interface TierSandboxInfo {
  kafkaBootstrap: string;
  awsEndpoint: string;
  region: string;
  sample: unknown;
}

// The launcher is an ES module shared with the other scripts; these are the parts the fixture uses.
interface CodeServerPaths { dir: string; node: string; entry: string; nodeBin: string }
interface CodeServer { url: string; workspace: string; logFile: string; stop(): Promise<void> }
interface OpenedWorkbench { browser: Browser; page: Page; close(): Promise<void> }
interface InstallModule { ensureCodeServer(): Promise<CodeServerPaths>; ensureChromium(): Promise<string> }
interface LaunchModule {
  startCodeServer(o: { paths: CodeServerPaths; vsixes: string[]; workspace: string; env?: Record<string, string>; settings?: Record<string, unknown> }): Promise<CodeServer>;
  openWorkbench(server: CodeServer): Promise<OpenedWorkbench>;
}
interface VsixModule { packageFlowscope(): Promise<{ file: string; bytes: number }> }
interface TierSandboxModule {
  startTierSandbox(o: { log: (m: string) => void }): Promise<{ sandbox: { stop(): Promise<void> }; env: Record<string, string>; settings: Record<string, unknown> }>;
}

async function importScript<T>(relative: string): Promise<T> {
  return (await import(pathToFileURL(path.join(repoRoot, relative)).href)) as T;
}

let current: (Workbench & { server: CodeServer; opened: OpenedWorkbench; tempDir: string; stopSandbox(): Promise<void> }) | undefined;

/** The running workbench; throws outside a run started by the root hooks. */
export function workbench(): Workbench {
  if (!current) throw new Error('no workbench: run e2e tests through scripts/codeserver/e2e-tier.mjs (npm run test:e2e), whose root hooks start it');
  return current;
}

export interface StartOptions {
  /** Extra environment for code-server; it reaches the extension host. */
  env?: Record<string, string>;
  /** User settings, e.g. { 'flowscope.aws.endpoint': 'http://127.0.0.1:5000' }. */
  settings?: Record<string, unknown>;
}

/** Starts code-server with Flowscope ($FLOWSCOPE_E2E_VSIX, or packaged now) and opens the workbench. */
export async function startWorkbench(options: StartOptions = {}): Promise<Workbench> {
  if (current) return current;
  const install = await importScript<InstallModule>('scripts/codeserver/install.mjs');
  const launch = await importScript<LaunchModule>('scripts/codeserver/launch.mjs');
  const paths = await install.ensureCodeServer();
  await install.ensureChromium();
  const vsix = process.env.FLOWSCOPE_E2E_VSIX ?? (await (await importScript<VsixModule>('scripts/codeserver/vsix.mjs')).packageFlowscope()).file;

  const backends = await (await importScript<TierSandboxModule>('scripts/codeserver/sandbox-env.mjs')).startTierSandbox({
    log: (m) => process.stderr.write(`[e2e] ${m}\n`),
  });
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'flowscope-e2e-'));
  const workspace = path.join(tempDir, 'workspace');
  cpSync(path.join(repoRoot, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  let server: CodeServer | undefined;
  try {
    server = await launch.startCodeServer({
      paths, vsixes: [vsix], workspace,
      env: { ...backends.env, ...options.env },
      settings: { ...backends.settings, ...options.settings },
    });
    const opened = await launch.openWorkbench(server);
    const sandbox = JSON.parse(backends.env.FLOWSCOPE_TEST_SANDBOX) as TierSandboxInfo;
    current = { page: opened.page, browser: opened.browser, url: server.url, workspace, sandbox, server, opened, tempDir, stopSandbox: () => backends.sandbox.stop() };
    return current;
  } catch (e) {
    await server?.stop();
    await backends.sandbox.stop();
    rmSync(tempDir, { recursive: true, force: true });
    throw e;
  }
}

export async function stopWorkbench(): Promise<void> {
  const c = current;
  current = undefined;
  if (!c) return;
  await c.opened.close();
  await c.server.stop();
  await c.stopSandbox();
  rmSync(c.tempDir, { recursive: true, force: true, maxRetries: 3 });
}

/** Polls until the locator's text matches (Playwright's expect() is not part of playwright-core). */
export async function waitForText(locator: Locator, expected: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    // Editors render spaces as no-break spaces.
    last = (await locator.allInnerTexts().catch(() => [])).join('\n').replace(/\u00a0/g, ' ');
    if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(expected)}; last text: ${JSON.stringify(last.slice(0, 500))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs a command from the command palette (F1) by its title as shown there, e.g. "Flowscope: Show Output". */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // Enter only once the palette lists the command, or it would run whatever was first a moment ago.
  // A palette opened while the focus moves (a picker closing, an editor opening) can judge `when`
  // clauses against the old focus; one more try, with what was seen written to the log, tells a
  // race from a command that is really missing.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch {
      const listed = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts().catch(() => []);
      const seen = `input ${JSON.stringify(await input.inputValue().catch(() => '?'))}, rows ${JSON.stringify(listed.slice(0, 5))}`;
      if (attempt === 2) throw new Error(`the command palette does not list "${title}": ${seen}`);
      process.stderr.write(`[e2e] the command palette did not list "${title}" (${seen}); trying again\n`);
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
    }
  }
  await page.keyboard.press('Enter');
  // The palette closes, or turns into the command's own picker (as "Go to File" does).
  const deadline = Date.now() + 10_000;
  while ((await input.isVisible()) && (await input.inputValue()) === `>${title}`) {
    if (Date.now() > deadline) throw new Error(`the command palette did not run "${title}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens a file of the workspace in an editor, the way a person does without Ctrl+P (the browser owns it). */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = path.basename(relativePath);
  // Go to File searches an index that can lag behind a file a test has just written: ask again a few times.
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'Go to File');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relativePath);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt === 3) throw e;
    }
  }
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
  // The tab turns active before its editor takes the focus. Until it has the focus, the command palette
  // evaluates `when` clauses against whatever had it before (a Problems row of another file, say), so
  // commands meant for this file are missing. A person would click into the text; so do we if need be.
  const editor = page.locator('.editor-group-container.active .monaco-editor');
  try {
    await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ state: 'visible', timeout: 3_000 });
  } catch {
    await editor.locator('.view-lines').first().click();
    await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ state: 'visible' });
  }
}

/** Opens the view container whose activity-bar icon has this title (e.g. "Flowscope"). */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const header = page.locator('.sidebar .composite.title', { hasText: title }).first();
  // Clicking the icon of the container that is already open closes the side bar.
  if (await header.isVisible()) return;
  const icon = page.locator(`.activitybar .action-item a[aria-label^="${title}"], .activitybar .action-item .action-label[aria-label^="${title}"]`).first();
  await icon.click();
  await header.waitFor({ state: 'visible' });
}

/** Opens the Problems panel (Ctrl+Shift+M). */
export async function openProblems(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ state: 'visible' });
}

export interface Problem {
  /** What the row reads out (VS Code's accessible label: message, source, position). */
  text: string;
  severity: 'error' | 'warning' | 'info' | 'unknown';
}

/** The problems listed in the open Problems panel (file rows left out). Call openProblems() first. */
export async function readProblems(page: Page): Promise<Problem[]> {
  const rows = page.locator('.markers-panel .monaco-list-row');
  const problems: Problem[] = [];
  for (const row of await rows.all()) {
    const iconElement = row.locator('.marker-icon');
    if ((await iconElement.count()) === 0) continue; // a file (resource) row
    // Short timeouts: a row the list re-rendered away would otherwise hold the read for the default 30 s.
    const icon = (await iconElement.first().getAttribute('class', { timeout: 2000 })) ?? '';
    const text = (await row.getAttribute('aria-label', { timeout: 2000 })) ?? (await row.innerText({ timeout: 2000 }));
    // The icon's class names the severity in some VS Code versions; the accessible label starts with it in all.
    const named = /\b(error|warning|info)\b/i.exec(icon)?.[1] ?? /^(Error|Warning|Info)\b/.exec(text)?.[1];
    const severity = (named?.toLowerCase() ?? 'unknown') as Problem['severity'];
    problems.push({ text, severity });
  }
  return problems;
}

/** Saves a PNG of what a person would see now, as test/e2e/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  // Park the mouse on the middle of the title bar, where it raises no hover or tooltip.
  await page.mouse.move((page.viewportSize()?.width ?? 1440) / 2, 4);
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
