// A person opens a SAM template whose EventBridge pattern has a scalar instead of an array, sees the error in
// the Problems panel, applies the quick fix, and the error goes away. Screenshots before and after.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openFile, openProblems, readProblems, runCommand, screenshot, waitForText, workbench, type Problem } from './support/workbench';

const SAM = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  OnStopped:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Handler: index.handler',
  '      Runtime: nodejs20.x',
  '      Events:',
  '        Stopped:',
  '          Type: EventBridgeRule',
  '          Properties:',
  '            Pattern:',
  '              source: aws.ec2',
  '              detail-type: [EC2 Instance State-change Notification]',
  '',
].join('\n');

const MESSAGE = '"source" must be an object or an array';

async function problemsUntil(check: (p: Problem[]) => boolean, what: string, timeoutMs = 30_000): Promise<Problem[]> {
  const { page } = workbench();
  const deadline = Date.now() + timeoutMs;
  let failure = '';
  for (;;) {
    // The list re-renders while it is read when problems change; a read that loses a row is simply retried.
    const problems = await readProblems(page).catch((e: unknown) => {
      failure = e instanceof Error ? e.message.split('\n')[0] : String(e);
      return undefined;
    });
    if (problems && check(problems)) return problems;
    if (Date.now() > deadline) {
      await screenshot(page, 'eventpattern-timeout');
      throw new Error(`timed out waiting for ${what}; problems: ${JSON.stringify(problems)}${problems ? '' : ` (last read failed: ${failure})`}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('EventBridge event patterns in the browser workbench', () => {
  it('lists a scalar-instead-of-array pattern in Problems and fixes it with the quick fix', async () => {
    const { page, workspace } = workbench();
    writeFileSync(path.join(workspace, 'sam-template.yaml'), SAM);
    await openFile(page, 'sam-template.yaml');
    await openProblems(page);
    const before = await problemsUntil((p) => p.some((x) => x.text.includes(MESSAGE)), 'the event-pattern error');
    assert.equal(before.find((x) => x.text.includes(MESSAGE))?.severity, 'error');
    await screenshot(page, 'eventpattern-before-fix');

    // Go to the problem (double-clicking its row puts the cursor on it in the editor), then Quick Fix (Ctrl+.).
    await page.locator('.markers-panel .monaco-list-row', { hasText: MESSAGE }).first().dblclick();
    await page.locator('.editor-instance .cursors-layer').first().waitFor({ state: 'attached' });
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Wrap the value in an array' }).first();
    await page.keyboard.press('Control+.');
    try {
      await fix.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      await screenshot(page, 'eventpattern-quickfix-missing');
      await runCommand(page, 'Quick Fix...');
      await fix.waitFor({ state: 'visible', timeout: 10_000 });
    }
    await fix.click();

    await waitForText(page.locator('.editor-instance .view-lines'), 'source: [aws.ec2]');
    await problemsUntil((p) => !p.some((x) => x.text.includes(MESSAGE)), 'the error to disappear');
    await screenshot(page, 'eventpattern-after-fix');
  });
});
