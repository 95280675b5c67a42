// The AWS side of Flowscope in the editor: which profile, which regions and which endpoint every AWS view
// (SQS, flow logs) uses. Settings hold only names and URLs; credentials stay in the SDK's provider chain.
import * as vscode from 'vscode';
import type { AwsConnectionOptions } from '../../core/aws/clients';
import { activeProfileName, resolveEndpoint, resolveRegion } from '../../core/aws/profiles';

const SECTION = 'flowscope.aws';

export interface AwsTarget {
  /** The profile name given to the SDK; empty: its default chain (AWS_PROFILE, then 'default'). */
  profile: string;
  /** Regions to show, in order. Empty when nothing names one: the views then ask the user to choose. */
  regions: string[];
  /** Where the regions came from, for the status bar's tooltip. */
  regionSource: 'setting' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile' | 'none';
}

/** One per extension host; every AWS view reads its target from here and refreshes on onDidChange. */
export class AwsConnection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the profile, regions, endpoint or timeout changed (settings or the chooser). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.changed.fire();
      }),
    );
  }

  private config() {
    return vscode.workspace.getConfiguration(SECTION);
  }

  get profile(): string {
    return this.config().get<string>('profile')?.trim() ?? '';
  }

  /** The profile the SDK will actually use, for labels ("default" when none is set). */
  get effectiveProfile(): string {
    return activeProfileName(this.profile);
  }

  get requestTimeoutMs(): number {
    return this.config().get<number>('requestTimeoutMs') ?? 15000;
  }

  async target(): Promise<AwsTarget> {
    const profile = this.profile;
    const configured = (this.config().get<string[]>('regions') ?? []).map((r) => r.trim()).filter(Boolean);
    if (configured.length) return { profile, regions: [...new Set(configured)], regionSource: 'setting' };
    const resolved = await resolveRegion({ profile }).catch(() => null);
    return resolved ? { profile, regions: [resolved.region], regionSource: resolved.source === 'option' ? 'setting' : resolved.source } : { profile, regions: [], regionSource: 'none' };
  }

  /**
   * Options for createAwsClient in one region. The endpoint follows the SDK's order with Flowscope's
   * setting first: flowscope.aws.endpoint, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's endpoint_url.
   */
  async options(region: string, serviceEnvSuffix?: string): Promise<AwsConnectionOptions> {
    const profile = this.profile;
    const endpoint = await resolveEndpoint({ endpoint: this.config().get<string>('endpoint'), profile, serviceEnvSuffix }).catch(() => null);
    return {
      region,
      ...(profile ? { profile } : {}),
      ...(endpoint ? { endpoint: endpoint.endpoint } : {}),
      requestTimeoutMs: this.requestTimeoutMs,
    };
  }

  /** Writes the choice to the user's settings (names only) and notifies the views. */
  async choose(choice: { profile?: string; regions?: string[] }): Promise<void> {
    const c = this.config();
    if (choice.profile !== undefined) await c.update('profile', choice.profile, vscode.ConfigurationTarget.Global);
    if (choice.regions !== undefined) await c.update('regions', choice.regions, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

let shared: AwsConnection | undefined;

/** The extension's one AwsConnection, created on first use and disposed with the extension. */
export function awsConnection(context: vscode.ExtensionContext): AwsConnection {
  if (!shared) {
    const created = new AwsConnection();
    shared = created;
    context.subscriptions.push(created, { dispose: () => { if (shared === created) shared = undefined; } });
  }
  return shared;
}
