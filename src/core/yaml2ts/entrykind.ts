// Kinds of the entries the fast YAML reader interns, shared by its AssemblyScript source (assembly/shapes.ts)
// and its glue (shapereader.ts): both compilers read this file, so the two sides cannot disagree. Plain
// integer constants only, which AssemblyScript types as i32 and TypeScript as number.

/** A string value. */
export const ENTRY_STRING = 0;
/** A key that names itself: quoted, or plain and a string to the core schema. */
export const ENTRY_NAME_KEY = 1;
/** A plain key the core schema resolves to something else (`1.0`, `null`, `true`): the glue names it. */
export const ENTRY_PLAIN_KEY = 2;
