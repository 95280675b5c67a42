// "Add Kafka Cluster" / "Edit Kafka Cluster": a sequence of input boxes and quick picks (name, bootstrap
// servers, security and its details), then Test connection, then save: non-secret fields to settings,
// password and key passphrase to SecretStorage. Tests pass the answers as the command's argument.
import * as vscode from 'vscode';
import { parseBrokers } from '../../core/kafka/brokers';
import { isSasl, newClusterId, SECURITY_KINDS, SECURITY_LABELS, usesTls, type ClusterConfig, type ClusterSecrets, type SecurityKind } from '../../core/kafka/clusters';
import type { AwsConnection } from '../aws/connection';
import type { KafkaConnections } from './connections';
import type { ClusterStore } from './store';

/** Everything the wizard asks, for tests and scripts; a real user gets the input boxes instead. */
export interface ClusterAnswers {
  name: string;
  bootstrap: string;
  security?: SecurityKind;
  tls?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  keyPassphrase?: string;
  username?: string;
  password?: string;
  awsProfile?: string;
  awsRegion?: string;
  /** Save even when Test connection fails (a person is asked instead). */
  saveIfTestFails?: boolean;
}

export interface WizardResult {
  id: string;
  saved: boolean;
  test: { ok: boolean; message: string };
}

const TITLE = (editing: boolean) => (editing ? 'Edit Kafka Cluster' : 'Add Kafka Cluster');

class Cancelled extends Error {}

function required<T>(v: T | undefined): T {
  if (v === undefined) throw new Cancelled();
  return v;
}

async function input(title: string, step: string, opts: vscode.InputBoxOptions): Promise<string> {
  return required(await vscode.window.showInputBox({ title: `${title} (${step})`, ignoreFocusOut: true, ...opts }));
}

async function pick<T extends vscode.QuickPickItem>(title: string, step: string, items: T[], placeHolder: string): Promise<T> {
  return required(await vscode.window.showQuickPick(items, { title: `${title} (${step})`, placeHolder, ignoreFocusOut: true, matchOnDescription: true }));
}

const optionalFile = (what: string) => (v: string) => (v.trim() && !v.trim().startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(v.trim()) && !v.trim().startsWith('~') ? `Enter the absolute path of the ${what} file, or leave it empty` : undefined);

