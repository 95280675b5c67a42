import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AwsConfigError, createAwsClient } from '../../../src/core/aws/clients';
import { AwsError, toAwsError } from '../../../src/core/aws/errors';

const creds = { accessKeyId: 'AKIDUNITTEST', secretAccessKey: 'secret' };

interface Seen {
  target: string | undefined;
  authorization: string | undefined;
}

/** A tiny stand-in for SQS's JSON protocol: answers ListQueues and records what it saw. */
async function fakeSqs(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ target: req.headers['x-amz-target'] as string | undefined, authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ QueueUrls: ['http://fake/123456789012/from-fake'] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

/** A port that accepts TCP connections and never answers. */
async function silentPort(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

function withEnv(vars: Record<string, string | undefined>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

describe('createAwsClient', () => {
  let restoreEnv: () => void = () => {};
  beforeEach(() => {
    // Nothing from the developer's machine may leak into these tests.
    restoreEnv = withEnv({ AWS_ENDPOINT_URL: undefined, AWS_ENDPOINT_URL_SQS: undefined, AWS_PROFILE: undefined, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined });
  });
  afterEach(() => restoreEnv());

  it('sends requests to the endpoint override', async () => {
    const fake = await fakeSqs();
    try {
      const sqs = createAwsClient(SQSClient, { region: 'eu-west-1', endpoint: fake.url, credentials: creds, requestTimeoutMs: 2000 });
      const out = await sqs.send(new ListQueuesCommand({}));
      sqs.destroy();
      assert.deepEqual(out.QueueUrls, ['http://fake/123456789012/from-fake']);
      assert.equal(fake.seen.length, 1);
      assert.equal(fake.seen[0].target, 'AmazonSQS.ListQueues');
      assert.match(fake.seen[0].authorization ?? '', /Credential=AKIDUNITTEST\/\d{8}\/eu-west-1\/sqs\//);
    } finally {
      await fake.close();
    }
  });

  it('lets the SDK honour AWS_ENDPOINT_URL when no endpoint is given', async () => {
    const fake = await fakeSqs();
    try {
      process.env.AWS_ENDPOINT_URL = fake.url;
      const sqs = createAwsClient(SQSClient, { region: 'us-east-1', credentials: creds, requestTimeoutMs: 2000 });
      const out = await sqs.send(new ListQueuesCommand({}));
      sqs.destroy();
      assert.deepEqual(out.QueueUrls, ['http://fake/123456789012/from-fake']);
      assert.equal(fake.seen.length, 1);
    } finally {
      await fake.close();
    }
  });

  it('takes credentials from the named profile through the provider chain', async () => {
    const fake = await fakeSqs();
    const dir = mkdtempSync(path.join(tmpdir(), 'flowscope-aws-'));
    const restore = withEnv({
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_CONFIG_FILE: path.join(dir, 'config'),
    });
    try {
      writeFileSync(path.join(dir, 'credentials'), '[sandbox]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = profile-secret\n');
      writeFileSync(path.join(dir, 'config'), '[profile sandbox]\nregion = eu-central-1\n');
      const sqs = createAwsClient(SQSClient, { region: 'us-east-1', profile: 'sandbox', endpoint: fake.url, requestTimeoutMs: 2000 });
      await sqs.send(new ListQueuesCommand({}));
      sqs.destroy();
      assert.match(fake.seen[0].authorization ?? '', /Credential=AKIDFROMPROFILE\//);
    } finally {
      restore();
      rmSync(dir, { recursive: true, force: true });
      await fake.close();
    }
  });

  it('requires a region, with a message that says how to choose one', () => {
    assert.throws(() => createAwsClient(SQSClient, { region: '' }), (e: unknown) => e instanceof AwsConfigError && /no AWS region chosen/.test(e.message));
    assert.throws(() => createAwsClient(SQSClient, { region: 'not a region' }), /not an AWS region name/);
    assert.throws(() => createAwsClient(SQSClient, { region: 'us-east-1', endpoint: 'localhost:4566' }), /invalid AWS endpoint 'localhost:4566'/);
  });

  it('gives up on an endpoint that accepts connections but never answers, within the request timeout', async () => {
    const silent = await silentPort();
    try {
      const sqs = createAwsClient(SQSClient, { region: 'us-east-1', endpoint: silent.url, credentials: creds, requestTimeoutMs: 300, maxAttempts: 1 });
      const t0 = Date.now();
      const err = await sqs.send(new ListQueuesCommand({})).then(() => null, (e: unknown) => e);
      const elapsed = Date.now() - t0;
      sqs.destroy();
      assert.ok(err, 'the request should have failed');
      assert.ok(elapsed >= 250 && elapsed < 2000, `failed after ${elapsed} ms, expected about 300 ms`);
      const mapped = toAwsError(err, { endpoint: silent.url, requestTimeoutMs: 300 });
      assert.equal(mapped.kind, 'timeout');
      assert.equal(mapped.message, `no answer from the AWS endpoint ${silent.url} within 300 ms (flowscope.aws.requestTimeoutMs)`);
    } finally {
      await silent.close();
    }
  });

  it('bounds the total time by attempts x timeout (default attempts retry once)', async () => {
    const silent = await silentPort();
    try {
      const sqs = createAwsClient(SQSClient, { region: 'us-east-1', endpoint: silent.url, credentials: creds, requestTimeoutMs: 200 });
      const t0 = Date.now();
      const err = (await sqs.send(new ListQueuesCommand({})).then(() => null, (e: unknown) => e)) as { $metadata?: { attempts?: number } } | null;
      const elapsed = Date.now() - t0;
      sqs.destroy();
      assert.equal(err?.$metadata?.attempts, 2);
      assert.ok(elapsed < 2500, `took ${elapsed} ms`);
    } finally {
      await silent.close();
    }
  });

  it('fails fast with a clear error on a closed port', async () => {
    const url = await closedPort();
    const sqs = createAwsClient(SQSClient, { region: 'us-east-1', endpoint: url, credentials: creds, requestTimeoutMs: 5000, maxAttempts: 1 });
    const t0 = Date.now();
    const err = await sqs.send(new ListQueuesCommand({})).then(() => null, (e: unknown) => e);
    sqs.destroy();
    assert.ok(Date.now() - t0 < 2000);
    const mapped = toAwsError(err, { endpoint: url });
    assert.ok(mapped instanceof AwsError);
    assert.equal(mapped.kind, 'unreachable');
    assert.equal(mapped.message, `cannot connect to the AWS endpoint ${url}: connection refused`);
  });

  it('says which profile has no credentials', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowscope-aws-'));
    const restore = withEnv({ AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_EC2_METADATA_DISABLED: 'true' });
    try {
      const url = await closedPort();
      const sqs = createAwsClient(SQSClient, { region: 'us-east-1', profile: 'missing', endpoint: url, requestTimeoutMs: 1000, maxAttempts: 1 });
      const err = await sqs.send(new ListQueuesCommand({})).then(() => null, (e: unknown) => e);
      sqs.destroy();
      const mapped = toAwsError(err, { profile: 'missing' });
      assert.equal(mapped.kind, 'credentials');
      assert.match(mapped.message, /^no usable AWS credentials from profile 'missing'/);
    } finally {
      restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toAwsError', () => {
  it('maps SDK service errors by name', () => {
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    assert.equal(toAwsError(denied, { service: 'SQS', region: 'eu-west-1' }).message, 'access denied by AWS SQS in eu-west-1 (AccessDeniedException): User is not authorized');
    const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
    assert.equal(toAwsError(expired).kind, 'credentials');
    const missing = Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist' });
    assert.equal(toAwsError(missing).kind, 'not-found');
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    assert.equal(toAwsError(throttled).kind, 'throttled');
    const other = Object.assign(new Error('bad attribute'), { name: 'InvalidAttributeName' });
    assert.equal(toAwsError(other).message, 'InvalidAttributeName: bad attribute');
  });
});
