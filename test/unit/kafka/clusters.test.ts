import * as assert from 'node:assert/strict';
import { clientOptionsFor, nameFilter, newClusterId, parseClusterSettings, validateCluster, type ClusterConfig } from '../../../src/core/kafka/clusters';
import { describeMskToken, mskIamSasl, mskIamToken } from '../../../src/core/kafka/msk';

const ctx = (files: Record<string, string> = {}) => ({
  readFile: async (f: string) => {
    if (!(f in files)) throw Object.assign(new Error(`ENOENT: ${f}`), { code: 'ENOENT' });
    return Buffer.from(files[f]);
  },
  connectionTimeoutMs: 1000,
  requestTimeoutMs: 2000,
});

const base: ClusterConfig = { id: 'prod-1', name: 'prod', bootstrap: 'b1:9092, b2:9092', security: 'none' };

describe('kafka clusters: saved connections', () => {
  it('reads valid entries and reports unusable ones in words instead of dropping them silently', () => {
    const { clusters, problems } = parseClusterSettings([
      base,
      { id: 'x', name: 'broken', bootstrap: 'no-port', security: 'none' },
      { id: 's', name: 'sasl', bootstrap: 'h:1', security: 'sasl-plain' },
      { ...base, name: 'dup' },
      'nonsense',
    ]);
    assert.deepEqual(clusters.map((c) => c.name), ['prod']);
    assert.equal(problems.length, 4);
    assert.match(problems[0], /clusters\[1\] \(broken\): invalid Kafka bootstrap server 'no-port'/);
    assert.match(problems[1], /clusters\[2\] \(sasl\): SASL needs a user name/);
    assert.match(problems[2], /its id prod-1 is used twice/);
    assert.match(problems[3], /clusters\[4\] is not an object/);
  });

  it('ignores a password pasted into settings and says where secrets belong', () => {
    const { clusters, problems } = parseClusterSettings([{ ...base, security: 'sasl-plain', username: 'u', password: 'hunter2' }]);
    assert.equal((clusters[0] as unknown as Record<string, unknown>).password, undefined);
    assert.match(problems[0], /password ignored: secrets belong in secret storage/);
  });

  it('requires a key with a client certificate', () => {
    assert.deepEqual(validateCluster({ ...base, security: 'tls', certFile: '/c.pem' }), ['a client certificate needs its key file']);
  });

  it('builds SASL SCRAM options with the password from secret storage, over TLS by default', async () => {
    const o = await clientOptionsFor({ ...base, security: 'sasl-scram-sha-512', username: 'app' }, { password: 'pw' }, ctx());
    assert.deepEqual(o.brokers, ['b1:9092', 'b2:9092']);
    assert.deepEqual(o.sasl, { mechanism: 'scram-sha-512', username: 'app', password: 'pw' });
    assert.equal(o.ssl, true);
    assert.equal(o.connectionTimeoutMs, 1000);
    assert.equal(o.requestTimeoutMs, 2000);
  });

  it('says so when the SASL password is missing from secret storage', async () => {
    await assert.rejects(clientOptionsFor({ ...base, security: 'sasl-plain', username: 'u' }, {}, ctx()), /no password is stored for prod: use Edit Kafka Cluster/);
  });

  it('reads CA, certificate and key files for TLS and passes the passphrase', async () => {
    const o = await clientOptionsFor({ ...base, security: 'tls', caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' }, { keyPassphrase: 'pp' }, ctx({ '/ca.pem': 'CA', '/c.pem': 'CERT', '/k.pem': 'KEY' }));
    const ssl = o.ssl as { ca: Buffer; cert: Buffer; key: Buffer; passphrase: string };
    assert.equal(ssl.ca.toString(), 'CA');
    assert.equal(ssl.cert.toString(), 'CERT');
    assert.equal(ssl.key.toString(), 'KEY');
    assert.equal(ssl.passphrase, 'pp');
    assert.equal(o.sasl, undefined);
  });

  it('names the unreadable TLS file', async () => {
    await assert.rejects(clientOptionsFor({ ...base, security: 'tls', caFile: '/missing.pem' }, {}, ctx()), /cannot read the CA certificate file \/missing.pem: no such file/);
  });

  it('uses no TLS for SASL_PLAINTEXT and none for plain connections', async () => {
    assert.equal((await clientOptionsFor({ ...base, security: 'sasl-plain', username: 'u', tls: false }, { password: 'p' }, ctx())).ssl, false);
    assert.equal((await clientOptionsFor(base, {}, ctx())).ssl, false);
  });

  it('makes ids from the name that do not collide', () => {
    let n = 0;
    const seq = () => [0.5, 0.5, 0.25][n++];
    const first = newClusterId('My Prod Cluster!', [], () => 0.5);
    assert.match(first, /^my-prod-cluster-[0-9a-f]{6}$/);
    const second = newClusterId('My Prod Cluster!', [first], seq);
    assert.notEqual(second, first);
  });

  it('filters names by substring, or by glob when the filter has * or ?', () => {
    const names = ['orders', 'orders-dlq', 'payments', 'audit'];
    assert.deepEqual(names.filter(nameFilter('ORD')), ['orders', 'orders-dlq']);
    assert.deepEqual(names.filter(nameFilter('*s')), ['orders', 'payments']);
    assert.deepEqual(names.filter(nameFilter('a?dit')), ['audit']);
    assert.deepEqual(names.filter(nameFilter('')), names);
    assert.deepEqual(names.filter(nameFilter('orders.')), [], 'a dot is literal, not a regexp wildcard');
  });
});

describe('kafka clusters: AWS MSK IAM', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

  it('signs a kafka-cluster:Connect token for the region with AWS’s signer', async () => {
    const { token, expiryTime } = await mskIamToken({ region: 'eu-west-1', credentials });
    const t = describeMskToken(token);
    assert.equal(t.host, 'kafka.eu-west-1.amazonaws.com');
    assert.equal(t.action, 'kafka-cluster:Connect');
    assert.equal(t.region, 'eu-west-1');
    assert.equal(t.expiresSeconds, 900);
    assert.ok(t.signed, 'the token carries a SigV4 signature');
    assert.ok(expiryTime > Date.now());
  });

  it('gives kafkajs an OAUTHBEARER provider that signs a fresh token on each call', async () => {
    const sasl = mskIamSasl({ region: 'us-east-1', credentials }) as { mechanism: string; oauthBearerProvider: () => Promise<{ value: string }> };
    assert.equal(sasl.mechanism, 'oauthbearer');
    const { value } = await sasl.oauthBearerProvider();
    assert.equal(describeMskToken(value).region, 'us-east-1');
  });

  it('signs with the named profile’s credentials', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msk-'));
    writeFileSync(path.join(dir, 'credentials'), '[team]\naws_access_key_id = AKIDTEAM\naws_secret_access_key = secret\n');
    writeFileSync(path.join(dir, 'config'), '');
    const saved = { ...process.env };
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      const { token } = await mskIamToken({ region: 'eu-central-1', profile: 'team' });
      const url = new URL(Buffer.from(token, 'base64url').toString());
      assert.match(url.searchParams.get('X-Amz-Credential') ?? '', /^AKIDTEAM\//);
    } finally {
      process.env = saved;
    }
  });

  it('asks for a region instead of signing for none', async () => {
    await assert.rejects(mskIamToken({ region: '', credentials }), /AWS MSK IAM needs an AWS region/);
  });

  it('plugs into the client options of an aws-msk-iam cluster, always over TLS', async () => {
    const o = await clientOptionsFor({ ...base, security: 'aws-msk-iam', awsRegion: 'eu-west-1' }, {}, { ...ctx(), mskIam: (c) => mskIamSasl({ region: c.awsRegion ?? '', credentials }) });
    assert.equal(o.ssl, true);
    assert.equal((o.sasl as { mechanism: string }).mechanism, 'oauthbearer');
  });
});
