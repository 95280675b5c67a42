// YAML → TypeScript inside a real VS Code: the command on a docker-compose file, the code action, and
// invalid YAML (a message, nothing opened).
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { scratchFolder } from './workspace';

const COMPOSE = [
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    ports: ["8080:80"]',
  '    depends_on: [db]',
  '  db:',
  '    image: postgres:16',
  '    environment:',
  '      POSTGRES_PASSWORD: secret',
  'volumes:',
  '  db-data:',
  '',
].join('\n');

describe('YAML → TypeScript in VS Code', () => {
  let dir: string;

  before(async () => {
    await vscode.extensions.getExtension('flowscope.flowscope')?.activate();
    dir = scratchFolder('yaml2ts');
  });

  async function open(name: string, text: string): Promise<vscode.TextEditor> {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
  }

  it('opens a TypeScript editor with the root type and a Record for services when run on docker-compose.yml', async () => {
    await open('docker-compose.yml', COMPOSE);
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('flowscope.yaml2ts.generate');
    assert.ok(uri, 'the command returned no document');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), uri.toString());
    assert.equal(editor?.document.languageId, 'typescript');
    const text = editor?.document.getText() ?? '';
    assert.match(text, /^export interface DockerCompose \{$/m);
    assert.match(text, /services: Record<string, Service>;/);
    assert.match(text, /^export interface Service \{\n {2}image: string;/m);
    // Named as the file it would be, next to the YAML, so its tab reads that and Save proposes it.
    assert.equal(uri.scheme, 'untitled');
    assert.equal(uri.path, vscode.Uri.file(path.join(dir, 'docker-compose.types.ts')).path);
  });

  it('opens a second result under a new name, keeping the first (which may have been edited) as it was', async () => {
    const yaml = await open('settings.yaml', 'region: eu-west-1\n');
    const first = await vscode.commands.executeCommand<vscode.Uri | undefined>('flowscope.yaml2ts.generate');
    assert.ok(first, 'the command returned no document');
    const firstDoc = vscode.window.activeTextEditor?.document;
    await vscode.window.activeTextEditor?.edit((e) => e.insert(new vscode.Position(0, 0), '// mine\n'));
    await vscode.window.showTextDocument(yaml.document);
    await yaml.edit((e) => e.insert(new vscode.Position(1, 0), 'port: 8080\n'));
    const second = await vscode.commands.executeCommand<vscode.Uri | undefined>('flowscope.yaml2ts.generate');
    assert.ok(second, 'the command returned no document');
    assert.equal(path.posix.basename(second.path), 'settings.types-2.ts');
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /port: number;/);
    assert.match(firstDoc?.getText() ?? '', /^\/\/ mine\n/);
    assert.doesNotMatch(firstDoc?.getText() ?? '', /port: number/);
  });

  it('types plain multi-document manifests (the WebAssembly fast reader) as a union discriminated by kind', async () => {
    const doc = (kind: string, i: number) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: app-${i}\n  labels:\n    tier: web\nspec:\n  replicas: ${i}\n`;
    await open('manifests.yaml', [doc('Deployment', 1), doc('Service', 2), doc('Deployment', 3)].join('---\n'));
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('flowscope.yaml2ts.generate');
    assert.ok(uri, 'the command returned no document');
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, /^export type Manifests = Deployment \| Service;$/m);
    assert.match(text, /^export interface Deployment \{\n {2}apiVersion: string;\n {2}kind: "Deployment";/m);
  });

  it('offers "Generate TypeScript types" as a code action on a YAML document', async () => {
    const editor = await open('app.yaml', 'name: billing\nport: 8080\n');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      new vscode.Range(0, 0, 0, 0),
    );
    const ours = actions.find((a) => a.title === 'Generate TypeScript types from this YAML');
    assert.ok(ours, `not among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(ours.command?.command, 'flowscope.yaml2ts.generate');
  });

  it('opens nothing for invalid YAML', async () => {
    const editor = await open('broken.yaml', 'a: 1\nb:\n\t- x\n');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('flowscope.yaml2ts.generate');
    assert.equal(uri, undefined);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
  });
});
