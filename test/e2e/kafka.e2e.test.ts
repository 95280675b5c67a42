// A person adds the sandbox's Kafka cluster from the command palette by typing the answers into the wizard,
// expands the cluster, its topics and consumer groups, watches the sample group (the mock cannot list groups)
// and reads its total lag in the label, then runs the offset-reset dry run from the group's context menu and
// cancels at the confirmation. Screenshots of each step; the cluster is removed again at the end through its
// context menu, so the other e2e tests see the Kafka view as new.
import * as assert from 'node:assert/strict';
import net from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { openViewContainer, runCommand, screenshot, waitForText, workbench } from './support/workbench';

interface Sample {
  kafka: { topics: Record<string, { partitions: number; messages: number }>; groups: Record<string, { topic: string; committed: Record<string, number> }> };
}

const CLUSTER = 'sandbox-e2e';
const DOWN = 'down-e2e';

function kafkaPane(page: Page): Locator {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^Kafka/ }) }).first();
}

function row(page: Page, text: string | RegExp): Locator {
  return kafkaPane(page).locator('.monaco-list-row', { hasText: text }).first();
}

/** Answers one step of a QuickPick/InputBox wizard by typing, once the step with this title is showing. */
async function answer(page: Page, step: string, text: string, shot?: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: step }).waitFor({ state: 'visible', timeout: 20_000 });
  const input = widget.locator('input').first();
  await input.fill(text);
  if (text) await page.locator('.quick-input-widget .quick-input-list .monaco-list-row, .quick-input-widget .quick-input-message').first().waitFor({ state: 'attached', timeout: 2_000 }).catch(() => undefined);
  if (shot) await screenshot(page, shot);
  await page.keyboard.press('Enter');
  // Wait for this step to go away before the next one is answered.
  await widget.locator('.quick-input-title', { hasText: step }).waitFor({ state: 'hidden', timeout: 20_000 });
}

async function expand(page: Page, text: string | RegExp): Promise<Locator> {
  const r = row(page, text);
  await r.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  return r;
}

async function contextMenu(page: Page, target: Locator, item: string): Promise<void> {
  await target.click({ button: 'right' });
  const entry = page.locator('.context-view .monaco-menu .action-menu-item', { hasText: item }).first();
  await entry.waitFor({ state: 'visible', timeout: 10_000 });
  await screenshot(page, 'kafka-context-menu');
  await entry.hover();
  await entry.click();
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden', timeout: 5_000 }).catch(async () => {
    // The menu ignored the click: choose the item with the keyboard instead (it is focused by the hover).
    await page.keyboard.press('Enter');
  });
}

/** Widens the side bar so tree labels and their descriptions are readable in screenshots. */
async function widenSidebar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const x = box.x + box.width + 1;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

