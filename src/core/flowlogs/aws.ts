import { pipeline, Readable, type Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type FlowLog,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createAwsClient, DEFAULT_AWS_REQUEST_TIMEOUT_MS, type AwsConnectionOptions } from '../aws/clients';
import { AwsError } from '../aws/errors';
import { describeAwsFailure } from '../aws/failures';
import { DEFAULT_FIELDS, DEFAULT_LOG_FORMAT, headerFields, parseLogFormat } from './fields';
import { accountFolder, keyInRange, keyRange, objectHour, parseObjectKey, parseS3Destination, type FlowLogObjectKey, type S3Destination } from './s3layout';
import { RecordTimeFilter, type TimeRange } from './timerange';

/*
 * VPC flow logs in AWS: the configurations (EC2 DescribeVpcs/DescribeFlowLogs), where their records
 * are (CloudWatch Logs streams per ENI, S3 objects per hour) and the records themselves, read as a
 * stream of line batches with progress and cancellation. Plain data out; AwsError (kind + a message
 * in words) on failure. Every request runs under a timeout and the caller's AbortSignal.
 */

export type FlowLogResourceType = 'VPC' | 'Subnet' | 'NetworkInterface' | 'TransitGateway' | 'TransitGatewayAttachment' | 'unknown';

export interface FlowLogInfo {
  flowLogId: string;
  resourceId: string;
  resourceType: FlowLogResourceType;
  /** The VPC the resource is in (resolved for subnets and ENIs by listNetwork/listFlowLogs); null for transit gateways. */
  vpcId: string | null;
  /** ALL, ACCEPT or REJECT. */
  trafficType: string | null;
  /** cloud-watch-logs, s3 or kinesis-data-firehose. */
  destinationType: string;
  /** The log group name, or the destination ARN (S3 bucket, Firehose stream). */
  destination: string;
  logGroupName: string | null;
  s3: S3Destination | null;
  /** ACTIVE. */
  status: string | null;
  /** SUCCESS or FAILED, with AWS's message when delivery fails. */
  deliverLogsStatus: string | null;
  deliverLogsError: string | null;
  /** Seconds: 60 or 600. */
  maxAggregationInterval: number | null;
  /** As DescribeFlowLogs returns it: `${field} ...` (also for the default format). */
  logFormat: string;
  /** The format's field names; the default version-2 fields when the format cannot be read (see formatError). */
  fields: string[];
  formatError: string | null;
  /** S3 only: plain-text or parquet. */
  fileFormat: string | null;
  hiveCompatiblePartitions: boolean | null;
  perHourPartition: boolean | null;
  createdAt: string | null;
  tags: Record<string, string>;
}

export interface VpcInfo {
  vpcId: string;
  /** The Name tag. */
  name: string | null;
  /** The primary CIDR first. */
  cidrBlocks: string[];
  ipv6CidrBlocks: string[];
  isDefault: boolean;
  state: string | null;
  /** Flow logs on the VPC itself, its subnets and its ENIs. */
  flowLogs: FlowLogInfo[];
}

export interface NetworkListing {
  vpcs: VpcInfo[];
  /** Flow logs whose resource is in no listed VPC (transit gateways, deleted resources). */
  otherFlowLogs: FlowLogInfo[];
}

/** Where records are: one CloudWatch Logs stream (one per ENI), or the S3 objects written in one hour. */
export type RecordSource = LogStreamSource | S3HourSource;

export interface LogStreamSource {
  kind: 'log-stream';
  logGroupName: string;
  logStreamName: string;
  /** From the stream name (eni-…-all / -accept / -reject), else null. */
  interfaceId: string | null;
  /** ms since the epoch, when CloudWatch Logs reports them. */
  firstEventTime: number | null;
  lastEventTime: number | null;
  storedBytes: number | null;
}

export interface S3ObjectRef {
  bucket: string;
  key: string;
  size: number;
  /** When the file was written (from its name), else its LastModified; ms. */
  writtenAt: number | null;
}

