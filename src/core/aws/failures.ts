import { AwsError, toAwsError, type AwsErrorContext } from './errors';

/*
 * What errors.ts's toAwsError does not cover yet, for callers that run their own calls with a
 * timeout and a cancel signal (SQS, flow logs): cancellation, answers that are not AWS JSON (an
 * emulator's HTML error page, a proxy's 403), operations an endpoint does not implement, expired
 * and SSO credentials with the command to run, and a few SQS codes whose AWS wording helps nobody.
 */

interface SdkLikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLE_NAMES = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|RequestThrottled|OverLimit/;

/** AWS asked us to slow down (SQS says RequestThrottled or ThrottlingException; HTTP 429 anywhere). */
export function isThrottlingError(e: unknown): boolean {
  const err = (e ?? {}) as SdkLikeError;
  if (e instanceof AwsError) return e.kind === 'throttled';
  return THROTTLE_NAMES.test(err.name ?? '') || err.$metadata?.httpStatusCode === 429;
}

/** The SDK could not parse the answer: the server did not speak AWS's protocol (HTML error page, proxy). */
function isUnparsableAnswer(err: SdkLikeError): boolean {
  return err.name === 'SyntaxError' || /Deserialization error/.test(err.message ?? '');
}

/**
 * The endpoint does not implement the operation. moto answers unimplemented actions with an HTML
 * 500 page; AWS-compatible servers say UnsupportedOperation / InvalidAction / UnknownOperation.
 */
export function isNotImplemented(e: unknown): boolean {
  const err = (e ?? {}) as SdkLikeError;
  if (e instanceof AwsError) return e.kind === 'not-implemented';
  if (/^(UnsupportedOperation|InvalidAction|UnknownOperation(Exception)?|NotImplemented)$/.test(err.name ?? '')) return true;
  const status = err.$metadata?.httpStatusCode;
  return (status === 500 || status === 501) && isUnparsableAnswer(err);
}

export interface CallContext extends AwsErrorContext {
  /** The operation in words, for example "listing SQS queues". */
  what?: string;
}

/**
 * Any failure → AwsError whose message says what happened and what to do. `timedOut` and
 * `cancelled` come from the caller, who knows which of its signals fired.
 */
export function describeAwsFailure(e: unknown, ctx: CallContext = {}, how: { timedOut?: boolean; cancelled?: boolean; timeoutMs?: number } = {}): AwsError {
  if (e instanceof AwsError) return e;
  const err = (e ?? {}) as SdkLikeError;
  const name = err.name ?? '';
  const endpoint = ctx.endpoint || process.env.AWS_ENDPOINT_URL;
  const target = endpoint ? `the AWS endpoint ${endpoint}` : `AWS ${ctx.service ?? ''}${ctx.region ? ` in ${ctx.region}` : ''}`.replace(/ +/g, ' ').trim();
  const doing = ctx.what ? ` while ${ctx.what}` : '';

  if (how.cancelled) return new AwsError('cancelled', `cancelled${doing}`, 'AbortError', e);
  if (how.timedOut) {
    const ms = how.timeoutMs ?? ctx.requestTimeoutMs;
    return new AwsError('timeout', `no answer from ${target}${ms ? ` within ${ms} ms` : ' in time'}${doing} (flowscope.aws.requestTimeoutMs / --timeout)`, 'TimeoutError', e);
  }
  if (isNotImplemented(e)) {
    return new AwsError('not-implemented', `${target} does not implement this operation${doing} (HTTP ${err.$metadata?.httpStatusCode ?? '?'}${name ? `, ${name}` : ''})`, name, e);
  }
  const status = err.$metadata?.httpStatusCode;
  if ((status === 403 || status === 401) && isUnparsableAnswer(err)) {
    // moto with authentication on, or a proxy: the body is not AWS JSON, so the code is lost.
    return new AwsError('credentials', `${target} refused the request (HTTP ${status})${doing}: the credentials were rejected or access is denied. Check the access keys or profile${ctx.profile ? ` '${ctx.profile}'` : ''}.`, name, e);
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired)$/.test(name)) {
    const hint = ctx.profile ? ` If '${ctx.profile}' is an SSO profile, run: aws sso login --profile ${ctx.profile}` : ' Refresh them (for SSO: aws sso login --profile <name>).';
    return new AwsError('credentials', `the AWS credentials have expired${doing}.${hint}`, name, e);
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    const msg = err.message ?? '';
    if (/sso|token/i.test(msg) && /expire|refresh|invalid/i.test(msg)) {
      return new AwsError('credentials', `the SSO session has expired${doing}. Run: aws sso login${ctx.profile ? ` --profile ${ctx.profile}` : ''}`, name, e);
    }
  }
  if (isThrottlingError(e)) {
    // Before toAwsError: SQS's RequestThrottled comes with HTTP 403, which would read as "access denied".
    return new AwsError('throttled', `${target} is throttling requests (${name || 'HTTP 429'})${doing}; try again shortly`, name, e);
  }
  if (/^(QueueDoesNotExist|AWS\.SimpleQueueService\.NonExistentQueue)$/.test(name)) {
    return new AwsError('not-found', `the queue does not exist in ${ctx.region ?? 'this region'}${doing} (check the name, --region and the profile's account)`, name, e);
  }
  if (/^(PurgeQueueInProgress|AWS\.SimpleQueueService\.PurgeQueueInProgress)$/.test(name)) {
    return new AwsError('throttled', `a purge of this queue is already in progress: SQS allows one purge per queue every 60 seconds; try again in a minute`, name, e);
  }
  const mapped = toAwsError(e, ctx);
  return doing && !mapped.message.includes(doing) ? new AwsError(mapped.kind, `${mapped.message}${doing}`, mapped.code, e) : mapped;
}
