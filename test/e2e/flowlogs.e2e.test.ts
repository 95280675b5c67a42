// A person opens the Flowscope container, expands the sandbox VPC's flow log in the VPC Flow Logs view, opens
// an ENI's log stream (a flowlog document, header first), hovers a tcp-flags value, then analyzes the flow log
// and reads the report; "Records" on a report row opens the records behind it. Screenshots of each step.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FrameLocator, Page } from 'playwright-core';
import { openViewContainer, runCommand, screenshot, waitForText, workbench } from './support/workbench';

interface Sample { aws: { ec2: { vpcId: string; networkInterfaceIds: string[]; flowLogs: { flowLogId: string; records: number }[]; s3FlowLog: { flowLogId: string; objects: { hour: string; records: number }[] } } } }

function flowLogsPane(page: Page) {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'VPC Flow Logs' }) }).first();
}

function treeRow(page: Page, text: string) {
  return flowLogsPane(page).locator('.monaco-list-row', { hasText: text }).first();
}

/** The shown report's document inside its webview (two iframes deep; hidden reports keep their iframes). */
function reportFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').filter({ visible: true }).last().contentFrame().frameLocator('#active-frame');
}

describe('VPC flow logs in the browser workbench', () => {
  // Later tests start from the Explorer with no editor open, as the workbench was before this one.
  after(async () => {
    const { page } = workbench();
    // A failed step may have left a menu or picker open.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
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
    await treeRow(page, 'flowscope-sandbox').waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, flowLogId).click();
    await treeRow(page, web).waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, web).click();

    // The stream opens as a read-only flowlog document whose first line is the header.
    const editor = page.locator('.editor-group-container.active .editor-instance .view-lines');
    await waitForText(editor, 'version account-id interface-id srcaddr dstaddr', 30_000);
    await waitForText(editor, web);
    await progressGone(page);
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

  it('opens the newest hour of the S3 flow log from the tree and analyzes it', async () => {
    const { page, sandbox } = workbench();
    const ec2 = (sandbox.sample as Sample).aws.ec2;
    const s3 = ec2.s3FlowLog;
    const newest = s3.objects.at(-1)!.hour;
    const hourLabel = `${newest.slice(0, 13).replace('T', ' ')}:00 UTC`;
    const records = s3.objects.filter((o) => o.hour === newest).reduce((n, o) => n + o.records, 0);
    await runCommand(page, 'View: Close All Editors');
    await openViewContainer(page, 'Flowscope');
    // The CloudWatch Logs flow log the last test expanded would push the S3 hours out of the pane.
    if (await treeRow(page, ec2.networkInterfaceIds[0]).isVisible()) {
      await treeRow(page, ec2.flowLogs[0].flowLogId).click();
      await treeRow(page, ec2.networkInterfaceIds[0]).waitFor({ state: 'hidden' });
    }
    await treeRow(page, s3.flowLogId).waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, s3.flowLogId).click();
    await treeRow(page, hourLabel).waitFor({ state: 'visible', timeout: 30_000 });
    await waitForText(flowLogsPane(page), 'Older hours…');
    await treeRow(page, hourLabel).click();
    const editor = page.locator('.editor-group-container.active .editor-instance .view-lines');
    await waitForText(editor, 'version account-id interface-id srcaddr dstaddr', 30_000);
    await waitForText(editor, '185.220.101.4');
    await progressGone(page);
    await screenshot(page, 'flowlogs-s3-hour-records');

    const row = treeRow(page, hourLabel);
    await row.hover();
    await row.locator('.action-label[aria-label="Analyze"]').click();
    const report = reportFrame(page);
    await waitForText(report.locator('#title'), `Flow-log report: ${s3.flowLogId} ${hourLabel}`, 30_000);
    await waitForText(report.locator('#cards'), String(records));
    await waitForText(report.locator('#scanners'), '185.220.101.4');
    await progressGone(page);
    await screenshot(page, 'flowlogs-s3-hour-report');
    // The next test finds its report as the last visible webview: put the hour's records in front of this one.
    await treeRow(page, hourLabel).click();
    await waitForText(editor, 'version account-id interface-id srcaddr dstaddr', 30_000);
    await progressGone(page);
  });

  it('analyzes a .log.gz from the explorer context menu: every diagnosis of the report at a glance', async () => {
    const { page, workspace } = workbench();
    writeFileSync(path.join(workspace, 'vpc-flow-sample.log.gz'), diagnosticSample());
    await runCommand(page, 'View: Show Explorer');
    const file = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'vpc-flow-sample.log.gz' }).first();
    await file.waitFor({ state: 'visible', timeout: 30_000 });
    await file.click({ button: 'right' });
    const item = page.locator('.context-view .action-item', { hasText: 'Analyze Flow Log File…' }).first();
    await item.waitFor({ state: 'visible' });
    await item.click();
    // Under load the menu can still be laying itself out when clicked, and stays open: click again.
    await item.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => item.click());
    const report = reportFrame(page);
    await waitForText(report.locator('#title'), 'Flow-log report: vpc-flow-sample.log.gz', 30_000).catch(async (e: unknown) => {
      await screenshot(page, 'flowlogs-file-report-missing');
      throw e;
    });
    await waitForText(report.locator('#asymmetric'), '10.0.2.20');
    await waitForText(report.locator('#scanners'), '185.220.101.4');
    await waitForText(report.locator('#resets'), '10.0.3.30:8443');
    await waitForText(report.locator('#nat'), '10.0.1.11');
    await waitForText(report.locator('#statusIntervals'), 'SKIPDATA');
    await progressGone(page);
    await screenshot(page, 'flowlogs-file-report');
    await report.locator('#asymmetric').scrollIntoViewIfNeeded();
    await screenshot(page, 'flowlogs-file-report-diagnoses');
  });
});

