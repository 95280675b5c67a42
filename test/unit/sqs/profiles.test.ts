import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../../../src/cli/program';
import { listProfiles, resolveEndpoint, resolveRegion } from '../../../src/core/aws/profiles';

/* Profiles, region and endpoint resolution from real ~/.aws-style files in a temp folder. */

const config = `
[default]
region = eu-west-1

[profile dev-sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = eu-central-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile deploy]
role_arn = arn:aws:iam::111122223333:role/deploy
source_profile = default

[profile local]
region = us-east-1
endpoint_url = http://127.0.0.1:4566
`;
const credentials = `
[default]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = secret

[ci]
aws_access_key_id = AKIDCI
aws_secret_access_key = secret
region = ap-southeast-2
`;

const envKeys = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SQS', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

describe('AWS profiles, region and endpoint resolution', () => {
  let dir = '';
  let files = { configFilepath: '', filepath: '' };
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowscope-aws-'));
    files = { configFilepath: path.join(dir, 'config'), filepath: path.join(dir, 'credentials') };
    writeFileSync(files.configFilepath, config);
    writeFileSync(files.filepath, credentials);
    for (const k of envKeys) { saved[k] = process.env[k]; delete process.env[k]; }
  });
  afterEach(() => {
    for (const k of envKeys) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists profiles from both files, default first, with how each gets credentials', async () => {
    const ps = await listProfiles(files);
    assert.deepEqual(ps.map((p) => [p.name, p.kind, p.region]), [
      ['default', 'static', 'eu-west-1'],
      ['ci', 'static', 'ap-southeast-2'],
      ['deploy', 'role', null],
      ['dev-sso', 'sso', 'eu-central-1'],
      ['local', 'other', 'us-east-1'],
    ]);
    assert.deepEqual(ps[0].files, ['config', 'credentials']);
    assert.equal(ps.find((p) => p.name === 'local')?.endpointUrl, 'http://127.0.0.1:4566');
  });

  it('resolves the region: option, AWS_REGION, AWS_DEFAULT_REGION, then the profile (explicit, AWS_PROFILE, default)', async () => {
    assert.deepEqual(await resolveRegion({ region: 'sa-east-1', profile: 'dev-sso' }, files), { region: 'sa-east-1', source: 'option' });
    assert.deepEqual(await resolveRegion({ profile: 'dev-sso' }, files), { region: 'eu-central-1', source: 'profile' });
    assert.deepEqual(await resolveRegion({}, files), { region: 'eu-west-1', source: 'profile' }, 'the default profile');
    process.env.AWS_PROFILE = 'ci';
    assert.deepEqual(await resolveRegion({}, files), { region: 'ap-southeast-2', source: 'profile' });
    process.env.AWS_DEFAULT_REGION = 'us-west-1';
    assert.deepEqual(await resolveRegion({ profile: 'dev-sso' }, files), { region: 'us-west-1', source: 'AWS_DEFAULT_REGION' });
    process.env.AWS_REGION = 'us-west-2';
    assert.deepEqual(await resolveRegion({ profile: 'dev-sso' }, files), { region: 'us-west-2', source: 'AWS_REGION' });
    assert.equal((await resolveRegion({ profile: 'deploy' }, { configFilepath: path.join(dir, 'none'), filepath: path.join(dir, 'none2') }))?.region, 'us-west-2', 'missing files are fine');
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    assert.equal(await resolveRegion({ profile: 'deploy' }, files), null, 'no region anywhere: null, never a guess');
  });

  it('resolves the endpoint: option, AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, then the profile', async () => {
    assert.equal(await resolveEndpoint({ profile: 'default', serviceEnvSuffix: 'SQS' }, files), null);
    assert.deepEqual(await resolveEndpoint({ profile: 'local', serviceEnvSuffix: 'SQS' }, files), { endpoint: 'http://127.0.0.1:4566', source: 'profile' });
    process.env.AWS_ENDPOINT_URL = 'http://a:1';
    assert.equal((await resolveEndpoint({ profile: 'local', serviceEnvSuffix: 'SQS' }, files))?.source, 'AWS_ENDPOINT_URL');
    process.env.AWS_ENDPOINT_URL_SQS = 'http://b:2';
    assert.deepEqual(await resolveEndpoint({ profile: 'local', serviceEnvSuffix: 'SQS' }, files), { endpoint: 'http://b:2', source: 'AWS_ENDPOINT_URL_SQS' });
    assert.equal((await resolveEndpoint({ endpoint: 'http://c:3', serviceEnvSuffix: 'SQS' }, files))?.source, 'option');
  });

  it('the CLI uses the profile\'s region and endpoint_url (error names the endpoint it tried)', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    writeFileSync(files.configFilepath, `[profile moto]\nregion = eu-north-1\nendpoint_url = http://127.0.0.1:${port}\naws_access_key_id = test\naws_secret_access_key = test\n`);
    process.env.AWS_CONFIG_FILE = files.configFilepath;
    process.env.AWS_SHARED_CREDENTIALS_FILE = files.filepath;
    let err = '';
    const code = await run(['sqs', 'list', '--profile', 'moto', '--timeout', '2000'], { out: () => {}, err: (s) => { err += s; } });
    assert.equal(code, 1);
    assert.match(err, new RegExp(`cannot connect to the AWS endpoint http://127\\.0\\.0\\.1:${port}: connection refused`));
  });
});
