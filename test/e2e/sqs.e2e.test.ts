// A person opens Flowscope's SQS view against the sandbox's moto: the region with its queues and counts, the
// DLQ link, sends a message from the context menu, peeks it from the command palette, and is warned before
// peeking a queue whose redrive policy the peek could trip. Screenshots of each step.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openViewContainer, runCommand, screenshot, screenshotDir, waitForText, workbench } from './support/workbench';

function sqsPane(page: Page): Locator {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'SQS Queues' }) }).first();
}

/** The tree row of a queue: its accessible label is the name, the kind of queue, then the counts after a comma. */
function queueRow(page: Page, name: string): Locator {
  const labels = [`${name},`, `${name} FIFO,`, `${name} dead-letter queue,`, `${name} FIFO dead-letter queue,`];
  return sqsPane(page).locator(labels.map((l) => `.monaco-list-row[aria-label^="${l}"]`).join(', ')).first();
}

/** Answers the open input box or picker; with `shot`, takes a screenshot of the answer before pressing Enter. */
async function typeIntoQuickInput(page: Page, text: string, title?: RegExp, shot?: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible' });
  if (title) await waitForText(widget.locator('.quick-input-title'), title);
  await widget.locator('input').fill(text);
  if (shot) {
    // Let the widget finish fading in, as a person would see it.
    await new Promise((r) => setTimeout(r, 400));
    await screenshot(page, shot);
  }
  await page.keyboard.press('Enter');
}

