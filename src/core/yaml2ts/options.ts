/** Everything a user can tune about the generated TypeScript (CLI flags and editor settings mirror these). */
export interface Yaml2TsOptions {
  /** Name of the exported root type. */
  rootName: string;
  /** `interface Foo { … }` or `type Foo = { … }` for object shapes. */
  declaration: 'interface' | 'type';
  /** Put `export` on every declaration (the root is what callers import). */
  export: boolean;
  /** Mark properties and arrays `readonly`. */
  readonly: boolean;
  /**
   * How a key missing from some samples is written: `key?: T`, or `key?: T | undefined` for projects that
   * compile with exactOptionalPropertyTypes and want the absence spelled out.
   */
  optionalStyle: 'question' | 'undefined';
  /** Largest number of distinct strings that still becomes a literal union; 0 turns literal unions off. */
  literalUnionThreshold: number;
  /** Detect mappings used as dictionaries (docker-compose services, workflow jobs) and type them as Record. */
  dictionaries: boolean;
  /** Fewest entries with shared-shape mapping values for a mapping to count as a dictionary. */
  dictionaryMinEntries: number;
  /** Fields whose distinct string values split objects into a discriminated union (first found wins). */
  discriminators: string[];
  /** YAML schema: 1.2 core (`yes` is a string) or 1.1 (`yes`/`on` are booleans, `0755` is octal). */
  yamlVersion: '1.1' | '1.2';
  /** What to write where nothing is known about a value. `any` only when the user asks for it. */
  unknownType: 'unknown' | 'any';
  /** Name shown in the header comment (usually the YAML file name); empty for no header. */
  sourceName: string;
}

export const DEFAULT_OPTIONS: Yaml2TsOptions = {
  rootName: 'Root',
  declaration: 'interface',
  export: true,
  readonly: false,
  optionalStyle: 'question',
  literalUnionThreshold: 6,
  dictionaries: true,
  dictionaryMinEntries: 2,
  discriminators: ['kind', 'type'],
  yamlVersion: '1.2',
  unknownType: 'unknown',
  sourceName: '',
};

export function resolveOptions(partial: Partial<Yaml2TsOptions> = {}): Yaml2TsOptions {
  const o: Yaml2TsOptions = { ...DEFAULT_OPTIONS };
  for (const [k, v] of Object.entries(partial)) {
    // Callers (settings, CLI) pass undefined for "not set"; keep the default then.
    if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  }
  return o;
}
