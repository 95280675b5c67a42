/* eslint-disable no-regex-spaces -- the patterns quote generated code, indented by two spaces, as it reads */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli';
import { fixturesDir } from './helpers';

const cli = runCli;

describe('flowscope yaml2ts (CLI contract)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yaml2ts-'));
  const compose = path.join(fixturesDir, 'docker-compose.yml');

  it('prints declarations to stdout with the root named after the file, and exits 0', async () => {
    const r = await cli('yaml2ts', compose);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /^export interface DockerCompose \{$/m);
    assert.match(r.out, /services: Record<string, Service>;/);
  });

  it('uses --root for the exported root type', async () => {
    const r = await cli('yaml2ts', compose, '--root', 'ComposeFile');
    assert.match(r.out, /^export interface ComposeFile \{$/m);
  });

  it('writes --out instead of stdout', async () => {
    const out = path.join(dir, 'compose.ts');
    const r = await cli('yaml2ts', compose, '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.match(readFileSync(out, 'utf8'), /export interface DockerCompose/);
  });

  it('passes option flags through', async () => {
    const file = path.join(dir, 'settings.yaml');
    writeFileSync(file, 'enabled: yes\nitems: [{a: 1}, {a: 2, b: x}]\n');
    const r = await cli('yaml2ts', file, '--type', '--readonly', '--no-export', '--yaml-version', '1.1', '--optional-style', 'undefined');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^type Settings = \{\n  readonly enabled: boolean;\n  readonly items: readonly Item\[\];\n\};$/m);
    assert.match(r.out, /readonly b\?: string \| undefined;/);
  });

  it('merges several files into one set of types', async () => {
    const a = path.join(dir, 'a.yaml');
    const b = path.join(dir, 'b.yaml');
    writeFileSync(a, 'name: x\nport: 1\n');
    writeFileSync(b, 'name: y\n');
    const r = await cli('yaml2ts', a, b, '--root', 'Conf');
    assert.match(r.out, /export interface Conf \{\n  name: string;\n  port\?: number;\n\}/);
  });

  it('prints file:line:col: message to stderr and exits 1 on invalid YAML', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'a: 1\nb:\n\t- x\n');
    const r = await cli('yaml2ts', bad);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(r.err, `${bad}:3:1: Tabs are not allowed as indentation\n`);
  });

  it('exits 2 on usage errors: a bad root name, a bad number, an unknown flag, no file', async () => {
    for (const argv of [
      ['yaml2ts', compose, '--root', 'not-a-name'],
      ['yaml2ts', compose, '--literal-threshold', 'many'],
      ['yaml2ts', compose, '--yaml-version', '1.0'],
      ['yaml2ts', compose, '--frobnicate'],
      ['yaml2ts'],
    ]) {
      const r = await cli(...argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.notEqual(r.err, '');
    }
  });

  it('exits 1 with a plain message, not a stack overflow, on YAML nested thousands of levels deep', async () => {
    const deep = path.join(dir, 'deep.yaml');
    writeFileSync(deep, Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k:\n`).join(''));
    const r = await cli('yaml2ts', deep);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /nests too deeply to be typed/);
  });

  it('exits 1 with a message when the file cannot be read', async () => {
    const r = await cli('yaml2ts', path.join(dir, 'missing.yaml'));
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot read .*missing\.yaml: ENOENT/);
  });
});
