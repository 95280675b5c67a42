import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'unit', 'fixtures', 'eventpattern');

const cli = runCli;

describe('flowscope lint and pattern test', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'flowscope-ep-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown): string => {
    const p = path.join(dir, name);
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return p;
  };

  it('prints file:line:col severity code message and exits 1 when there are errors', async () => {
    const t = path.join(fixtures, 'template.yaml');
    const r = await cli('lint', t);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.includes(`${t}:13:18 error leaf-not-array "state" must be an object or an array`), r.out);
    assert.ok(lines.includes(`${t}:37:27 error unknown-operator Unrecognized match type Prefix (operator names are case-sensitive: use "prefix")`), r.out);
    assert.ok(lines.every((l) => /^\S+:\d+:\d+ (error|warning|info) [a-z-]+ .+$/.test(l)), r.out);
    assert.match(r.err, /^7 errors, 4 warnings, 0 info in 6 patterns \(1 file\)$/m);
  });

  it('prints a JSON array with 1-based ranges for --format json', async () => {
    const p = file('a.eventpattern.json', '{\n  "source": "aws.ec2"\n}\n');
    const r = await cli('lint', p, '--format', 'json');
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out), [
      { file: p, line: 2, column: 13, endLine: 2, endColumn: 22, severity: 'error', code: 'leaf-not-array', message: '"source" must be an object or an array' },
    ]);
  });

  it('exits 0 when there are only warnings', async () => {
    const p = file('w.eventpattern.json', { source: ['aws.ec2.instance'] });
    const r = await cli('lint', p);
    assert.equal(r.code, 0);
    assert.match(r.out, /warning unknown-source Unknown AWS event source "aws.ec2.instance"; did you mean "aws.ec2"\?/);
  });

  it('lints any path as a bare pattern with --pattern', async () => {
    const p = file('rule.json', { detail: { n: [{ numeric: ['>', 10, '<', 5] }] } });
    assert.equal((await cli('lint', p)).code, 0, 'without --pattern a plain JSON file holds no pattern');
    const r = await cli('lint', '--pattern', p);
    assert.equal(r.code, 1);
    assert.match(r.out, /rule\.json:7:11 error numeric-bottom-top Bottom must be less than top/);
  });

  it('gives a file that is not valid JSON an error diagnostic, not a crash', async () => {
    const p = file('broken.eventpattern.json', '{"source": ["a",]}');
    const r = await cli('lint', p);
    assert.equal(r.code, 1);
    assert.equal(r.out, `${p}:1:17 error json-syntax Invalid JSON: value expected (trailing comma?)\n`);
    const y = file('broken.yaml', 'Resources: [\n');
    assert.match((await cli('lint', y)).out, /error yaml-syntax Invalid YAML/);
  });

  it('walks directories and lints every kind of file', async () => {
    const r = await cli('lint', fixtures, '--format', 'json');
    const files = new Set((JSON.parse(r.out) as { file: string }[]).map((d) => path.basename(d.file)));
    assert.deepEqual([...files].sort(), ['bad.eventpattern.json', 'main.tf', 'serverless.yml', 'template.yaml']);
  });

  it('--fix writes the sure fixes into the file, leaves guesses for a person, and reports what remains', async () => {
    const p = file('fixme.eventpattern.json', [
      '{',
      '  "source": "aws.ec2",',
      '  "detailType": ["EC2 Instance State-change Notification"],',
      '  "detail": {',
      '    "state": [{"Prefix": "run"}, "stopped", "stopped"],',
      '    "cpu": [{"numeric": ["<", 90, ">", 10]}],',
      '    "mem": [{"numeric": [">", 90, "<", 10]}],',
      '    "az": [{"prefx": "us-"}]',
      '  }',
      '}',
      '',
    ].join('\n'));
    const r = await cli('lint', '--fix', p);
    assert.equal(r.code, 1, 'errors remain, so the exit is still 1');
    assert.equal(readFileSync(p, 'utf8'), [
      '{',
      '  "source": ["aws.ec2"],',
      '  "detail-type": ["EC2 Instance State-change Notification"],',
      '  "detail": {',
      '    "state": [{"prefix": "run"}, "stopped"],',
      '    "cpu": [{"numeric": [">", 10, "<", 90]}],',
      '    "mem": [{"numeric": [">", 90, "<", 10]}],',
      '    "az": [{"prefx": "us-"}]',
      '  }',
      '}',
      '',
    ].join('\n'));
    // What is left are the guesses: which bound was meant, and which operator "prefx" was.
    assert.deepEqual(r.out.trim().split('\n').map((l) => l.split(' ')[2]), ['numeric-bottom-top', 'unknown-operator']);
    assert.match(r.err, /^5 fixes applied in 1 file; what remains:$/m);
    // Nothing more to do: a second run changes nothing.
    const again = await cli('lint', '--fix', p);
    assert.match(again.err, /^0 fixes applied in 0 files/m);
    assert.equal(again.out, r.out);
  });

  it('--fix leaves a file without fixable problems untouched, and exits 0 once every error is fixed', async () => {
    const clean = file('clean.eventpattern.json', '{"source": ["aws.ec2"]}\n');
    const before = statSync(clean).mtimeMs;
    const fixable = file('fixable.eventpattern.json', '{"source": "aws.ec2"}');
    const r = await cli('lint', '--fix', clean, fixable);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out, '');
    assert.equal(readFileSync(fixable, 'utf8'), '{"source": ["aws.ec2"]}');
    assert.equal(statSync(clean).mtimeMs, before);
  });

  it('exits 2 for usage errors', async () => {
    assert.equal((await cli('lint', path.join(dir, 'nope.json'))).code, 2);
    assert.equal((await cli('lint', fixtures, '--format', 'xml')).code, 2);
    assert.equal((await cli('lint')).code, 2);
  });

  describe('pattern test', () => {
    const event = { version: '0', id: '1', 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', account: '1', time: 't', region: 'us-east-1', resources: [], detail: { state: 'stopped' } };

    it('prints match and exits 0', async () => {
      const r = await cli('pattern', 'test', file('p1.json', { source: ['aws.ec2'], detail: { state: ['stopped'] } }), file('e.json', event));
      assert.equal(r.out, 'match\n');
      assert.equal(r.code, 0);
    });

    it('prints no match and exits 1; --explain names the field, the condition and the value', async () => {
      const p = file('p2.json', { source: ['aws.ec2'], detail: { state: ['running'] } });
      const r = await cli('pattern', 'test', p, file('e.json', event), '--explain');
      assert.equal(r.code, 1);
      const lines = r.out.split('\n');
      assert.equal(lines[0], 'no match');
      assert.ok(lines.includes('  ✗ detail.state: no match: expected ["running"], but the event has "stopped"'), r.out);
      assert.ok(lines.includes('  ✓ source: matched ["aws.ec2"] (the event has "aws.ec2")'), r.out);
    });

    it('exits 2 and prints the validation errors for an invalid pattern', async () => {
      const p = file('p3.json', '{"source": "aws.ec2"}');
      const r = await cli('pattern', 'test', p, file('e.json', event));
      assert.equal(r.code, 2);
      assert.match(r.out, /error leaf-not-array "source" must be an object or an array/);
    });

    it('exits 2 for an event that is not JSON or a missing file', async () => {
      const p = file('p4.json', { source: ['aws.ec2'] });
      assert.equal((await cli('pattern', 'test', p, file('bad.json', 'nope'))).code, 2);
      assert.equal((await cli('pattern', 'test', p, path.join(dir, 'missing.json'))).code, 2);
    });

    it('works the same from the built CLI', () => {
      const p = file('p5.json', { source: ['aws.ec2'] });
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'pattern', 'test', p, file('e.json', event)], { encoding: 'utf8' });
      assert.equal(r.stdout, 'match\n');
      assert.equal(r.status, 0);
    });
  });
});
