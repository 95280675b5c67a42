// Time ranges for reading flow-log records: what --since/--until (and the editor's range prompts) accept,
// and which records a range keeps. One range type for the CLI, the AWS reader and the editor.

export interface TimeRange {
  /** ms since the epoch, inclusive. */
  since?: number;
  /** ms since the epoch, exclusive. */
  until?: number;
}

export class TimeRangeError extends Error {}

/** An ISO 8601 date or date-time ('2026-11-30', '2026-11-30T10:00Z', '2026-11-30T10:00:00+01:00'); without a zone it is UTC. */
export function parseIsoTime(value: string, what: string): number {
  const v = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(v);
  if (!m) throw new TimeRangeError(`${what} expects an ISO 8601 time such as 2026-11-30T10:00:00Z, got '${value}'`);
  const zone = m[8] ? (m[8].toUpperCase() === 'Z' ? 'Z' : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8]) : 'Z';
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[7] ?? ''}${zone}`;
  const t = Date.parse(iso);
  // Date.parse rolls 2026-02-31 over to March; a date that does not exist is a typo.
  if (Number.isNaN(t) || new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDate() !== Number(m[3])) {
    throw new TimeRangeError(`${what}: '${value}' is not a valid date or time`);
  }
  return t;
}

/**
 * A range as a person types it: ISO 8601 dates or date-times (UTC without a zone); an absent or empty end
 * is open. `names` say which input is which in the errors (a typo, an impossible date, a reversed range).
 */
export function parseRange(since: string | undefined, until: string | undefined, names = { since: '--since', until: '--until' }): TimeRange {
  const range: TimeRange = {};
  if (since?.trim()) range.since = parseIsoTime(since, names.since);
  if (until?.trim()) range.until = parseIsoTime(until, names.until);
  if (range.since !== undefined && range.until !== undefined && range.since >= range.until) {
    throw new TimeRangeError(`${names.since} (${new Date(range.since).toISOString()}) must be before ${names.until} (${new Date(range.until).toISOString()})`);
  }
  return range;
}

/**
 * Keeps the records whose capture window [start, end] overlaps [since, until), judged by the record's
 * own `start`/`end` fields. Records without them (a format lacking the fields, or '-') are kept: the
 * caller has already narrowed by event or file time.
 */
export class RecordTimeFilter {
  private readonly startCol: number;
  private readonly endCol: number;

  constructor(
    fields: readonly string[],
    private readonly range: TimeRange,
  ) {
    this.startCol = fields.indexOf('start');
    this.endCol = fields.indexOf('end');
  }

  /** Whether the filter can judge records by their fields at all. */
  get usesRecordTimes(): boolean {
    return this.startCol >= 0 || this.endCol >= 0;
  }

  keep(line: string): boolean {
    if (!this.usesRecordTimes || (this.range.since === undefined && this.range.until === undefined)) return true;
    const values = line.trim().split(/[ \t]+/);
    const start = this.startCol >= 0 ? Number(values[this.startCol]) : NaN;
    const end = this.endCol >= 0 ? Number(values[this.endCol]) : NaN;
    const from = Number.isFinite(start) ? start : end;
    const to = Number.isFinite(end) ? end : start;
    if (!Number.isFinite(from)) return true;
    if (this.range.since !== undefined && to * 1000 < this.range.since) return false;
    if (this.range.until !== undefined && from * 1000 >= this.range.until) return false;
    return true;
  }
}
