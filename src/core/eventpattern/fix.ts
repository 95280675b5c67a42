// Fix All: what `flowscope lint --fix` writes and the editor's source.fixAll applies.
import type { Diagnostic, Fix } from './ast';
import type { LocateOptions } from './locate';
import { lintText } from './lint';

/** Fixing can reveal another fixable problem (a wrapped value then has a duplicate); ESLint also stops at 10. */
const MAX_PASSES = 10;

export interface FixAllResult {
  text: string;
  /** Fixes applied, over all passes. */
  applied: number;
}

/** The fix Fix All applies to a diagnostic: its only fix that does not guess; undefined when there is no such single fix. */
export function sureFix(d: Diagnostic): Fix | undefined {
  const sure = (d.fixes ?? []).filter((f) => !f.guess);
  return sure.length === 1 ? sure[0] : undefined;
}

/**
 * Applies every fix that does not guess, to every diagnostic that has exactly one such fix, and lints
 * again until nothing more applies. A fix whose edits overlap an earlier one in the same pass waits for
 * the next pass, which sees the text as it then is.
 */
export function fixAll(fileName: string, text: string, opts: LocateOptions = {}): FixAllResult {
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const chosen: Fix[] = [];
    const taken: { start: number; end: number }[] = [];
    for (const d of lintText(fileName, text, opts).diagnostics) {
      const fix = sureFix(d);
      if (!fix || fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end))) continue;
      chosen.push(fix);
      taken.push(...fix.edits);
    }
    if (chosen.length === 0) break;
    const edits = chosen.flatMap((f) => f.edits).sort((a, b) => b.start - a.start);
    for (const e of edits) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    applied += chosen.length;
  }
  return { text, applied };
}
