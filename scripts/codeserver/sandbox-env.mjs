// The local backends for the code-server tiers (vscode and e2e): the sandbox of scripts/sandbox.mjs with its
// sample data, and what code-server needs to reach it. Tests inside the extension host read
// FLOWSCOPE_TEST_SANDBOX (JSON: kafkaBootstrap, awsEndpoint, region, sample); AWS settings point Flowscope at moto,
// and the dummy keys reach the SDK's credential chain as environment, never as settings.
import { startSandbox } from '../sandbox.mjs';

/** Starts the sandbox; returns it with the env and user settings to start code-server with. */
export async function startTierSandbox({ log }) {
  const sb = await startSandbox({ log: (m) => log(`sandbox: ${m}`), withSampleData: true, handleSignals: false });
  const env = {
    AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey,
    AWS_REGION: sb.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    // No real profile or session may leak into a test run.
    AWS_PROFILE: '',
    AWS_SESSION_TOKEN: '',
    FLOWSCOPE_TEST_SANDBOX: JSON.stringify({ kafkaBootstrap: sb.kafkaBootstrap, awsEndpoint: sb.awsEndpoint, region: sb.region, sample: sb.sample }),
  };
  const settings = { 'flowscope.aws.endpoint': sb.awsEndpoint, 'flowscope.aws.regions': [sb.region] };
  return { sandbox: sb, env, settings };
}
