// A person opens the Flowscope container, expands the sandbox VPC's flow log in the VPC Flow Logs view, opens
// an ENI's log stream (a flowlog document, header first), hovers a tcp-flags value, then analyzes the flow log
// and reads the report; "Records" on a report row opens the records behind it. Screenshots of each step.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { openViewContainer, runCommand, screenshot, waitForText, workbench } from './support/workbench';

interface Sample { aws: { ec2: { vpcId: string; networkInterfaceIds: string[]; flowLogs: { flowLogId: string; records: number }[] } } }

function flowLogsPane(page: Page) {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'VPC Flow Logs' }) }).first();
}

function treeRow(page: Page, text: string) {
  return flowLogsPane(page).locator('.monaco-list-row', { hasText: text }).first();
}

/** The report's document inside the webview (two iframes deep in VS Code's webview host). */
function reportFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

describe('VPC flow logs in the browser workbench', () => {
  // Later tests start from the Explorer with no editor open, as the workbench was before this one.
  after(async () => {
    const { page } = workbench();
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'View: Show Explorer');
  });

  it('opens an ENI log stream from the tree, explains a tcp-flags value on hover, and analyzes the flow log in a report', async () => {
    const { page, sandbox } = workbench();
    const ec2 = (sandbox.sample as Sample).aws.ec2;
    const flowLogId = ec2.flowLogs[0].flowLogId;
    const web = ec2.networkInterfaceIds[0];

    // A panel left open by an earlier test would take half the editor area from the report.
    if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Hide Panel');
    await openViewContainer(page, 'Flowscope');
    const pane = flowLogsPane(page);
    await pane.waitFor({ state: 'visible' });
    if ((await pane.locator('.pane-header.expanded').count()) === 0) await pane.locator('.pane-header').click();
    // The other views would take the room the tree needs; a person would collapse them too.
    for (const other of ['Kafka', 'SQS Queues']) {
      const header = page.locator('.part.sidebar .pane-header.expanded', { hasText: other });
      if (await header.count()) await header.first().click();
    }
    await treeRow(page, 'flowscope-sandbox').waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, flowLogId).click();
    await treeRow(page, web).waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, web).click();

    // The stream opens as a read-only flowlog document whose first line is the header.
    const editor = page.locator('.editor-group-container.active .editor-instance .view-lines');
    await waitForText(editor, 'version account-id interface-id srcaddr dstaddr', 30_000);
    await waitForText(editor, web);
    await screenshot(page, 'flowlogs-stream-records');

    // Hover the tcp-flags value of a web → internet reply (SYN-ACK + FIN = 19): put the cursor on it, Show Hover.
    const lines = (await editor.locator('.view-line').allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' '));
    const header = lines.find((l) => l.startsWith('version '))!.trim().split(/\s+/);
    const flagsCol = header.indexOf('tcp-flags');
    assert.ok(flagsCol > 0, 'the header has no tcp-flags field');
    const target = lines.find((l) => l.split(/\s+/)[flagsCol] === '19');
    assert.ok(target, 'no record with tcp-flags 19 is visible');
    const tokens = target.split(' ');
    const column = tokens.slice(0, flagsCol).join(' ').length + 2; // 1-based, on the value's first character
    const lineTexts = await visibleLinesInOrder(page);
    const lineNo = lineTexts.indexOf(target) + 1;
    assert.ok(lineNo > 1, 'could not place the record in the document');
    await runCommand(page, 'Go to Line/Column...');
    await page.locator('.quick-input-widget input').fill(`:${lineNo}:${column}`);
    await page.keyboard.press('Enter');
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    await waitForText(hover, 'tcp-flags');
    await waitForText(hover, '19 = SYN-ACK (18) + FIN (1)');
    await page.mouse.move(720, 4);
    await screenshot(page, 'flowlogs-hover-tcp-flags');
    await page.keyboard.press('Escape');

    // Analyze the whole flow log (the row's inline action), all records.
    const row = treeRow(page, flowLogId);
    await row.hover();
    await row.locator('.action-label[aria-label="Analyze"]').click();
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'All records' }).first();
    await pick.waitFor({ state: 'visible' });
    await pick.click();
    const report = reportFrame(page);
    await waitForText(report.locator('#title'), `Flow-log report: ${flowLogId}`, 30_000);
    await waitForText(report.locator('#cards'), String(ec2.flowLogs[0].records));
    await waitForText(report.locator('#rejectedByDstPort'), '3389');
    await report.locator('#chart canvas').first().waitFor({ state: 'visible' });
    await progressGone(page);
    await screenshot(page, 'flowlogs-report');
    // The lower half: scanners, asymmetric rejects, resets, NODATA intervals, NAT.
    await waitForText(report.locator('#statusIntervals'), 'NODATA');
    await report.locator('#nat').scrollIntoViewIfNeeded();
    await screenshot(page, 'flowlogs-report-lower');
    await report.locator('#title').scrollIntoViewIfNeeded();

    // A filter re-runs the analysis: only rejected traffic.
    await report.locator('#f-action').selectOption('REJECT');
    await report.locator('#filters button[type=submit]').click();
    await waitForText(report.locator('#subtitle'), 'filter: REJECT', 30_000);
    await waitForText(report.locator('#cards .card', { hasText: 'ACCEPT' }), /ACCEPT\s*0/);
    await progressGone(page);
    await screenshot(page, 'flowlogs-report-rejects');

    // "Records" on the SSH row opens the rejected SSH records.
    await report.locator('#rejectedByDstPort tr', { hasText: '22' }).first().locator('button', { hasText: 'Records' }).click();
    await waitForText(editor, 'REJECT', 30_000);
    const opened = (await editor.locator('.view-line').allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' ').trim()).filter((l) => /^\d/.test(l));
    assert.ok(opened.length > 0 && opened.every((l) => / 22 6 .* REJECT /.test(l)), `not only rejected SSH records: ${opened.slice(0, 3).join(' | ')}`);
    await progressGone(page);
    await screenshot(page, 'flowlogs-report-row-records');
  });
});

/** Waits until Flowscope's progress notifications (reading, analyzing) have closed. */
async function progressGone(page: Page): Promise<void> {
  await page.locator('.notification-toast', { hasText: /Analyzing|Reading/ }).first().waitFor({ state: 'hidden', timeout: 15_000 });
}

/** The editor's visible lines in document order (Monaco positions them absolutely, not in DOM order). */
async function visibleLinesInOrder(page: Page): Promise<string[]> {
  // A string, because this runs in the page (the tests compile without the DOM library).
  return page.evaluate(`[...document.querySelectorAll('.editor-group-container.active .editor-instance .view-lines .view-line')]
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map((e) => (e.textContent || '').replace(/\\u00a0/g, ' '))`) as Promise<string[]>;
}