/** A gzip S3-style object (header first) in which every section of the report has something to show. */
function diagnosticSample(): Buffer {
  const fields = ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status', 'tcp-flags', 'pkt-srcaddr', 'pkt-dstaddr'];
  const t0 = 1717236000; // 2024-06-01T10:00:00Z
  const lines = [fields.join(' ')];
  const rec = (i: number, iface: string, src: string, dst: string, sp: number, dp: number, proto: number, bytes: number, action: string, flags: number | string, psrc = src, pdst = dst) =>
    lines.push(`5 123456789012 ${iface} ${src} ${dst} ${sp} ${dp} ${proto} ${Math.max(1, Math.round(bytes / 500))} ${bytes} ${t0 + i * 60} ${t0 + i * 60 + 60} ${action} OK ${flags} ${psrc} ${pdst}`);
  for (let i = 0; i < 60; i++) {
    rec(i, 'eni-0web', '203.0.113.45', '10.0.1.10', 40000 + i, 443, 6, 4000 + 90 * i, 'ACCEPT', 2);
    rec(i, 'eni-0web', '10.0.1.10', '203.0.113.45', 443, 40000 + i, 6, 25000 + 700 * (i % 17), 'ACCEPT', 19);
    // The app calls the database; the database subnet's NACL lacks the ephemeral range for replies.
    rec(i, 'eni-0db', '10.0.1.10', '10.0.2.20', 50000 + i, 5432, 6, 900, 'ACCEPT', 2);
    rec(i, 'eni-0db', '10.0.2.20', '10.0.1.10', 5432, 50000 + i, 6, 300, 'REJECT', 18);
    // A payment API that resets connections.
    if (i % 3 === 0) rec(i, 'eni-0web', '10.0.1.10', '10.0.3.30', 51000 + i, 8443, 6, 120, 'ACCEPT', 6);
    // Instances reaching the internet through the NAT gateway (10.0.0.220).
    rec(i, 'eni-0nat', '10.0.1.10', '10.0.0.220', 52000 + i, 443, 6, 3000 + 40 * i, 'ACCEPT', 2, '10.0.1.10', '198.51.100.20');
    rec(i, 'eni-0nat', '10.0.0.220', '10.0.1.10', 443, 52000 + i, 6, 60000 + 900 * (i % 9), 'ACCEPT', 19, '198.51.100.20', '10.0.1.10');
    if (i % 2 === 0) rec(i, 'eni-0nat', '10.0.1.11', '10.0.0.220', 53000 + i, 443, 6, 1500, 'ACCEPT', 2, '10.0.1.11', '198.51.100.21');
    // A scanner walking the web server's ports.
    if (i >= 20 && i < 44) rec(i, 'eni-0web', '185.220.101.4', '10.0.1.10', 61000 + i, [22, 23, 25, 110, 135, 139, 445, 1433, 3306, 3389, 5900, 6379][i % 12], 6, 44, 'REJECT', 2);
  }
  lines.push(`5 123456789012 eni-0db - - - - - - - ${t0 + 3600} ${t0 + 3660} - NODATA - - -`);
  lines.push(`5 123456789012 eni-0web - - - - - - - ${t0 + 1800} ${t0 + 1860} - SKIPDATA - - -`);
  return gzipSync(lines.join('\n') + '\n');
}

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
