import type { Command } from 'commander';
import type { FlowLogDetails, FlowLogSummary } from '../../core/flowlogs/analyze';
import { EPHEMERAL_MIN, SCANNER_MIN_TARGETS } from '../../core/flowlogs/analyze';
import { LogFormatError, parseLogFormat, protocolName } from '../../core/flowlogs/fields';
import { FlowLogInputError } from '../../core/flowlogs/reader';
import { summarizeInputs } from '../../core/flowlogs/summarize';
import { OperationError, UsageError, type CommandContext } from '../program';

interface SummarizeOpts {
  format?: string;
  top: string;
  json?: boolean;
}

const SUMMARIZE_HELP = `
Reads plain and gzip files (detected by content), recursing into folders; '-' reads stdin.
The record format comes from each file's header line (S3 objects have one), else --format
(the flow log's LogFormat as DescribeFlowLogs shows it), else the default version-2 format.
Malformed lines are counted as skipped, never fatal. A flow between two interfaces of the same VPC
is logged on both; bytes, packets and top talkers count it once.

Exit codes: 0 summary printed, 1 an input could not be read, 2 bad command line.`;

function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '-' : typeof c === 'number' ? c.toLocaleString('en-US') : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

const n = (v: number) => v.toLocaleString('en-US');
const iso = (t: number | null) => (t === null ? '-' : new Date(t * 1000).toISOString().replace('.000Z', 'Z'));

function humanBytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${b} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** The readable report (the --json output is the contract; this is for people). */
export function formatReport(s: FlowLogSummary, d: FlowLogDetails, files: number): string {
  const out: string[] = [];
  const pct = (part: number, whole: number) => (whole ? ` (${((100 * part) / whole).toFixed(1)}%)` : '');
  out.push(`Flow-log summary: ${n(s.records)} records from ${files} input${files === 1 ? '' : 's'}${s.skippedLines ? `, ${n(s.skippedLines)} malformed line${s.skippedLines === 1 ? '' : 's'} skipped` : ''}`);
  if (d.firstStart !== null) out.push(`  time range   ${iso(d.firstStart)} to ${iso(d.lastEnd)}`);
  out.push(`  log status   OK ${n(s.logStatus.OK)}, NODATA ${n(s.logStatus.NODATA)}, SKIPDATA ${n(s.logStatus.SKIPDATA)}`);
  out.push(`  action       ACCEPT ${n(s.action.ACCEPT)}, REJECT ${n(s.action.REJECT)}${pct(s.action.REJECT, s.action.ACCEPT + s.action.REJECT)}`);
  out.push(`  traffic      ${humanBytes(s.bytes)} (${n(s.bytes)} bytes), ${n(s.packets)} packets`);
  if (d.duplicateRecords) out.push(`               ${n(d.duplicateRecords)} records were the second copy of a flow logged on two interfaces and were counted once`);
  else if (!d.hasInterfaceId) out.push('               (no interface-id field: a flow logged on two interfaces may be counted twice)');
  if (d.translatedRecords) out.push(`               ${n(d.translatedRecords)} records went through a NAT or transit gateway; they are attributed to pkt-srcaddr/pkt-dstaddr`);
  if (s.records === 0) {
    out.push('', s.skippedLines ? 'No record could be read. Is the format right? Pass the flow log\'s LogFormat with --format.' : 'No records.');
    return out.join('\n') + '\n';
  }

  out.push('', 'Top talkers (by bytes)');
  out.push(s.topTalkers.length ? table(['source', 'destination', 'bytes', 'packets'], s.topTalkers.map((t) => [t.srcaddr, t.dstaddr, humanBytes(t.bytes), t.packets])) : '  none\n');

  out.push('Rejected traffic by destination port');
  if (s.rejectedByDstPort.length) {
    out.push(table(['port', 'protocol', 'records'], s.rejectedByDstPort.map((r) => [r.dstport, protocolName(r.protocol), r.records])));
    out.push('  REJECT does not say whether a security group or a network ACL dropped the packets; for new\n  connections either fits (low confidence). Rejected replies are listed under "Asymmetric rejects".\n');
  } else out.push('  none\n');

  out.push(`Likely scanners (${SCANNER_MIN_TARGETS} or more distinct rejected address:port targets)`);
  out.push(s.scanners.length ? table(['source', 'distinct targets', 'rejected records'], s.scanners.map((r) => [r.srcaddr, r.distinctTargets, r.rejectedRecords])) : '  none\n');

  out.push('Asymmetric rejects (request ACCEPTed, reply REJECTed on the same interface)');
  if (s.asymmetric.length) {
    out.push(table(['interface', 'client', 'server', 'port', 'accepted requests', 'rejected replies'], s.asymmetric.map((a) => [a.interfaceId, a.client, a.server, a.serverPort, a.acceptedRequests, a.rejectedReplies])));
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
  const flowlogs = program.command('flowlogs').description('VPC flow logs: summarize files (list and fetch from AWS are not available yet)');

  flowlogs
    .command('summarize')
    .description('summarize flow-log files: totals, top talkers, rejects, scanners, NACL-like asymmetric rejects, resets')
    .argument('<inputs...>', "files or folders ('-' for stdin)")
    .option('--format <logFormat>', 'LogFormat for inputs without a header line, e.g. "${version} ${srcaddr} ..."')
    .option('--top <n>', 'rows per table', '10')
    .option('--json', 'print the summary as JSON')
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
      let r;
      try {
        r = await summarizeInputs(inputs, { fields, top: Number(opts.top) });
      } catch (e) {
        if (e instanceof FlowLogInputError) throw new OperationError(e.message);
        throw e;
      }
      io.out(opts.json ? JSON.stringify(r.summary, null, 2) + '\n' : formatReport(r.summary, r.details, r.files.length));
    });
}
