// What a person sees of Flowscope in a real VS Code (code-server in Chromium): the activity-bar container,
// the three views with their welcome text, a command run from the palette, and the Problems panel.
// Screenshots land in test/e2e/screenshots/.
import * as assert from 'node:assert/strict';
import { openFile, openProblems, openViewContainer, readProblems, runCommand, screenshot, waitForText, workbench } from './support/workbench';

// The Kafka view shows its welcome text while no cluster is saved (package.json viewsWelcome). The AWS views list
// the sandbox's region, because the e2e settings point Flowscope at moto (their welcome text is for a profile
// without a region).
const VIEWS: { title: string; welcome?: string; button?: string; row?: RegExp }[] = [
  { title: 'Kafka', welcome: 'No Kafka clusters yet.', button: 'Add Kafka Cluster' },
  { title: 'SQS Queues', row: /us-east-1/ },
  { title: 'VPC Flow Logs', row: /us-east-1/ },
];

describe('Flowscope in the browser workbench', () => {
  it('opens the Flowscope container from the activity bar and shows the views without a connection with welcome text', async () => {
    const { page } = workbench();
    await openViewContainer(page, 'Flowscope');
    const sidebar = page.locator('.part.sidebar');
    for (const view of VIEWS) {
      const pane = sidebar.locator('.pane', { has: page.locator('.pane-header', { hasText: view.title }) });
      await pane.first().waitFor({ state: 'visible' });
      // A collapsed view hides its welcome text; a person would click its header.
      if ((await pane.first().locator('.pane-header.expanded').count()) === 0) await pane.first().locator('.pane-header').click();
      if (view.welcome && view.button) {
        await waitForText(pane.first().locator('.welcome-view-content'), view.welcome);
        await waitForText(pane.first().locator('.welcome-view-content .monaco-button'), view.button);
      }
      if (view.row) await waitForText(pane.first().locator('.monaco-list-row'), view.row);
    }
    await screenshot(page, 'flowscope-views');
  });

  it('runs "Flowscope: Show Output" from the command palette and shows the Flowscope log', async () => {
    const { page } = workbench();
    await runCommand(page, 'Flowscope: Show Output');
    const panel = page.locator('.part.panel');
    await panel.waitFor({ state: 'visible' });
    // The log channel's first line is written by activate(); other tests may have logged since, so go to the top.
    await panel.locator('.view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await waitForText(panel.locator('.view-lines'), /Flowscope \d+\.\d+\.\d+ activated/);
    await screenshot(page, 'flowscope-output');
  });

  it('opens a workspace file and lists its problems in the Problems panel (Ctrl+Shift+M)', async () => {
    const { page } = workbench();
    await openFile(page, 'broken.json');
    await openProblems(page);
    // VS Code's JSON support reports the missing comma; the helper reads it like any extension's diagnostics.
    const deadline = Date.now() + 30_000;
    let problems = await readProblems(page);
    while (problems.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      problems = await readProblems(page);
    }
    await screenshot(page, 'problems-panel');
    assert.ok(problems.length > 0, 'no problem listed for broken.json');
    assert.ok(problems.some((p) => p.severity === 'error' && /comma/i.test(p.text)), `unexpected problems: ${JSON.stringify(problems)}`);
  });
});
