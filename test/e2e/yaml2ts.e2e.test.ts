// A person opens a GitHub workflow YAML, runs "Flowscope: Generate TypeScript Types from YAML" from the
// command palette, and gets a TypeScript editor beside it with the workflow's types, named ci.types.ts. Screenshot of the result.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openFile, runCommand, screenshot, waitForText, workbench } from './support/workbench';

const WORKFLOW = [
  'name: CI',
  'on:',
  '  push:',
  '    branches: [main]',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - run: npm ci',
  '      - name: Test',
  '        run: npm test',
  '  lint:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: npm run lint',
  '',
].join('\n');

describe('YAML → TypeScript in the browser workbench', () => {
  it('generates types for a workflow from the command palette and shows them in a TypeScript editor', async () => {
    const { page, workspace } = workbench();
    writeFileSync(path.join(workspace, 'ci.yml'), WORKFLOW);
    await openFile(page, 'ci.yml');
    await runCommand(page, 'Flowscope: Generate TypeScript Types from YAML');
    // The untitled TypeScript editor opens beside the YAML and becomes active.
    const editor = page.locator('.editor-group-container.active .editor-instance .view-lines');
    await waitForText(editor, 'export interface Ci {');
    await waitForText(editor, 'jobs: Record<string, Job>;');
    await waitForText(editor, 'steps: Step[];');
    // Its tab reads the name Save will propose, next to the YAML.
    await page.locator('.tabs-container .tab.active', { hasText: 'ci.types.ts' }).waitFor({ state: 'visible' });
    await screenshot(page, 'yaml2ts-workflow-types');
  });
});
