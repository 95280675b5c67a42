import { Option, type Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { generateTypes, rootNameFrom, YamlSyntaxError, type Yaml2TsOptions } from '../../core/yaml2ts';
import { isIdentifier, isReservedTypeName } from '../../core/yaml2ts/naming';
import { EXIT_FAILED, OperationError, UsageError, type CommandContext } from '../program';

interface Flags {
  root?: string;
  out?: string;
  type?: boolean;
  export: boolean;
  readonly?: boolean;
  optionalStyle?: 'question' | 'undefined';
  literalThreshold?: string;
  dictionaries: boolean;
  dictionaryMin?: string;
  discriminators?: string;
  yamlVersion?: '1.1' | '1.2';
  unknownAsAny?: boolean;
}

function count(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} expects a whole number, got '${v}'`);
  return Number(v);
}

export function registerYaml2TsCommand(program: Command, ctx: CommandContext): void {
  program
    .command('yaml2ts')
    .description('generate TypeScript types from YAML files (several files are merged as samples of one config)')
    .argument('<file.yaml...>', 'YAML file(s); every document in them is typed by the root type')
    .option('--root <Name>', 'name of the exported root type (default: from the first file name, PascalCase)')
    .option('--out <file.ts>', 'write the declarations to this file instead of stdout')
    .option('--type', 'declare object shapes as `type X = {…}` instead of interfaces')
    .option('--no-export', 'do not export the declarations')
    .option('--readonly', 'make properties and arrays readonly')
    .addOption(new Option('--optional-style <style>', 'how optional keys are written: `k?: T` or `k?: T | undefined`').choices(['question', 'undefined']))
    .option('--literal-threshold <n>', 'most distinct strings typed as a literal union (0: never)', undefined)
    .option('--no-dictionaries', 'never type mappings as Record<string, T>')
    .option('--dictionary-min <n>', 'fewest entries with shared-shape values that make a mapping a dictionary (default 2)')
    .option('--discriminators <fields>', 'comma-separated fields that split objects into a discriminated union (default kind,type)')
    .addOption(new Option('--yaml-version <version>', 'YAML schema: 1.2 core, or 1.1 where yes/no/on/off are booleans').choices(['1.1', '1.2']))
    .option('--unknown-as-any', 'write `any` instead of `unknown` where nothing is known about a value')
    .action((files: string[], flags: Flags) => {
      const rootName = flags.root ?? rootNameFrom(files[0]);
      if (!isIdentifier(rootName) || isReservedTypeName(rootName)) {
        throw new UsageError(`--root '${rootName}' is not a usable TypeScript type name`);
      }
      const options: Partial<Yaml2TsOptions> = {
        rootName,
        declaration: flags.type ? 'type' : 'interface',
        export: flags.export,
        readonly: flags.readonly ?? false,
        optionalStyle: flags.optionalStyle,
        literalUnionThreshold: count('--literal-threshold', flags.literalThreshold),
        dictionaries: flags.dictionaries,
        dictionaryMinEntries: count('--dictionary-min', flags.dictionaryMin),
        discriminators: flags.discriminators?.split(',').map((s) => s.trim()).filter(Boolean),
        yamlVersion: flags.yamlVersion,
        unknownType: flags.unknownAsAny ? 'any' : 'unknown',
        sourceName: files.map((f) => f.replace(/^.*[\\/]/, '')).join(', '),
      };
      const sources = files.map((file) => {
        try {
          return { file, text: readFileSync(file, 'utf8') };
        } catch (e) {
          throw new OperationError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        }
      });
      let code: string;
      try {
        code = generateTypes(sources, options).code;
      } catch (e) {
        if (e instanceof YamlSyntaxError) {
          // Compiler-style location: terminals and editors make `file:line:col` clickable.
          ctx.io.err(`${e.format()}\n`);
          ctx.setExitCode(EXIT_FAILED);
          return;
        }
        throw e;
      }
      if (flags.out) {
        try {
          writeFileSync(flags.out, code);
        } catch (e) {
          throw new OperationError(`cannot write ${flags.out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        }
      } else {
        ctx.io.out(code);
      }
    });
}
