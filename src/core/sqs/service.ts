import {
  CancelMessageMoveTaskCommand,
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
  type Message,
  type MessageAttributeValue,
  type QueueAttributeName,
} from '@aws-sdk/client-sqs';
import { createAwsClient, DEFAULT_AWS_REQUEST_TIMEOUT_MS, type AwsConnectionOptions } from '../aws/clients';
import { AwsError } from '../aws/errors';
import { describeAwsFailure, isNotImplemented, isThrottlingError } from '../aws/failures';
import {
  atDlqLimit,
  checkSend,
  linkDeadLetterQueues,
  LIST_ATTRIBUTE_NAMES,
  parseQueueArn,
  peekPreflight,
  queueInfoFromAttributes,
  queueNameFromUrl,
  unreadableQueue,
  type PeekedMessage,
  type PeekPreflight,
  type QueueInfo,
} from './model';
import { abortError, mapPool } from './pool';

/*
 * SQS operations for the tree and the CLI: plain data out, AwsError (with `kind` and a message in
 * words) on failure. Every call runs under the service's timeout and the caller's AbortSignal.
 */

export interface SqsServiceOptions {
  region: string;
  endpoint?: string;
  profile?: string;
  /** Upper bound for one SDK call, retries included. */
  callTimeoutMs?: number;
  /** The client's per-request timeout, so a request that timed out can say how long it waited. */
  requestTimeoutMs?: number;
  /** GetQueueAttributes requests in flight while listing. */
  concurrency?: number;
  /** Test hook: the pool's backoff sleep. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ListOptions {
  prefix?: string;
  signal?: AbortSignal;
}

export interface ListResult {
  queues: QueueInfo[];
  /** Requests sent (listing pages + attribute calls + retries), for the bench and the log. */
  requests: number;
  /** Attempts that AWS throttled and that were retried after a pause. */
  throttled: number;
  /** Queues whose attributes could not be read, in words (they are still in `queues`, with `error`). */
  warnings: string[];
}

export interface SendOptions {
  body: string;
  /** String message attributes. */
  attributes?: Record<string, string>;
  delaySeconds?: number;
  groupId?: string;
  dedupId?: string;
  signal?: AbortSignal;
}

export interface RedriveProgress {
  moved: number;
  failed: number;
}

export type RedriveResult =
  | { method: 'message-move-task'; taskHandle: string; sourceArn: string }
  | { method: 'receive-send-delete'; moved: number; failed: number; destinationUrl: string; reason: string };

export interface MoveTask {
  taskHandle: string | null;
  status: string;
  moved: number | null;
  toMove: number | null;
  failureReason: string | null;
  startedAt: number | null;
}

const RECEIVE_MAX = 10;
/** How long multi-round peeks hide what they already saw (so the next round sees other messages). */
const PEEK_ROUND_VISIBILITY_S = 30;

export class SqsService {
  private readonly timeoutMs: number;
  private readonly concurrency: number;

  constructor(
    readonly client: SQSClient,
    private readonly opts: SqsServiceOptions,
  ) {
    this.timeoutMs = opts.callTimeoutMs ?? 2 * DEFAULT_AWS_REQUEST_TIMEOUT_MS;
    this.concurrency = opts.concurrency ?? 16;
  }

  /** A service with its own client from createAwsClient (profile chain, endpoint, request timeouts). */
  static connect(conn: AwsConnectionOptions, opts: Partial<SqsServiceOptions> = {}): SqsService {
    const client = createAwsClient(SQSClient, conn);
    const requestTimeoutMs = conn.requestTimeoutMs ?? DEFAULT_AWS_REQUEST_TIMEOUT_MS;
    return new SqsService(client, {
      region: conn.region,
      endpoint: conn.endpoint,
      profile: conn.profile,
      requestTimeoutMs,
      // The SDK may retry once: two request timeouts and a little slack bound the whole call.
      callTimeoutMs: opts.callTimeoutMs ?? 2 * requestTimeoutMs + 1000,
      ...opts,
    });
  }

