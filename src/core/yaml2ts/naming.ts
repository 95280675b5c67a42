/** Names for generated declarations: PascalCase identifiers derived from YAML keys. */

/** Global types a module-level declaration would shadow (and the ones the output itself uses). */
const RESERVED_TYPE_NAMES = new Set([
  'Array', 'ArrayBuffer', 'BigInt', 'Boolean', 'DataView', 'Date', 'Error', 'EvalError', 'Function', 'Generator',
  'Infinity', 'Intl', 'Iterable', 'Iterator', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object', 'Partial',
  'Pick', 'Omit', 'Exclude', 'Extract', 'Promise', 'PromiseLike', 'Proxy', 'RangeError', 'Readonly', 'ReadonlyArray',
  'Record', 'ReferenceError', 'Reflect', 'RegExp', 'Required', 'ReturnType', 'Set', 'String', 'Symbol',
  'SyntaxError', 'TypeError', 'URIError', 'WeakMap', 'WeakSet', 'Awaited', 'NonNullable', 'Parameters',
  'InstanceType', 'Uppercase', 'Lowercase', 'Capitalize', 'Uncapitalize', 'Element', 'Node', 'Event',
  'Buffer', 'Uint8Array', 'Int8Array', 'Float32Array', 'Float64Array', 'Atomics', 'WeakRef', 'Response',
  'Request', 'Headers', 'URL', 'Blob', 'File', 'Console', 'Storage', 'Document', 'Window', 'Location',
]);

export function isReservedTypeName(name: string): boolean {
  return RESERVED_TYPE_NAMES.has(name);
}

/** pascalCase's patterns: camelCase humps, acronym ends, word separators, a leading digit. */
type WordPatterns = readonly [RegExp, RegExp, RegExp, RegExp];
/** Made when first needed: Unicode property classes take a millisecond or two to compile. */
let unicodeWords: WordPatterns | undefined;
/** The same for ASCII keys, most of them. */
const ASCII_WORDS: WordPatterns = [/([a-z0-9])([A-Z])/g, /([A-Z])([A-Z][a-z])/g, /[^A-Za-z0-9]+/, /^[0-9]/];

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** `x-amz-target` → `XAmzTarget`, `db_host` → `DbHost`, `123abc` → `T123abc`; empty → ''. */
export function pascalCase(raw: string): string {
  const [humps, acronyms, separators, leadingDigit] = isAscii(raw)
    ? ASCII_WORDS
    : (unicodeWords ??= [/([\p{Ll}\p{N}])(\p{Lu})/gu, /(\p{Lu})(\p{Lu}\p{Ll})/gu, /[^\p{L}\p{N}]+/u, /^\p{N}/u]);
  const words = raw
    // Split camelCase humps so `matchLabels` stays `MatchLabels` and `HTTPServer` becomes `HttpServer`.
    .replace(humps, '$1 $2')
    .replace(acronyms, '$1 $2')
    .split(separators)
    .filter(Boolean);
  let s = words.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join('');
  if (s.length > 60) s = s.slice(0, 60);
  if (leadingDigit.test(s)) s = `T${s}`;
  return s;
}

/** A plausible singular for a collection key: `services` → `Service`, `policies` → `Policy`. */
export function singular(name: string): string {
  if (/[^s]ies$/i.test(name) && name.length > 4) return name.slice(0, -3) + 'y';
  if (/(ss|us|is)$/i.test(name)) return name; // status, class, analysis, options…
  if (/(sses|shes|ches|xes)$/i.test(name)) return name.slice(0, -2);
  if (/[^s]s$/i.test(name) && name.length > 3) return name.slice(0, -1);
  return name;
}

/** Valid TypeScript identifier for a root type supplied by the user or derived from a file name. */
export function rootNameFrom(raw: string): string {
  const base = raw.replace(/\.(ya?ml)$/i, '').replace(/^.*[\\/]/, '');
  const p = pascalCase(base);
  return p && !isReservedTypeName(p) ? p : `${p}Config`.replace(/^Config$/, 'Root');
}

const ASCII_IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Property name as written in a declaration: bare when a plain identifier, quoted otherwise. */
export function propertyName(key: string): string {
  return ASCII_IDENT.test(key) ? key : JSON.stringify(key);
}

export function isIdentifier(name: string): boolean {
  return ASCII_IDENT.test(name);
}
