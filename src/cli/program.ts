import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { registerFlowLogsCommands } from './commands/flowlogs';
import { registerKafkaCommands } from './commands/kafka';
import { registerLintCommand } from './commands/lint';
import { registerPatternCommand } from './commands/pattern';
import { registerSqsCommands } from './commands/sqs';
import { registerYaml2TsCommand } from './commands/yaml2ts';

/** Where the CLI writes; injectable so tests can run commands in-process. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A failure the user caused with the command line itself: exits 2. */
export class UsageError extends Error {}

/** A command that ran but could not do its job (unreachable broker, AWS error): exits 1. */
export class OperationError extends Error {}

export interface CommandContext {
  io: CliIO;
  /** Set by an action to choose the process exit code (0 by default). */
  setExitCode(code: number): void;
}

export type CommandRegistrar = (program: Command, ctx: CommandContext) => void;

const registrars: CommandRegistrar[] = [registerLintCommand, registerPatternCommand, registerKafkaCommands, registerYaml2TsCommand, registerSqsCommands, registerFlowLogsCommands];

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('flowscope')
    .description('Flowscope: EventBridge pattern linting, YAML-to-TypeScript, Kafka, SQS and VPC flow-log diagnostics from the terminal.')
    .version(version, '-V, --version', 'print the version')
    .showHelpAfterError('(run flowscope --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
    });
  for (const register of registrars) register(program, ctx);
  applyExitOverride(program);
  return program;
}

function applyExitOverride(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyExitOverride(sub);
}

/** Runs the CLI with argv (without the node and script entries) and resolves to the exit code. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  let exitCode = EXIT_OK;
  const ctx: CommandContext = { io, setExitCode: (c) => { exitCode = c; } };
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with code 0; every parse error is a usage error.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.err(`flowscope: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.err(`flowscope: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILED;
  }
}
