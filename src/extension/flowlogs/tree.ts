// The VPC Flow Logs view: Region → VPC (name tag, CIDR) → flow log → records (a CloudWatch log stream
// per ENI, or the S3 objects of one hour, newest first). Every AWS call has the connection's timeout; a failure becomes an error node in words with
// Retry, never an endless spinner.
import * as vscode from 'vscode';
import type { FlowLogInfo, FlowLogSource, RecordSource, VpcInfo } from '../../core/flowlogs/source';
import type { TimeRange } from '../../core/flowlogs/timerange';
import type { AwsConnection } from '../aws/connection';

export type FlowLogNode =
  | { kind: 'region'; region: string }
  | { kind: 'vpc'; region: string; vpc: VpcInfo; flowLogs: FlowLogInfo[] }
  | { kind: 'flowLog'; flowLog: FlowLogInfo }
  | { kind: 'records'; source: RecordSource }
  | { kind: 'older'; flowLog: FlowLogInfo; before: number; parent: FlowLogNode }
  | { kind: 'message'; id: string; text: string; detail?: string; error?: { retry: FlowLogNode | undefined } };

interface RegionData { vpcs: VpcInfo[]; flowLogs: FlowLogInfo[] }

const ERROR_CONTEXT = 'flowlogs.error';
/** S3 hours are listed a window of days at a time, newest first; "Older hours" lists the window before. */
const S3_WINDOW_DAYS = 2;
const DAY_MS = 86_400_000;

function destinationText(f: FlowLogInfo): string {
  if (f.destinationType === 'cloud-watch-logs') return `CloudWatch Logs ${f.logGroupName ?? f.destination}`;
  if (f.destinationType === 's3' && f.s3) return `S3 s3://${f.s3.bucket}/${f.s3.prefix}`;
  return `${f.destinationType} ${f.destination}`;
}

function statusText(f: FlowLogInfo): string {
  return f.deliverLogsStatus && f.deliverLogsStatus !== 'SUCCESS' ? `delivery ${f.deliverLogsStatus}` : (f.status ?? 'ACTIVE');
}

