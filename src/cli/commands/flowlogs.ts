import type { Command } from 'commander';
import type { FlowLogDetails, FlowLogSummary } from '../../core/flowlogs/analyze';
import { EPHEMERAL_MIN, SCANNER_MIN_TARGETS } from '../../core/flowlogs/analyze';
import type { FlowLogInfo, FlowLogsService, VpcInfo } from '../../core/flowlogs/aws';
import { DEFAULT_LOG_FORMAT, FIELDS, LogFormatError, parseLogFormat, protocolName } from '../../core/flowlogs/fields';
import { parseRange, TimeRangeError, type TimeRange } from '../../core/flowlogs/timerange';
import { humanBytes, isoTime } from '../../core/flowlogs/explain';
import { FlowLogInputError } from '../../core/flowlogs/reader';
import { summarizeInputs } from '../../core/flowlogs/summarize';
import { awsOptions, withAwsService, type AwsOpts } from '../aws';
import { OperationError, UsageError, type CommandContext } from '../program';

interface SummarizeOpts {
  format?: string;
  top: string;
  json?: boolean;
  threads?: string;
}

const SUMMARIZE_HELP = `
Reads plain and gzip files (detected by content), recursing into folders; '-' reads stdin.
The record format comes from each file's header line (S3 objects have one), else --format
(the flow log's LogFormat as DescribeFlowLogs shows it), else the default version-2 format.
Malformed lines are counted as skipped, never fatal. A flow between two interfaces of the same VPC
is logged on both; bytes, packets and top talkers count it once.

Exit codes: 0 summary printed, 1 an input could not be read, 2 bad command line.`;

/** Numbers get thousands separators; ports and other identifiers are passed as strings. */
function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '-' : typeof c === 'number' ? c.toLocaleString('en-US') : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

const n = (v: number) => v.toLocaleString('en-US');
const iso = (t: number | null) => (t === null ? '-' : isoTime(t));

const bytes = (b: number) => humanBytes(b, 'B');

