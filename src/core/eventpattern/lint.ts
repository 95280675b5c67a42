import { LineIndex, type Diagnostic } from './ast';
import { locatePatterns, type FileKind, type LocatedPattern, type LocateOptions } from './locate';
import { validatePattern } from './validator';

export interface LintResult {
  kind: FileKind;
  patterns: LocatedPattern[];
  diagnostics: Diagnostic[];
}

/** Finds every pattern in a file and validates each; diagnostics are sorted by position. Never throws on bad input. */
export function lintText(fileName: string, text: string, opts: LocateOptions = {}): LintResult {
  const located = locatePatterns(fileName, text, opts);
  const diagnostics = [...located.diagnostics];
  for (const p of located.patterns) {
    diagnostics.push(...validatePattern(p.node, { context: p.context, text, length: p.length }));
  }
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { kind: located.kind, patterns: located.patterns, diagnostics };
}

export interface PositionedDiagnostic extends Diagnostic {
  /** 1-based, as the CLI prints them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function withPositions(text: string, diags: Diagnostic[]): PositionedDiagnostic[] {
  const idx = new LineIndex(text);
  return diags.map((d) => {
    const s = idx.position(d.start);
    const e = idx.position(d.end);
    return { ...d, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  });
}
