import * as vscode from 'vscode';
import { registerAws } from './aws';
import { registerEventPatterns } from './eventpattern';
import { registerFlowLogs, type FlowLogsApi } from './flowlogs';
import { registerSqs, type SqsApi } from './sqs';
import { registerKafka, type KafkaApi } from './kafka';
import { registerYamlToTs } from './yaml2ts';
import type { AwsConnection } from './aws/connection';

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

// Domains add their registration here; each returns the part of FlowscopeApi that tests read.
const domains: DomainRegistration[] = [registerEventPatterns, registerYamlToTs, registerAws, registerKafka, registerSqs, registerFlowLogs];

export function activate(context: vscode.ExtensionContext): FlowscopeApi {
  const log = vscode.window.createOutputChannel('Flowscope', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(vscode.commands.registerCommand('flowscope.showOutput', () => log.show()));

  const api: FlowscopeApi = { log };
  for (const register of domains) Object.assign(api, register(context, log));
  log.info(`Flowscope ${context.extension.packageJSON.version as string} activated`);
  return api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