export interface S3HourSource {
  kind: 's3-hour';
  bucket: string;
  /** The hour's start, ms since the epoch (UTC). */
  hour: number;
  objects: S3ObjectRef[];
  bytes: number;
}

export interface ReadProgress {
  /** Records emitted so far (after time filtering). */
  records: number;
  /** Bytes read from AWS so far (compressed for S3 objects). */
  bytesRead: number;
  /** S3: objects done of all objects; CloudWatch Logs: pages read (total unknown). */
  done: number;
  total: number | null;
  /** 0..1 when it can be estimated (S3: bytes; CloudWatch Logs: event time within a known range), else null. */
  fraction: number | null;
  /** What is being read, in words. */
  current: string;
}

/** A batch of lines in the flow log's format; `header` batches hold one line of field names. */
export interface RecordBatch {
  kind: 'header' | 'records';
  lines: string[];
  /** The log stream or S3 key the lines came from (the flow log's id for its header). */
  source: string;
}

export interface ReadOptions extends TimeRange {
  /** Only these sources (from listRecordSources); default: all of the flow log's. */
  sources?: RecordSource[];
  signal?: AbortSignal;
  onProgress?: (p: ReadProgress) => void;
}

/** A flow log whose records Flowscope cannot read back (Firehose, Parquet, no destination). */
export class FlowLogSourceError extends Error {}

export interface FlowLogsServiceOptions {
  region: string;
  endpoint?: string;
  profile?: string;
  /** Upper bound for one SDK call, retries included (for GetObject: until the body starts). */
  callTimeoutMs?: number;
}

/** A flow log's CloudWatch Logs events may be stamped a little before or after the record's window. */
const CWL_TIME_MARGIN_MS = 15 * 60 * 1000;
/** FilterLogEvents takes at most 100 stream names. */
const MAX_STREAM_NAMES = 100;

export function resourceTypeOf(id: string): FlowLogResourceType {
  if (id.startsWith('vpc-')) return 'VPC';
  if (id.startsWith('subnet-')) return 'Subnet';
  if (id.startsWith('eni-')) return 'NetworkInterface';
  if (id.startsWith('tgw-attach-')) return 'TransitGatewayAttachment';
  if (id.startsWith('tgw-')) return 'TransitGateway';
  return 'unknown';
}

/** The header line (field names) for a flow log's records. */
export function headerLine(fields: readonly string[]): string {
  return fields.join(' ');
}

/** DescribeFlowLogs' answer as plain data. */
export function flowLogInfo(f: FlowLog): FlowLogInfo {
  const destinationType = f.LogDestinationType ?? (f.LogGroupName ? 'cloud-watch-logs' : 'unknown');
  const logFormat = f.LogFormat?.trim() || DEFAULT_LOG_FORMAT;
  let fields: string[] = [...DEFAULT_FIELDS];
  let formatError: string | null = null;
  try {
    fields = parseLogFormat(logFormat);
  } catch (e) {
    formatError = (e as Error).message;
  }
  const logGroupName = f.LogGroupName ?? (destinationType === 'cloud-watch-logs' ? /:log-group:([^:]+)/.exec(f.LogDestination ?? '')?.[1] ?? null : null);
  const resourceId = f.ResourceId ?? '';
  return {
    flowLogId: f.FlowLogId ?? '',
    resourceId,
    resourceType: resourceTypeOf(resourceId),
    vpcId: resourceId.startsWith('vpc-') ? resourceId : null,
    trafficType: f.TrafficType ?? null,
    destinationType,
    destination: destinationType === 'cloud-watch-logs' ? logGroupName ?? f.LogDestination ?? '' : f.LogDestination ?? '',
    logGroupName,
    s3: destinationType === 's3' && f.LogDestination ? parseS3Destination(f.LogDestination) : null,
    status: f.FlowLogStatus ?? null,
    deliverLogsStatus: f.DeliverLogsStatus ?? null,
    deliverLogsError: f.DeliverLogsErrorMessage ?? null,
    maxAggregationInterval: f.MaxAggregationInterval ?? null,
    logFormat,
    fields,
    formatError,
    fileFormat: f.DestinationOptions?.FileFormat ?? (destinationType === 's3' ? 'plain-text' : null),
    hiveCompatiblePartitions: f.DestinationOptions?.HiveCompatiblePartitions ?? null,
    perHourPartition: f.DestinationOptions?.PerHourPartition ?? null,
    createdAt: f.CreationTime ? f.CreationTime.toISOString() : null,
    tags: Object.fromEntries((f.Tags ?? []).filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? ''])),
  };
}