/** Asks a person for every answer, starting from `prev` when editing. */
async function ask(prev: ClusterConfig | undefined, aws: AwsConnection): Promise<ClusterAnswers> {
  const title = TITLE(!!prev);
  const name = (await input(title, 'name', { prompt: 'A name for this cluster, shown in the Kafka view', value: prev?.name, placeHolder: 'e.g. staging', validateInput: (v) => (v.trim() ? undefined : 'Enter a name') })).trim();
  const bootstrap = (
    await input(title, 'bootstrap servers', {
      prompt: 'Bootstrap servers, comma-separated host:port',
      value: prev?.bootstrap,
      placeHolder: 'broker1:9092,broker2:9092',
      validateInput: (v) => {
        try {
          parseBrokers(v);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    })
  ).trim();
  const security = (
    await pick(
      title,
      'security',
      SECURITY_KINDS.map((k) => ({ label: SECURITY_LABELS[k], security: k, picked: prev?.security === k })),
      'How Flowscope authenticates to the brokers',
    )
  ).security;
  const a: ClusterAnswers = { name, bootstrap, security };
  if (isSasl(security)) {
    a.username = (await input(title, 'SASL user name', { value: prev?.username, validateInput: (v) => (v.trim() ? undefined : 'Enter the user name') })).trim();
    a.password = await input(title, 'SASL password', {
      password: true,
      prompt: prev ? 'Leave empty to keep the stored password. Kept in VS Code secret storage, never in settings.' : 'Kept in VS Code secret storage, never in settings.',
      validateInput: (v) => (v || prev ? undefined : 'Enter the password'),
    });
    const tls = await pick(title, 'transport', [
      { label: 'SASL over TLS (SASL_SSL)', tls: true },
      { label: 'SASL without TLS (SASL_PLAINTEXT)', description: 'the password crosses the network readable by anyone on the path for PLAIN', tls: false },
    ], 'Is the connection encrypted?');
    a.tls = tls.tls;
  }
  if (security === 'tls' || (isSasl(security) && a.tls)) {
    a.caFile = (await input(title, 'CA certificate', { prompt: 'PEM file of the CA that signed the brokers’ certificates; empty: the system’s trusted CAs', value: prev?.caFile, validateInput: optionalFile('CA certificate') })).trim() || undefined;
  }
  if (security === 'tls') {
    a.certFile = (await input(title, 'client certificate', { prompt: 'PEM client certificate for mutual TLS; empty: none', value: prev?.certFile, validateInput: optionalFile('client certificate') })).trim() || undefined;
    if (a.certFile) {
      a.keyFile = (await input(title, 'client key', { prompt: 'PEM private key of the client certificate', value: prev?.keyFile, validateInput: (v) => (v.trim() ? optionalFile('client key')(v) : 'Enter the key file') })).trim();
      a.keyPassphrase = (await input(title, 'key passphrase', { password: true, prompt: 'Passphrase of the key; empty if it has none. Kept in VS Code secret storage.' })) || undefined;
    }
  }
  if (security === 'aws-msk-iam') {
    const target = await aws.target().catch(() => ({ regions: [] as string[] }));
    a.awsProfile = (await input(title, 'AWS profile', { prompt: `AWS profile for signing; empty: the one Flowscope’s AWS views use (${aws.effectiveProfile})`, value: prev?.awsProfile })).trim() || undefined;
    a.awsRegion = (await input(title, 'AWS region', { prompt: 'Region of the MSK cluster', value: prev?.awsRegion ?? target.regions[0] ?? '', validateInput: (v) => (/^[a-z]{2}(-[a-z]+)+-\d$/.test(v.trim()) ? undefined : 'Enter a region such as eu-west-1') })).trim();
  }
  return a;
}

function toConfig(id: string, a: ClusterAnswers, prev: ClusterConfig | undefined): ClusterConfig {
  const security = a.security ?? 'none';
  const c: ClusterConfig = { id, name: a.name.trim(), bootstrap: parseBrokers(a.bootstrap).join(','), security };
  if (isSasl(security)) {
    c.tls = a.tls ?? true;
    c.username = a.username;
  }
  if (usesTls(c) && a.caFile) c.caFile = a.caFile;
  if (security === 'tls' && a.certFile) {
    c.certFile = a.certFile;
    c.keyFile = a.keyFile;
  }
  if (security === 'aws-msk-iam') {
    if (a.awsProfile) c.awsProfile = a.awsProfile;
    if (a.awsRegion) c.awsRegion = a.awsRegion;
  }
  if (prev?.watchedGroups?.length) c.watchedGroups = prev.watchedGroups;
  return c;
}

export async function runClusterWizard(
  deps: { store: ClusterStore; connections: KafkaConnections; aws: () => AwsConnection },
  prev: ClusterConfig | undefined,
  given: ClusterAnswers | undefined,
): Promise<WizardResult | undefined> {
  let answers: ClusterAnswers;
  try {
    answers = given ?? (await ask(prev, deps.aws()));
  } catch (e) {
    if (e instanceof Cancelled) return undefined;
    throw e;
  }
  const id = prev?.id ?? newClusterId(answers.name, deps.store.list().clusters.map((c) => c.id));
  const config = toConfig(id, answers, prev);
  const old = prev ? await deps.store.secretsOf(prev.id) : {};
  const secrets: ClusterSecrets = {
    // Editing with the password left empty keeps the stored one; a change of security drops what no longer applies.
    password: isSasl(config.security) ? answers.password || old.password : undefined,
    keyPassphrase: config.keyFile ? answers.keyPassphrase || (prev?.keyFile ? old.keyPassphrase : undefined) : undefined,
  };

  const test = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing the connection to ${config.name}…` },
    () => testConnection(deps.connections, config, secrets),
  );
  let save = test.ok;
  if (!test.ok) {
    if (given) save = !!given.saveIfTestFails;
    else {
      const choice = await vscode.window.showWarningMessage(`Test connection to ${config.name} failed: ${test.message}`, { modal: true, detail: 'Save the cluster anyway? It will show this error until the cluster can be reached.' }, 'Save Anyway');
      save = choice === 'Save Anyway';
    }
  }
  if (!save) return { id, saved: false, test };
  await deps.store.save(config, secrets);
  deps.connections.drop(id);
  if (test.ok && !given) void vscode.window.showInformationMessage(`Flowscope: ${test.message}. ${config.name} ${prev ? 'updated' : 'added'}.`);
  return { id, saved: true, test };
}

/** Connects with a throw-away client and reads the cluster's brokers and topics; never hangs (operation timeout). */
export async function testConnection(connections: KafkaConnections, c: ClusterConfig, secrets: ClusterSecrets): Promise<{ ok: boolean; message: string }> {
  let service;
  try {
    service = await connections.create(c, secrets);
    const o = await service.overview();
    return { ok: true, message: `Connected to ${c.name}: ${o.brokers.length} broker${o.brokers.length === 1 ? '' : 's'}${o.clusterId ? `, cluster id ${o.clusterId}` : ''}` };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  } finally {
    await service?.close();
  }
}
