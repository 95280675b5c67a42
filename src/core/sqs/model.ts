/**
 * Plain data about SQS queues and messages, and the pure rules Flowscope applies to them (attribute
 * mapping, DLQ links, the peek risk). No SDK calls here, so the tree and the CLI can share it and the
 * unit tests need no AWS.
 */

/**
 * The listing asks for 'All' rather than a list of names: AWS rejects the whole call when one name
 * is unknown to the server (moto does not know RedriveAllowPolicy), and the answer is small anyway.
 */
export const LIST_ATTRIBUTE_NAMES = ['All'] as const;

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export type QueueEncryption = { kind: 'none' } | { kind: 'sse-sqs' } | { kind: 'sse-kms'; keyId: string };

export interface QueueInfo {
  name: string;
  url: string;
  /** null when the attributes could not be read (see `error`). */
  arn: string | null;
  fifo: boolean;
  /** ApproximateNumberOfMessages. */
  visible: number | null;
  /** ApproximateNumberOfMessagesNotVisible. */
  inFlight: number | null;
  /** ApproximateNumberOfMessagesDelayed. */
  delayed: number | null;
  visibilityTimeoutSeconds: number | null;
  retentionSeconds: number | null;
  maxMessageBytes: number | null;
  receiveWaitSeconds: number | null;
  delaySeconds: number | null;
  contentBasedDeduplication: boolean;
  encryption: QueueEncryption | null;
  /** This queue's own DLQ (from its RedrivePolicy), or null. */
  redrivePolicy: RedrivePolicy | null;
  /** Queues whose RedrivePolicy points at this one: non-empty means this queue is a DLQ. */
  deadLetterSourceUrls: string[];
  createdAt: number | null;
  /** Why the attributes are missing, in words; absent when they were read. */
  error?: string;
}