function vpcInfo(v: Vpc): VpcInfo {
  const primary = v.CidrBlock ? [v.CidrBlock] : [];
  const others = (v.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock).filter((c): c is string => !!c && c !== v.CidrBlock);
  return {
    vpcId: v.VpcId ?? '',
    name: v.Tags?.find((t) => t.Key === 'Name')?.Value ?? null,
    cidrBlocks: [...primary, ...others],
    ipv6CidrBlocks: (v.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock).filter((c): c is string => !!c),
    isDefault: v.IsDefault ?? false,
    state: v.State ?? null,
    flowLogs: [],
  };
}

/** The interface id in a flow log's stream name (eni-0abc…-all); null for other streams. */
export function streamInterfaceId(streamName: string): string | null {
  return /^(eni-[0-9a-f]+)(?:-(?:all|accept|reject))?$/.exec(streamName)?.[1] ?? null;
}

export class FlowLogsService {
  private readonly timeoutMs: number;

  constructor(
    readonly ec2: EC2Client,
    readonly logs: CloudWatchLogsClient,
    readonly s3: S3Client,
    private readonly opts: FlowLogsServiceOptions,
  ) {
    this.timeoutMs = opts.callTimeoutMs ?? 2 * DEFAULT_AWS_REQUEST_TIMEOUT_MS;
  }

  /** A service with its own clients from createAwsClient (profile chain, endpoint, request timeouts). */
  static connect(conn: AwsConnectionOptions, opts: Partial<FlowLogsServiceOptions> = {}): FlowLogsService {
    const requestTimeoutMs = conn.requestTimeoutMs ?? DEFAULT_AWS_REQUEST_TIMEOUT_MS;
    return new FlowLogsService(
      createAwsClient(EC2Client, conn),
      createAwsClient(CloudWatchLogsClient, conn),
      // Emulators (moto, LocalStack) serve buckets by path, not as <bucket>.<host>.
      createAwsClient(S3Client, conn, conn.endpoint ? { forcePathStyle: true } : {}),
      {
        region: conn.region,
        endpoint: conn.endpoint,
        profile: conn.profile,
        // The SDK may retry once: two request timeouts and a little slack bound the whole call.
        callTimeoutMs: opts.callTimeoutMs ?? 2 * requestTimeoutMs + 1000,
      },
    );
  }

  get region(): string {
    return this.opts.region;
  }

  close(): void {
    this.ec2.destroy();
    this.logs.destroy();
    this.s3.destroy();
  }