describe('SQS in the browser workbench', () => {
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(workbench().page, `sqs-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('shows the region with queue counts and the DLQ link', async () => {
    const { page, sandbox } = workbench();
    await openViewContainer(page, 'Flowscope');
    const pane = sqsPane(page);
    if ((await pane.locator('.pane-header.expanded').count()) === 0) await pane.locator('.pane-header').click();
    // The Kafka view above would take half the height; a person collapses what they do not use.
    const kafka = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Kafka' }) }).first();
    if ((await kafka.locator('.pane-header.expanded').count()) > 0) await kafka.locator('.pane-header').click();
    await waitForText(pane.locator('.monaco-list-row').first(), sandbox.region);
    // Widen the side bar so the counts are not cut off, as a person would drag its edge.
    const edge = await page.locator('.part.sidebar').boundingBox();
    if (edge) {
      await page.mouse.move(edge.x + edge.width + 1, edge.y + 300);
      await page.mouse.down();
      await page.mouse.move(edge.x + 620, edge.y + 300, { steps: 5 });
      await page.mouse.up();
    }
    await waitForText(queueRow(page, 'orders-events'), '25 visible · 0 in flight · 0 delayed');
    await waitForText(queueRow(page, 'orders-dlq'), '4 visible');
    await waitForText(queueRow(page, 'payments.fifo'), '12 visible');
    // Expand the source queue and the DLQ: each shows the other.
    await queueRow(page, 'orders-events').locator('.monaco-tl-twistie').click();
    await waitForText(pane.locator('.monaco-list-row', { hasText: 'Dead-letter queue: orders-dlq' }), 'after 3 receives');
    await queueRow(page, 'orders-dlq').locator('.monaco-tl-twistie').click();
    await waitForText(pane.locator('.monaco-list-row', { hasText: 'Source queue: orders-events' }), 'maxReceiveCount 3');
    // The status bar names the connection the view uses.
    await waitForText(page.locator('.part.statusbar'), `default · ${sandbox.region}`);
    await screenshot(page, 'sqs-tree');
    // The tooltip carries the key attributes (screenshot() parks the mouse, which would close it).
    await queueRow(page, 'orders-events').hover();
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Visibility timeout' }).first();
    await hover.waitFor({ state: 'visible' });
    await waitForText(hover, 'Dead-letter queue');
    await page.screenshot({ path: path.join(screenshotDir, 'sqs-queue-tooltip.png') });
  });

  it('offers the profiles and then the regions from the status bar, with the current region ticked', async () => {
    const { page, sandbox } = workbench();
    await page.locator('.part.statusbar .statusbar-item', { hasText: `default · ${sandbox.region}` }).first().click();
    const widget = page.locator('.quick-input-widget');
    await waitForText(widget.locator('.quick-input-title'), /AWS profile \(1\/2\)/);
    await waitForText(widget, 'Default credential chain');
    await new Promise((r) => setTimeout(r, 400));
    await screenshot(page, 'aws-profile-picker');
    await page.keyboard.press('Enter');
    await waitForText(widget.locator('.quick-input-title'), /AWS regions \(2\/2\)/);
    const ticked = widget.locator('.monaco-list-row[aria-checked="true"]');
    await waitForText(ticked, sandbox.region);
    await new Promise((r) => setTimeout(r, 400));
    await screenshot(page, 'aws-region-picker');
    // Escape leaves everything as it was.
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
    await waitForText(page.locator('.part.statusbar'), `default · ${sandbox.region}`);
  });

  it('sends a message from the context menu and the count rises', async () => {
    const { page } = workbench();
    await queueRow(page, 'orders-dlq').click({ button: 'right' });
    const item = page.getByRole('menuitem', { name: 'Send SQS Message…' });
    await item.waitFor({ state: 'visible' });
    // VS Code's menu ignores a click that comes right after it opened (the right button's release).
    await new Promise((r) => setTimeout(r, 400));
    await item.hover();
    await item.click();
    // With an editor open, Flowscope first asks where the body comes from (typed, the editor, the selection).
    const title = page.locator('.quick-input-widget .quick-input-title');
    await waitForText(title, /Send a message to orders-dlq|Message body for orders-dlq/);
    if ((await title.innerText()).includes('Send a message to')) await typeIntoQuickInput(page, 'Type the message body');
    await typeIntoQuickInput(page, '{"orderId":"e2e-1","total":42.5}', /Message body for orders-dlq/, 'sqs-send-body');
    await typeIntoQuickInput(page, 'source=e2e, attempt=1', /Message attributes/);
    await typeIntoQuickInput(page, '', /Delivery delay/);
    await waitForText(page.locator('.notifications-toasts'), /Sent message [0-9a-f-]+ to orders-dlq/);
    await waitForText(queueRow(page, 'orders-dlq'), '5 visible');
    await screenshot(page, 'sqs-after-send');
  });

  it('peeks the message from the command palette into a read-only document', async () => {
    const { page } = workbench();
    await runCommand(page, 'Flowscope: Peek at SQS Messages');
    await typeIntoQuickInput(page, 'orders-dlq', /Peek at/);
    const editor = page.locator('.editor-group-container.active .editor-instance .view-lines');
    await waitForText(editor, '# Peek at orders-dlq');
    await waitForText(page.locator('.tabs-container .tab.active'), /orders-dlq \(peek\)\s*\.md/);
    // Read-only: typing at the top changes nothing.
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('x');
    await waitForText(editor, /^# Peek at orders-dlq/);
    // The message just sent is the newest, at the end (the editor renders only the lines in view).
    await page.keyboard.press('Control+End');
    await waitForText(editor, '"orderId": "e2e-1"');
    await waitForText(editor, '- source: e2e');
    await screenshot(page, 'sqs-peek-document');
    // The peek gave the messages back: the count is unchanged.
    await runCommand(page, 'Flowscope: Refresh SQS Queues');
    await waitForText(queueRow(page, 'orders-dlq'), '5 visible · 0 in flight');
  });

  it('warns before peeking a queue with a redrive policy, and Cancel peeks nothing', async () => {
    const { page } = workbench();
    await queueRow(page, 'orders-events').hover();
    await queueRow(page, 'orders-events').locator('.action-label[aria-label^="Peek at SQS Messages"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await waitForText(dialog, 'Peeking can push messages of orders-events toward its dead-letter queue');
    await waitForText(dialog, 'maxReceiveCount 3, dead-letter queue orders-dlq');
    await screenshot(page, 'sqs-peek-warning');
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForText(queueRow(page, 'orders-events'), '25 visible · 0 in flight');
    assert.equal(await page.locator('.tabs-container .tab', { hasText: 'orders-events (peek)' }).count(), 0, 'a peek document opened after Cancel');
  });

  it('shows the cause and what to do, with Retry, when the endpoint refuses connections', async () => {
    const { page, sandbox } = workbench();
    const rows = sqsPane(page).locator('.monaco-list-row');
    // A person changes the endpoint setting in the Settings editor, then closes it once the tree has reacted.
    const setEndpoint = async (value: string, treeShows: string) => {
      await runCommand(page, 'Preferences: Open User Settings');
      const search = page.locator('.settings-editor .suggest-input-container').first();
      await search.waitFor({ state: 'visible' });
      await search.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('flowscope.aws.endpoint');
      const input = page.locator('.settings-editor input[aria-label="flowscope.aws.endpoint"]').first();
      await input.waitFor({ state: 'visible' });
      await input.fill(value);
      await input.press('Tab');
      await waitForText(rows, treeShows, 40_000);
      const settings = page.locator('.settings-editor').first();
      for (let i = 0; i < 3 && (await settings.isVisible()); i++) {
        await page.keyboard.press('Escape');
        await settings.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
      }
    };
    // Port 9 (discard) has no listener on these machines: the connection is refused at once.
    await setEndpoint('http://127.0.0.1:9', 'cannot connect to the AWS endpoint http://127.0.0.1:9: connection refused');
    try {
      await waitForText(rows, 'Start the service at http://127.0.0.1:9 or fix the setting flowscope.aws.endpoint');
      await waitForText(rows, 'Retry');
      await screenshot(page, 'sqs-error-node');
    } finally {
      await setEndpoint(sandbox.awsEndpoint, 'orders-events');
    }
  });
});
