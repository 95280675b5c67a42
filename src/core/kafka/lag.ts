import type { GroupPartitionLag } from './types';

/**
 * Lag of one partition the way kafka-consumer-groups computes it: log-end minus committed. Unknown
 * when nothing is committed (a number there would be wrong: the group may start from latest) or when
 * the log end could not be read. Clamped at 0 because a high watermark read just before a commit can
 * trail the committed offset for a moment.
 */
export function partitionLag(currentOffset: number | null, logEndOffset: number | null): number | null {
  if (currentOffset === null || logEndOffset === null) return null;
  return Math.max(0, logEndOffset - currentOffset);
}

/** Total of the known lags; uncommitted partitions add nothing rather than a guess. */
export function totalLag(rows: GroupPartitionLag[]): number {
  return rows.reduce((sum, r) => sum + (r.lag ?? 0), 0);
}

/** Committed offsets come back as -1 for "none"; Flowscope says null. */
export function committedOrNull(offset: number | undefined): number | null {
  return offset === undefined || offset < 0 ? null : offset;
}

export function sortRows<T extends { topic: string; partition: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}
