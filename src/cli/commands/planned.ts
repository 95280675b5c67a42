import type { Command } from 'commander';
import { OperationError, type CommandContext } from '../program';

/**
 * Command groups whose features are not built yet. They are listed in --help so the CLI's shape is
 * visible, and running one says plainly that it is not available rather than pretending to work.
 * Each domain replaces its entry here with a real registrar when it lands.
 */
const planned: { name: string; summary: string }[] = [
  { name: 'lint', summary: 'lint EventBridge event patterns in JSON, CloudFormation/SAM, Serverless and Terraform files' },
  { name: 'pattern', summary: 'pattern test <pattern.json> <event.json>: test an event against an EventBridge pattern' },
  { name: 'yaml2ts', summary: 'generate TypeScript types from a YAML file' },
  { name: 'kafka', summary: 'Kafka topics, consumer groups, lag, offset resets, peek' },
  { name: 'sqs', summary: 'SQS queues: list, peek, send, purge, redrive' },
  { name: 'flowlogs', summary: 'VPC flow logs: summarize files, list and fetch flow logs' },
];

export function registerPlannedCommands(program: Command, _ctx: CommandContext): void {
  const taken = new Set(program.commands.map((c) => c.name()));
  for (const { name, summary } of planned) {
    if (taken.has(name)) continue;
    program
      .command(name)
      .description(`${summary} (not available in this version yet)`)
      .allowUnknownOption()
      .argument('[args...]')
      .action(() => {
        throw new OperationError(`'${name}' is not available in this version of flowscope yet`);
      });
  }
}