/** The readable report (the --json output is the contract; this is for people). */
export function formatReport(s: FlowLogSummary, d: FlowLogDetails, files: number): string {
  const out: string[] = [];
  const pct = (part: number, whole: number) => (whole ? ` (${((100 * part) / whole).toFixed(1)}%)` : '');
  out.push(`Flow-log summary: ${n(s.records)} records from ${files} input${files === 1 ? '' : 's'}${s.skippedLines ? `, ${n(s.skippedLines)} malformed line${s.skippedLines === 1 ? '' : 's'} skipped` : ''}`);
  if (d.firstStart !== null) out.push(`  time range   ${iso(d.firstStart)} to ${iso(d.lastEnd)}`);
  out.push(`  log status   OK ${n(s.logStatus.OK)}, NODATA ${n(s.logStatus.NODATA)}, SKIPDATA ${n(s.logStatus.SKIPDATA)}`);
  out.push(`  action       ACCEPT ${n(s.action.ACCEPT)}, REJECT ${n(s.action.REJECT)}${pct(s.action.REJECT, s.action.ACCEPT + s.action.REJECT)}`);
  out.push(`  traffic      ${bytes(s.bytes)} (${n(s.bytes)} bytes), ${n(s.packets)} packets`);
  if (d.duplicateRecords) out.push(`               ${n(d.duplicateRecords)} records were the second copy of a flow logged on two interfaces and were counted once`);
  else if (!d.hasInterfaceId) out.push('               (no interface-id field: a flow logged on two interfaces may be counted twice)');
  if (d.translatedRecords) out.push(`               ${n(d.translatedRecords)} records went through a NAT or transit gateway; they are attributed to pkt-srcaddr/pkt-dstaddr`);
  if (s.records === 0) {
    out.push('', s.skippedLines ? 'No record could be read. Is the format right? Pass the flow log\'s LogFormat with --format.' : 'No records.');
    return out.join('\n') + '\n';
  }

  out.push('', 'Top talkers (by bytes)');
  out.push(s.topTalkers.length ? table(['source', 'destination', 'bytes', 'packets'], s.topTalkers.map((t) => [t.srcaddr, t.dstaddr, bytes(t.bytes), t.packets])) : '  none\n');

  out.push('Rejected traffic by destination port');
  if (s.rejectedByDstPort.length) {
    out.push(table(['port', 'protocol', 'records'], s.rejectedByDstPort.map((r) => [r.dstport === null ? null : String(r.dstport), protocolName(r.protocol), r.records])));
    out.push('  REJECT does not say whether a security group or a network ACL dropped the packets; for new\n  connections either fits (low confidence). Rejected replies are listed under "Asymmetric rejects".\n');
  } else out.push('  none\n');

  out.push(`Likely scanners (${SCANNER_MIN_TARGETS} or more distinct rejected address:port targets)`);
  out.push(s.scanners.length ? table(['source', 'distinct targets', 'rejected records'], s.scanners.map((r) => [r.srcaddr, r.distinctTargets, r.rejectedRecords])) : '  none\n');

  out.push('Asymmetric rejects (request ACCEPTed, reply REJECTed on the same interface)');
  if (s.asymmetric.length) {
    out.push(table(['interface', 'client', 'server', 'port', 'accepted requests', 'rejected replies'], s.asymmetric.map((a) => [a.interfaceId, a.client, a.server, String(a.serverPort), a.acceptedRequests, a.rejectedReplies])));
    out.push(`  Security groups are stateful and always let replies out, so a rejected reply points to a network\n  ACL (high confidence): it needs a rule for the clients' ephemeral ports (${EPHEMERAL_MIN}-65535) in the\n  reply's direction.\n`);
  } else out.push('  none\n');

  if (s.resets) {
    out.push('Services with TCP resets (tcp-flags has RST)');
    out.push(s.resets.length ? table(['service', 'records'], s.resets.map((r) => [r.service, r.records])) : '  none\n');
  } else {
    out.push('TCP resets: not available (the format has no tcp-flags field; it needs version 3 or later)\n');
  }

  if (d.statusIntervals.length) {
    out.push('NODATA / SKIPDATA intervals' + (s.logStatus.NODATA + s.logStatus.SKIPDATA > d.statusIntervals.length ? ` (first ${d.statusIntervals.length})` : ''));
    out.push(table(['status', 'interface', 'start', 'end'], d.statusIntervals.map((i) => [i.status, i.interfaceId, iso(i.start), iso(i.end)])));
    if (s.logStatus.SKIPDATA) out.push('  SKIPDATA: AWS skipped records in these intervals (capacity or an internal error); the figures above miss them.\n');
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

export function registerFlowLogsCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const flowlogs = program.command('flowlogs').description('VPC flow logs: list flow logs, fetch their records from CloudWatch Logs or S3, summarize records');
  registerAwsFlowLogsCommands(flowlogs, ctx);

  flowlogs
    .command('summarize')
    .description('summarize flow-log files: totals, top talkers, rejects, scanners, NACL-like asymmetric rejects, resets')
    .argument('<inputs...>', "files or folders ('-' for stdin)")
    .option('--format <logFormat>', 'LogFormat for inputs without a header line, e.g. "${version} ${srcaddr} ..."')
    .option('--top <n>', 'rows per table', '10')
    .option('--json', 'print the summary as JSON')
    .option('--threads <n>', 'threads: 2 reads on one and counts on the other (default when the machine has two cores and the input is large), 1 does both on one')
    .addHelpText('after', SUMMARIZE_HELP)
    .action(async (inputs: string[], opts: SummarizeOpts) => {
      if (!/^\d+$/.test(opts.top.trim()) || Number(opts.top) < 1 || Number(opts.top) > 100000) throw new UsageError(`--top expects a whole number from 1 to 100000, got '${opts.top}'`);
      let fields: string[] | undefined;
      if (opts.format !== undefined) {
        try {
          fields = parseLogFormat(opts.format);
        } catch (e) {
          if (e instanceof LogFormatError) throw new UsageError(`--format: ${e.message}`);
          throw e;
        }
      }
      if (inputs.filter((i) => i === '-').length > 1) throw new UsageError("'-' (stdin) can be given only once");
      if (opts.threads !== undefined && !['1', '2'].includes(opts.threads.trim())) throw new UsageError(`--threads expects 1 or 2, got '${opts.threads}'`);
      let r;
      try {
        r = await summarizeInputs(inputs, { fields, top: Number(opts.top), twoThreads: opts.threads === undefined ? undefined : opts.threads.trim() === '2' });
      } catch (e) {
        if (e instanceof FlowLogInputError) throw new OperationError(e.message);
        throw e;
      }
      io.out(opts.json ? JSON.stringify(r.summary, null, 2) + '\n' : formatReport(r.summary, r.details, r.files.length));
    });
}

// ---------------------------------------------------------------------------------------------
// list and fetch (AWS)

/** Opens the service for one command and always closes it; Ctrl+C cancels the AWS call in flight. */
async function withFlowLogs<T>(opts: AwsOpts, fn: (s: FlowLogsService, signal: AbortSignal) => Promise<T>): Promise<T> {
  // Loaded on use: evaluating the EC2, CloudWatch Logs and S3 clients would add to every command's
  // start-up, summarize's included.
  const { FlowLogsService } = await import('../../core/flowlogs/aws.js');
  return withAwsService(opts, undefined, (o) => FlowLogsService.connect(o), fn);
}


/** The highest flow-log version among a format's fields (the version a custom format needs). */
function formatVersion(fields: readonly string[]): number {
  return Math.max(2, ...fields.map((f) => FIELDS.get(f)?.version ?? 2));
}

function describeFormat(f: FlowLogInfo): string {
  if (f.formatError) return `unreadable: ${f.formatError}`;
  if (f.logFormat === DEFAULT_LOG_FORMAT) return 'default (v2)';
  return `custom, ${f.fields.length} fields (v${formatVersion(f.fields)})`;
}

function describeDestination(f: FlowLogInfo): string {
  if (f.destinationType === 'cloud-watch-logs') return `CloudWatch Logs ${f.logGroupName ?? f.destination}`;
  if (f.destinationType === 's3' && f.s3) return `S3 s3://${f.s3.bucket}/${f.s3.prefix}${f.fileFormat === 'parquet' ? ' (Parquet)' : ''}`;
  return `${f.destinationType} ${f.destination}`;
}

/** The `flowlogs list --json` contract: one object per flow log. */
export function listJson(f: FlowLogInfo, vpc: VpcInfo | undefined) {
  return {
    flowLogId: f.flowLogId,
    resourceId: f.resourceId,
    resourceType: f.resourceType,
    vpcId: f.vpcId,
    vpcName: vpc?.name ?? null,
    vpcCidrBlocks: vpc?.cidrBlocks ?? [],
    trafficType: f.trafficType,
    destinationType: f.destinationType,
    destination: f.destination,
    logGroupName: f.logGroupName,
    s3Bucket: f.s3?.bucket ?? null,
    s3Prefix: f.s3?.prefix ?? null,
    fileFormat: f.fileFormat,
    status: f.status,
    deliverLogsStatus: f.deliverLogsStatus,
    deliverLogsError: f.deliverLogsError,
    maxAggregationInterval: f.maxAggregationInterval,
    logFormat: f.logFormat,
    fields: f.fields,
    createdAt: f.createdAt,
  };
}

const LIST_HELP = `
Lists the region's flow logs (EC2 DescribeFlowLogs) under their VPCs (name tag and CIDR). A flow
log on a subnet or a network interface is listed under that resource's VPC.

Exit codes: 0 listed (also when there are none), 1 AWS error, 2 bad command line.`;

const FETCH_HELP = `
Writes the flow log's records to stdout in its own format, a header line of field names first, so
that the output can be piped into \`flowscope flowlogs summarize -\`. Records come from CloudWatch Logs
(FilterLogEvents over every log stream) or from the S3 objects (gunzipped as they stream in).
--since/--until keep the records whose capture window [start, end] overlaps [since, until); without
them every record is fetched. Times are ISO 8601 (2026-11-30T10:00:00Z; no zone means UTC).

Exit codes: 0 fetched (also when there are none), 1 AWS error or unreadable destination, 2 bad command line.`;

function registerAwsFlowLogsCommands(flowlogs: Command, ctx: CommandContext): void {
  const { io } = ctx;

  awsOptions(flowlogs.command('list').description('flow logs with their resource, destination, status, aggregation interval and format'))
    .option('--json', 'print JSON to stdout')
    .addHelpText('after', LIST_HELP)
    .action(async (opts: AwsOpts & { json?: boolean }) => {
      const { net, region } = await withFlowLogs(opts, async (s, signal) => ({ net: await s.listNetwork(signal), region: s.region }));
      const vpcOf = new Map(net.vpcs.map((v) => [v.vpcId, v]));
      const all = [...net.vpcs.flatMap((v) => v.flowLogs), ...net.otherFlowLogs];
      if (opts.json) {
        io.out(JSON.stringify(all.map((f) => listJson(f, f.vpcId ? vpcOf.get(f.vpcId) : undefined)), null, 2) + '\n');
        return;
      }
      const rows = (fls: FlowLogInfo[]) => fls.map((f) => [
        f.flowLogId,
        `${f.resourceId} (${f.resourceType})`,
        f.trafficType ?? '-',
        describeDestination(f),
        `${f.status ?? '-'}${f.deliverLogsStatus && f.deliverLogsStatus !== 'SUCCESS' ? `, delivery ${f.deliverLogsStatus}${f.deliverLogsError ? `: ${f.deliverLogsError}` : ''}` : ''}`,
        f.maxAggregationInterval === null ? '-' : `${f.maxAggregationInterval} s`,
        describeFormat(f),
      ]);
      const header = ['flow log', 'resource', 'traffic', 'destination', 'status', 'interval', 'format'];
      for (const v of net.vpcs) {
        io.out(`VPC ${v.vpcId}${v.name ? ` "${v.name}"` : ''} ${v.cidrBlocks.join(', ')}${v.isDefault ? ' (default VPC)' : ''}\n`);
        io.out(v.flowLogs.length ? table(header, rows(v.flowLogs)) : '  no flow logs\n');
      }
      if (net.otherFlowLogs.length) {
        io.out('Not in a VPC of this region (transit gateways, deleted resources)\n');
        io.out(table(header, rows(net.otherFlowLogs)));
      }
      io.out(`${all.length} flow log${all.length === 1 ? '' : 's'} in ${net.vpcs.length} VPC${net.vpcs.length === 1 ? '' : 's'} (${region})\n`);
    });

  awsOptions(flowlogs.command('fetch').description('write a flow log\'s records (CloudWatch Logs or S3) to stdout, header line first'))
    .argument('<flow-log-id>', 'the flow log, e.g. fl-0123456789abcdef0 (see flowlogs list)')
    .option('--since <iso>', 'only records whose window ends at or after this time')
    .option('--until <iso>', 'only records whose window starts before this time')
    .addHelpText('after', FETCH_HELP)
    .action(async (id: string, opts: AwsOpts & { since?: string; until?: string }) => {
      let range: TimeRange;
      try {
        range = parseRange(opts.since, opts.until);
      } catch (e) {
        if (e instanceof TimeRangeError) throw new UsageError(e.message);
        throw e;
      }
      await withFlowLogs(opts, async (s, signal) => {
        const flowLog = await s.getFlowLog(id.trim(), signal);
        for await (const batch of s.readRecords(flowLog, { ...range, signal })) io.out(batch.lines.join('\n') + '\n');
      });
    });
}
