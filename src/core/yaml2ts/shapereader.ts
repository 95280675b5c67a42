/**
 * The fast reader for the plain subset of YAML that large generated files use: block mappings and
 * sequences, plain and simply quoted one-line scalars, `[]` and `{}`, `---` between documents, YAML 1.2
 * core schema. It gives up (returns undefined) at the first thing outside that subset (comments, anchors,
 * tags, block scalars, flow collections, multi-line scalars, escapes, tabs, CR, duplicate or merge keys,
 * anything malformed), and the caller then parses with the `yaml` package, which also reports errors.
 *
 * It folds what it reads straight into shapes (the counts inference works on) and never builds the data.
 * It is WebAssembly, compiled from assembly/shapes.ts: a CLI run is one cold process, and JavaScript that
 * reads a file line by line spends most of such a run interpreted, waiting for the engine to optimize it
 * (the JavaScript version of this reader took 3× as long cold as warm). WebAssembly is compiled before it
 * runs. Tests compare the types it infers with those inferred from the `yaml` package's documents on every
 * input it accepts.
 */
import { Buffer } from 'node:buffer';
import { WasmModule } from '../wasm';
import { ENTRY_PLAIN_KEY } from './entrykind';
import { ObjShape, Shape, newField } from './shape';
import { SHAPES_WASM } from './shapes-wasm';

