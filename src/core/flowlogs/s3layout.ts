// Where VPC flow logs put their objects in S3, and which keys a time range needs. Pure functions:
// the AWS calls that use them are in ./aws.ts.
//
//   <prefix>AWSLogs/<account>/vpcflowlogs/<region>/yyyy/mm/dd/[HH/]<file>
//   <prefix>AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/year=yyyy/month=mm/day=dd/[hour=HH/]<file>
// with <file> = <account>_vpcflowlogs_<region>_<flow-log-id>_<yyyymmddTHHmmZ>_<hash>.log.gz (or .log.parquet).
// The file's time is when it was written: after every record it holds.

/** A bucket and key prefix from a flow log's LogDestination (arn:aws:s3:::bucket[/prefix]). */
export interface S3Destination {
  bucket: string;
  /** '' or ending with '/'. */
  prefix: string;
}

export function parseS3Destination(arn: string): S3Destination | null {
  const m = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/.exec(arn.trim());
  if (!m) return null;
  const prefix = m[2] ?? '';
  return { bucket: m[1], prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix };
}

/** Where one account's records of one region start (ends with '/'). */
export interface RegionFolder {
  prefix: string;
  accountId: string;
  region: string;
  hive: boolean;
}

/** The account folders directly under <prefix>AWSLogs/ (ListObjectsV2's CommonPrefixes), or null for any other folder. */
export function accountFolder(commonPrefix: string, dest: S3Destination, region: string): RegionFolder | null {
  const rest = commonPrefix.startsWith(`${dest.prefix}AWSLogs/`) ? commonPrefix.slice(dest.prefix.length + 'AWSLogs/'.length) : null;
  if (rest === null) return null;
  let m = /^(\d{12})\/$/.exec(rest);
  if (m) return { prefix: `${dest.prefix}AWSLogs/${m[1]}/vpcflowlogs/${region}/`, accountId: m[1], region, hive: false };
  m = /^aws-account-id=(\d{12})\/$/.exec(rest);
  if (m) return { prefix: `${dest.prefix}AWSLogs/aws-account-id=${m[1]}/aws-service=vpcflowlogs/aws-region=${region}/`, accountId: m[1], region, hive: true };
  return null;
}

export interface FlowLogObjectKey {
  key: string;
  accountId: string;
  region: string;
  hive: boolean;
  /** The partition's day, yyyy-mm-dd. */
  day: string;
  /** The hour partition (per-hour partitioning), else null. */
  hour: number | null;
  /** From the file name; null when the name does not follow AWS's pattern. */
  flowLogId: string | null;
  /** When the file was written (ms since the epoch), from its name; else null. */
  writtenAt: number | null;
  format: 'text' | 'parquet';
}

const PLAIN_KEY = /AWSLogs\/(\d{12})\/vpcflowlogs\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(?:(\d{2})\/)?([^/]+)$/;
const HIVE_KEY = /AWSLogs\/aws-account-id=(\d{12})\/aws-service=vpcflowlogs\/aws-region=([a-z0-9-]+)\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/(?:hour=(\d{2})\/)?([^/]+)$/;
const FILE_NAME = /_(fl-[0-9A-Za-z]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_/;

/** Reads a flow-log object key; null for keys that are not flow-log files (folders, other services). */
export function parseObjectKey(key: string): FlowLogObjectKey | null {
  const hive = HIVE_KEY.exec(key);
  const m = hive ?? PLAIN_KEY.exec(key);
  if (!m) return null;
  const name = m[7];
  const format = /\.parquet$/.test(name) ? 'parquet' : /\.log(\.gz)?$/.test(name) ? 'text' : null;
  if (!format) return null;
  const f = FILE_NAME.exec(name);
  return {
    key,
    accountId: m[1],
    region: m[2],
    hive: hive !== null,
    day: `${m[3]}-${m[4]}-${m[5]}`,
    hour: m[6] === undefined ? null : Number(m[6]),
    flowLogId: f ? f[1] : null,
    writtenAt: f ? Date.UTC(Number(f[2]), Number(f[3]) - 1, Number(f[4]), Number(f[5]), Number(f[6])) : null,
    format,
  };
}

/**
 * How late a file can be written after the records in it: the aggregation interval (at most 10
 * minutes), the 5-minute batch and AWS's delivery delay (documented as "up to 10 minutes", longer
 * in practice), with room to spare.
 */
export const DELIVERY_MARGIN_MS = 60 * 60 * 1000;

/** One ListObjectsV2 walk: keys under `prefix` after `startAfter`, stopping after the day `lastDay`. */
export interface KeyRange {
  prefix: string;
  startAfter?: string;
  /** Keys of later days are past the range (listing can stop there); yyyy-mm-dd. */
  lastDay?: string;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function dayPath(day: string, hive: boolean): string {
  const [y, m, d] = day.split('-');
  return hive ? `year=${y}/month=${m}/day=${d}` : `${y}/${m}/${d}`;
}

/**
 * The keys that can hold records of [since, until): files are written after their records, so none
 * before `since`'s day, and none more than DELIVERY_MARGIN_MS after `until`. Day folders sort by
 * date (the numbers are zero-padded), so one listing from `since`'s day on covers the range.
 */
export function keyRange(folder: RegionFolder, since?: number, until?: number): KeyRange {
  const range: KeyRange = { prefix: folder.prefix };
  // Every key of that day and later sorts after "<prefix>yyyy/mm/dd" (no trailing slash).
  if (since !== undefined) range.startAfter = folder.prefix + dayPath(dayOf(since), folder.hive);
  if (until !== undefined) range.lastDay = dayOf(until + DELIVERY_MARGIN_MS);
  return range;
}

/** Whether a listed object belongs to the flow log and can hold records of [since, until). */
export function keyInRange(k: FlowLogObjectKey, flowLogId: string, since?: number, until?: number): boolean {
  if (k.flowLogId !== null && k.flowLogId !== flowLogId) return false;
  if (k.writtenAt !== null) {
    // The name has minutes only: a file written at 10:04:59 is named 1004.
    if (since !== undefined && k.writtenAt + 60_000 <= since) return false;
    if (until !== undefined && k.writtenAt >= until + DELIVERY_MARGIN_MS) return false;
  } else {
    if (since !== undefined && k.day < dayOf(since)) return false;
    if (until !== undefined && k.day > dayOf(until + DELIVERY_MARGIN_MS)) return false;
  }
  return true;
}

/** The start of the hour (ms) a listed object is shown under: its hour partition, else the hour it was written. */
export function objectHour(k: FlowLogObjectKey): number {
  const [y, m, d] = k.day.split('-').map(Number);
  if (k.hour !== null) return Date.UTC(y, m - 1, d, k.hour);
  if (k.writtenAt !== null) return Math.floor(k.writtenAt / 3_600_000) * 3_600_000;
  return Date.UTC(y, m - 1, d);
}