  /** One SDK call with the timeout, the caller's signal and the error mapping. */
  private async call<T>(service: string, what: string, signal: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ctx = this.ctx(service, what);
    if (signal?.aborted) throw describeAwsFailure(signal.reason, ctx, { cancelled: true });
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await fn(combined);
    } catch (e) {
      throw describeAwsFailure(e, ctx, { cancelled: signal?.aborted === true, timedOut: !signal?.aborted && timeout.aborted, timeoutMs: this.timeoutMs });
    }
  }

  private ctx(service: string, what: string) {
    return { service, region: this.opts.region, endpoint: this.opts.endpoint, profile: this.opts.profile, what };
  }

  // -------------------------------------------------------------------------------------------
  // Configurations

  async listVpcs(signal?: AbortSignal): Promise<VpcInfo[]> {
    const vpcs: VpcInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('EC2', 'listing VPCs', signal, (abortSignal) => this.ec2.send(new DescribeVpcsCommand({ NextToken: token, MaxResults: 1000 }), { abortSignal }));
      vpcs.push(...(page.Vpcs ?? []).map(vpcInfo));
      token = page.NextToken;
    } while (token);
    return vpcs.sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || a.vpcId.localeCompare(b.vpcId));
  }

  /** Flow logs (all, or the given ids), each with its VPC resolved for subnets and ENIs. */
  async listFlowLogs(opts: { ids?: string[]; signal?: AbortSignal } = {}): Promise<FlowLogInfo[]> {
    const out: FlowLogInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('EC2', 'listing flow logs', opts.signal, (abortSignal) =>
        this.ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: opts.ids?.length ? opts.ids : undefined, NextToken: token, MaxResults: opts.ids?.length ? undefined : 1000 }), { abortSignal }),
      );
      out.push(...(page.FlowLogs ?? []).map(flowLogInfo));
      token = page.NextToken;
    } while (token);
    await this.resolveVpcs(out, opts.signal);
    return out.sort((a, b) => a.flowLogId.localeCompare(b.flowLogId));
  }

  /** One flow log; AwsError 'not-found' when the region has no flow log with that id. */
  async getFlowLog(flowLogId: string, signal?: AbortSignal): Promise<FlowLogInfo> {
    if (!/^fl-[0-9a-zA-Z]+$/.test(flowLogId)) throw new AwsError('config', `'${flowLogId}' is not a flow-log id (expected fl- followed by letters and digits, as \`flowscope flowlogs list\` shows)`);
    const found = (await this.listFlowLogs({ ids: [flowLogId], signal })).find((f) => f.flowLogId === flowLogId);
    if (!found) {
      const where = this.opts.endpoint ? `${this.opts.region} at ${this.opts.endpoint}` : this.opts.region;
      throw new AwsError('not-found', `flow log ${flowLogId} was not found in ${where} (check the id, --region and the profile's account)`);
    }
    return found;
  }

  /** Region → VPCs → flow logs, as the tree shows them. */
  async listNetwork(signal?: AbortSignal): Promise<NetworkListing> {
    const [vpcs, flowLogs] = await Promise.all([this.listVpcs(signal), this.listFlowLogs({ signal })]);
    const byId = new Map(vpcs.map((v) => [v.vpcId, v]));
    const otherFlowLogs: FlowLogInfo[] = [];
    for (const f of flowLogs) {
      const vpc = f.vpcId ? byId.get(f.vpcId) : undefined;
      if (vpc) vpc.flowLogs.push(f);
      else otherFlowLogs.push(f);
    }
    return { vpcs, otherFlowLogs };
  }

  /** Fills vpcId for flow logs on subnets and ENIs (one filtered Describe call per kind). */
  private async resolveVpcs(flowLogs: FlowLogInfo[], signal?: AbortSignal): Promise<void> {
    const subnets = [...new Set(flowLogs.filter((f) => f.resourceType === 'Subnet').map((f) => f.resourceId))];
    const enis = [...new Set(flowLogs.filter((f) => f.resourceType === 'NetworkInterface').map((f) => f.resourceId))];
    const vpcOf = new Map<string, string>();
    // Filters, not ids: a deleted subnet must not fail the listing (SubnetIds would).
    for (let i = 0; i < subnets.length; i += 200) {
      let token: string | undefined;
      do {
        const page = await this.call('EC2', 'looking up the subnets of flow logs', signal, (abortSignal) =>
          this.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: subnets.slice(i, i + 200) }], NextToken: token }), { abortSignal }),
        );
        for (const s of page.Subnets ?? []) if (s.SubnetId && s.VpcId) vpcOf.set(s.SubnetId, s.VpcId);
        token = page.NextToken;
      } while (token);
    }
    for (let i = 0; i < enis.length; i += 200) {
      let token: string | undefined;
      do {
        const page = await this.call('EC2', 'looking up the network interfaces of flow logs', signal, (abortSignal) =>
          this.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'network-interface-id', Values: enis.slice(i, i + 200) }], NextToken: token }), { abortSignal }),
        );
        for (const n of page.NetworkInterfaces ?? []) if (n.NetworkInterfaceId && n.VpcId) vpcOf.set(n.NetworkInterfaceId, n.VpcId);
        token = page.NextToken;
      } while (token);
    }
    for (const f of flowLogs) if (!f.vpcId) f.vpcId = vpcOf.get(f.resourceId) ?? null;
  }

  // -------------------------------------------------------------------------------------------
  // Where the records are

  /** Log streams (CloudWatch Logs) or S3 objects by hour (in the time range, if given). */
  async listRecordSources(flowLog: FlowLogInfo, opts: TimeRange & { signal?: AbortSignal } = {}): Promise<RecordSource[]> {
    if (flowLog.destinationType === 'cloud-watch-logs') return this.listLogStreams(flowLog, opts);
    if (flowLog.destinationType === 's3') return groupByHour(await this.listObjects(flowLog, opts));
    throw unreadable(flowLog);
  }

  private async listLogStreams(flowLog: FlowLogInfo, opts: TimeRange & { signal?: AbortSignal }): Promise<LogStreamSource[]> {
    const group = flowLog.logGroupName;
    if (!group) throw new FlowLogSourceError(`flow log ${flowLog.flowLogId} delivers to CloudWatch Logs but names no log group`);
    const out: LogStreamSource[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('CloudWatch Logs', `listing the log streams of ${group}`, opts.signal, (abortSignal) =>
        this.logs.send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LogStreamName', limit: 50, nextToken: token }), { abortSignal }),
      );
      for (const s of page.logStreams ?? []) {
        if (!s.logStreamName) continue;
        const first = s.firstEventTimestamp ?? null;
        const last = s.lastEventTimestamp ?? null;
        // A stream with no event in the range has nothing to show for it.
        if (opts.since !== undefined && last !== null && last + CWL_TIME_MARGIN_MS < opts.since) continue;
        if (opts.until !== undefined && first !== null && first - CWL_TIME_MARGIN_MS >= opts.until) continue;
        out.push({
          kind: 'log-stream',
          logGroupName: group,
          logStreamName: s.logStreamName,
          interfaceId: streamInterfaceId(s.logStreamName),
          firstEventTime: first,
          lastEventTime: last,
          storedBytes: s.storedBytes ?? null,
        });
      }
      token = page.nextToken;
    } while (token);
    return out;
  }

  private async listObjects(flowLog: FlowLogInfo, opts: TimeRange & { signal?: AbortSignal }): Promise<{ ref: S3ObjectRef; key: FlowLogObjectKey }[]> {
    const dest = flowLog.s3;
    if (!dest) throw new FlowLogSourceError(`flow log ${flowLog.flowLogId} delivers to S3 but its destination '${flowLog.destination}' is not an S3 bucket ARN`);
    if (flowLog.fileFormat === 'parquet') throw unreadable(flowLog);
    const where = `s3://${dest.bucket}/${dest.prefix}AWSLogs/`;
    // The account folders under AWSLogs/ (usually one; more with cross-account delivery).
    const folders = [];
    let token: string | undefined;
    do {
      const page = await this.call('S3', `listing ${where}`, opts.signal, (abortSignal) =>
        this.s3.send(new ListObjectsV2Command({ Bucket: dest.bucket, Prefix: `${dest.prefix}AWSLogs/`, Delimiter: '/', ContinuationToken: token }), { abortSignal }),
      );
      for (const p of page.CommonPrefixes ?? []) {
        const folder = p.Prefix ? accountFolder(p.Prefix, dest, this.opts.region) : null;
        if (folder) folders.push(folder);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);

    const out: { ref: S3ObjectRef; key: FlowLogObjectKey }[] = [];
    for (const folder of folders) {
      const range = keyRange(folder, opts.since, opts.until);
      let next: string | undefined;
      let past = false;
      do {
        const page = await this.call('S3', `listing s3://${dest.bucket}/${folder.prefix}`, opts.signal, (abortSignal) =>
          this.s3.send(new ListObjectsV2Command({ Bucket: dest.bucket, Prefix: range.prefix, StartAfter: next ? undefined : range.startAfter, ContinuationToken: next }), { abortSignal }),
        );
        for (const o of page.Contents ?? []) {
          const k = o.Key ? parseObjectKey(o.Key) : null;
          if (!k) continue;
          // Keys come in order: past the range's last day, nothing later can be in it.
          if (range.lastDay !== undefined && k.day > range.lastDay) { past = true; break; }
          if (k.format !== 'text' || !keyInRange(k, flowLog.flowLogId, opts.since, opts.until)) continue;
          out.push({ key: k, ref: { bucket: dest.bucket, key: k.key, size: o.Size ?? 0, writtenAt: k.writtenAt ?? o.LastModified?.getTime() ?? null } });
        }
        next = !past && page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (next);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Records

  /**
   * The flow log's records as batches of lines: first a header batch (the field names), then records
   * in the flow log's format, in the time range if one is given (records whose capture window
   * overlaps it). Nothing is held beyond the batch being read: S3 objects are gunzipped as they
   * arrive, CloudWatch Logs is read page by page. Stops (throwing AwsError 'cancelled') when
   * `signal` aborts; breaking out of the loop also stops the reading.
   */
  async *readRecords(flowLog: FlowLogInfo, opts: ReadOptions = {}): AsyncGenerator<RecordBatch> {
    if (flowLog.destinationType !== 'cloud-watch-logs' && flowLog.destinationType !== 's3') throw unreadable(flowLog);
    yield { kind: 'header', lines: [headerLine(flowLog.fields)], source: flowLog.flowLogId };
    if (flowLog.destinationType === 'cloud-watch-logs') yield* this.readLogEvents(flowLog, opts);
    else yield* this.readObjects(flowLog, opts);
  }

  private async *readLogEvents(flowLog: FlowLogInfo, opts: ReadOptions): AsyncGenerator<RecordBatch> {
    const group = flowLog.logGroupName;
    if (!group) throw new FlowLogSourceError(`flow log ${flowLog.flowLogId} delivers to CloudWatch Logs but names no log group`);
    const filter = new RecordTimeFilter(flowLog.fields, opts);
    // Event times are close to the records' own times; when the format has start/end, ask a little
    // wider and let the records' fields decide exactly.
    const margin = filter.usesRecordTimes ? CWL_TIME_MARGIN_MS : 0;
    const startTime = opts.since !== undefined ? Math.max(0, opts.since - margin) : undefined;
    const endTime = opts.until !== undefined ? opts.until + margin - (margin ? 0 : 1) : undefined;
    const streams = opts.sources?.filter((s): s is LogStreamSource => s.kind === 'log-stream').map((s) => s.logStreamName);
    if (opts.sources && !streams?.length) return;
    const nameGroups = streams ? chunk(streams, MAX_STREAM_NAMES) : [undefined];
    // For the progress fraction: the range asked, else the sources' own first and last events.
    const srcs = opts.sources?.filter((s): s is LogStreamSource => s.kind === 'log-stream') ?? [];
    const lo = opts.since ?? min(srcs.map((s) => s.firstEventTime));
    const hi = opts.until ?? max(srcs.map((s) => s.lastEventTime));
    const progress: ReadProgress = { records: 0, bytesRead: 0, done: 0, total: null, fraction: lo !== null && hi !== null && hi > lo ? 0 : null, current: `CloudWatch Logs ${group}` };
    for (const names of nameGroups) {
      let token: string | undefined;
      do {
        const page = await this.call('CloudWatch Logs', `reading the records of ${group}`, opts.signal, (abortSignal) =>
          this.logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: names, startTime, endTime, nextToken: token, limit: 10000 }), { abortSignal }),
        );
        const bySource = new Map<string, string[]>();
        let latest = -Infinity;
        for (const e of page.events ?? []) {
          const line = e.message?.replace(/\r?\n$/, '');
          if (!line) continue;
          progress.bytesRead += line.length + 1;
          if (e.timestamp !== undefined && e.timestamp > latest) latest = e.timestamp;
          if (!filter.keep(line)) continue;
          const src = e.logStreamName ?? group;
          let lines = bySource.get(src);
          if (!lines) bySource.set(src, (lines = []));
          lines.push(line);
          progress.records++;
        }
        progress.done++;
        if (progress.fraction !== null && lo !== null && hi !== null && latest > -Infinity) {
          progress.fraction = Math.max(progress.fraction, Math.min(1, (latest - lo) / (hi - lo)));
        }
        opts.onProgress?.({ ...progress });
        for (const [source, lines] of bySource) yield { kind: 'records', lines, source };
        token = page.nextToken;
      } while (token);
    }
    if (progress.fraction !== null) opts.onProgress?.({ ...progress, fraction: 1 });
  }

  private async *readObjects(flowLog: FlowLogInfo, opts: ReadOptions): AsyncGenerator<RecordBatch> {
    const objects = opts.sources
      ? opts.sources.flatMap((s) => (s.kind === 's3-hour' ? s.objects : []))
      : (await this.listObjects(flowLog, { since: opts.since, until: opts.until, signal: opts.signal })).map((o) => o.ref);
    const totalBytes = objects.reduce((n, o) => n + o.size, 0);
    const progress: ReadProgress = { records: 0, bytesRead: 0, done: 0, total: objects.length, fraction: 0, current: '' };
    const header = headerLine(flowLog.fields);
    let currentHeader = header;
    let filter = new RecordTimeFilter(flowLog.fields, opts);
    opts.onProgress?.({ ...progress });
    for (const obj of objects) {
      progress.current = `s3://${obj.bucket}/${obj.key}`;
      const body = await this.openObject(obj, opts.signal);
      let first = true;
      try {
        for await (const { lines, compressedBytes } of lineBatches(body, progress.current, opts.signal)) {
          progress.bytesRead += compressedBytes;
          const out: string[] = [];
          for (const line of lines) {
            if (first) {
              first = false;
              const fields = headerFields(line);
              if (fields) {
                // Every object repeats the header; a different one (never expected) is passed on so
                // that readers switch format, as `summarize` does with files.
                const h = headerLine(fields);
                if (h !== currentHeader) {
                  if (out.length) { yield { kind: 'records', lines: out.splice(0), source: obj.key }; }
                  yield { kind: 'header', lines: [h], source: obj.key };
                  currentHeader = h;
                  filter = new RecordTimeFilter(fields, opts);
                }
                continue;
              }
            }
            if (!line || !filter.keep(line)) continue;
            out.push(line);
          }
          progress.records += out.length;
          progress.fraction = totalBytes ? Math.min(1, progress.bytesRead / totalBytes) : null;
          opts.onProgress?.({ ...progress });
          if (out.length) yield { kind: 'records', lines: out, source: obj.key };
        }
      } finally {
        body.destroy();
      }
      progress.done++;
      opts.onProgress?.({ ...progress, fraction: totalBytes ? Math.min(1, progress.bytesRead / totalBytes) : progress.done / objects.length });
    }
  }

  /** GetObject under the call timeout until the body starts; the body then streams under the SDK's idle timeout and `signal`. */
  private async openObject(obj: S3ObjectRef, signal?: AbortSignal): Promise<Readable> {
    const ac = new AbortController();
    const onAbort = () => ac.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let unlinkCall = () => {};
    try {
      const res = await this.call('S3', `reading s3://${obj.bucket}/${obj.key}`, signal, (callSignal) => {
        // The call's timeout covers the wait for the answer, not the download of the body.
        const relay = () => ac.abort(callSignal.reason);
        callSignal.addEventListener('abort', relay, { once: true });
        unlinkCall = () => callSignal.removeEventListener('abort', relay);
        return this.s3.send(new GetObjectCommand({ Bucket: obj.bucket, Key: obj.key }), { abortSignal: ac.signal });
      });
      unlinkCall();
      const body = res.Body as Readable | undefined;
      if (!body) throw new AwsError('service', `s3://${obj.bucket}/${obj.key} has no body`);
      body.once('close', () => signal?.removeEventListener('abort', onAbort));
      return body;
    } catch (e) {
      unlinkCall();
      signal?.removeEventListener('abort', onAbort);
      throw e;
    }
  }
}