const OTHER_BLANKS = /[\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const LATIN1_BLANKS = ['\t', '\r', '\v', '\f', '\u00a0'];
const INDICATOR_CHARS = ['#', '&', '*', '!', '|', '>', '%', '@', '`'];

/**
 * Whether `text` may be in the subset at all: whitespace other than space and newline (JavaScript's trim()
 * would treat it differently from YAML), comments, and node properties or block-scalar indicators anywhere
 * leave the text to the full parser. (Single characters are looked for with includes(), a memchr; the
 * engine answers the expression over characters beyond Latin-1 at once for text that has none.)
 */
export function mayBeFast(text: string): boolean {
  if (OTHER_BLANKS.test(text) || LATIN1_BLANKS.some((c) => text.includes(c))) return false;
  return !(INDICATOR_CHARS.some((c) => text.includes(c)) && /(?:^|\s)#|(?:^|[\s,[{:-])[&*!|>%@`]/m.test(text));
}

const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar resolved with the YAML 1.2 core schema, in the `yaml` package's tag order. */
export function resolvePlain(s: string): null | string | number | boolean {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

/** The property name a loader gives a plain key (it stringifies non-string keys; null becomes ""). */
function plainKeyName(spelling: string): string {
  const v = resolvePlain(spelling);
  return v === null ? '' : String(v);
}

/** What assembly/shapes.ts exports. */
interface ShapesExports {
  memory: { buffer: ArrayBuffer };
  gaveUp: { value: number };
  alloc(bytes: number): number;
  read(text: number, n: number, names: number, namesLength: number, distinct: number): number;
  result(): number;
  shapesPtr(): number;
  entryCount(): number;
  entryPtrs(): number;
  entryLengths(): number;
  entryKinds(): number;
}

const shapesModule = new WasmModule<ShapesExports>(SHAPES_WASM);

class OutsideSubset extends Error {}

/**
 * The shapes of every document of `text` (empty documents dropped) and how many there were, or undefined
 * when the text is outside the subset. `discriminators` are names no other plain spelling resolves to
 * (isPlainName); `maxDistinct` is how many distinct strings a position keeps before it stops counting them.
 */
export function readShapes(text: string, discriminators: readonly string[], maxDistinct: number): { root: Shape; documents: number } | undefined {
  if (!mayBeFast(text)) return undefined;
  // A fresh instance per text: its memory is one arena, dropped whole afterwards.
  const wasm: ShapesExports = shapesModule.instantiate({
    env: {
      // AssemblyScript's runtime reports here, with its message as one of its strings (UTF-16 after a byte length).
      abort: (message: number) => {
        const bytes = message ? new Uint32Array(wasm.memory.buffer, message - 4, 1)[0] : 0;
        const text = new TextDecoder('utf-16le').decode(new Uint8Array(wasm.memory.buffer, message, bytes));
        throw new Error(`yaml2ts fast reader: ${text || 'aborted'}`);
      },
    },
  });
  const names = discriminators.join('\n');
  const textPtr = wasm.alloc(text.length * 2 + 2);
  const namesPtr = wasm.alloc(names.length * 2 + 2);
  Buffer.from(wasm.memory.buffer, textPtr, text.length * 2).write(text, 'utf16le');
  Buffer.from(wasm.memory.buffer, namesPtr, names.length * 2).write(names, 'utf16le');
  let documents: number;
  try {
    documents = wasm.read(textPtr, text.length, namesPtr, names.length, maxDistinct);
  } catch (e) {
    // The reader traps where the text leaves its subset. Anything else is not a reason to fall back quietly:
    // a stack overflow (generateTypes explains it), memory running out (the runtime traps when memory cannot
    // grow), or a defect.
    if (wasm.gaveUp.value) return undefined;
    if (e instanceof RangeError) throw e;
    throw new Error(`the fast YAML reader failed on ${text.length.toLocaleString('en-US')} characters of text, using ${(wasm.memory.buffer.byteLength / 2 ** 20).toFixed(0)} MiB: ${e instanceof Error ? e.message : String(e)}`);
  }
  const size = wasm.result();
  const buffer = wasm.memory.buffer;
  const list = new Int32Array(buffer, wasm.shapesPtr(), size);
  const entries = wasm.entryCount();
  const ptrs = new Uint32Array(buffer, wasm.entryPtrs(), entries);
  const lengths = new Int32Array(buffer, wasm.entryLengths(), entries);
  const kinds = new Int32Array(buffer, wasm.entryKinds(), entries);
  const textEnd = textPtr + text.length * 2;
  const strings: (string | undefined)[] = [];
  const stringOf = (id: number): string => {
    let s = strings[id];
    if (s === undefined) {
      const p = ptrs[id];
      s =
        p >= textPtr && p <= textEnd
          ? text.slice((p - textPtr) / 2, (p - textPtr) / 2 + lengths[id])
          : // A single-quoted string with doubled quotes, unescaped by the reader.
            new TextDecoder('utf-16le').decode(new Uint8Array(buffer, p, lengths[id] * 2));
      strings[id] = s;
    }
    return s;
  };
  const keyNames: (string | undefined)[] = [];
  const keyName = (id: number): string => (keyNames[id] ??= kinds[id] === ENTRY_PLAIN_KEY ? plainKeyName(stringOf(id)) : stringOf(id));

  let at = 0;
  const shape = (): Shape => {
    const s = new Shape();
    s.n = list[at++];
    s.nulls = list[at++];
    s.strings = list[at++];
    s.timestamps = list[at++];
    s.numbers = list[at++];
    s.booleans = list[at++];
    s.arrays = list[at++];
    s.objects = list[at++];
    const distinct = list[at++];
    if (distinct < 0) s.strValues = null;
    else {
      const values = new Map<string, number>();
      for (let k = 0; k < distinct; k++, at += 2) values.set(stringOf(list[at]), list[at + 1]);
      s.strValues = values;
    }
    const buckets = list[at++];
    if (buckets > 0) s.buckets = new Map();
    for (let b = 0; b < buckets; b++) {
      const d = list[at++];
      const value = list[at++];
      const obj = d < 0 ? new ObjShape() : new ObjShape(discriminators[d], stringOf(value));
      s.buckets?.set(d < 0 ? '' : `${discriminators[d]}\u0000${stringOf(value)}`, obj);
      obj.n = list[at++];
      const fields = list[at++];
      for (let k = 0; k < fields; k++) {
        const name = keyName(list[at++]);
        // Two spellings of one name (`1` and `1.0`) in one position: whether they met in one mapping (a
        // duplicate key) is not known here, so the yaml package decides.
        if (obj.fields.has(name)) throw new OutsideSubset();
        const count = list[at++];
        const f = newField(undefined, shape());
        f.count = count;
        obj.fields.set(name, f);
      }
    }
    if (list[at++] === 1) s.element = shape();
    return s;
  };
  try {
    return { root: shape(), documents };
  } catch (e) {
    if (e instanceof OutsideSubset) return undefined;
    throw e;
  }
}
