/**
 * Bounded concurrency that backs off as a whole when AWS throttles. SQS has no batch call for queue
 * attributes, so listing N queues is N requests; firing them all at once gets throttled, one at a
 * time is slow. A fixed number of workers share one "pause until" time: when any request is
 * throttled every worker waits (exponential backoff with jitter), and the throttled item is retried.
 */

export interface PoolOptions {
  concurrency: number;
  /** Retries of one item after throttling, beyond the first attempt. */
  maxThrottleRetries?: number;
  /** First backoff; doubled per consecutive throttle, capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  isThrottle: (e: unknown) => boolean;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Called once per throttled attempt (for counting and logs). */
  onThrottle?: (delayMs: number) => void;
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const e = new Error('the operation was cancelled');
  e.name = 'AbortError';
  return e;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => { clearTimeout(t); reject(abortError(signal as AbortSignal)); };
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Runs fn over items with at most `concurrency` in flight; results keep the input order. Each item
 * settles on its own (one failing queue must not hide the others); cancellation rejects the whole.
 */
export async function mapPool<T, R>(items: readonly T[], fn: (item: T, signal?: AbortSignal) => Promise<R>, opts: PoolOptions): Promise<Settled<R>[]> {
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const maxRetries = opts.maxThrottleRetries ?? 6;
  const base = opts.baseDelayMs ?? 100;
  const cap = opts.maxDelayMs ?? 5000;
  const wait = opts.sleep ?? sleep;
  const random = opts.random ?? Math.random;
  const results: Settled<R>[] = new Array(items.length);
  let next = 0;
  let pauseUntil = 0;
  // Consecutive throttles across the pool: a success resets it, so the pool speeds up again.
  let streak = 0;

  const worker = async () => {
    for (;;) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      const i = next++;
      if (i >= items.length) return;
      for (let attempt = 0; ; attempt++) {
        const now = Date.now();
        if (pauseUntil > now) await wait(pauseUntil - now, opts.signal);
        try {
          results[i] = { ok: true, value: await fn(items[i], opts.signal) };
          streak = 0;
          break;
        } catch (e) {
          if (opts.signal?.aborted) throw abortError(opts.signal);
          if (!opts.isThrottle(e) || attempt >= maxRetries) {
            results[i] = { ok: false, error: e };
            break;
          }
          streak++;
          // Full jitter keeps the workers from retrying in lockstep.
          const delay = Math.min(cap, base * 2 ** Math.min(streak - 1, 16)) * (0.5 + random() / 2);
          pauseUntil = Math.max(pauseUntil, Date.now() + delay);
          opts.onThrottle?.(delay);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