  close(): void {
    this.client.destroy();
  }

  /** One SDK call with the timeout, the caller's signal and the error mapping. */
  private async call<T>(what: string, signal: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    if (signal?.aborted) throw describeAwsFailure(abortError(signal), this.ctx(what), { cancelled: true });
    try {
      return await fn(combined);
    } catch (e) {
      throw describeAwsFailure(e, this.ctx(what), {
        cancelled: signal?.aborted === true,
        timedOut: !signal?.aborted && timeout.aborted,
        timeoutMs: this.timeoutMs,
      });
    }
  }

  private ctx(what: string) {
    return { service: 'SQS', region: this.opts.region, endpoint: this.opts.endpoint, profile: this.opts.profile, requestTimeoutMs: this.opts.requestTimeoutMs, what };
  }

  // -------------------------------------------------------------------------------------------
  // Listing

  /** Every queue URL (ListQueues follows NextToken; without MaxResults AWS stops at 1,000). */
  async listQueueUrls(opts: ListOptions = {}): Promise<{ urls: string[]; requests: number }> {
    const urls: string[] = [];
    let token: string | undefined;
    let requests = 0;
    do {
      const page = await this.call('listing SQS queues', opts.signal, (abortSignal) =>
        this.client.send(new ListQueuesCommand({ QueueNamePrefix: opts.prefix || undefined, MaxResults: 1000, NextToken: token }), { abortSignal }),
      );
      requests++;
      urls.push(...(page.QueueUrls ?? []));
      token = page.NextToken;
    } while (token);
    return { urls, requests };
  }

  /**
   * Queues with counts, key attributes and DLQ links both ways: one GetQueueAttributes per queue
   * (SQS has no batch form) through a bounded pool that pauses on throttling; DLQ sources are
   * derived from the listing instead of one ListDeadLetterSourceQueues per queue.
   */
  async listQueues(opts: ListOptions = {}): Promise<ListResult> {
    const { urls, requests } = await this.listQueueUrls(opts);
    const described = await this.describeQueues(urls, { signal: opts.signal });
    return { ...described, requests: requests + described.requests };
  }

