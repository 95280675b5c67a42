// One KafkaService per saved cluster, built from the cluster's settings entry, its secrets, the timeout
// settings and (for MSK IAM) the AWS profile and region of the AWS side of Flowscope.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_CONNECTION_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from '../../core/kafka/brokers';
import { clientOptionsFor, operationTimeoutMs, type ClusterConfig, type ClusterSecrets } from '../../core/kafka/clusters';
import type { KafkaService } from '../../core/kafka/service';
import type { RequestCounter } from '../../core/kafka/transport';
import type { AwsConnection } from '../aws/connection';
import type { ClusterStore } from './store';

export function timeouts(): { connectionTimeoutMs: number; requestTimeoutMs: number } {
  const c = vscode.workspace.getConfiguration('flowscope.kafka');
  return {
    connectionTimeoutMs: c.get<number>('connectionTimeoutMs') ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    requestTimeoutMs: c.get<number>('requestTimeoutMs') ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
}

interface Entry {
  /** The settings the service was built from; a changed entry gets a new service. */
  fingerprint: string;
  service: Promise<KafkaService>;
  requests: RequestCounter;
}

export class KafkaConnections implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: ClusterStore,
    private readonly aws: () => AwsConnection,
    readonly log: vscode.LogOutputChannel,
  ) {}

  /** Builds a service for a cluster that may not be saved yet (Test connection). The caller closes it. */
  async create(c: ClusterConfig, secrets: ClusterSecrets, requests?: RequestCounter): Promise<KafkaService> {
    // kafkajs and the AWS signer load with the first connection, not at activation (docs/lazy-loading.md).
    const [{ createKafka }, { mskIamSasl }, { KafkaService }] = await Promise.all([
      import('../../core/kafka/client.js'),
      import('../../core/kafka/msk.js'),
      import('../../core/kafka/service.js'),
    ]);
    const t = timeouts();
    let region = c.awsRegion ?? '';
    let profile = c.awsProfile ?? '';
    if (c.security === 'aws-msk-iam') {
      const aws = this.aws();
      profile ||= aws.profile;
      region ||= (await aws.target()).regions[0] ?? '';
    }
    const opts = await clientOptionsFor(c, secrets, {
      readFile: (f) => readFile(f.startsWith('~/') ? path.join(os.homedir(), f.slice(2)) : f),
      ...t,
      mskIam: () => mskIamSasl({ region, ...(profile ? { profile } : {}) }),
      // kafkajs's own lines (every retry of a refused connection) are detail: the tree shows the cause in
      // words, and these stay out of the Flowscope log unless its level is set to Debug.
      logger: (level, message) => this.log.debug(`kafka ${c.name} (${level}): ${message}`),
    });
    const kafka = createKafka(opts);
    return KafkaService.fromKafka(kafka, { brokers: opts.brokers as string[], operationTimeoutMs: operationTimeoutMs(t.connectionTimeoutMs, t.requestTimeoutMs) }, requests);
  }

  /** The cluster's service, created on first use and rebuilt when its settings or timeouts changed. */
  async service(c: ClusterConfig): Promise<KafkaService> {
    const fingerprint = JSON.stringify({ ...c, watchedGroups: undefined, ...timeouts() });
    const known = this.entries.get(c.id);
    if (known && known.fingerprint === fingerprint) return known.service;
    if (known) this.drop(c.id);
    const requests: RequestCounter = { count: 0, byApi: new Map() };
    const service = (async () => this.create(c, await this.store.secretsOf(c.id), requests))();
    const entry = { fingerprint, service, requests };
    this.entries.set(c.id, entry);
    // A failure to build (unreadable CA file, missing password) must not stick: the next call tries again.
    service.catch(() => {
      if (this.entries.get(c.id) === entry) this.entries.delete(c.id);
    });
    return service;
  }

  /** Every request the cluster's service has sent, by API name (tests prove peek joins no group). */
  requests(id: string): Record<string, number> {
    return Object.fromEntries(this.entries.get(id)?.requests.byApi ?? []);
  }

  /** Closes the cluster's connections, so the next use (Retry, Refresh) connects afresh. */
  drop(id: string): void {
    const e = this.entries.get(id);
    this.entries.delete(id);
    void e?.service.then((s) => s.close()).catch(() => undefined);
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) this.drop(id);
  }
}
