// One record as an object, for the editor (hover, filters) and tests; the analyzer never builds these.
import { DEFAULT_FIELDS } from './fields';

/** A record's values by field name; '-' (no value) becomes null. Unknown fields are kept as strings. */
export type FlowLogRecord = Record<string, string | null>;

/** Splits one line by the given fields; null when the number of values does not match. */
export function parseRecord(line: string, fields: readonly string[] = DEFAULT_FIELDS): FlowLogRecord | null {
  const values = line.trim().split(/[ \t]+/);
  if (values.length !== fields.length || values[0] === '') return null;
  const r: FlowLogRecord = {};
  fields.forEach((f, i) => { r[f] = values[i] === '-' ? null : values[i]; });
  return r;
}
