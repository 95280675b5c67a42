import { linkDeadLetterQueues, queueNameFromUrl, type QueueInfo } from './model';
import type { ListResult } from './service';

/*
 * The queues of one region, read a page at a time: ListQueues gives every URL cheaply, but the
 * attributes cost one request per queue, so a region with thousands of queues reads only the
 * pages the user asks for. DLQ links are derived from what is loaded so far.
 */

/** The part of SqsService a listing needs (a stub in unit tests). */
export interface QueueSource {
  listQueueUrls(opts: { prefix?: string; signal?: AbortSignal }): Promise<{ urls: string[] }>;
  describeQueues(urls: readonly string[], opts: { signal?: AbortSignal }): Promise<ListResult>;
}

export class QueueListing {
  private urls: string[] = [];
  private loaded: QueueInfo[] = [];
  private warningList: string[] = [];
  /** URLs whose attributes were read (queues deleted meanwhile drop out of `loaded`, so paging counts URLs). */
  private described = 0;

  constructor(
    private readonly source: QueueSource,
    readonly pageSize: number,
    readonly prefix = '',
  ) {
    if (!(pageSize >= 1)) throw new RangeError(`page size must be at least 1, got ${pageSize}`);
  }

  /** Loaded queues, sorted by name, with DLQ links among them. */
  get queues(): readonly QueueInfo[] {
    return this.loaded;
  }

  /** Queues whose attributes could not be read, in words. */
  get warnings(): readonly string[] {
    return this.warningList;
  }

  /** Every queue the region has (with the prefix), loaded or not. */
  get total(): number {
    return this.urls.length;
  }

  /** Queues not loaded yet. */
  get remaining(): number {
    return Math.max(0, this.urls.length - this.described);
  }

  /**
   * (Re)reads the URL list and the attributes of the first page, or of as many queues as were loaded
   * before, so a refresh keeps what the user had expanded with "Load more".
   */
  async load(signal?: AbortSignal): Promise<void> {
    const keep = Math.max(this.pageSize, this.described);
    const { urls } = await this.source.listQueueUrls({ prefix: this.prefix || undefined, signal });
    // Sorted by name before paging, so pages are stable and follow the order the tree shows.
    const sorted = [...new Set(urls)].sort((a, b) => queueNameFromUrl(a).localeCompare(queueNameFromUrl(b)) || a.localeCompare(b));
    const first = await this.source.describeQueues(sorted.slice(0, keep), { signal });
    // Only replace the state once everything was read: a failed refresh leaves the old view intact.
    this.urls = sorted;
    this.described = Math.min(keep, sorted.length);
    this.loaded = linkDeadLetterQueues(first.queues);
    this.warningList = [...first.warnings];
  }

  /** Reads the attributes of the next page. */
  async loadMore(signal?: AbortSignal): Promise<void> {
    const next = this.urls.slice(this.described, this.described + this.pageSize);
    if (!next.length) return;
    const more = await this.source.describeQueues(next, { signal });
    this.described += next.length;
    this.loaded = linkDeadLetterQueues([...this.loaded, ...more.queues].sort((a, b) => a.name.localeCompare(b.name)));
    this.warningList.push(...more.warnings);
  }

  /** The loaded queue with this URL or ARN. */
  find(urlOrArn: string): QueueInfo | undefined {
    return this.loaded.find((q) => q.url === urlOrArn || q.arn === urlOrArn);
  }
}
