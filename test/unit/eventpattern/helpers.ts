import { lintText, type Diagnostic } from '../../../src/core/eventpattern';

/** Lints a bare JSON pattern and returns what a user sees: code, message and the exact text each diagnostic covers. */
export function lintPattern(json: string, fileName = 'p.eventpattern.json'): { code: string; severity: string; message: string; text: string }[] {
  return lintText(fileName, json, { bare: true }).diagnostics.map((d) => show(json, d));
}

export function show(text: string, d: Diagnostic): { code: string; severity: string; message: string; text: string } {
  return { code: d.code, severity: d.severity, message: d.message, text: text.slice(d.start, d.end) };
}

export function errorsOf(json: string): string[] {
  return lintPattern(json).filter((d) => d.severity === 'error').map((d) => d.message);
}
