import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../support/cli';
import { DEFAULT_FIELDS } from '../../../src/core/flowlogs/fields';
import { rec } from './helpers';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

const cli = runCli;

describe('flowscope flowlogs summarize', () => {
  let dir: string;
  const header = DEFAULT_FIELDS.join(' ');
  const lines = [
    rec({ 'interface-id': 'eni-client', bytes: 6000, packets: 6 }),
    rec({ 'interface-id': 'eni-server', bytes: 6000, packets: 6 }), // the same flow, logged on the server's ENI
    rec({ srcaddr: '10.0.2.20', dstaddr: '10.0.1.10', srcport: 443, dstport: 49152, action: 'REJECT', bytes: 120, packets: 2, 'interface-id': 'eni-client' }),
    rec({ srcaddr: '-', dstaddr: '-', srcport: '-', dstport: '-', protocol: '-', packets: '-', bytes: '-', action: '-', 'log-status': 'NODATA' }),
    'garbage line',
  ];

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'flowscope-flowlogs-'));
    // An S3-like tree: header lines, gzip, nested folders.
    const s3 = path.join(dir, 'AWSLogs', '123456789012', 'vpcflowlogs', 'eu-west-1', '2026', '11', '22');
    mkdirSync(s3, { recursive: true });
    writeFileSync(path.join(s3, 'a.log.gz'), gzipSync([header, ...lines].join('\n') + '\n'));
    writeFileSync(path.join(dir, 'plain.log'), lines.join('\n'));
    writeFileSync(path.join(dir, 'broken.log.gz'), gzipSync('2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 ACCEPT OK\n').subarray(0, 20));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON contract with its keys in order', async () => {
    const r = await cli('flowlogs', 'summarize', path.join(dir, 'plain.log'), '--json');
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.deepEqual(Object.keys(s), ['records', 'skippedLines', 'logStatus', 'action', 'bytes', 'packets', 'topTalkers', 'rejectedByDstPort', 'scanners', 'asymmetric']);
    assert.equal(s.records, 4);
    assert.equal(s.skippedLines, 1);
    assert.deepEqual(s.logStatus, { OK: 3, NODATA: 1, SKIPDATA: 0 });
    assert.equal(s.bytes, 6120, 'the doubly logged flow counts once');
    assert.deepEqual(s.asymmetric, [{ interfaceId: 'eni-client', client: '10.0.1.10', server: '10.0.2.20', serverPort: 443, acceptedRequests: 1, rejectedReplies: 1 }]);
  });

  it('reads gzip files in folders recursively, taking the format from the header line', async () => {
    const r = await cli('flowlogs', 'summarize', path.join(dir, 'AWSLogs'), '--json', '--format', '${srcaddr} ${dstaddr}');
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.equal(s.records, 4);
    assert.equal(s.bytes, 6120);
  });

  it('adds up several inputs', async () => {
    const r = await cli('flowlogs', 'summarize', path.join(dir, 'plain.log'), path.join(dir, 'AWSLogs'), '--json');
    assert.equal(JSON.parse(r.out).records, 8);
  });

  it('prints a readable report that explains the evidence', async () => {
    const r = await cli('flowlogs', 'summarize', path.join(dir, 'plain.log'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /4 records from 1 input, 1 malformed line skipped/);
    assert.match(r.out, /1 records were the second copy of a flow logged on two interfaces/);
    assert.match(r.out, /eni-client\s+10\.0\.1\.10\s+10\.0\.2\.20\s+443\s+1\s+1/);
    assert.match(r.out, /network\s+ACL \(high confidence\)/);
    assert.match(r.out, /TCP resets: not available/);
  });

  it('prints ports as ports, counts with thousands separators', async () => {
    const file = path.join(dir, 'ports.log');
    writeFileSync(file, Array.from({ length: 1200 }, () => rec({ srcaddr: '198.51.100.7', dstport: 5432, action: 'REJECT', srcport: 40000 })).join('\n'));
    const r = await cli('flowlogs', 'summarize', file);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\s+5432\s+TCP\s+1,200$/m);
  });

  it('says when no line matched the format', async () => {
    const f = path.join(dir, 'custom.log');
    writeFileSync(f, '10.0.0.1 10.0.0.2 5\n');
    const r = await cli('flowlogs', 'summarize', f);
    assert.match(r.out, /No record could be read\. Is the format right\?/);
    const ok = await cli('flowlogs', 'summarize', f, '--format', '${srcaddr} ${dstaddr} ${bytes}', '--json');
    assert.equal(JSON.parse(ok.out).bytes, 5);
  });

  it('exits 1 for a missing file or a corrupt gzip, 2 for bad options', async () => {
    const missing = await cli('flowlogs', 'summarize', path.join(dir, 'nope.log'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /nope\.log: no such file or folder/);
    const broken = await cli('flowlogs', 'summarize', path.join(dir, 'broken.log.gz'));
    assert.equal(broken.code, 1);
    assert.match(broken.err, /broken\.log\.gz.*(corrupt or truncated gzip|unexpected end)/);
    assert.equal((await cli('flowlogs', 'summarize', path.join(dir, 'plain.log'), '--top', 'x')).code, 2);
    const fmt = await cli('flowlogs', 'summarize', path.join(dir, 'plain.log'), '--format', '${srcaddr} oops!');
    assert.equal(fmt.code, 2);
    assert.match(fmt.err, /--format: 'oops!' is not a flow-log field/);
    assert.equal((await cli('flowlogs', 'summarize')).code, 2);
    const threads = await cli('flowlogs', 'summarize', path.join(dir, 'plain.log'), '--threads', '3');
    assert.equal(threads.code, 2);
    assert.match(threads.err, /--threads expects 1 or 2, got '3'/);
    // With a counting thread running, a bad input still ends in its error (and the thread is stopped).
    const brokenTwo = await cli('flowlogs', 'summarize', path.join(dir, 'broken.log.gz'), '--threads', '2');
    assert.equal(brokenTwo.code, 1);
    assert.match(brokenTwo.err, /broken\.log\.gz.*(corrupt or truncated gzip|unexpected end)/);
  });

  it('prints the same summary on one thread and on two', async () => {
    const inputs = [path.join(dir, 'plain.log'), path.join(dir, 'AWSLogs')];
    const one = await cli('flowlogs', 'summarize', ...inputs, '--json', '--threads', '1');
    const two = await cli('flowlogs', 'summarize', ...inputs, '--json', '--threads', '2');
    assert.equal(one.code, 0, one.err);
    assert.ok(JSON.parse(one.out).records > 0);
    assert.equal(two.out, one.out);
  });

  // These start the bundled CLI as a process, twice: seconds on a loaded machine, not milliseconds.
  it("reads stdin for '-' (plain or gzip)", function () {
    this.timeout(30_000);
    const cliJs = path.join(repoRoot, 'dist', 'cli.js');
    for (const input of [Buffer.from(lines.join('\n')), gzipSync(lines.join('\n'))]) {
      const r = spawnSync(process.execPath, [cliJs, 'flowlogs', 'summarize', '-', '--json'], { input, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).records, 4);
    }
  });

  it("reads '-' from a real pipe, as after `flowlogs fetch |` (plain or gzip)", function () {
    this.timeout(30_000);
    const cliJs = path.join(repoRoot, 'dist', 'cli.js');
    const plain = path.join(dir, 'pipe.log');
    writeFileSync(plain, lines.join('\n'));
    writeFileSync(`${plain}.gz`, gzipSync(lines.join('\n')));
    for (const f of [plain, `${plain}.gz`]) {
      const r = spawnSync('sh', ['-c', 'cat "$0" | "$1" "$2" flowlogs summarize - --json', f, process.execPath, cliJs], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual([JSON.parse(r.stdout).records, JSON.parse(r.stdout).skippedLines], [4, 1]);
    }
  });
});