function utcHour(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 13).replace('T', ' ')}:00 UTC`;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

export class FlowLogTree implements vscode.TreeDataProvider<FlowLogNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FlowLogNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private regions = new Map<string, Promise<RegionData>>();
  private sources = new Map<string, Promise<RecordSource[]>>();
  /** Per S3 flow log: the start (ms) of the oldest window of hours shown. */
  private s3From = new Map<string, number>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly connection: AwsConnection, private readonly source: () => FlowLogSource) {
    this.sub = connection.onDidChange(() => this.refresh());
  }

  refresh(node?: FlowLogNode): void {
    if (!node) {
      this.regions.clear();
      this.sources.clear();
      this.s3From.clear();
    } else if (node.kind === 'region') this.regions.delete(node.region);
    else if (node.kind === 'flowLog') {
      for (const k of [...this.sources.keys()]) if (k.startsWith(`${node.flowLog.flowLogId}:`)) this.sources.delete(k);
    }
    this.changed.fire(node);
  }

  /** Retry from an error node: forget what failed and read its parent again. */
  retry(node: FlowLogNode): void {
    if (node.kind === 'message' && node.error) this.refresh(node.error.retry);
    else this.refresh();
  }

  /** Lists the S3 hours of the window before `node.before` too. */
  showOlder(node: FlowLogNode): void {
    if (node.kind !== 'older') return;
    this.s3From.set(node.flowLog.flowLogId, node.before - S3_WINDOW_DAYS * DAY_MS);
    this.changed.fire(node.parent);
  }

  getTreeItem(node: FlowLogNode): vscode.TreeItem {
    switch (node.kind) {
      case 'region': {
        const item = new vscode.TreeItem(node.region, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `region:${node.region}`;
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = 'flowlogs.region';
        item.tooltip = `AWS region ${node.region} (profile ${this.connection.effectiveProfile})`;
        return item;
      }
      case 'vpc': {
        const v = node.vpc;
        const item = new vscode.TreeItem(v.name ?? v.vpcId, node.flowLogs.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `vpc:${node.region}:${v.vpcId}`;
        item.description = `${v.name ? `${v.vpcId} · ` : ''}${v.cidrBlocks.join(', ')}${v.isDefault ? ' · default' : ''} · ${node.flowLogs.length} flow log${node.flowLogs.length === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('type-hierarchy');
        item.contextValue = 'flowlogs.vpc';
        item.tooltip = `${v.vpcId}${v.name ? ` (${v.name})` : ''}\nCIDR ${v.cidrBlocks.join(', ')}`;
        return item;
      }
      case 'flowLog': {
        const f = node.flowLog;
        const item = new vscode.TreeItem(f.flowLogId, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `flowlog:${f.region}:${f.flowLogId}`;
        const dest = destinationText(f);
        const status = statusText(f);
        item.description = `${f.resourceId} · ${f.trafficType ?? '?'} → ${dest}`;
        item.iconPath = new vscode.ThemeIcon(status === 'ACTIVE' ? 'pulse' : 'warning');
        item.contextValue = 'flowlogs.flowLog';
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${f.flowLogId}**\n\n`);
        md.appendMarkdown(`- resource: \`${f.resourceId}\`\n- traffic type: ${f.trafficType}\n- destination: ${dest}\n- status: ${status}${f.deliverLogsError ? ` (${f.deliverLogsError})` : ''}\n`);
        md.appendMarkdown(`- aggregation interval: ${f.maxAggregationInterval !== null ? `${f.maxAggregationInterval} s` : 'unknown'}\n\nFormat:\n`);
        md.appendCodeblock(f.logFormat, 'text');
        item.tooltip = md;
        return item;
      }
      case 'records': {
        const s = node.source;
        const part = s.part;
        const item = new vscode.TreeItem(s.label, vscode.TreeItemCollapsibleState.None);
        item.id = `records:${s.flowLog.region}:${s.flowLog.flowLogId}:${s.label}`;
        item.iconPath = new vscode.ThemeIcon('list-flat');
        item.contextValue = 'flowlogs.records';
        item.command = { command: 'flowscope.flowlogs.openRecords', title: 'Open Records', arguments: [node] };
        if (part?.kind === 's3-hour') {
          item.description = `${part.objects.length} object${part.objects.length === 1 ? '' : 's'} · ${size(part.bytes)}`;
          item.tooltip = `S3 objects written ${utcHour(part.hour)} to ${utcHour(part.hour + 3_600_000).slice(11)} in s3://${part.bucket}/\nClick to open their records.`;
        } else if (part?.kind === 'log-stream') {
          if (part.interfaceId) item.label = part.interfaceId;
          item.description = `${part.interfaceId ? `${s.label} · ` : ''}${part.lastEventTime ? `last record ${ago(part.lastEventTime)}` : 'no records yet'}`;
          item.tooltip = `Log stream ${s.label} in ${s.flowLog.logGroupName ?? s.flowLog.destination}\nClick to open its records (the hour before the last one).`;
        }
        return item;
      }
      case 'older': {
        const item = new vscode.TreeItem('Older hours…', vscode.TreeItemCollapsibleState.None);
        item.id = `older:${node.flowLog.region}:${node.flowLog.flowLogId}:${node.before}`;
        item.description = `before ${utcHour(node.before)}`;
        item.iconPath = new vscode.ThemeIcon('history');
        item.tooltip = `List the S3 objects written in the ${S3_WINDOW_DAYS} days before ${utcHour(node.before)}`;
        item.command = { command: 'flowscope.flowlogs.showOlder', title: 'Show Older Hours', arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.tooltip = node.detail ?? node.text;
        if (node.error) {
          item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
          item.contextValue = ERROR_CONTEXT;
          item.description = 'Retry';
          item.command = { command: 'flowscope.flowlogs.retry', title: 'Retry', arguments: [node] };
        } else item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }

  async getChildren(node?: FlowLogNode): Promise<FlowLogNode[]> {
    if (!node) {
      const target = await this.connection.target();
      // No region: the view's welcome content asks for one.
      return target.regions.map((region) => ({ kind: 'region', region }));
    }
    switch (node.kind) {
      case 'region': {
        let data: RegionData;
        try {
          data = await this.regionData(node.region);
        } catch (e) {
          return [errorNode(`region:${node.region}`, `Cannot list VPC flow logs in ${node.region}`, e, node)];
        }
        const byVpc = (id: string) => data.flowLogs.filter((f) => f.vpcId === id);
        const nodes: FlowLogNode[] = data.vpcs.map((vpc) => ({ kind: 'vpc', region: node.region, vpc, flowLogs: byVpc(vpc.vpcId) }));
        const known = new Set(data.vpcs.map((v) => v.vpcId));
        // Flow logs of transit gateways (or VPCs not listed) still show, under the region.
        nodes.push(...data.flowLogs.filter((f) => !f.vpcId || !known.has(f.vpcId)).map((flowLog): FlowLogNode => ({ kind: 'flowLog', flowLog })));
        if (nodes.length === 0) return [{ kind: 'message', id: `empty:${node.region}`, text: `No VPCs in ${node.region}` }];
        return nodes;
      }
      case 'vpc':
        if (node.flowLogs.length === 0) return [{ kind: 'message', id: `nofl:${node.vpc.vpcId}`, text: 'No flow logs on this VPC, its subnets or interfaces' }];
        return node.flowLogs.map((flowLog) => ({ kind: 'flowLog', flowLog }));
      case 'flowLog': {
        const f = node.flowLog;
        if (f.destinationType === 's3') return this.s3Hours(node, f);
        if (f.destinationType !== 'cloud-watch-logs') {
          return [{ kind: 'message', id: `dest:${f.flowLogId}`, text: `Records go to ${f.destinationType}: ${f.destination}`, detail: 'Flowscope cannot read records back from this destination; read them where it delivers them and use "Analyze Flow Log File…".' }];
        }
        let sources: RecordSource[];
        try {
          sources = await this.recordSources(f);
        } catch (e) {
          return [errorNode(`streams:${f.flowLogId}`, `Cannot list log streams of ${f.logGroupName ?? f.destination}`, e, node)];
        }
        if (sources.length === 0) return [{ kind: 'message', id: `nostreams:${f.flowLogId}`, text: 'No log streams yet (AWS creates one per interface when it first delivers records)' }];
        return sources.map((source) => ({ kind: 'records', source }));
      }
      default:
        return [];
    }
  }

  /** The S3 hours from the shown windows, newest first, then "Older hours…". */
  private async s3Hours(node: FlowLogNode, f: FlowLogInfo): Promise<FlowLogNode[]> {
    // Windows start at whole hours so that they are the same keys on every expand.
    const now = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    const from = this.s3From.get(f.flowLogId) ?? now - S3_WINDOW_DAYS * DAY_MS;
    let sources: RecordSource[];
    try {
      sources = await this.recordSources(f, { since: from });
    } catch (e) {
      return [errorNode(`objects:${f.flowLogId}`, `Cannot list the objects of ${destinationText(f)}`, e, node)];
    }
    const hour = (s: RecordSource) => (s.part?.kind === 's3-hour' ? s.part.hour : 0);
    const nodes: FlowLogNode[] = [...sources].sort((a, b) => hour(b) - hour(a)).map((source) => ({ kind: 'records', source }));
    if (nodes.length === 0) nodes.push({ kind: 'message', id: `noobjects:${f.flowLogId}:${from}`, text: `No objects written since ${utcHour(from)}` });
    nodes.push({ kind: 'older', flowLog: f, before: from, parent: node });
    return nodes;
  }

  private regionData(region: string): Promise<RegionData> {
    let p = this.regions.get(region);
    if (!p) {
      const src = this.source();
      p = Promise.all([src.listVpcs(region), src.listFlowLogs(region)]).then(([vpcs, flowLogs]) => ({ vpcs, flowLogs }));
      this.regions.set(region, p);
      // A failure is not cached: Retry (or the next expand) asks again.
      p.catch(() => { if (this.regions.get(region) === p) this.regions.delete(region); });
    }
    return p;
  }

  private recordSources(flowLog: FlowLogInfo, range: TimeRange = {}): Promise<RecordSource[]> {
    const key = `${flowLog.flowLogId}:${range.since ?? ''}`;
    let p = this.sources.get(key);
    if (!p) {
      const last = (s: RecordSource) => (s.part?.kind === 'log-stream' ? s.part.lastEventTime ?? 0 : 0);
      p = this.source().listRecordSources(flowLog, range).then((s) => s.sort((a, b) => last(b) - last(a) || a.label.localeCompare(b.label)));
      this.sources.set(key, p);
      p.catch(() => { if (this.sources.get(key) === p) this.sources.delete(key); });
    }
    return p;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

function errorNode(id: string, what: string, e: unknown, retry: FlowLogNode): FlowLogNode {
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'message', id: `error:${id}`, text: `${what}: ${message}`, detail: `${what}:\n${message}\n\nClick to retry.`, error: { retry } };
}
