import * as vscode from 'vscode';
import { registerAws } from './aws';
import { registerEventPatterns } from './eventpattern';
import { flowLogsApi, registerFlowLogs, type FlowLogsApi } from './flowlogs';
import { registerSqs, type SqsApi } from './sqs';
import { kafkaApi, registerKafka, type KafkaApi } from './kafka';
import { registerYamlToTs } from './yaml2ts';
import type { AwsConnection } from './aws/connection';
import { EmptyTreeProvider } from './views/emptyTree';

export const VIEW_IDS = { kafka: 'flowscope.kafka', sqs: 'flowscope.sqs', flowlogs: 'flowscope.flowlogs' } as const;

/** What activate() hands back; tests in the extension host read it through the extension's exports. */
export interface FlowscopeApi {
  readonly log: vscode.LogOutputChannel;
  /** The AWS connection (profile, regions, endpoint) every AWS view uses. */
  readonly aws?: { connection: AwsConnection };
  readonly sqs?: SqsApi;
  readonly flowlogs?: FlowLogsApi;
  readonly kafka?: KafkaApi;
}

/** Each domain's adapter registers its views, commands and providers through one of these. */
export type DomainRegistration = (context: vscode.ExtensionContext, log: vscode.LogOutputChannel) => Partial<FlowscopeApi> | void;

// Domains add their registration here. Views without one show their welcome content.
const domains: DomainRegistration[] = [registerEventPatterns, registerYamlToTs, registerAws, registerKafka, registerSqs, registerFlowLogs];

export function activate(context: vscode.ExtensionContext): FlowscopeApi {
  const log = vscode.window.createOutputChannel('Flowscope', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(vscode.commands.registerCommand('flowscope.showOutput', () => log.show()));

  const api: FlowscopeApi = { log };
  for (const register of domains) Object.assign(api, register(context, log));

  // Views that no domain has claimed yet stay empty so VS Code shows their welcome content.
  for (const id of Object.values(VIEW_IDS)) {
    if (!claimedViews.has(id)) {
      context.subscriptions.push(vscode.window.createTreeView(id, { treeDataProvider: new EmptyTreeProvider() }));
    }
  }
  log.info(`Flowscope ${context.extension.packageJSON.version as string} activated`);
  return { ...api, kafka: kafkaApi(), flowlogs: flowLogsApi() };
}

const claimedViews = new Set<string>();
/** Called by a domain that provides its own tree for one of the views. */
export function claimView(id: string): void {
  claimedViews.add(id);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
