// The SQS tree: Region → queues (counts, key attributes, DLQ links both ways), one page at a time, with an
// error node (cause, what to do, Retry) when a region cannot be read. Every load runs under the AWS
// timeout and is aborted by a refresh or a change of connection, so no node spins forever.
import * as vscode from 'vscode';
import { adviseAwsFailure, type AwsAdvice } from '../../core/aws/advice';
import { QueueListing } from '../../core/sqs/listing';
import { queueNameFromUrl, type QueueInfo } from '../../core/sqs/model';
import { queueCounts, queueDetails, queueNameFromArn } from '../../core/sqs/present';
import type { SqsService } from '../../core/sqs/service';
import type { AwsConnection } from '../aws/connection';

export const SQS_VIEW = 'flowscope.sqs';
const SECTION = 'flowscope.sqs';
const PERMISSIONS = ['sqs:ListQueues', 'sqs:GetQueueAttributes'];

export type SqsNode =
  | { kind: 'region'; region: string }
  | { kind: 'queue'; region: string; queue: QueueInfo }
  | { kind: 'link'; region: string; role: 'dead-letter-queue' | 'source'; name: string; url?: string; arn?: string; maxReceiveCount: number | null; from?: string }
  | { kind: 'more'; region: string; remaining: number; pageSize: number }
  | { kind: 'error'; region: string; advice: AwsAdvice }
  | { kind: 'action'; region: string; advice: AwsAdvice }
  | { kind: 'retry'; region: string }
  | { kind: 'empty'; region: string; prefix: string };

interface RegionState {
  node: SqsNode & { kind: 'region' };
  service?: SqsService;
  endpoint?: string;
  listing?: QueueListing;
  error?: AwsAdvice;
  loading?: Promise<void>;
  abort?: AbortController;
  /** A DLQ's complete source list, asked of SQS once the listing is partial (by URL; dropped on reload). */
  sources?: Map<string, Promise<string[]>>;
}

