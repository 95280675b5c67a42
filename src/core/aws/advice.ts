import { AwsConfigError, AwsError, type AwsErrorKind } from './errors';
import { describeAwsFailure } from './failures';

/*
 * What a person should do about a failed AWS call, next to the cause: the error nodes of the AWS
 * views show both. The cause is the AwsError's message; the action depends on its kind.
 */

export interface AwsAdviceContext {
  /** The service, for the wording ('SQS', 'EC2'). */
  service?: string;
  /** The profile the SDK used ('default' when none was chosen). */
  profile: string;
  region: string;
  /** The endpoint override, when there is one. */
  endpoint?: string;
  /** The permissions the view needs, e.g. ['sqs:ListQueues', 'sqs:GetQueueAttributes']. */
  permissions?: string[];
}

export interface AwsAdvice {
  kind: AwsErrorKind;
  /** What went wrong, in words. */
  cause: string;
  /** What to do, in words (with the command to run when there is one). */
  action: string;
}

const KNOWN_REGION = /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d+$/;

export function adviseAwsFailure(e: unknown, ctx: AwsAdviceContext): AwsAdvice {
  const err: AwsError = e instanceof AwsConfigError
    ? new AwsError('config', e.message, 'AwsConfigError', e)
    : describeAwsFailure(e, { service: ctx.service, region: ctx.region, endpoint: ctx.endpoint, profile: ctx.profile });
  const cause = err.message;
  const where = ctx.endpoint ? `the endpoint ${ctx.endpoint} (setting flowscope.aws.endpoint)` : `AWS in ${ctx.region}`;
  const sso = /\bsso\b/i.test(cause);
  switch (err.kind) {
    case 'credentials':
      if (sso || /expired/i.test(cause)) {
        return { kind: err.kind, cause, action: `Renew the session: run \`aws sso login --profile ${ctx.profile}\` in a terminal, then Retry.` };
      }
      return { kind: err.kind, cause, action: `Check the credentials of profile '${ctx.profile}' (aws configure list --profile ${ctx.profile}), or choose another profile, then Retry.` };
    case 'access-denied': {
      const perms = ctx.permissions?.length ? ` needs ${ctx.permissions.join(', ')}` : ' needs permission for this action';
      return { kind: err.kind, cause, action: `Profile '${ctx.profile}'${perms} in ${ctx.region}: ask for it in IAM, or choose another profile or account.` };
    }
    case 'unreachable':
      if (!ctx.endpoint && !KNOWN_REGION.test(ctx.region)) {
        return { kind: err.kind, cause, action: `'${ctx.region}' does not look like an AWS region: choose another with "Flowscope: Choose AWS Profile and Region".` };
      }
      return { kind: err.kind, cause, action: ctx.endpoint ? `Start the service at ${ctx.endpoint} or fix the setting flowscope.aws.endpoint, then Retry.` : `Check the network connection (proxy, VPN) to ${where}, then Retry.` };
    case 'timeout':
      return { kind: err.kind, cause, action: `Check the network connection to ${where}, or raise flowscope.aws.requestTimeoutMs, then Retry.` };
    case 'throttled':
      return { kind: err.kind, cause, action: 'Wait a moment, then Retry.' };
    case 'not-found':
      return { kind: err.kind, cause, action: `Check the region (now ${ctx.region}) and the profile's account, then Refresh.` };
    case 'config':
      return { kind: err.kind, cause, action: 'Choose a profile and region with "Flowscope: Choose AWS Profile and Region".' };
    case 'not-implemented':
      return { kind: err.kind, cause, action: `${where} does not offer this operation; use a real AWS endpoint for it.` };
    case 'cancelled':
      return { kind: err.kind, cause, action: 'Refresh to load again.' };
    default:
      return { kind: err.kind, cause, action: 'Retry; if it keeps failing, see the Flowscope output (Flowscope: Show Output).' };
  }
}
