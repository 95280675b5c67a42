import * as assert from 'node:assert/strict';
import { runCli } from '../../support/cli';
import { version } from '../../../package.json';

const cli = runCli;

describe('flowscope CLI skeleton', () => {
  it('prints the package version for --version', async () => {
    const r = await cli('--version');
    assert.equal(r.code, 0);
    assert.equal(r.out.trim(), version);
  });

  it('lists every subcommand group in --help', async () => {
    const r = await cli('--help');
    assert.equal(r.code, 0);
    for (const name of ['lint', 'pattern', 'yaml2ts', 'kafka', 'sqs', 'flowlogs']) {
      assert.match(r.out, new RegExp(`^\\s+${name}\\b`, 'm'), `--help should list ${name}`);
    }
  });

  it('exits 2 with a clear message on an unknown command', async () => {
    const r = await cli('frobnicate');
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command 'frobnicate'/);
  });

  it('exits 2 on an unknown flag', async () => {
    const r = await cli('--no-such-flag');
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown option '--no-such-flag'/);
  });

  it('prints usage and exits 2 when run with no arguments', async () => {
    const r = await cli();
    assert.equal(r.code, 2);
    assert.match(r.out, /Usage: flowscope/);
  });
});