function unreadable(f: FlowLogInfo): FlowLogSourceError {
  if (f.destinationType === 'kinesis-data-firehose') {
    return new FlowLogSourceError(`flow log ${f.flowLogId} delivers to Kinesis Data Firehose (${f.destination}); its records cannot be read back through the flow log: read them where the stream delivers them`);
  }
  if (f.fileFormat === 'parquet') {
    return new FlowLogSourceError(`flow log ${f.flowLogId} writes Parquet files to S3; Flowscope reads plain-text flow logs (query Parquet with Athena, or create a plain-text flow log)`);
  }
  return new FlowLogSourceError(`flow log ${f.flowLogId} delivers to '${f.destinationType}', which Flowscope cannot read`);
}

function groupByHour(objects: { ref: S3ObjectRef; key: FlowLogObjectKey }[]): S3HourSource[] {
  const hours = new Map<number, S3HourSource>();
  for (const { ref, key } of objects) {
    const hour = objectHour(key);
    let h = hours.get(hour);
    if (!h) hours.set(hour, (h = { kind: 's3-hour', bucket: ref.bucket, hour, objects: [], bytes: 0 }));
    h.objects.push(ref);
    h.bytes += ref.size;
  }
  return [...hours.values()].sort((a, b) => a.hour - b.hour);
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

function min(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.min(...v) : null;
}

function max(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.max(...v) : null;
}

/**
 * Lines of a (gzip or plain, detected by content) byte stream, a batch per chunk read; with the
 * compressed bytes that batch cost, for progress. Holds one chunk and one partial line at a time.
 */
export async function* lineBatches(body: Readable, name: string, signal?: AbortSignal): AsyncGenerator<{ lines: string[]; compressedBytes: number }> {
  const it = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  if (first.done) return;
  const head = Buffer.from(first.value);
  let compressed = 0;
  const raw: AsyncIterable<Buffer> = (async function* () {
    compressed += head.length;
    yield head;
    for (;;) {
      if (signal?.aborted) throw new AwsError('cancelled', `cancelled while reading ${name}`, 'AbortError');
      const r = await it.next();
      if (r.done) return;
      compressed += r.value.length;
      yield r.value;
    }
  })();
  let source: AsyncIterable<Buffer> = raw;
  let gunzip: Transform | undefined;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    // Node's gunzip also reads concatenated gzip members.
    gunzip = createGunzip();
    source = gunzip;
    pipeline(Readable.from(raw), gunzip, () => { /* errors surface through the gunzip stream */ });
  }
  let carry = '';
  let reported = 0;
  try {
    for await (const chunk of source) {
      if (signal?.aborted) throw new AwsError('cancelled', `cancelled while reading ${name}`, 'AbortError');
      const text = carry + (chunk as Buffer).toString('latin1');
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
      yield { lines, compressedBytes: compressed - reported };
      reported = compressed;
    }
  } catch (e) {
    if (e instanceof AwsError) throw e;
    throw new FlowLogSourceError(`cannot read ${name}: ${(e as Error).message}${/incorrect header|unexpected end|invalid/i.test((e as Error).message) ? ' (corrupt or truncated gzip object?)' : ''}`);
  } finally {
    // Stopped early (break, error): stop the download too.
    gunzip?.destroy();
  }
  if (carry) yield { lines: [carry.replace(/\r$/, '')], compressedBytes: compressed - reported };
}
