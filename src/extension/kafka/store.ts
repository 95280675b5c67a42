// Saved Kafka clusters: the non-secret fields in the user setting flowscope.kafka.clusters, passwords and
// passphrases in VS Code's SecretStorage under the cluster's id. Nothing secret ever reaches settings.
import * as vscode from 'vscode';
import { parseClusterSettings, SECRET_FIELDS, type ClusterConfig, type ClusterSecrets } from '../../core/kafka/clusters';

const SECTION = 'flowscope.kafka';
const secretKey = (id: string, field: string) => `flowscope.kafka.${id}.${field}`;

export class ClusterStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the clusters setting changed (here or by hand in settings.json). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.clusters`)) this.changed.fire();
    });
  }

  list(): { clusters: ClusterConfig[]; problems: string[] } {
    return parseClusterSettings(vscode.workspace.getConfiguration(SECTION).get<unknown>('clusters'));
  }

  get(id: string): ClusterConfig | undefined {
    return this.list().clusters.find((c) => c.id === id);
  }

  async secretsOf(id: string): Promise<ClusterSecrets> {
    const out: ClusterSecrets = {};
    for (const f of SECRET_FIELDS) {
      const v = await this.secrets.get(secretKey(id, f));
      if (v) out[f] = v;
    }
    return out;
  }

  /** Whether a stored secret equals `value`, for tests that must not read secrets back out. */
  async secretEquals(id: string, field: (typeof SECRET_FIELDS)[number], value: string): Promise<boolean> {
    return (await this.secrets.get(secretKey(id, field))) === value;
  }

  /**
   * Saves (adds or replaces by id). Secrets first, so a cluster never shows up without its password;
   * a secret field left undefined is deleted, so switching from SASL to none forgets the password.
   */
  async save(c: ClusterConfig, secrets: ClusterSecrets): Promise<void> {
    for (const f of SECRET_FIELDS) {
      const v = secrets[f];
      if (v) await this.secrets.store(secretKey(c.id, f), v);
      else await this.secrets.delete(secretKey(c.id, f));
    }
    const raw = this.rawEntries();
    const entry = stripUndefined(c);
    const i = raw.findIndex((e) => e.id === c.id);
    if (i >= 0) raw[i] = entry;
    else raw.push(entry);
    await this.write(raw);
  }

  async remove(id: string): Promise<void> {
    await this.write(this.rawEntries().filter((e) => e.id !== id));
    for (const f of SECRET_FIELDS) await this.secrets.delete(secretKey(id, f));
  }

  /** Adds or removes a group from the cluster's watched list (kept in its settings entry). */
  async setWatched(id: string, group: string, watched: boolean): Promise<void> {
    const raw = this.rawEntries();
    const e = raw.find((x) => x.id === id);
    if (!e) throw new Error(`no Kafka cluster with id ${id} is saved`);
    const list = Array.isArray(e.watchedGroups) ? (e.watchedGroups as string[]).filter((g) => g !== group) : [];
    if (watched) list.push(group);
    e.watchedGroups = list.sort();
    await this.write(raw);
  }

  private rawEntries(): Record<string, unknown>[] {
    const raw = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('clusters')?.globalValue;
    return Array.isArray(raw) ? raw.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object').map((e) => ({ ...e })) : [];
  }

  private async write(entries: Record<string, unknown>[]): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('clusters', entries, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function stripUndefined(c: ClusterConfig): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && v !== ''));
}
