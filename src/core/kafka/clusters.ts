// Saved Kafka connections: what the editor keeps in settings (never a secret), what it keeps in secret
// storage, and how both turn into kafkajs client options. Pure apart from reading TLS files through the
// caller's readFile, so the CLI or a test can use it too.
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { parseBrokers } from './brokers';
import type { KafkaClientOptions } from './client';

export const SECURITY_KINDS = ['none', 'tls', 'sasl-plain', 'sasl-scram-sha-256', 'sasl-scram-sha-512', 'aws-msk-iam'] as const;
export type SecurityKind = (typeof SECURITY_KINDS)[number];

export const SECURITY_LABELS: Record<SecurityKind, string> = {
  none: 'None (PLAINTEXT)',
  tls: 'TLS (SSL), optionally with a client certificate',
  'sasl-plain': 'SASL PLAIN (user name and password)',
  'sasl-scram-sha-256': 'SASL SCRAM-SHA-256',
  'sasl-scram-sha-512': 'SASL SCRAM-SHA-512',
  'aws-msk-iam': 'AWS MSK IAM (signed with your AWS credentials)',
};

/** One saved cluster as stored in the setting flowscope.kafka.clusters: names, paths and flags only. */
export interface ClusterConfig {
  /** Stable id, also the key of the cluster's secrets. */
  id: string;
  name: string;
  /** Comma-separated host:port list. */
  bootstrap: string;
  security: SecurityKind;
  /** TLS on the connection: always for "tls" and MSK IAM, a choice for SASL (SASL_SSL vs SASL_PLAINTEXT). */
  tls?: boolean;
  /** PEM files; the CA file replaces the system roots, cert and key make a client certificate. */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** SASL user name (the password is a secret). */
  username?: string;
  /** MSK IAM: AWS profile and region; empty means the AWS side of Flowscope's choice. */
  awsProfile?: string;
  awsRegion?: string;
  /** Groups shown by name where the broker cannot list groups (or in addition to the listed ones). */
  watchedGroups?: string[];
}

/** What goes to secret storage, keyed by cluster id. */
export interface ClusterSecrets {
  password?: string;
  keyPassphrase?: string;
}

export const SECRET_FIELDS = ['password', 'keyPassphrase'] as const;

export function isSasl(kind: SecurityKind): kind is 'sasl-plain' | 'sasl-scram-sha-256' | 'sasl-scram-sha-512' {
  return kind === 'sasl-plain' || kind === 'sasl-scram-sha-256' || kind === 'sasl-scram-sha-512';
}

/** Whether the connection uses TLS: explicit for SASL, implied by "tls" and MSK IAM. */
export function usesTls(c: Pick<ClusterConfig, 'security' | 'tls'>): boolean {
  if (c.security === 'tls' || c.security === 'aws-msk-iam') return true;
  if (isSasl(c.security)) return c.tls ?? true;
  return false;
}

/** Problems with a cluster entry, in words; empty when it can be used. */
export function validateCluster(c: Partial<ClusterConfig>): string[] {
  const problems: string[] = [];
  if (!c.id || typeof c.id !== 'string') problems.push('it has no id');
  if (!c.name || typeof c.name !== 'string' || !c.name.trim()) problems.push('it has no name');
  try {
    parseBrokers(typeof c.bootstrap === 'string' ? c.bootstrap : '');
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (!c.security || !(SECURITY_KINDS as readonly string[]).includes(c.security)) {
    problems.push(`unknown security '${String(c.security)}' (expected one of ${SECURITY_KINDS.join(', ')})`);
  } else if (isSasl(c.security) && !c.username?.trim()) {
    problems.push('SASL needs a user name');
  }
  if (c.certFile && !c.keyFile) problems.push('a client certificate needs its key file');
  if (c.keyFile && !c.certFile) problems.push('a client key needs its certificate file');
  return problems;
}

/**
 * Reads the setting's array. Entries that cannot be used are reported (by index and name) instead of
 * dropped silently or crashing the view; secrets pasted into the setting by hand are ignored and reported.
 */
export function parseClusterSettings(raw: unknown): { clusters: ClusterConfig[]; problems: string[] } {
  const clusters: ClusterConfig[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { clusters, problems };
  if (!Array.isArray(raw)) return { clusters, problems: ['flowscope.kafka.clusters must be an array of cluster objects'] };
  const seen = new Set<string>();
  raw.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object') {
      problems.push(`flowscope.kafka.clusters[${i}] is not an object`);
      return;
    }
    const e = entry as Record<string, unknown>;
    const label = `flowscope.kafka.clusters[${i}]${typeof e.name === 'string' ? ` (${e.name})` : ''}`;
    const leaked = [...SECRET_FIELDS, 'secret', 'token'].filter((k) => k in e);
    if (leaked.length) problems.push(`${label}: ${leaked.join(', ')} ignored: secrets belong in secret storage (use Edit Kafka Cluster)`);
    const c: ClusterConfig = {
      id: String(e.id ?? ''),
      name: String(e.name ?? ''),
      bootstrap: String(e.bootstrap ?? ''),
      security: (e.security ?? 'none') as SecurityKind,
      ...(typeof e.tls === 'boolean' ? { tls: e.tls } : {}),
      ...str(e, 'caFile'),
      ...str(e, 'certFile'),
      ...str(e, 'keyFile'),
      ...str(e, 'username'),
      ...str(e, 'awsProfile'),
      ...str(e, 'awsRegion'),
      ...(Array.isArray(e.watchedGroups) ? { watchedGroups: e.watchedGroups.filter((g): g is string => typeof g === 'string' && g.length > 0) } : {}),
    };
    const bad = validateCluster(c);
    if (!bad.length && seen.has(c.id)) bad.push(`its id ${c.id} is used twice`);
    if (bad.length) {
      problems.push(`${label}: ${bad.join('; ')}`);
      return;
    }
    seen.add(c.id);
    clusters.push(c);
  });
  return { clusters, problems };
}

