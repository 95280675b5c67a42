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

const BACK = Symbol('back');
type StepResult<T> = T | typeof BACK;

interface StepPosition {
  title: string;
  step: number;
  totalSteps: number;
}

/** One input box of the wizard, with a Back button after the first step; Escape cancels the whole wizard. */
function inputStep(pos: StepPosition, opts: { label: string; prompt?: string; value?: string; placeholder?: string; password?: boolean; validate?: (v: string) => string | undefined }): Promise<StepResult<string>> {
  const box = vscode.window.createInputBox();
  box.title = `${pos.title} (${opts.label})`;
  box.step = pos.step;
  box.totalSteps = pos.totalSteps;
  box.prompt = opts.prompt;
  box.value = opts.value ?? '';
  box.placeholder = opts.placeholder;
  box.password = !!opts.password;
  box.ignoreFocusOut = true;
  box.buttons = pos.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  const subs: vscode.Disposable[] = [];
  return new Promise<StepResult<string>>((resolve, reject) => {
    subs.push(
      box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && resolve(BACK)),
      box.onDidChangeValue((v) => (box.validationMessage = opts.validate?.(v))),
      box.onDidAccept(() => {
        const problem = opts.validate?.(box.value);
        if (problem) box.validationMessage = problem;
        else resolve(box.value);
      }),
      box.onDidHide(() => reject(new Cancelled())),
    );
    box.show();
  }).finally(() => {
    subs.forEach((d) => d.dispose());
    box.dispose();
  });
}

function pickStep<T extends vscode.QuickPickItem>(pos: StepPosition, label: string, items: T[], placeholder: string, active?: (item: T) => boolean): Promise<StepResult<T>> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = `${pos.title} (${label})`;
  qp.step = pos.step;
  qp.totalSteps = pos.totalSteps;
  qp.placeholder = placeholder;
  qp.items = items;
  qp.matchOnDescription = true;
  qp.ignoreFocusOut = true;
  qp.buttons = pos.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  const current = active ? items.find(active) : undefined;
  if (current) qp.activeItems = [current];
  const subs: vscode.Disposable[] = [];
  return new Promise<StepResult<T>>((resolve, reject) => {
    subs.push(
      qp.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && resolve(BACK)),
      qp.onDidAccept(() => qp.selectedItems[0] && resolve(qp.selectedItems[0])),
      qp.onDidHide(() => reject(new Cancelled())),
    );
    qp.show();
  }).finally(() => {
    subs.forEach((d) => d.dispose());
    qp.dispose();
  });
}

const optionalFile = (what: string) => (v: string) => (v.trim() && !v.trim().startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(v.trim()) && !v.trim().startsWith('~/') ? `Enter the absolute path of the ${what} file, or leave it empty` : undefined);

