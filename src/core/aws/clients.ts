import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AwsConfigError } from './errors';

/** Static keys (tests, tools) in the SDK's shape. */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
export type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;

/** How to reach AWS (or a local emulator such as moto or LocalStack). */
export interface AwsConnectionOptions {
  /** Required: Flowscope never guesses a region. */
  region: string;
  /** A profile from ~/.aws/config and ~/.aws/credentials; empty or omitted: the SDK's default chain. */
  profile?: string;
  /**
   * Endpoint override for every service (moto, LocalStack). Omitted: the SDK honours AWS_ENDPOINT_URL
   * itself (and endpoint_url of the AWS_PROFILE profile, but not of `profile`: pass that one here).
   */
  endpoint?: string;
  /** Upper bound for one HTTP request (connect + answer); also used for the connection phase. */
  requestTimeoutMs?: number;
  /** Attempts per call, the first one included. */
  maxAttempts?: number;
  /** Explicit credentials; only for tests and tools. Normally the provider chain (with `profile`) is used. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export const DEFAULT_AWS_REQUEST_TIMEOUT_MS = 15000;
export const DEFAULT_AWS_MAX_ATTEMPTS = 2;

/** The subset of the SDK v3 client configuration Flowscope sets; every SDK client accepts it. */
export interface FlowscopeAwsClientConfig {
  region: string;
  /**
   * Also given to the client (the SDK's per-client profile setting). Note: the SDK reads a profile's
   * endpoint_url only for AWS_PROFILE, not for this setting; callers pass it as `endpoint`
   * (./profiles.ts reads it).
   */
  profile?: string;
  endpoint?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  requestHandler: NodeHttpHandler;
  maxAttempts: number;
}

// Defined with the other errors so that modules the extension loads at activation (advice.ts) need not load the SDK.
export { AwsConfigError } from './errors';

/** Builds the configuration createAwsClient passes to a client constructor (exported for tools that need it). */
export function awsClientConfig(opts: AwsConnectionOptions): FlowscopeAwsClientConfig {
  const region = opts.region?.trim();
  if (!region) {
    throw new AwsConfigError(
      'no AWS region chosen: pick one with "Flowscope: Choose AWS Profile and Region", set flowscope.aws.regions, or pass --region',
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new AwsConfigError(`'${region}' is not an AWS region name (expected something like eu-west-1)`);
  }
  const endpoint = opts.endpoint?.trim();
  if (endpoint) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new AwsConfigError(`invalid AWS endpoint '${endpoint}' (expected a URL such as http://127.0.0.1:5000)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new AwsConfigError(`invalid AWS endpoint '${endpoint}': only http and https URLs are supported`);
    }
  }
  const timeout = opts.requestTimeoutMs ?? DEFAULT_AWS_REQUEST_TIMEOUT_MS;
  if (!(timeout > 0)) throw new AwsConfigError(`the AWS request timeout must be a positive number of milliseconds, got ${timeout}`);
  const profile = opts.profile?.trim();
  return {
    region,
    ...(profile ? { profile } : {}),
    ...(endpoint ? { endpoint } : {}),
    credentials: opts.credentials ?? fromNodeProviderChain(profile ? { profile } : {}),
    requestHandler: new NodeHttpHandler({
      connectionTimeout: timeout,
      requestTimeout: timeout,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    }),
    maxAttempts: Math.max(1, Math.floor(opts.maxAttempts ?? DEFAULT_AWS_MAX_ATTEMPTS)),
  };
}

/**
 * The ONE place that builds AWS SDK v3 clients:
 *   const sqs = createAwsClient(SQSClient, { region, profile, endpoint, requestTimeoutMs });
 * Credentials come from the SDK's Node provider chain (environment, SSO, ~/.aws files, process,
 * IMDS), for the given profile when one is set.
 */
export function createAwsClient<C, X extends object = Record<never, never>>(
  ClientClass: new (config: FlowscopeAwsClientConfig & X) => C,
  opts: AwsConnectionOptions,
  /** Settings of that one service, e.g. { forcePathStyle: true } for S3 behind an emulator. */
  serviceConfig?: X,
): C {
  return new ClientClass({ ...awsClientConfig(opts), ...(serviceConfig as X) });
}
