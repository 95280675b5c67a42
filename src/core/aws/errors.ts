/**
 * AWS SDK failures turned into errors with messages meant for people: what failed, where, and what
 * to do about it. The tree shows them on an error node and the CLI prints them on stderr.
 */

/** Where a call went; only used to word the message. */
export interface AwsErrorContext {
  /** The service, for example 'SQS'. */
  service?: string;
  region?: string;
  /** The endpoint override, if any (explicit option or AWS_ENDPOINT_URL). */
  endpoint?: string;
  profile?: string;
  requestTimeoutMs?: number;
}

export type AwsErrorKind = 'unreachable' | 'timeout' | 'credentials' | 'access-denied' | 'not-found' | 'throttled' | 'service' | 'config' | 'cancelled' | 'not-implemented';

export class AwsError extends Error {
  constructor(
    readonly kind: AwsErrorKind,
    message: string,
    /** The SDK's error name (e.g. AccessDeniedException), when there is one. */
    readonly code?: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'AwsError';
  }
}

interface SdkLikeError {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function where(ctx: AwsErrorContext): string {
  const endpoint = ctx.endpoint || process.env.AWS_ENDPOINT_URL;
  if (endpoint) return `the AWS endpoint ${endpoint}`;
  const svc = ctx.service ? `AWS ${ctx.service}` : 'AWS';
  return ctx.region ? `${svc} in ${ctx.region}` : svc;
}

const CREDENTIAL_CODES = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
  'AuthFailure',
  'TokenRefreshRequired',
]);

/** Maps whatever the SDK threw to an AwsError; an AwsError passes through unchanged. */
export function toAwsError(e: unknown, ctx: AwsErrorContext = {}): AwsError {
  if (e instanceof AwsError) return e;
  const err = (e ?? {}) as SdkLikeError;
  const name = err.name ?? '';
  const msg = err.message ?? String(e);
  const code = err.code ?? (err.cause as SdkLikeError | undefined)?.code ?? err.Code;
  const target = where(ctx);

  if (code === 'ECONNREFUSED') return new AwsError('unreachable', `cannot connect to ${target}: connection refused`, code, e);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new AwsError('unreachable', `cannot connect to ${target}: host name not found`, code, e);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new AwsError('unreachable', `${target} closed the connection`, code, e);
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(msg)) {
    const within = ctx.requestTimeoutMs ? ` within ${ctx.requestTimeoutMs} ms` : ' in time';
    return new AwsError('timeout', `no answer from ${target}${within} (flowscope.aws.requestTimeoutMs)`, code ?? name, e);
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    const profile = ctx.profile ? `profile '${ctx.profile}'` : 'the default credential chain (environment, AWS_PROFILE, ~/.aws)';
    const hint = ctx.profile && /SSO|sso/.test(msg) ? ` Run: aws sso login --profile ${ctx.profile}` : '';
    return new AwsError('credentials', `no usable AWS credentials from ${profile}: ${msg}.${hint}`, name, e);
  }
  if (CREDENTIAL_CODES.has(name)) {
    return new AwsError('credentials', `AWS rejected the credentials (${name}): ${msg}`, name, e);
  }
  if (/AccessDenied|UnauthorizedOperation|Forbidden/.test(name) || err.$metadata?.httpStatusCode === 403) {
    return new AwsError('access-denied', `access denied by ${target} (${name || 'HTTP 403'}): ${msg}`, name, e);
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/.test(name)) {
    return new AwsError('throttled', `${target} is throttling requests (${name}); try again shortly`, name, e);
  }
  if (/NonExistent|NotFound|DoesNotExist/.test(name)) {
    return new AwsError('not-found', `${msg} (${name})`, name, e);
  }
  return new AwsError('service', name && name !== 'Error' ? `${name}: ${msg}` : msg, name || code, e);
}

/** Thrown for options that cannot work, before any request is sent. */
export class AwsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsConfigError';
  }
}