const validBootstrap = (v: string) => {
  try {
    parseBrokers(v);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

/** A step of the wizard: whether it applies to the answers so far, and how it asks. */
interface Step {
  applies(a: ClusterAnswers): boolean;
  ask(a: ClusterAnswers, pos: StepPosition): Promise<StepResult<void>>;
}

/** Asks a person for every answer, starting from `prev` when editing; Back goes to the previous step. */
async function ask(prev: ClusterConfig | undefined, aws: AwsConnection): Promise<ClusterAnswers> {
  const title = TITLE(!!prev);
  const a: ClusterAnswers = {
    name: prev?.name ?? '',
    bootstrap: prev?.bootstrap ?? '',
    security: prev?.security ?? 'none',
    ...(prev?.tls !== undefined ? { tls: prev.tls } : {}),
    caFile: prev?.caFile,
    certFile: prev?.certFile,
    keyFile: prev?.keyFile,
    username: prev?.username,
    awsProfile: prev?.awsProfile,
    awsRegion: prev?.awsRegion,
  };
  const text = async (pos: StepPosition, opts: Parameters<typeof inputStep>[1], set: (v: string) => void): Promise<StepResult<void>> => {
    const v = await inputStep(pos, opts);
    if (v === BACK) return BACK;
    set(v);
    return undefined;
  };
  const sasl = (x: ClusterAnswers) => isSasl(x.security ?? 'none');
  const steps: Step[] = [
    { applies: () => true, ask: (x, pos) => text(pos, { label: 'name', prompt: 'A name for this cluster, shown in the Kafka view', value: x.name, placeholder: 'e.g. staging', validate: (v) => (v.trim() ? undefined : 'Enter a name') }, (v) => (x.name = v.trim())) },
    { applies: () => true, ask: (x, pos) => text(pos, { label: 'bootstrap servers', prompt: 'Bootstrap servers, comma-separated host:port', value: x.bootstrap, placeholder: 'broker1:9092,broker2:9092', validate: validBootstrap }, (v) => (x.bootstrap = v.trim())) },
    {
      applies: () => true,
      ask: async (x, pos) => {
        const r = await pickStep(pos, 'security', SECURITY_KINDS.map((k) => ({ label: SECURITY_LABELS[k], security: k })), 'How Flowscope authenticates to the brokers', (i) => i.security === x.security);
        if (r === BACK) return BACK;
        x.security = r.security;
        return undefined;
      },
    },
    { applies: sasl, ask: (x, pos) => text(pos, { label: 'SASL user name', value: x.username, validate: (v) => (v.trim() ? undefined : 'Enter the user name') }, (v) => (x.username = v.trim())) },
    {
      applies: sasl,
      ask: (x, pos) =>
        text(pos, {
          label: 'SASL password',
          password: true,
          value: x.password,
          prompt: prev ? 'Leave empty to keep the stored password. Kept in VS Code secret storage, never in settings.' : 'Kept in VS Code secret storage, never in settings.',
          validate: (v) => (v || prev ? undefined : 'Enter the password'),
        }, (v) => (x.password = v || undefined)),
    },
    {
      applies: sasl,
      ask: async (x, pos) => {
        const r = await pickStep(pos, 'transport', [
          { label: 'SASL over TLS (SASL_SSL)', tls: true },
          { label: 'SASL without TLS (SASL_PLAINTEXT)', description: 'with PLAIN, the password crosses the network readable', tls: false },
        ], 'Is the connection encrypted?', (i) => i.tls === (x.tls ?? true));
        if (r === BACK) return BACK;
        x.tls = r.tls;
        return undefined;
      },
    },
    {
      applies: (x) => x.security === 'tls' || (sasl(x) && x.tls !== false),
      ask: (x, pos) => text(pos, { label: 'CA certificate', prompt: 'PEM file of the CA that signed the brokers’ certificates; empty: the system’s trusted CAs', value: x.caFile, validate: optionalFile('CA certificate') }, (v) => (x.caFile = v.trim() || undefined)),
    },
    {
      applies: (x) => x.security === 'tls',
      ask: (x, pos) => text(pos, { label: 'client certificate', prompt: 'PEM client certificate for mutual TLS; empty: none', value: x.certFile, validate: optionalFile('client certificate') }, (v) => (x.certFile = v.trim() || undefined)),
    },
    {
      applies: (x) => x.security === 'tls' && !!x.certFile,
      ask: (x, pos) => text(pos, { label: 'client key', prompt: 'PEM private key of the client certificate', value: x.keyFile, validate: (v) => (v.trim() ? optionalFile('client key')(v) : 'Enter the key file') }, (v) => (x.keyFile = v.trim())),
    },
    {
      applies: (x) => x.security === 'tls' && !!x.certFile,
      ask: (x, pos) => text(pos, { label: 'key passphrase', password: true, prompt: 'Passphrase of the key; empty if it has none (or to keep the stored one). Kept in VS Code secret storage.' }, (v) => (x.keyPassphrase = v || undefined)),
    },
    {
      applies: (x) => x.security === 'aws-msk-iam',
      ask: (x, pos) => text(pos, { label: 'AWS profile', prompt: `AWS profile for signing; empty: the one Flowscope’s AWS views use (${aws.effectiveProfile})`, value: x.awsProfile }, (v) => (x.awsProfile = v.trim() || undefined)),
    },
    {
      applies: (x) => x.security === 'aws-msk-iam',
      ask: async (x, pos) => {
        const region = x.awsRegion ?? (await aws.target().catch(() => ({ regions: [] as string[] }))).regions[0] ?? '';
        return text(pos, { label: 'AWS region', prompt: 'Region of the MSK cluster', value: region, validate: (v) => (/^[a-z]{2}(-[a-z]+)+-\d$/.test(v.trim()) ? undefined : 'Enter a region such as eu-west-1') }, (v) => (x.awsRegion = v.trim()));
      },
    },
  ];
  const history: number[] = [];
  let i = 0;
  while (i < steps.length) {
    if (!steps[i].applies(a)) {
      i++;
      continue;
    }
    const applicable = steps.filter((s) => s.applies(a));
    const pos = { title, step: applicable.indexOf(steps[i]) + 1, totalSteps: applicable.length };
    const r = await steps[i].ask(a, pos);
    if (r === BACK) {
      i = history.pop() ?? 0;
      continue;
    }
    history.push(i);
    i++;
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
