// The AWS connection in the editor: a status-bar item with the profile and regions every AWS view uses, and
// the command that chooses them (a profile picker, then a multi-select region picker). Settings get names only.
import * as vscode from 'vscode';
import { listProfiles, type AwsProfile, type ProfileKind } from '../../core/aws/profiles';
import { AWS_REGIONS, isRegionName } from '../../core/aws/regions';
import { awsConnection, type AwsConnection } from './connection';

export const CHOOSE_PROFILE_COMMAND = 'flowscope.aws.chooseProfile';

/** What the chooser wrote; also what tests pass to skip the pickers. */
export interface AwsChoice {
  /** '' for the SDK's default chain (AWS_PROFILE, then 'default'). */
  profile: string;
  /** Empty: the profile's own region. */
  regions: string[];
}

const KIND_LABEL: Record<ProfileKind, string> = {
  sso: 'SSO (IAM Identity Center)',
  role: 'assumes a role',
  process: 'credential_process',
  static: 'access keys',
  other: 'settings only',
};

export function registerAws(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): { aws: { connection: AwsConnection } } {
  const connection = awsConnection(context);

  const status = vscode.window.createStatusBarItem('flowscope.aws.connection', vscode.StatusBarAlignment.Left, 40);
  status.name = 'Flowscope AWS connection';
  status.command = CHOOSE_PROFILE_COMMAND;
  context.subscriptions.push(status);
  const updateStatus = async () => {
    const target = await connection.target();
    const endpoint = (await connection.options(target.regions[0] ?? 'us-east-1', 'SQS').catch(() => undefined))?.endpoint;
    status.text = `$(cloud) ${connection.effectiveProfile} · ${target.regions.length ? target.regions.join(', ') : 'no region'}`;
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**AWS profile:** ${connection.profile ? connection.effectiveProfile : `${connection.effectiveProfile} (SDK default chain)`}\n\n`);
    tip.appendMarkdown(`**Regions:** ${target.regions.join(', ') || 'none chosen'} (from ${target.regionSource === 'setting' ? 'flowscope.aws.regions' : target.regionSource})\n\n`);
    if (endpoint) tip.appendMarkdown(`**Endpoint:** ${endpoint}\n\n`);
    tip.appendMarkdown('Click to choose another profile or regions.');
    status.tooltip = tip;
    status.show();
  };
  void updateStatus();
  context.subscriptions.push(connection.onDidChange(() => void updateStatus()));

  context.subscriptions.push(vscode.commands.registerCommand(CHOOSE_PROFILE_COMMAND, async (given?: Partial<AwsChoice>): Promise<AwsChoice | undefined> => {
    let profiles: AwsProfile[] = [];
    try {
      profiles = await listProfiles();
    } catch (e) {
      // Unreadable ~/.aws files: the default chain (environment variables) may still work.
      log.warn(`reading AWS profiles failed: ${String(e)}`);
      void vscode.window.showWarningMessage(`Flowscope could not read the AWS config files: ${e instanceof Error ? e.message : String(e)}`);
    }
    const choice = given && typeof given === 'object' ? checkChoice(given, profiles, connection) : await pickChoice(profiles, connection);
    if (typeof choice === 'string') {
      void vscode.window.showErrorMessage(choice);
      return undefined;
    }
    if (!choice) return undefined;
    await connection.choose(choice);
    log.info(`AWS connection: profile ${choice.profile || '(default chain)'}, regions ${choice.regions.join(', ') || '(profile region)'}`);
    return choice;
  }));

  return { aws: { connection } };
}

/** A choice given as an argument, checked like the pickers would. */
function checkChoice(given: Partial<AwsChoice>, profiles: AwsProfile[], connection: AwsConnection): AwsChoice | string {
  const profile = given.profile?.trim() ?? connection.profile;
  if (profile && !profiles.some((p) => p.name === profile)) return `There is no AWS profile named '${profile}' in ~/.aws/config or ~/.aws/credentials.`;
  const regions = given.regions?.map((r) => r.trim()).filter(Boolean) ?? [];
  const bad = regions.find((r) => !isRegionName(r));
  if (bad) return `'${bad}' is not an AWS region name (expected something like eu-west-1).`;
  return { profile, regions: [...new Set(regions)] };
}

async function pickChoice(profiles: AwsProfile[], connection: AwsConnection): Promise<AwsChoice | undefined> {
  type ProfileItem = vscode.QuickPickItem & { profile: string; region: string | null };
  const current = connection.profile;
  const items: ProfileItem[] = [
    {
      label: '$(globe) Default credential chain',
      description: `${process.env.AWS_PROFILE ? `AWS_PROFILE=${process.env.AWS_PROFILE}` : "environment variables, then profile 'default'"}${current === '' ? ' · current' : ''}`,
      profile: '',
      region: null,
    },
    ...profiles.map((p): ProfileItem => ({
      label: p.name,
      description: [KIND_LABEL[p.kind], p.region ?? undefined, p.name === current ? 'current' : undefined].filter(Boolean).join(' · '),
      detail: p.endpointUrl ? `endpoint ${p.endpointUrl}` : undefined,
      profile: p.name,
      region: p.region,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Flowscope: AWS profile (1/2)',
    placeHolder: profiles.length ? 'Choose the profile whose credentials Flowscope uses' : 'No profiles in ~/.aws: use the default chain (environment variables)',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  const regions = await pickRegions((await connection.target()).regions, picked.region);
  return regions && { profile: picked.profile, regions };
}

/** Multi-select regions; a typed region name that is not listed can be added too. */
function pickRegions(current: string[], profileRegion: string | null): Promise<string[] | undefined> {
  type RegionItem = vscode.QuickPickItem & { region: string };
  const known = new Map(AWS_REGIONS.map((r) => [r.name, r.location]));
  const names = [...new Set([...current, ...(profileRegion ? [profileRegion] : []), ...AWS_REGIONS.map((r) => r.name)])];
  const toItem = (name: string): RegionItem => ({
    label: name,
    description: [known.get(name), name === profileRegion ? "the profile's region" : undefined].filter(Boolean).join(' · '),
    region: name,
  });
  const qp = vscode.window.createQuickPick<RegionItem>();
  qp.title = 'Flowscope: AWS regions (2/2)';
  qp.placeholder = 'Tick one or more regions (none: the profile\'s region); type a name to add one not listed';
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  let items = names.map(toItem);
  qp.items = items;
  qp.selectedItems = items.filter((i) => current.includes(i.region));
  return new Promise((resolve) => {
    let accepted = false;
    qp.onDidChangeValue((value) => {
      const v = value.trim();
      if (isRegionName(v) && !items.some((i) => i.region === v)) {
        const selected = qp.selectedItems;
        items = [...items, toItem(v)];
        qp.items = items;
        qp.selectedItems = selected;
      }
    });
    qp.onDidAccept(() => {
      accepted = true;
      resolve(qp.selectedItems.map((i) => i.region));
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!accepted) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