/** The last path segment of a queue URL is its name (https://sqs.eu-west-1.amazonaws.com/123/orders). */
export function queueNameFromUrl(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

/** arn:aws:sqs:region:account:name → its parts, or null for anything else. */
export function parseQueueArn(arn: string): { region: string; accountId: string; name: string } | null {
  const m = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/.exec(arn.trim());
  return m ? { region: m[1], accountId: m[2], name: m[3] } : null;
}

/** SQS names FIFO queues with the .fifo suffix; the attribute is the authority when present. */
export function isFifoName(name: string): boolean {
  return name.endsWith('.fifo');
}

function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * Reads a RedrivePolicy attribute. SQS stores it as JSON text and has returned maxReceiveCount both
 * as a number and as a string over the years, so both are accepted; anything unreadable is null
 * rather than an exception, because one odd queue must not break the whole listing.
 */
export function parseRedrivePolicy(text: string | undefined): RedrivePolicy | null {
  if (!text) return null;
  try {
    const p = JSON.parse(text) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    const max = typeof p.maxReceiveCount === 'number' ? p.maxReceiveCount : Number(p.maxReceiveCount);
    if (typeof p.deadLetterTargetArn !== 'string' || !Number.isFinite(max)) return null;
    return { deadLetterTargetArn: p.deadLetterTargetArn, maxReceiveCount: max };
  } catch {
    return null;
  }
}

function encryptionOf(attrs: Record<string, string>): QueueEncryption | null {
  if (attrs.KmsMasterKeyId) return { kind: 'sse-kms', keyId: attrs.KmsMasterKeyId };
  if (attrs.SqsManagedSseEnabled === 'true') return { kind: 'sse-sqs' };
  if (attrs.SqsManagedSseEnabled === 'false') return { kind: 'none' };
  // Emulators often omit both attributes: "unknown" is more honest than "not encrypted".
  return null;
}

export function describeEncryption(e: QueueEncryption | null): string {
  if (!e) return 'unknown';
  return e.kind === 'none' ? 'none' : e.kind === 'sse-sqs' ? 'SSE-SQS' : `SSE-KMS (${e.keyId})`;
}

/** GetQueueAttributes' string map → QueueInfo (DLQ sources are filled in by linkDeadLetterQueues). */
export function queueInfoFromAttributes(url: string, attrs: Record<string, string>): QueueInfo {
  const name = queueNameFromUrl(url);
  // CreatedTimestamp is in seconds (moto adds fractions); the tree wants milliseconds like Date.
  const created = num(attrs.CreatedTimestamp);
  return {
    name,
    url,
    arn: attrs.QueueArn ?? null,
    fifo: attrs.FifoQueue !== undefined ? attrs.FifoQueue === 'true' : isFifoName(name),
    visible: num(attrs.ApproximateNumberOfMessages),
    inFlight: num(attrs.ApproximateNumberOfMessagesNotVisible),
    delayed: num(attrs.ApproximateNumberOfMessagesDelayed),
    visibilityTimeoutSeconds: num(attrs.VisibilityTimeout),
    retentionSeconds: num(attrs.MessageRetentionPeriod),
    maxMessageBytes: num(attrs.MaximumMessageSize),
    receiveWaitSeconds: num(attrs.ReceiveMessageWaitTimeSeconds),
    delaySeconds: num(attrs.DelaySeconds),
    contentBasedDeduplication: attrs.ContentBasedDeduplication === 'true',
    encryption: encryptionOf(attrs),
    redrivePolicy: parseRedrivePolicy(attrs.RedrivePolicy),
    deadLetterSourceUrls: [],
    createdAt: created === null ? null : Math.round(created * 1000),
  };
}

/** A queue whose attributes could not be read still shows (by name, with the reason). */
export function unreadableQueue(url: string, error: string): QueueInfo {
  const name = queueNameFromUrl(url);
  return {
    name, url, arn: null, fifo: isFifoName(name), visible: null, inFlight: null, delayed: null,
    visibilityTimeoutSeconds: null, retentionSeconds: null, maxMessageBytes: null, receiveWaitSeconds: null, delaySeconds: null,
    contentBasedDeduplication: false, encryption: null, redrivePolicy: null, deadLetterSourceUrls: [], createdAt: null, error,
  };
}

/**
 * Fills each DLQ's source list from the other queues' redrive policies. Deriving it from the listing
 * costs no request, where ListDeadLetterSourceQueues would cost one per queue; a source queue
 * outside the listing (other prefix, other account) is not seen this way, which is why
 * SqsService.deadLetterSources exists for a single DLQ.
 */
export function linkDeadLetterQueues(queues: QueueInfo[]): QueueInfo[] {
  const byArn = new Map(queues.filter((q) => q.arn).map((q) => [q.arn as string, q]));
  for (const q of queues) q.deadLetterSourceUrls = [];
  for (const q of queues) {
    const target = q.redrivePolicy && byArn.get(q.redrivePolicy.deadLetterTargetArn);
    if (target) target.deadLetterSourceUrls.push(q.url);
  }
  for (const q of queues) q.deadLetterSourceUrls.sort();
  return queues;
}

// ---------------------------------------------------------------------------------------------
// Peek and the DLQ risk

export interface PeekedMessage {
  messageId: string;
  body: string;
  /** ApproximateReceiveCount after the peek (the peek itself counts as one receive). */
  receiveCount: number | null;
  /** Epoch milliseconds. */
  sentTimestamp: number | null;
  /** Message attributes (user-set), as strings; binary values as base64. */
  attributes: Record<string, string>;
  /** System attributes (SenderId, MessageGroupId, ...). */
  systemAttributes: Record<string, string>;
  receiptHandle: string;
  /** True when a consumer's next receive will move this message to the DLQ instead of delivering it. */
  atDlqLimit: boolean;
}

export interface PeekPreflight {
  queue: string;
  /** True when peeking can push messages toward (or into) the DLQ: ask before peeking. */
  needsConfirmation: boolean;
  maxReceiveCount: number | null;
  deadLetterTargetArn: string | null;
  /** What can happen, in words; empty when nothing can. */
  warning: string;
}

/**
 * Before a peek: on a queue with a redrive policy every receive counts toward maxReceiveCount, and
 * SQS moves a message to the DLQ on the first receive after the count passes it. A peek is a
 * receive, so it can use up a message's last delivery. The counts are unknown until messages are
 * received, so the rule can only say whether the risk exists, not which message it hits.
 */
export function peekPreflight(q: Pick<QueueInfo, 'name' | 'redrivePolicy'>): PeekPreflight {
  const rp = q.redrivePolicy;
  if (!rp) return { queue: q.name, needsConfirmation: false, maxReceiveCount: null, deadLetterTargetArn: null, warning: '' };
  const dlq = parseQueueArn(rp.deadLetterTargetArn)?.name ?? rp.deadLetterTargetArn;
  const max = rp.maxReceiveCount;
  const already = max <= 1 ? 'every message' : `a message already received ${max - 1} time${max - 1 === 1 ? '' : 's'}`;
  return {
    queue: q.name,
    needsConfirmation: true,
    maxReceiveCount: max,
    deadLetterTargetArn: rp.deadLetterTargetArn,
    warning:
      `${q.name} has a redrive policy (maxReceiveCount ${max}, dead-letter queue ${dlq}). ` +
      `Peeking receives each message once, and that counts toward maxReceiveCount: ` +
      `after the peek, ${already} will be moved to ${dlq} on its next receive instead of reaching your consumer.`,
  };
}

/** After a receive: the count SQS reports includes that receive, so at the limit means "next receive moves it". */
export function atDlqLimit(receiveCountAfterPeek: number | null, maxReceiveCount: number | null): boolean {
  return receiveCountAfterPeek !== null && maxReceiveCount !== null && receiveCountAfterPeek >= maxReceiveCount;
}

/** The brief's rule stated on the count before a peek: one more receive reaches the limit. */
export function wouldReachDlqLimit(receiveCountBeforePeek: number, maxReceiveCount: number): boolean {
  return receiveCountBeforePeek + 1 >= maxReceiveCount;
}

/** Validation SQS would do anyway, done first so the message names Flowscope's options. */
export function checkSend(fifo: boolean, opts: { groupId?: string; dedupId?: string; delaySeconds?: number; contentBasedDeduplication?: boolean }): string | null {
  if (fifo) {
    if (!opts.groupId) return 'this is a FIFO queue: a message group id is required';
    if (opts.delaySeconds) return 'FIFO queues do not support a per-message delay (set DelaySeconds on the queue instead)';
    if (!opts.dedupId && opts.contentBasedDeduplication === false) return 'this FIFO queue has no content-based deduplication: a deduplication id is required';
  } else {
    if (opts.groupId || opts.dedupId) return 'message group and deduplication ids apply only to FIFO queues';
  }
  if (opts.delaySeconds !== undefined && (opts.delaySeconds < 0 || opts.delaySeconds > 900 || !Number.isInteger(opts.delaySeconds))) {
    return 'the delay must be a whole number of seconds from 0 to 900';
  }
  return null;
}
