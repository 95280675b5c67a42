// AWS MSK IAM authentication: SASL OAUTHBEARER with a token that AWS's own signer package makes from the
// AWS credential chain (the same profile the AWS side of Flowscope uses). Nothing secret is stored: the
// token is signed anew for every connection and expires after 15 minutes.
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import type { SASLOptions } from 'kafkajs';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '../aws/clients';

export interface MskIamOptions {
  region: string;
  /** AWS profile; empty: the SDK's default chain (AWS_PROFILE, environment, 'default', SSO, instance role). */
  profile?: string;
  /** For tests and tools; normally the credential chain for `profile`. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** Signs one MSK IAM token (a base64url presigned kafka-cluster:Connect URL) with its expiry. */
export async function mskIamToken(opts: MskIamOptions): Promise<{ token: string; expiryTime: number }> {
  const region = opts.region?.trim();
  if (!region) throw new Error('AWS MSK IAM needs an AWS region: choose one in the cluster settings or with Flowscope: Choose AWS Profile and Region');
  const creds = opts.credentials;
  const provider: AwsCredentialIdentityProvider =
    typeof creds === 'function' ? creds : creds ? async () => creds : fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {});
  try {
    return await generateAuthTokenFromCredentialsProvider({ region, awsCredentialsProvider: provider });
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    throw new Error(`cannot sign the AWS MSK IAM token${opts.profile ? ` with profile ${opts.profile}` : ''}: ${msg}`);
  }
}

/** kafkajs SASL options for MSK IAM: OAUTHBEARER with a freshly signed token per authentication. */
export function mskIamSasl(opts: MskIamOptions): SASLOptions {
  return {
    mechanism: 'oauthbearer',
    oauthBearerProvider: async () => ({ value: (await mskIamToken(opts)).token }),
  };
}

/** Reads a token back into its presigned URL's parts (for tests and for the connection's tooltip). */
export function describeMskToken(token: string): { host: string; action: string | null; region: string | null; expiresSeconds: number | null; signed: boolean } {
  const url = new URL(Buffer.from(token, 'base64url').toString('utf8'));
  const credential = url.searchParams.get('X-Amz-Credential') ?? '';
  return {
    host: url.host,
    action: url.searchParams.get('Action'),
    region: credential.split('/')[2] ?? null,
    expiresSeconds: url.searchParams.has('X-Amz-Expires') ? Number(url.searchParams.get('X-Amz-Expires')) : null,
    signed: /^[0-9a-f]{64}$/.test(url.searchParams.get('X-Amz-Signature') ?? ''),
  };
}
