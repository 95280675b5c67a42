import { loadSharedConfigFiles } from '@smithy/core/config';

/*
 * AWS profiles and the region/endpoint they imply, read with the SDK's own loader of ~/.aws/config
 * and ~/.aws/credentials (honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE). Credentials
 * themselves are never read here: createAwsClient hands the profile name to the SDK's provider chain.
 */

export type ProfileKind = 'sso' | 'role' | 'process' | 'static' | 'other';

export interface AwsProfile {
  name: string;
  region: string | null;
  /** endpoint_url from the profile (LocalStack, moto), or null. */
  endpointUrl: string | null;
  /** How the SDK will get credentials for it; for the picker's description. */
  kind: ProfileKind;
  /** Which files mention it. */
  files: ('config' | 'credentials')[];
}

export interface ProfileFiles {
  /** Overrides for tests; by default the SDK's own locations and environment variables. */
  configFilepath?: string;
  filepath?: string;
}

type Section = Record<string, string | undefined>;

function kindOf(config: Section | undefined, creds: Section | undefined): ProfileKind {
  const all = { ...creds, ...config };
  if (all.sso_session || all.sso_start_url || all.sso_account_id) return 'sso';
  if (all.role_arn) return 'role';
  if (all.credential_process) return 'process';
  if (all.aws_access_key_id) return 'static';
  return 'other';
}

async function load(files: ProfileFiles) {
  // ignoreCache: the user may have just run `aws configure` or `aws sso login` in a terminal.
  return loadSharedConfigFiles({ ...files, ignoreCache: true });
}

/** Every profile in the config and credentials files, sorted by name, 'default' first. */
export async function listProfiles(files: ProfileFiles = {}): Promise<AwsProfile[]> {
  const { configFile, credentialsFile } = await load(files);
  // The loader keys other section types ("sso-session name", "services name") as "type.name".
  const isProfile = (k: string) => !/^(sso-session|services)\./.test(k);
  const names = new Set([...Object.keys(configFile).filter(isProfile), ...Object.keys(credentialsFile)]);
  return [...names]
    .map((name): AwsProfile => {
      const c = configFile[name] as Section | undefined;
      const k = credentialsFile[name] as Section | undefined;
      return {
        name,
        region: c?.region ?? k?.region ?? null,
        endpointUrl: c?.endpoint_url ?? null,
        kind: kindOf(c, k),
        files: [...(c ? ['config' as const] : []), ...(k ? ['credentials' as const] : [])],
      };
    })
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** The profile the SDK will use: the explicit one, else AWS_PROFILE, else 'default'. */
export function activeProfileName(explicit?: string): string {
  return explicit?.trim() || process.env.AWS_PROFILE?.trim() || 'default';
}

export type RegionSource = 'option' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile';

/**
 * The region in the order the AWS CLI uses: the explicit choice, AWS_REGION, AWS_DEFAULT_REGION,
 * then the profile's `region`. Null when none is set: Flowscope asks rather than guessing.
 */
export async function resolveRegion(opts: { region?: string; profile?: string }, files: ProfileFiles = {}): Promise<{ region: string; source: RegionSource } | null> {
  if (opts.region?.trim()) return { region: opts.region.trim(), source: 'option' };
  if (process.env.AWS_REGION?.trim()) return { region: process.env.AWS_REGION.trim(), source: 'AWS_REGION' };
  if (process.env.AWS_DEFAULT_REGION?.trim()) return { region: process.env.AWS_DEFAULT_REGION.trim(), source: 'AWS_DEFAULT_REGION' };
  const name = activeProfileName(opts.profile);
  const profile = (await listProfiles(files)).find((p) => p.name === name);
  return profile?.region ? { region: profile.region, source: 'profile' } : null;
}

export type EndpointSource = 'option' | 'AWS_ENDPOINT_URL_SQS' | 'AWS_ENDPOINT_URL' | 'profile';

/**
 * The endpoint override in the SDK's order (explicit, service variable, global variable, the
 * profile's endpoint_url), so messages can name where a request went. Null: the real AWS endpoint.
 */
export async function resolveEndpoint(opts: { endpoint?: string; profile?: string; serviceEnvSuffix?: string }, files: ProfileFiles = {}): Promise<{ endpoint: string; source: EndpointSource | string } | null> {
  if (opts.endpoint?.trim()) return { endpoint: opts.endpoint.trim(), source: 'option' };
  const svcVar = opts.serviceEnvSuffix ? `AWS_ENDPOINT_URL_${opts.serviceEnvSuffix}` : undefined;
  if (svcVar && process.env[svcVar]?.trim()) return { endpoint: (process.env[svcVar] as string).trim(), source: svcVar };
  if (process.env.AWS_ENDPOINT_URL?.trim()) return { endpoint: process.env.AWS_ENDPOINT_URL.trim(), source: 'AWS_ENDPOINT_URL' };
  const name = activeProfileName(opts.profile);
  const profile = (await listProfiles(files)).find((p) => p.name === name);
  return profile?.endpointUrl ? { endpoint: profile.endpointUrl, source: 'profile' } : null;
}