  /**
   * Attributes of the given queues (one GetQueueAttributes each, through the pool), sorted by name and
   * DLQ-linked among themselves. The tree calls it one page at a time; listQueues for everything.
   */
  async describeQueues(urls: readonly string[], opts: { signal?: AbortSignal } = {}): Promise<ListResult> {
    let requests = 0;
    let throttled = 0;
    const settled = await mapPool(
      urls,
      async (url, signal) => {
        requests++;
        const res = await this.call(`reading the attributes of ${queueNameFromUrl(url)}`, signal, (abortSignal) =>
          this.client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...LIST_ATTRIBUTE_NAMES] as QueueAttributeName[] }), { abortSignal }),
        );
        return queueInfoFromAttributes(url, res.Attributes ?? {});
      },
      { concurrency: this.concurrency, signal: opts.signal, isThrottle: isThrottlingError, sleep: this.opts.sleep, onThrottle: () => { throttled++; } },
    ).catch((e: unknown) => { throw describeAwsFailure(e, this.ctx('reading queue attributes'), { cancelled: opts.signal?.aborted === true }); });

    const failures = settled.flatMap((s, i) => (s.ok ? [] : [{ url: urls[i], error: describeAwsFailure(s.error, this.ctx('reading queue attributes')) }]));
    // Nothing readable at all is a failure of the listing itself (bad credentials, endpoint down).
    if (failures.length > 0 && failures.length === settled.length && failures.some((f) => f.error.kind !== 'not-found')) {
      throw failures.find((f) => f.error.kind !== 'not-found')?.error;
    }
    const warnings: string[] = [];
    const queues: QueueInfo[] = [];
    settled.forEach((s, i) => {
      if (s.ok) {
        queues.push(s.value);
        return;
      }
      const err = describeAwsFailure(s.error, this.ctx('reading queue attributes'));
      // Deleted between ListQueues and GetQueueAttributes: simply gone, not an error worth showing.
      if (err.kind === 'not-found') return;
      warnings.push(err.message);
      queues.push(unreadableQueue(urls[i], err.message));
    });
    queues.sort((a, b) => a.name.localeCompare(b.name));
    return { queues: linkDeadLetterQueues(queues), requests, throttled, warnings };
  }

  /** A queue URL from a URL, an ARN or a name (GetQueueUrl, in the client's region). */
  async resolveQueueUrl(queue: string, signal?: AbortSignal): Promise<string> {
    const q = queue.trim();
    if (/^https?:\/\//i.test(q)) return q;
    const arn = parseQueueArn(q);
    const name = arn ? arn.name : q;
    const res = await this.call(`looking up queue ${name}`, signal, (abortSignal) =>
      this.client.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: arn?.accountId }), { abortSignal }),
    ).catch((e: unknown) => {
      if (e instanceof AwsError && e.kind === 'not-found') {
        throw new AwsError('not-found', `there is no queue named '${name}' in ${this.opts.region}${this.opts.endpoint ? ` at ${this.opts.endpoint}` : ''} (check the name, --region and the profile's account)`, e.code, e);
      }
      throw e;
    });
    if (!res.QueueUrl) throw new AwsError('not-found', `SQS returned no URL for queue '${name}'`);
    return res.QueueUrl;
  }

  /** One queue with its attributes and the source queues of a DLQ (ListDeadLetterSourceQueues). */
  async getQueue(queue: string, opts: { signal?: AbortSignal; withSources?: boolean } = {}): Promise<QueueInfo> {
    const url = await this.resolveQueueUrl(queue, opts.signal);
    const res = await this.call(`reading the attributes of ${queueNameFromUrl(url)}`, opts.signal, (abortSignal) =>
      this.client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...LIST_ATTRIBUTE_NAMES] as QueueAttributeName[] }), { abortSignal }),
    );
    const info = queueInfoFromAttributes(url, res.Attributes ?? {});
    if (opts.withSources) info.deadLetterSourceUrls = (await this.deadLetterSources(url, opts.signal)).sort();
    return info;
  }

  async deadLetterSources(dlqUrl: string, signal?: AbortSignal): Promise<string[]> {
    const urls: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(`listing the source queues of ${queueNameFromUrl(dlqUrl)}`, signal, (abortSignal) =>
        this.client.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl, MaxResults: 1000, NextToken: token }), { abortSignal }),
      );
      urls.push(...(page.queueUrls ?? []));
      token = page.NextToken;
    } while (token);
    return urls;
  }

  // -------------------------------------------------------------------------------------------
  // Peek

  /** What a peek could do to this queue's messages; ask the user when needsConfirmation. */
  async preflightPeek(queue: string, signal?: AbortSignal): Promise<{ queue: QueueInfo; preflight: PeekPreflight }> {
    const info = await this.getQueue(queue, { signal });
    return { queue: info, preflight: peekPreflight(info) };
  }

  /**
   * Up to `max` messages, never deleted, visible again right away. Up to 10 messages: one receive
   * with VisibilityTimeout 0. More: each round hides what it received for a short while (otherwise
   * the next round would receive, and count, the same messages again) and all of them are made
   * visible again with ChangeMessageVisibility 0 at the end, also on failure or cancellation.
   */
  async peek(queue: string | QueueInfo, opts: { max?: number; signal?: AbortSignal } = {}): Promise<PeekedMessage[]> {
    const info = typeof queue === 'string' ? await this.getQueue(queue, { signal: opts.signal }) : queue;
    const max = Math.max(1, Math.floor(opts.max ?? 10));
    const maxReceive = info.redrivePolicy?.maxReceiveCount ?? null;
    const single = max <= RECEIVE_MAX;
    const seen = new Map<string, PeekedMessage>();
    const hidden: { Id: string; ReceiptHandle: string }[] = [];
    try {
      for (let round = 0; seen.size < max && round < Math.ceil(max / RECEIVE_MAX) + 2; round++) {
        const res = await this.call(`peeking at ${info.name}`, opts.signal, (abortSignal) =>
          this.client.send(new ReceiveMessageCommand({
            QueueUrl: info.url,
            MaxNumberOfMessages: Math.min(RECEIVE_MAX, max - seen.size),
            VisibilityTimeout: single ? 0 : PEEK_ROUND_VISIBILITY_S,
            WaitTimeSeconds: 0,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
          }), { abortSignal }),
        );
        const msgs = res.Messages ?? [];
        if (!single) for (const m of msgs) if (m.ReceiptHandle) hidden.push({ Id: `m${hidden.length}`, ReceiptHandle: m.ReceiptHandle });
        let fresh = 0;
        for (const m of msgs) {
          if (!m.MessageId || seen.has(m.MessageId)) continue;
          fresh++;
          seen.set(m.MessageId, peeked(m, maxReceive));
        }
        if (fresh === 0 || single) break;
      }
    } finally {
      if (hidden.length) await this.makeVisible(info, hidden);
    }
    return [...seen.values()].slice(0, max);
  }

  /** Best effort and without the caller's signal: a cancelled peek must still give its messages back. */
  private async makeVisible(info: QueueInfo, handles: { Id: string; ReceiptHandle: string }[]): Promise<void> {
    for (let i = 0; i < handles.length; i += RECEIVE_MAX) {
      const chunk = handles.slice(i, i + RECEIVE_MAX).map((h) => ({ ...h, VisibilityTimeout: 0 }));
      await this.call(`making peeked messages of ${info.name} visible again`, undefined, (abortSignal) =>
        this.client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: info.url, Entries: chunk }), { abortSignal }),
      ).catch(() => { /* they become visible by themselves after PEEK_ROUND_VISIBILITY_S */ });
    }
  }

  /** Deletes one peeked message by its receipt handle (from the peek that showed it). */
  async deleteMessage(queue: string, receiptHandle: string, signal?: AbortSignal): Promise<void> {
    const url = await this.resolveQueueUrl(queue, signal);
    await this.call(`deleting a message from ${queueNameFromUrl(url)}`, signal, (abortSignal) =>
      this.client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: receiptHandle }), { abortSignal }),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Send, purge, create, delete

  async send(queue: string | QueueInfo, opts: SendOptions): Promise<{ messageId: string; sequenceNumber: string | null; queue: QueueInfo }> {
    const info = typeof queue === 'string' ? await this.getQueue(queue, { signal: opts.signal }) : queue;
    const problem = checkSend(info.fifo, { groupId: opts.groupId, dedupId: opts.dedupId, delaySeconds: opts.delaySeconds, contentBasedDeduplication: info.contentBasedDeduplication });
    if (problem) throw new AwsError('config', `cannot send to ${info.name}: ${problem}`);
    const attrs: Record<string, MessageAttributeValue> = {};
    for (const [k, v] of Object.entries(opts.attributes ?? {})) attrs[k] = { DataType: 'String', StringValue: v };
    const res = await this.call(`sending to ${info.name}`, opts.signal, (abortSignal) =>
      this.client.send(new SendMessageCommand({
        QueueUrl: info.url,
        MessageBody: opts.body,
        MessageAttributes: Object.keys(attrs).length ? attrs : undefined,
        DelaySeconds: opts.delaySeconds,
        MessageGroupId: opts.groupId,
        MessageDeduplicationId: opts.dedupId,
      }), { abortSignal }),
    );
    return { messageId: res.MessageId ?? '', sequenceNumber: res.SequenceNumber ?? null, queue: info };
  }

  /** Deletes every message. SQS allows one purge per queue every 60 s and may take up to 60 s to finish. */
  async purge(queue: string, signal?: AbortSignal): Promise<{ url: string; name: string }> {
    const url = await this.resolveQueueUrl(queue, signal);
    await this.call(`purging ${queueNameFromUrl(url)}`, signal, (abortSignal) => this.client.send(new PurgeQueueCommand({ QueueUrl: url }), { abortSignal }));
    return { url, name: queueNameFromUrl(url) };
  }

  async createQueue(name: string, opts: { attributes?: Record<string, string>; signal?: AbortSignal } = {}): Promise<string> {
    const attributes = { ...(opts.attributes ?? {}) };
    if (name.endsWith('.fifo')) attributes.FifoQueue = 'true';
    const res = await this.call(`creating queue ${name}`, opts.signal, (abortSignal) =>
      this.client.send(new CreateQueueCommand({ QueueName: name, Attributes: Object.keys(attributes).length ? attributes : undefined }), { abortSignal }),
    );
    return res.QueueUrl ?? '';
  }

  async deleteQueue(queue: string, signal?: AbortSignal): Promise<void> {
    const url = await this.resolveQueueUrl(queue, signal);
    await this.call(`deleting queue ${queueNameFromUrl(url)}`, signal, (abortSignal) => this.client.send(new DeleteQueueCommand({ QueueUrl: url }), { abortSignal }));
  }

  // -------------------------------------------------------------------------------------------
  // Redrive

  /**
   * Moves a DLQ's messages back to their source queues. First choice is SQS's own message move task
   * (StartMessageMoveTask; progress with redriveStatus). Endpoints without it (moto, older
   * emulators) get a receive → send → delete loop to the DLQ's single source queue, reported as
   * such: it is at-least-once, so a failure between send and delete can leave a copy in both.
   */
  async redrive(dlq: string, opts: { signal?: AbortSignal; onProgress?: (p: RedriveProgress) => void } = {}): Promise<RedriveResult> {
    const info = await this.getQueue(dlq, { signal: opts.signal });
    if (!info.arn) throw new AwsError('service', `SQS did not return the ARN of ${info.name}`);
    const sourceArn = info.arn;
    try {
      const res = await this.call(`starting a redrive of ${info.name}`, opts.signal, (abortSignal) =>
        this.client.send(new StartMessageMoveTaskCommand({ SourceArn: sourceArn }), { abortSignal }),
      );
      return { method: 'message-move-task', taskHandle: res.TaskHandle ?? '', sourceArn };
    } catch (e) {
      if (!isNotImplemented(e)) throw e;
      const reason = (e as Error).message;
      const sources = await this.deadLetterSources(info.url, opts.signal);
      if (sources.length !== 1) {
        throw sources.length === 0
          ? new AwsError('config', `${info.name} is not the dead-letter queue of any queue, so there is nowhere to redrive to`)
          : new AwsError('not-implemented', `${info.name} is the dead-letter queue of ${sources.length} queues and this endpoint has no StartMessageMoveTask to send each message back to its own source; redrive is not possible here`);
      }
      const dest = await this.getQueue(sources[0], { signal: opts.signal });
      const { moved, failed } = await this.moveByHand(info, dest, opts);
      return { method: 'receive-send-delete', moved, failed, destinationUrl: dest.url, reason };
    }
  }

  private async moveByHand(from: QueueInfo, to: QueueInfo, opts: { signal?: AbortSignal; onProgress?: (p: RedriveProgress) => void }): Promise<RedriveProgress> {
    const progress: RedriveProgress = { moved: 0, failed: 0 };
    // Short polls sample a subset of SQS's servers: only two empty answers in a row mean "empty".
    for (let empty = 0; empty < 2;) {
      const res = await this.call(`receiving from ${from.name}`, opts.signal, (abortSignal) =>
        this.client.send(new ReceiveMessageCommand({
          QueueUrl: from.url, MaxNumberOfMessages: RECEIVE_MAX, VisibilityTimeout: 60, WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'],
        }), { abortSignal }),
      );
      const msgs = (res.Messages ?? []).filter((m) => m.ReceiptHandle);
      if (msgs.length === 0) { empty++; continue; }
      empty = 0;
      const sent = await this.call(`sending to ${to.name}`, opts.signal, (abortSignal) =>
        this.client.send(new SendMessageBatchCommand({
          QueueUrl: to.url,
          Entries: msgs.map((m, i) => ({
            Id: `m${i}`,
            MessageBody: m.Body ?? '',
            MessageAttributes: m.MessageAttributes,
            MessageGroupId: to.fifo ? (m.Attributes?.MessageGroupId ?? 'redrive') : undefined,
            MessageDeduplicationId: to.fifo ? (m.Attributes?.MessageDeduplicationId ?? m.MessageId) : undefined,
          })),
        }), { abortSignal }),
      );
      const okIds = new Set((sent.Successful ?? []).map((s) => s.Id));
      const ok = msgs.map((m, i) => ({ m, id: `m${i}` })).filter((x) => okIds.has(x.id));
      const notSent = msgs.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle as string })).filter((x) => !okIds.has(x.Id));
      if (ok.length) {
        // Not cancellable: once sent, the copies must leave the DLQ, or a cancel would duplicate them.
        await this.call(`deleting redriven messages from ${from.name}`, undefined, (abortSignal) =>
          this.client.send(new DeleteMessageBatchCommand({ QueueUrl: from.url, Entries: ok.map((x) => ({ Id: x.id, ReceiptHandle: x.m.ReceiptHandle as string })) }), { abortSignal }),
        );
      }
      progress.moved += ok.length;
      progress.failed += notSent.length;
      opts.onProgress?.({ ...progress });
      if (notSent.length) {
        // Leave them in the DLQ, visible again, and stop: the same error would repeat for every batch.
        await this.makeVisible(from, notSent);
        break;
      }
    }
    return progress;
  }

  /** Stops a running message move task; what it already moved stays moved. Returns how many it had moved. */
  async cancelRedrive(taskHandle: string, signal?: AbortSignal): Promise<number | null> {
    const res = await this.call('cancelling the redrive', signal, (abortSignal) =>
      this.client.send(new CancelMessageMoveTaskCommand({ TaskHandle: taskHandle }), { abortSignal }),
    );
    return res.ApproximateNumberOfMessagesMoved ?? null;
  }

  /** Move tasks of a DLQ, newest first; null when the endpoint has no ListMessageMoveTasks. */
  async redriveStatus(dlqArn: string, signal?: AbortSignal): Promise<MoveTask[] | null> {
    try {
      const res = await this.call('reading redrive progress', signal, (abortSignal) =>
        this.client.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 10 }), { abortSignal }),
      );
      return (res.Results ?? []).map((t) => ({
        taskHandle: t.TaskHandle ?? null,
        status: t.Status ?? 'UNKNOWN',
        moved: t.ApproximateNumberOfMessagesMoved ?? null,
        toMove: t.ApproximateNumberOfMessagesToMove ?? null,
        failureReason: t.FailureReason ?? null,
        startedAt: t.StartedTimestamp ?? null,
      }));
    } catch (e) {
      if (isNotImplemented(e)) return null;
      throw e;
    }
  }
}

function peeked(m: Message, maxReceive: number | null): PeekedMessage {
  const sys = { ...(m.Attributes ?? {}) } as Record<string, string>;
  const count = sys.ApproximateReceiveCount !== undefined ? Number(sys.ApproximateReceiveCount) : null;
  const sent = sys.SentTimestamp !== undefined ? Number(sys.SentTimestamp) : null;
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.MessageAttributes ?? {})) {
    attributes[k] = v.StringValue ?? (v.BinaryValue ? Buffer.from(v.BinaryValue).toString('base64') : '');
  }
  return {
    messageId: m.MessageId ?? '',
    body: m.Body ?? '',
    receiveCount: count !== null && Number.isFinite(count) ? count : null,
    sentTimestamp: sent !== null && Number.isFinite(sent) ? sent : null,
    attributes,
    systemAttributes: sys,
    receiptHandle: m.ReceiptHandle ?? '',
    atDlqLimit: atDlqLimit(count, maxReceive),
  };
}
