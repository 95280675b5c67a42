// The flow-log line scanner's status, shared by its AssemblyScript source (assembly/scan.ts) and its glue
// (linescanner.ts): both compilers read this file, so the two sides cannot disagree. Plain integer
// constants only, which AssemblyScript types as i32 and TypeScript as number.

/** Why scan() stopped: the loaded run is read. */
export const SCAN_END = 0;
/** Why scan() stopped: the batch is full. */
export const SCAN_FULL = 1;
/** Why scan() stopped: a line whose first field starts with a lowercase letter, for the caller to check for a header. */
export const SCAN_CANDIDATE = 2;
/** Why scan() stopped: the next line ends past the limit. */
export const SCAN_LIMIT = 3;

// The status is six 32-bit words in the scanner's memory, at statusAt(); these are their indexes. Reading
// memory is cheaper than reading exported globals.
/** Records in the batch. */
export const STATUS_RECORDS = 0;
/** Why scan() stopped (SCAN_*). */
export const STATUS_REASON = 1;
/** Lines skipped, added up until the caller resets it. */
export const STATUS_SKIPPED = 2;
/** The candidate line's start offset (like the fields'). */
export const STATUS_LINE_START = 3;
/** The candidate line's end offset. */
export const STATUS_LINE_END = 4;
/** How many fields the candidate line has. */
export const STATUS_LINE_FIELDS = 5;
/** Words in the status. */
export const STATUS_WORDS = 6;