function str(e: Record<string, unknown>, key: keyof ClusterConfig): Partial<ClusterConfig> {
  const v = e[key];
  return typeof v === 'string' && v.trim() ? { [key]: v.trim() } : {};
}

/** A new id that is not one of `existing`: readable, from the name, with a random suffix. */
export function newClusterId(name: string, existing: string[], random: () => number = Math.random): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32) || 'cluster';
  for (;;) {
    const id = `${base}-${Math.floor(random() * 0x1000000).toString(16).padStart(6, '0')}`;
    if (!existing.includes(id)) return id;
  }
}

export interface ClientOptionsContext {
  readFile(path: string): Promise<Buffer>;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  /** SASL options for MSK IAM (see ./msk.ts); only called for aws-msk-iam clusters. */
  mskIam?(c: ClusterConfig): SASLOptions;
  logger?: KafkaClientOptions['logger'];
}

/** Builds the kafkajs client options for a saved cluster and its secrets; unreadable files are errors in words. */
export async function clientOptionsFor(c: ClusterConfig, secrets: ClusterSecrets, ctx: ClientOptionsContext): Promise<KafkaClientOptions> {
  const read = async (what: string, file: string | undefined) => {
    if (!file) return undefined;
    try {
      return await ctx.readFile(file);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new Error(`cannot read the ${what} file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
    }
  };
  let ssl: boolean | ConnectionOptions = false;
  if (usesTls(c)) {
    const [ca, cert, key] = await Promise.all([read('CA certificate', c.caFile), read('client certificate', c.certFile), read('client key', c.keyFile)]);
    ssl = ca || cert || key ? { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(secrets.keyPassphrase ? { passphrase: secrets.keyPassphrase } : {}) } : true;
  }
  let sasl: SASLOptions | undefined;
  if (isSasl(c.security)) {
    if (!secrets.password) throw new Error(`no password is stored for ${c.name}: use Edit Kafka Cluster to enter it`);
    const mechanism = c.security === 'sasl-plain' ? 'plain' : c.security === 'sasl-scram-sha-256' ? 'scram-sha-256' : 'scram-sha-512';
    sasl = { mechanism, username: c.username ?? '', password: secrets.password } as SASLOptions;
  } else if (c.security === 'aws-msk-iam') {
    if (!ctx.mskIam) throw new Error('AWS MSK IAM is not available here');
    sasl = ctx.mskIam(c);
  }
  return {
    brokers: parseBrokers(c.bootstrap),
    clientId: 'flowscope',
    connectionTimeoutMs: ctx.connectionTimeoutMs,
    requestTimeoutMs: ctx.requestTimeoutMs,
    ssl,
    ...(sasl ? { sasl } : {}),
    ...(ctx.logger ? { logger: ctx.logger } : {}),
  };
}

/** The bound for one whole operation (connect, retries, answer), as the CLI uses it too. */
export function operationTimeoutMs(connectionTimeoutMs: number, requestTimeoutMs: number): number {
  return 2 * connectionTimeoutMs + 2 * requestTimeoutMs;
}

/**
 * A name filter as people type it: with * or ? it is a glob over the whole name (case-insensitive),
 * otherwise a substring. Empty matches everything.
 */
export function nameFilter(pattern: string): (name: string) => boolean {
  const p = pattern.trim();
  if (!p) return () => true;
  if (!/[*?]/.test(p)) {
    const lower = p.toLowerCase();
    return (name) => name.toLowerCase().includes(lower);
  }
  const re = new RegExp(`^${p.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'i');
  return (name) => re.test(name);
}
