import type { Command } from 'commander';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixAll, lintText, mayContainPatterns, withPositions, type PositionedDiagnostic } from '../../core/eventpattern';
import { EXIT_FAILED, EXIT_OK, UsageError, type CommandContext } from '../program';

const LINTABLE = /\.(json|ya?ml|template|cfn|tf)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', 'cdk.out', '.aws-sam', 'dist', 'out']);

interface FileDiagnostic extends PositionedDiagnostic {
  file: string;
}

/** Files to lint: named files as given; directories walked for files that may hold patterns. */
function collect(paths: string[], bare: boolean): { file: string; explicit: boolean }[] {
  const out: { file: string; explicit: boolean }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(p);
      } else if (e.isFile() && (bare ? /\.json$/i.test(e.name) : LINTABLE.test(e.name))) {
        out.push({ file: p, explicit: false });
      }
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (st.isDirectory()) walk(p);
    else out.push({ file: p, explicit: true });
  }
  return out;
}

export function registerLintCommand(program: Command, ctx: CommandContext): void {
  program
    .command('lint')
    .description('lint EventBridge event patterns in JSON, CloudFormation/SAM, Serverless and Terraform files')
    .argument('<paths...>', 'files or directories to lint')
    .option('--pattern', 'lint every path as a bare event pattern (JSON)')
    .option('--format <format>', 'text or json', 'text')
    .option('--fix', 'apply the fixes that do not guess (as Fix All does in the editor), write the files, and report what remains')
    .addHelpText('after', '\nOutput (text): file:line:col severity code message\nExit status: 1 when any error was found (after --fix: any that remains), 0 otherwise, 2 for usage errors.')
    .action((paths: string[], opts: { pattern?: boolean; format: string; fix?: boolean }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`--format must be text or json, not '${opts.format}'`);
      const bare = opts.pattern === true;
      const all: FileDiagnostic[] = [];
      let patterns = 0;
      let fixes = 0;
      let fixedFiles = 0;
      const files = collect(paths, bare);
      for (const { file, explicit } of files) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          all.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0, severity: 'error', code: 'read-error', message: `cannot read file: ${(e as Error).message}` });
          continue;
        }
        // A directory walk skips files with no sign of a pattern (tsconfig.json, package.json...); named files are always linted.
        if (!explicit && !bare && !mayContainPatterns(file, text)) continue;
        if (opts.fix) {
          const fixed = fixAll(file, text, { bare });
          if (fixed.applied > 0) {
            try {
              writeFileSync(file, fixed.text);
              text = fixed.text;
              fixedFiles++;
              fixes += fixed.applied;
            } catch (e) {
              all.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0, severity: 'error', code: 'write-error', message: `cannot write the fixes: ${(e as Error).message}` });
            }
          }
        }
        const r = lintText(file, text, { bare });
        patterns += r.patterns.length;
        for (const d of withPositions(text, r.diagnostics)) all.push({ ...d, file });
      }
      if (opts.format === 'json') {
        const rows = all.map((d) => ({ file: d.file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, severity: d.severity, code: d.code, message: d.message }));
        ctx.io.out(JSON.stringify(rows, null, 2) + '\n');
      } else {
        for (const d of all) ctx.io.out(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n`);
        const count = (s: string): number => all.filter((d) => d.severity === s).length;
        const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
        if (opts.fix) ctx.io.err(`${fixes} fix${fixes === 1 ? '' : 'es'} applied in ${plural(fixedFiles, 'file')}; what remains:\n`);
        ctx.io.err(`${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info in ${plural(patterns, 'pattern')} (${plural(files.length, 'file')})\n`);
      }
      ctx.setExitCode(all.some((d) => d.severity === 'error') ? EXIT_FAILED : EXIT_OK);
    });
}
