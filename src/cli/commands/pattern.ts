import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { compilePattern, lintText, toJson, withPositions } from '../../core/eventpattern';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CommandContext } from '../program';

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function registerPatternCommand(program: Command, ctx: CommandContext): void {
  const pattern = program.command('pattern').description('work with a single EventBridge event pattern');
  pattern
    .command('test')
    .description('test an event against an EventBridge pattern, offline')
    .argument('<pattern>', 'the pattern (JSON file)')
    .argument('<event>', 'the event (JSON file)')
    .option('--explain', 'say which field and condition decided the result')
    .addHelpText('after', '\nThe first line is "match" or "no match". Exit status: 0 match, 1 no match, 2 invalid pattern or usage error.')
    .action((patternFile: string, eventFile: string, opts: { explain?: boolean }) => {
      const patternText = read(patternFile, 'pattern');
      const eventText = read(eventFile, 'event');
      const lint = lintText(patternFile, patternText, { bare: true });
      const errors = lint.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0 || lint.patterns.length === 0) {
        ctx.io.out(`invalid pattern\n`);
        for (const d of withPositions(patternText, errors)) ctx.io.out(`${patternFile}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n`);
        ctx.setExitCode(EXIT_USAGE);
        return;
      }
      let event: unknown;
      try {
        event = JSON.parse(eventText);
      } catch (e) {
        throw new UsageError(`event ${eventFile} is not valid JSON: ${(e as Error).message}`);
      }
      if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new UsageError(`event ${eventFile} must be a JSON object`);
      // EventBridge's TestEventPattern rejects events without these ("Parameter Event is not valid."); matching here still works.
      const missing = ['id', 'account', 'source', 'time', 'region', 'detail-type'].filter((k) => !(k in (event as object)));
      if (missing.length > 0) ctx.io.err(`note: ${eventFile} lacks ${missing.join(', ')}; aws events test-event-pattern would reject it as "Parameter Event is not valid."\n`);
      const compiled = compilePattern(toJson(lint.patterns[0].node));
      const result = compiled.explain(event);
      ctx.io.out(result.matched ? 'match\n' : 'no match\n');
      if (opts.explain) {
        for (const r of result.reasons) ctx.io.out(`  ${r.ok ? '✓' : '✗'} ${r.path}: ${r.message}\n`);
        for (const w of withPositions(patternText, lint.diagnostics.filter((d) => d.severity !== 'error'))) {
          ctx.io.out(`  note ${patternFile}:${w.line}:${w.column} ${w.code} ${w.message}\n`);
        }
      }
      ctx.setExitCode(result.matched ? EXIT_OK : EXIT_FAILED);
    });
}