export class SqsTreeProvider implements vscode.TreeDataProvider<SqsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SqsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly regions = new Map<string, RegionState>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private prefixValue = '';
  private timer: NodeJS.Timeout | undefined;
  /** Set by the view so auto-refresh only runs while someone can see the tree. */
  isVisible: () => boolean = () => true;

  constructor(
    private readonly connection: AwsConnection,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      connection.onDidChange(() => this.reset()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.pageSize`)) this.reset();
        if (e.affectsConfiguration(`${SECTION}.autoRefreshSeconds`)) this.schedule();
      }),
    );
    this.schedule();
  }

  /** The queue-name prefix every region is filtered by ('' for all). */
  get prefix(): string {
    return this.prefixValue;
  }

  setPrefix(prefix: string): void {
    this.prefixValue = prefix.trim();
    this.reset();
  }

  private get pageSize(): number {
    return Math.max(1, Math.floor(vscode.workspace.getConfiguration(SECTION).get<number>('pageSize') ?? 100));
  }

  private schedule(): void {
    clearInterval(this.timer);
    const seconds = vscode.workspace.getConfiguration(SECTION).get<number>('autoRefreshSeconds') ?? 0;
    if (seconds > 0) {
      this.timer = setInterval(() => {
        if (this.isVisible()) void this.refresh();
      }, Math.max(5, seconds) * 1000);
    }
  }

  /** Forgets every region (new connection, filter or page size): services are closed, loads aborted. */
  reset(): void {
    for (const s of this.regions.values()) {
      s.abort?.abort();
      s.service?.close();
    }
    this.regions.clear();
    this.changed.fire(undefined);
  }

  /** Reloads every region (or one), keeping the pages already loaded. */
  async refresh(region?: string): Promise<void> {
    const states = region ? [this.regions.get(region)].filter((s): s is RegionState => !!s) : [...this.regions.values()];
    if (!states.length) {
      this.changed.fire(undefined);
      return;
    }
    await Promise.all(states.map((s) => this.load(s, (l, signal) => l.load(signal))));
  }

  /** Reloads a region with a new client, so renewed credentials (aws sso login) are read again. */
  async retry(region: string): Promise<void> {
    const s = this.state(region);
    s.abort?.abort();
    s.service?.close();
    s.service = undefined;
    s.listing = undefined;
    await this.load(s, (l, signal) => l.load(signal));
  }

  async loadMore(region: string): Promise<void> {
    const s = this.regions.get(region);
    if (s?.listing) await this.load(s, (l, signal) => l.loadMore(signal));
  }

  /** The service for a region (tree or commands), created on first use. */
  async serviceFor(region: string): Promise<SqsService> {
    const s = this.state(region);
    if (!s.service) {
      // The SQS client loads with the first region that needs it, not at activation (docs/lazy-loading.md).
      const [options, { SqsService }] = await Promise.all([this.connection.options(region, 'SQS'), import('../../core/sqs/service.js')]);
      s.endpoint = options.endpoint;
      s.service = SqsService.connect(options);
    }
    return s.service;
  }

  /** The cause and what to do about a failure in a region, for error nodes and messages. */
  advise(e: unknown, region: string, permissions: string[] = PERMISSIONS): AwsAdvice {
    return adviseAwsFailure(e, { service: 'SQS', profile: this.connection.effectiveProfile, region, endpoint: this.regions.get(region)?.endpoint, permissions });
  }

  /** Every loaded queue, for pickers and tests. */
  loadedQueues(): { region: string; queue: QueueInfo }[] {
    return [...this.regions.entries()].flatMap(([region, s]) => (s.listing?.queues ?? []).map((queue) => ({ region, queue })));
  }

  /** A loaded queue by name, URL or ARN. */
  /** The queue a link points to, as a tree node, when it is among the loaded queues. */
  linkedQueue(link: SqsNode & { kind: 'link' }): (SqsNode & { kind: 'queue' }) | undefined {
    const found = (link.url && this.findQueue(link.url)) || (link.arn && this.findQueue(link.arn));
    return found ? { kind: 'queue', region: found.region, queue: found.queue } : undefined;
  }

  findQueue(nameUrlOrArn: string, region?: string): { region: string; queue: QueueInfo } | undefined {
    return this.loadedQueues().find((x) => (!region || x.region === region) && (x.queue.name === nameUrlOrArn || x.queue.url === nameUrlOrArn || x.queue.arn === nameUrlOrArn));
  }

  private state(region: string): RegionState {
    let s = this.regions.get(region);
    if (!s) {
      s = { node: { kind: 'region', region } };
      this.regions.set(region, s);
    }
    return s;
  }

  /** Runs one load of a region; a newer load aborts the older one. Errors become the region's error node. */
  private load(s: RegionState, step: (listing: QueueListing, signal: AbortSignal) => Promise<void>): Promise<void> {
    s.abort?.abort();
    const abort = new AbortController();
    s.abort = abort;
    s.sources = undefined;
    const region = s.node.region;
    const run: Promise<void> = (async () => {
      try {
        const service = await this.serviceFor(region);
        s.listing ??= new QueueListing(service, this.pageSize, this.prefixValue);
        await step(s.listing, abort.signal);
        if (s.abort === abort) s.error = undefined;
      } catch (e) {
        if (abort.signal.aborted) return; // superseded by a newer load, which reports for itself
        s.error = this.advise(e, region);
        this.log.warn(`SQS ${region}: ${s.error.cause}`);
      }
    })();
    s.loading = run;
    void run.finally(() => {
      if (s.loading === run) s.loading = undefined;
    });
    void run.then(() => {
      if (!abort.signal.aborted) this.changed.fire(s.node);
    });
    return run;
  }

  /** For TreeView.reveal(): a queue's parent is its region; links and rows hang under a region or a queue. */
  getParent(node: SqsNode): SqsNode | undefined {
    if (node.kind === 'region') return undefined;
    if (node.kind === 'link' && node.from) {
      const from = this.findQueue(node.from, node.region);
      if (from) return { kind: 'queue', region: from.region, queue: from.queue };
    }
    return this.state(node.region).node;
  }

  async getChildren(node?: SqsNode): Promise<SqsNode[]> {
    if (!node) {
      const { regions } = await this.connection.target();
      // No region: an empty tree, so the view shows its welcome content with the chooser.
      return regions.map((r) => this.state(r).node);
    }
    switch (node.kind) {
      case 'region':
        return this.regionChildren(node.region);
      case 'queue':
        return this.links(node.region, node.queue, await this.allSources(node.region, node.queue));
      default:
        return [];
    }
  }

  private async regionChildren(region: string): Promise<SqsNode[]> {
    const s = this.state(region);
    if (!s.listing && !s.loading && !s.error) void this.load(s, (l, signal) => l.load(signal));
    if (s.loading && !s.listing?.total && !s.error) await s.loading;
    if (s.error) return [{ kind: 'error', region, advice: s.error }, { kind: 'action', region, advice: s.error }, { kind: 'retry', region }];
    const listing = s.listing;
    if (!listing) return [];
    const nodes: SqsNode[] = listing.queues.map((queue) => ({ kind: 'queue', region, queue }));
    if (listing.remaining) nodes.push({ kind: 'more', region, remaining: listing.remaining, pageSize: listing.pageSize });
    if (!listing.total) nodes.push({ kind: 'empty', region, prefix: listing.prefix });
    return nodes;
  }

  /**
   * The source queues of a DLQ. The listing derives them from the loaded queues' redrive policies; when
   * a prefix filter or unloaded pages hide some queues, SQS is asked for the whole list (once per DLQ).
   */
  private async allSources(region: string, q: QueueInfo): Promise<string[]> {
    const s = this.state(region);
    const partial = !!s.listing && (s.listing.prefix !== '' || s.listing.remaining > 0);
    if (!partial || q.deadLetterSourceUrls.length === 0 || !s.service) return q.deadLetterSourceUrls;
    s.sources ??= new Map();
    let p = s.sources.get(q.url);
    if (!p) {
      p = s.service.deadLetterSources(q.url);
      s.sources.set(q.url, p);
    }
    try {
      return [...new Set([...q.deadLetterSourceUrls, ...(await p)])].sort();
    } catch (e) {
      // The loaded sources are still right; the error is logged, not shown as a node under the queue.
      s.sources.delete(q.url);
      this.log.warn(`SQS: could not list the source queues of ${q.name}: ${(e as Error).message}`);
      return q.deadLetterSourceUrls;
    }
  }

  private links(region: string, q: QueueInfo, sourceUrls: string[]): SqsNode[] {
    const nodes: SqsNode[] = [];
    if (q.redrivePolicy) {
      const arn = q.redrivePolicy.deadLetterTargetArn;
      nodes.push({ kind: 'link', region, role: 'dead-letter-queue', name: queueNameFromArn(arn), arn, url: this.findQueue(arn)?.queue.url, maxReceiveCount: q.redrivePolicy.maxReceiveCount, from: q.url });
    }
    for (const url of sourceUrls) {
      const source = this.findQueue(url)?.queue;
      nodes.push({ kind: 'link', region, role: 'source', name: queueNameFromUrl(url), url, arn: source?.arn ?? undefined, maxReceiveCount: source?.redrivePolicy?.maxReceiveCount ?? null, from: q.url });
    }
    return nodes;
  }

  getTreeItem(node: SqsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'region': {
        const s = this.regions.get(node.region);
        const item = new vscode.TreeItem(node.region, this.regions.size === 1 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `region:${node.region}`;
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = 'sqsRegion';
        // After a failed load the listing is empty: no count rather than a wrong "0 queues".
        const l = s?.error ? undefined : s?.listing;
        const parts = [l ? `${l.total} queue${l.total === 1 ? '' : 's'}` : undefined, this.prefixValue ? `prefix "${this.prefixValue}"` : undefined, s?.endpoint ? s.endpoint : undefined];
        item.description = parts.filter(Boolean).join(' · ');
        item.tooltip = `SQS queues in ${node.region}, profile ${this.connection.effectiveProfile}${s?.endpoint ? `, endpoint ${s.endpoint}` : ''}`;
        return item;
      }
      case 'queue':
        return this.queueItem(node.queue);
      case 'link': {
        const isDlq = node.role === 'dead-letter-queue';
        const item = new vscode.TreeItem(`${isDlq ? 'Dead-letter queue' : 'Source queue'}: ${node.name}`, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(isDlq ? 'arrow-right' : 'arrow-left');
        item.description = node.maxReceiveCount === null ? '' : isDlq ? `after ${node.maxReceiveCount} receives` : `maxReceiveCount ${node.maxReceiveCount}`;
        item.tooltip = isDlq
          ? `Messages received more than ${node.maxReceiveCount} times move to ${node.name}${node.url || node.arn ? `\n${node.url ?? node.arn}` : ''}`
          : `${node.name} moves its messages here after ${node.maxReceiveCount ?? '?'} receives\n${node.url ?? ''}`;
        item.contextValue = 'sqsLink';
        item.command = { command: 'flowscope.sqs.revealLinkedQueue', title: 'Go to the queue', arguments: [node] };
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`Load ${Math.min(node.pageSize, node.remaining)} more…`, vscode.TreeItemCollapsibleState.None);
        item.description = `${node.remaining} not loaded`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'flowscope.sqs.loadMore', title: 'Load more queues', arguments: [node] };
        item.contextValue = 'sqsMore';
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(node.advice.cause, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = new vscode.MarkdownString().appendText(node.advice.cause).appendMarkdown('\n\n**What to do:** ').appendText(node.advice.action);
        item.contextValue = 'sqsError';
        return item;
      }
      case 'action': {
        const item = new vscode.TreeItem(node.advice.action, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('lightbulb');
        item.tooltip = node.advice.action;
        item.contextValue = 'sqsAdvice';
        if (node.advice.kind === 'config' || node.advice.kind === 'credentials' || node.advice.kind === 'access-denied') {
          item.command = { command: 'flowscope.aws.chooseProfile', title: 'Choose AWS Profile and Region' };
        }
        return item;
      }
      case 'retry': {
        const item = new vscode.TreeItem('Retry', vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('refresh');
        item.command = { command: 'flowscope.sqs.retry', title: 'Retry', arguments: [node] };
        item.contextValue = 'sqsRetry';
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem(node.prefix ? `No queues starting with "${node.prefix}"` : 'No queues in this region', vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = 'sqsEmpty';
        return item;
      }
    }
  }

  private queueItem(q: QueueInfo): vscode.TreeItem {
    const hasLinks = !!q.redrivePolicy || q.deadLetterSourceUrls.length > 0;
    const item = new vscode.TreeItem(q.name, hasLinks ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `queue:${q.url}`;
    const isDlq = q.deadLetterSourceUrls.length > 0;
    item.iconPath = q.error
      ? new vscode.ThemeIcon('warning')
      : new vscode.ThemeIcon(isDlq ? 'archive' : q.fifo ? 'list-ordered' : 'inbox');
    item.description = queueCounts(q);
    const md = new vscode.MarkdownString(`**${q.name}**${isDlq ? ' (dead-letter queue)' : ''}\n\n| | |\n|---|---|\n`);
    for (const [label, value] of queueDetails(q)) md.appendMarkdown(`| ${label} | ${escapeCell(value)} |\n`);
    item.tooltip = md;
    // Flags the menus' `when` clauses test with regular expressions (view/item/context in package.json).
    item.contextValue = ['sqsQueue', q.fifo ? 'fifo' : 'standard', isDlq ? 'dlq' : '', q.redrivePolicy ? 'redrive' : '', q.arn ? 'arn' : ''].filter(Boolean).join(' ');
    item.accessibilityInformation = { label: `${q.name}${q.fifo ? ' FIFO' : ''}${isDlq ? ' dead-letter queue' : ''}, ${queueCounts(q)}` };
    return item;
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const s of this.regions.values()) {
      s.abort?.abort();
      s.service?.close();
    }
    for (const d of this.subscriptions) d.dispose();
  }
}

function escapeCell(text: string): string {
  return text.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
}
