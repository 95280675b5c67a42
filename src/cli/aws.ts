// What every AWS command of the CLI shares: the --profile/--region/--endpoint/--timeout options, resolving
// them in the AWS CLI's order (so messages can name them), one service per command that is always closed,
// Ctrl+C cancelling the call in flight, and AWS failures turned into exit codes.
import type { Command } from 'commander';
import type { AwsConnectionOptions } from '../core/aws/clients';
import { AwsConfigError, AwsError } from '../core/aws/errors';
import { activeProfileName, resolveEndpoint, resolveRegion } from '../core/aws/profiles';
import { OperationError, UsageError } from './program';

export interface AwsOpts {
  profile?: string;
  region?: string;
  endpoint?: string;
  timeout: string;
}

/** Adds the AWS connection options; `envSuffix` names the service's endpoint variable (AWS_ENDPOINT_URL_SQS). */
export function awsOptions(cmd: Command, envSuffix?: string): Command {
  const endpointVars = [envSuffix ? `AWS_ENDPOINT_URL_${envSuffix}` : undefined, 'AWS_ENDPOINT_URL', "the profile's endpoint_url"].filter(Boolean).join(', ');
  return cmd
    .option('--profile <name>', 'AWS profile from ~/.aws/config (default: the SDK chain: AWS_PROFILE, environment keys, default profile)')
    .option('--region <region>', "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)")
    .option('--endpoint <url>', `endpoint override, e.g. http://127.0.0.1:5000 for moto or LocalStack (default: ${endpointVars})`)
    .option('--timeout <ms>', 'how long to wait for one AWS request', '15000');
}

/**
 * Opens a service for one command with `connect` and always closes it. Ctrl+C aborts the signal, so the AWS
 * call in flight is cancelled (a loop stops between batches) instead of the process dying halfway through.
 * Bad options exit 2; AWS failures exit 1 with the error in words.
 */
export async function withAwsService<S extends { close(): void }, T>(
  opts: AwsOpts,
  envSuffix: string | undefined,
  connect: (o: AwsConnectionOptions) => S | Promise<S>,
  fn: (s: S, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (!/^\d+$/.test(opts.timeout.trim()) || Number(opts.timeout) < 1) throw new UsageError(`--timeout expects a whole number of milliseconds, got '${opts.timeout}'`);
  // The SDK's notice about its Node support from 2027 on would land on stderr, where the CLI's errors go,
  // on every run; it concerns the SDK's maintainers, not this command. An explicit setting wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const region = await resolveRegion({ region: opts.region, profile: opts.profile });
  if (!region) throw new UsageError(`no AWS region: pass --region, set AWS_REGION, or add region to profile '${activeProfileName(opts.profile)}' in ~/.aws/config`);
  const endpoint = await resolveEndpoint({ endpoint: opts.endpoint, profile: opts.profile, serviceEnvSuffix: envSuffix });
  let service: S;
  try {
    service = await connect({ region: region.region, profile: opts.profile, endpoint: endpoint?.endpoint, requestTimeoutMs: Number(opts.timeout) });
  } catch (e) {
    if (e instanceof AwsConfigError) throw new UsageError(e.message);
    throw e;
  }
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    return await fn(service, ac.signal);
  } catch (e) {
    if (e instanceof UsageError || e instanceof OperationError) throw e;
    if (e instanceof AwsError && e.kind === 'config') throw new UsageError(e.message);
    throw new OperationError(e instanceof Error ? e.message : String(e));
  } finally {
    process.removeListener('SIGINT', onSigint);
    service.close();
  }
}
