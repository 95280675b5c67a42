/** Where reset-offsets moves a group, mirroring kafka-consumer-groups' --to-* / --shift-by options. */
export type ResetTarget =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number }
  | { kind: 'shift'; by: number }
  | { kind: 'datetime'; timestamp: number };

export interface ResetInput {
  topic: string;
  partition: number;
  currentOffset: number | null;
  low: number;
  high: number;
  /** For datetime targets: the first offset at or after the timestamp, or null when no message is that new. */
  offsetForTimestamp?: number | null;
}

export interface ResetPlanRow {
  topic: string;
  partition: number;
  currentOffset: number | null;
  newOffset: number;
}

function clamp(n: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, n));
}

/**
 * Computes the new offset for every partition. Offsets outside [low, high] would make the consumer
 * fall back to auto.offset.reset on its next start, silently undoing the reset, so they are clamped
 * like Kafka's own tool does. A shift on a partition with nothing committed starts from the log end,
 * which is where a consumer with Kafka's default auto.offset.reset=latest would be.
 */
export function planReset(rows: ResetInput[], target: ResetTarget): ResetPlanRow[] {
  return rows.map((r) => {
    let next: number;
    switch (target.kind) {
      case 'earliest':
        next = r.low;
        break;
      case 'latest':
        next = r.high;
        break;
      case 'offset':
        next = clamp(target.offset, r.low, r.high);
        break;
      case 'shift':
        next = clamp((r.currentOffset ?? r.high) + target.by, r.low, r.high);
        break;
      case 'datetime':
        // No message at or after the time: the consumer should start at the end, not re-read everything.
        next = clamp(r.offsetForTimestamp ?? r.high, r.low, r.high);
        break;
    }
    return { topic: r.topic, partition: r.partition, currentOffset: r.currentOffset, newOffset: next };
  });
}
