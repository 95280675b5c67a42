import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { runCli } from '../../support/cli';

const cli = runCli;

async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

describe('flowscope sqs CLI: usage and failures (no AWS needed)', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const k of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_PROFILE']) delete process.env[k];
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    // The developer's ~/.aws must not supply a region or endpoint here.
    process.env.AWS_CONFIG_FILE = '/nonexistent/flowscope-test/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/flowscope-test/credentials';
  });
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('lists the sqs subcommands, each with --profile, --region and --endpoint', async () => {
    const r = await cli('sqs', '--help');
    assert.equal(r.code, 0);
    for (const sub of ['list', 'peek', 'send', 'purge', 'redrive']) {
      assert.match(r.out, new RegExp(`^\\s+${sub}\\b`, 'm'));
      const h = await cli('sqs', sub, '--help');
      for (const flag of ['--profile', '--region', '--endpoint']) assert.match(h.out, new RegExp(flag), `${sub} ${flag}`);
    }
  });

  it('explains the DLQ risk in peek --help', async () => {
    const r = await cli('sqs', 'peek', '--help');
    assert.match(r.out, /counts toward a redrive policy's maxReceiveCount/);
    assert.match(r.out, /--allow-dlq-risk/);
  });

  it('refuses purge without --yes (exit 2), says what it would do and the 60 s rule, and contacts nobody', async () => {
    const r = await cli('sqs', 'purge', 'orders', '--region', 'eu-west-1', '--endpoint', await closedPort());
    assert.equal(r.code, 2);
    assert.match(r.err, /not purging: this would delete every message in orders .*one purge per queue every 60 seconds.*--yes/);
  });

  it('refuses redrive without --yes (exit 2)', async () => {
    const r = await cli('sqs', 'redrive', 'orders-dlq', '--region', 'eu-west-1');
    assert.equal(r.code, 2);
    assert.match(r.err, /not redriving: this would move every message in orders-dlq back/);
  });

  it('exits 2 without a region and on a bad region, -n or --delay', async () => {
    assert.match((await cli('sqs', 'list')).err, /no AWS region: pass --region/);
    const bad = await cli('sqs', 'list', '--region', 'Frankfurt');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /'Frankfurt' is not an AWS region name/);
    assert.equal((await cli('sqs', 'peek', 'q', '-n', 'all', '--region', 'eu-west-1')).code, 2);
    assert.equal((await cli('sqs', 'send', 'q', '--body', 'x', '--delay', '901', '--region', 'eu-west-1')).code, 2);
    assert.equal((await cli('sqs', 'send', 'q', '--region', 'eu-west-1')).code, 2, '--body is required');
  });

  it('fails fast with exit 1 and the cause in words when the endpoint refuses connections', async () => {
    const endpoint = await closedPort();
    const t0 = Date.now();
    const r = await cli('sqs', 'list', '--json', '--region', 'eu-west-1', '--endpoint', endpoint, '--timeout', '2000');
    assert.equal(r.code, 1);
    assert.equal(r.out, '', 'nothing on stdout for a failed --json command');
    assert.match(r.err, new RegExp(`cannot connect to the AWS endpoint ${endpoint.replace(/\./g, '\\.')}: connection refused`));
    assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
  });
});
