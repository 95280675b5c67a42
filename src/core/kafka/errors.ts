/**
 * Typed Kafka errors with messages meant for people: the tree shows them on an error node and the CLI
 * prints them on stderr. Each says what failed and, where we know it, why.
 */

/** The broker does not implement a Kafka API we need (older brokers, or librdkafka's mock cluster). */
export class KafkaUnsupportedApiError extends Error {
  constructor(readonly api: string) {
    super(`the broker does not support ${api}`);
    this.name = 'KafkaUnsupportedApiError';
  }
}

/** No broker answered in time, or the connection was refused. */
export class KafkaUnreachableError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'KafkaUnreachableError';
  }
}

/** The whole operation ran past its deadline (a broker that accepts connections but never answers). */
export class KafkaTimeoutError extends Error {
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = 'KafkaTimeoutError';
  }
}

/** A request the user asked for cannot be done as asked (active group members, unknown topic...). */
export class KafkaRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaRefusedError';
  }
}

// Node's codes for a server certificate it cannot trust.
const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface KafkajsLikeError {
  name?: string;
  message?: string;
  type?: string;
  apiName?: string;
  code?: string;
  broker?: string;
  cause?: unknown;
  originalError?: unknown;
  retriable?: boolean;
}

/**
 * Maps whatever kafkajs (or the socket under it) threw to one of the typed errors above, so callers
 * never have to know kafkajs's error zoo. Unknown errors pass through with their message.
 */
export function toKafkaError(e: unknown, brokers?: string[]): Error {
  if (
    e instanceof KafkaUnsupportedApiError ||
    e instanceof KafkaUnreachableError ||
    e instanceof KafkaTimeoutError ||
    e instanceof KafkaRefusedError
  ) {
    return e;
  }
  const err = (e ?? {}) as KafkajsLikeError;
  if (err.name === 'KafkaJSServerDoesNotSupportApiKey') {
    return new KafkaUnsupportedApiError(err.apiName ?? 'the requested API');
  }
  // The retrier wraps the last failure; the interesting cause is inside. (kafkajs itself keeps it as
  // `cause`, whose code is read below; its broker is not used, as retries may have gone to other brokers.)
  if (err.name === 'KafkaJSNumberOfRetriesExceeded' && err.originalError) {
    return toKafkaError(err.originalError, brokers);
  }
  const where = brokers && brokers.length ? ` (${brokers.join(',')})` : '';
  const msg = err.message ?? String(e);
  const code = err.code ?? (err.cause as KafkajsLikeError | undefined)?.code;
  // Name the one broker that failed when it is not simply the only bootstrap server: with one of three
  // brokers down, "cannot connect to the cluster" would send the user looking in the wrong place.
  const target = err.broker && !(brokers?.length === 1 && brokers[0] === err.broker) ? `broker ${err.broker} of the Kafka cluster${where}` : `the Kafka cluster${where}`;
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(msg)) {
    return new KafkaUnreachableError(`cannot connect to ${target}: connection refused`, e);
  }
  if (code === 'ENOTFOUND' || /ENOTFOUND|getaddrinfo/.test(msg)) {
    return new KafkaUnreachableError(`cannot connect to ${target}: host name not found`, e);
  }
  const causeMsg = (err.cause as KafkajsLikeError | undefined)?.message ?? '';
  if (TLS_TRUST_CODES.has(code ?? '') || /certificate|self[- ]signed/i.test(`${msg} ${causeMsg}`)) {
    return new KafkaUnreachableError(`TLS error with ${target}: ${msg}: the broker's certificate is not trusted; set the cluster's CA certificate file (Edit Kafka Cluster)`, e);
  }
  if (code === 'EPROTO' || /wrong version number|EPROTO/i.test(msg)) {
    return new KafkaUnreachableError(`TLS handshake with ${target} failed (${msg}): the port may not speak TLS; check the cluster's security setting`, e);
  }
  if (code === 'ECONNRESET' || /ECONNRESET/.test(msg)) {
    return new KafkaUnreachableError(
      `${target} closed the connection (ECONNRESET): check that the cluster's security setting matches the listener (TLS to a plaintext port, or plaintext to a TLS port, ends this way)`,
      e,
    );
  }
  if (err.name === 'KafkaJSConnectionError' || err.name === 'KafkaJSBrokerNotFound' || /Connection timeout/i.test(msg)) {
    return new KafkaUnreachableError(`cannot connect to ${target}: ${msg}`, e);
  }
  // kafkajs tears a connection down when a request times out; the retry then finds it closed.
  if (msg === 'Broker not connected') {
    return new KafkaUnreachableError(`lost the connection to a Kafka broker${where}: it did not answer within the request timeout or closed the connection`, e);
  }
  if (err.name === 'KafkaJSRequestTimeoutError' || /Request .* timed out/i.test(msg)) {
    return new KafkaUnreachableError(`a Kafka broker did not answer in time${where}: ${msg}`, e);
  }
  if (err.name === 'KafkaJSSASLAuthenticationError') {
    return new KafkaUnreachableError(`authentication failed${where}: ${msg}`, e);
  }
  return e instanceof Error ? e : new Error(msg);
}

/** Rejects with KafkaTimeoutError when `p` takes longer than `ms`; the timer never keeps the process alive. */
export async function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KafkaTimeoutError(what, ms)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
