// The self-check the issue requires for every test input: the generated declarations plus
// `const x: Root = <the parsed document>` must type-check under --strict. Runs the TypeScript compiler
// API over an in-memory host, many inputs per program, with lib files parsed once per process.
import ts from 'typescript';
import path from 'node:path';
import { readFileSync } from 'node:fs';

export interface CheckCase {
  name: string;
  /** Generated declarations. */
  code: string;
  rootName: string;
  /** The loaded documents (what YAML.parse hands to code); each must be assignable to the root. */
  docs: unknown[];
}

const libDir = path.dirname(ts.getDefaultLibFilePath({}));
const libCache = new Map<string, ts.SourceFile>();
const options: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  lib: ['lib.es2022.d.ts'],
  types: [],
  skipLibCheck: true,
  noUnusedLocals: false,
  exactOptionalPropertyTypes: false,
};

/** A TypeScript expression for a loaded YAML value, exact for every value JSON cannot spell (Infinity, NaN). */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (typeof v === 'object') {
    // Computed keys so `__proto__` is a property, not the prototype.
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `[${JSON.stringify(k)}]: ${literal(x)}`).join(', ')}}`;
  }
  return JSON.stringify(String(v));
}

/** Type-checks all cases in one program; returns the diagnostics per case name (empty when all pass). */
export function typeCheck(cases: CheckCase[]): Map<string, string[]> {
  const files = new Map<string, string>();
  cases.forEach((c, i) => {
    const assigns = c.docs.map((d, j) => `const __doc${j}: ${c.rootName} = ${literal(d)};\nvoid __doc${j};`).join('\n');
    // `export {}` keeps every case in its own module scope even when the output has no exports.
    files.set(`/case${i}.ts`, `${c.code}\n${assigns}\nexport {};\n`);
  });
  const host: ts.CompilerHost = {
    getSourceFile(fileName, languageVersion) {
      const text = files.get(fileName);
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
      let sf = libCache.get(fileName);
      if (!sf) {
        const lib = path.join(libDir, path.basename(fileName));
        sf = ts.createSourceFile(fileName, readFileSync(lib, 'utf8'), languageVersion, true);
        libCache.set(fileName, sf);
      }
      return sf;
    },
    getDefaultLibFileName: () => path.join(libDir, 'lib.es2022.d.ts'),
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (f) => files.has(f) || f.startsWith(libDir),
    readFile: (f) => files.get(f),
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const out = new Map<string, string[]>();
  const all = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  for (const d of all) {
    const idx = d.file ? Number(/case(\d+)/.exec(d.file.fileName)?.[1] ?? -1) : -1;
    const name = idx >= 0 ? cases[idx].name : '(global)';
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const msg = `${pos ? `${pos.line + 1}:${pos.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    const list = out.get(name) ?? [];
    list.push(msg);
    out.set(name, list);
  }
  return out;
}
