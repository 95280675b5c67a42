import { loadSandboxModule, setSandbox, type Sandbox } from './sandbox';

/*
 * Mocha root hooks for the integration tier (scripts/run-mocha.mjs --require's the compiled file):
 * start the local backends once before all suites and stop them after, also when tests fail. The
 * AWS variables point every SDK client without an explicit endpoint at moto, so no integration test
 * can reach real AWS by accident.
 */

const awsEnvKeys = ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_EC2_METADATA_DISABLED'];
const savedEnv: Record<string, string | undefined> = {};
let sb: Sandbox | undefined;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    // The first run on a fresh machine installs Debian packages and compiles the Kafka launcher.
    this.timeout(300000);
    const { startSandbox } = await loadSandboxModule();
    const log = (msg: string) => process.stderr.write(`[sandbox] ${msg}\n`);
    sb = await startSandbox({ log, withSampleData: true });
    setSandbox(sb);
    for (const k of awsEnvKeys) savedEnv[k] = process.env[k];
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    process.env.AWS_ENDPOINT_URL = sb.awsEndpoint;
    process.env.AWS_REGION = sb.region;
    process.env.AWS_ACCESS_KEY_ID = sb.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = sb.credentials.secretAccessKey;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(30000);
    setSandbox(undefined);
    for (const k of awsEnvKeys) {
      if (!(k in savedEnv)) continue;
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    await sb?.stop();
    sb = undefined;
  },
};