describe('Kafka explorer in the browser workbench', function () {
  this.timeout(180_000);

  before(async () => {
    const { page } = workbench();
    await openViewContainer(page, 'Flowscope');
    // The other views take room a person would give to Kafka: collapse them.
    for (const title of ['SQS Queues', 'VPC Flow Logs']) {
      const header = page.locator('.part.sidebar .pane-header.expanded', { hasText: title }).first();
      if (await header.count()) await header.click();
    }
    await widenSidebar(page, 560);
    const header = kafkaPane(page).locator('.pane-header').first();
    if ((await kafkaPane(page).locator('.pane-header.expanded').count()) === 0) await header.click();
  });

  after(async () => {
    const { page } = workbench();
    for (const name of [DOWN, CLUSTER]) {
      const cluster = row(page, name);
      if (!(await cluster.count())) continue;
      await contextMenu(page, cluster, 'Remove Kafka Cluster');
      const dialog = page.locator('.monaco-dialog-box');
      await waitForText(dialog, `Remove the Kafka cluster "${name}"`);
      await screenshot(page, 'kafka-remove-confirmation');
      await dialog.locator('.monaco-button', { hasText: 'Remove' }).first().click();
      await dialog.waitFor({ state: 'hidden' });
    }
    await waitForText(kafkaPane(page).locator('.welcome-view-content'), 'No Kafka clusters yet.');
    // Leave the workbench as the other e2e tests expect it: Explorer showing, no editors open.
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'View: Show Explorer');
  });

  it('adds the cluster by answering the wizard, expands topics and a watched group with its total lag, and shows the reset dry run', async () => {
    const { page, sandbox } = workbench();
    const sample = sandbox.sample as Sample;

    await runCommand(page, 'Flowscope: Add Kafka Cluster');
    await answer(page, '(name)', CLUSTER);
    await answer(page, '(bootstrap servers)', sandbox.kafkaBootstrap);
    await answer(page, '(security)', 'None', 'kafka-wizard-security');

    // Test connection succeeds, the cluster is saved and shows in the view.
    const cluster = await expand(page, CLUSTER);
    assert.match(await cluster.innerText(), new RegExp(sandbox.kafkaBootstrap.split(',')[0].replace(/\./g, '\\.')));
    await expand(page, /^Brokers/);
    await waitForText(kafkaPane(page), /1 · 127\.0\.0\.1:\d+/);
    await expand(page, /^Topics/);
    await waitForText(kafkaPane(page), /orders\s*6 partitions · RF 3 · ~\d+ messages/);
    await waitForText(kafkaPane(page), /payments\s*3 partitions · RF 3/);
    await expand(page, /^orders/);
    await waitForText(kafkaPane(page), /partition 0\s*leader \d+ · replicas/);
    await screenshot(page, 'kafka-topics');

    // Collapse brokers and topics again so the groups fit the view.
    for (const r of [/^orders/, /^Topics/, /^Brokers/]) await row(page, r).click();
    await expand(page, /^Consumer Groups/);
    const note = row(page, 'cannot list consumer groups');
    await note.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'kafka-groups-unlistable');

    // The note's click asks for a group id to watch.
    await note.click();
    await answer(page, 'Watch Consumer Group', 'billing-service');
    const g = sample.kafka.groups['billing-service'];
    const lag = sample.kafka.topics[g.topic].messages - Object.values(g.committed).reduce((a, b) => a + b, 0);
    const group = await expand(page, `billing-service · lag ${lag}`);
    await waitForText(kafkaPane(page), /payments\/0 · lag \d+\s*current \d+ · log-end \d+ · no consumer/);
    await screenshot(page, 'kafka-group-lag');

    // Reset dry run from the group's context menu: scope payments, all partitions, to earliest.
    await contextMenu(page, group, 'Reset Offsets…');
    await answer(page, '(scope)', 'payments');
    await answer(page, '(partitions of payments)', 'All partitions');
    await answer(page, '(target)', 'Earliest');
    const dialog = page.locator('.monaco-dialog-box');
    await waitForText(dialog, 'Reset the offsets of "billing-service" to the earliest offset?');
    const editor = page.locator('.editor-group-container.active .editor-instance .view-lines');
    await waitForText(editor, "DRY RUN: nothing has been changed. Consumer group 'billing-service', topic payments");
    const [p0, o0] = Object.entries(g.committed)[0];
    await waitForText(editor, new RegExp(`billing-service\\s+payments\\s+${p0}\\s+${o0}\\s+0\\s+-${o0}`));
    await screenshot(page, 'kafka-reset-confirmation');
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
    await dialog.waitFor({ state: 'hidden' });
    await screenshot(page, 'kafka-reset-dry-run');
    // Cancelled: the lag is what it was.
    await runCommand(page, 'Flowscope: Refresh Kafka Clusters');
    await row(page, `billing-service · lag ${lag}`).waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('peeks at a topic from its context menu and shows the messages in a read-only editor', async () => {
    const { page } = workbench();
    await expand(page, /^Topics/);
    const audit = row(page, /^audit/);
    await audit.waitFor({ state: 'visible' });
    await contextMenu(page, audit, 'Peek Messages…');
    await answer(page, 'Peek at audit', 'From the beginning');
    const editor = page.locator('.editor-group-container.active .editor-instance .view-lines');
    await waitForText(editor, /Topic audit: \d+ messages from the beginning\. Read without a consumer group; nothing was committed\./);
    await waitForText(editor, /--- partition 0 · offset 0 · \d{4}-\d\d-\d\dT/);
    await waitForText(editor, /key \(utf8\): \S+/);
    await screenshot(page, 'kafka-peek');
  });

  it('shows an unreachable cluster as an error node with the cause, after a failed Test connection', async () => {
    const { page } = workbench();
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));

    await runCommand(page, 'Flowscope: Add Kafka Cluster');
    await answer(page, '(name)', DOWN);
    await answer(page, '(bootstrap servers)', `127.0.0.1:${port}`);
    await answer(page, '(security)', 'None');
    const dialog = page.locator('.monaco-dialog-box');
    await waitForText(dialog, `Test connection to ${DOWN} failed: cannot connect to the Kafka cluster (127.0.0.1:${port}): connection refused`);
    await screenshot(page, 'kafka-test-connection-failed');
    await dialog.locator('.monaco-button', { hasText: 'Save Anyway' }).first().click();
    await expand(page, DOWN);
    const error = row(page, 'connection refused');
    await error.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await error.innerText(), new RegExp(`Cannot connect to the Kafka cluster \\(127\\.0\\.0\\.1:${port}\\): connection refused`));
    await screenshot(page, 'kafka-unreachable-error-node');
  });
});
