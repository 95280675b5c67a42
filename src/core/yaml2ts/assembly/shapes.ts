// AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs (see ../shapereader.ts for why).
//
// Reads the plain subset of block YAML (see ../shapereader.ts for what it is) from UTF-16 text in memory and
// folds what it reads into shapes, the counts inference works on, without building the data. It traps on
// anything outside the subset after setting `gaveUp`; the caller then parses with the yaml package.
// Keys and strings are interned: keys by name, except plain keys the core schema reads as numbers, nulls or
// booleans, which are interned by spelling and named by the caller; strings by value. The caller reads the shapes back from `result()`.

import { ENTRY_NAME_KEY, ENTRY_PLAIN_KEY, ENTRY_STRING } from '../entrykind';

const SPACE: i32 = 32;
const DASH: i32 = 45;
const DOT: i32 = 46;
const COLON: i32 = 58;
const DQUOTE: i32 = 34;
const SQUOTE: i32 = 39;
const BACKSLASH: i32 = 92;

/** Line marks. */
const DOC_START: u8 = 1;
const DOC_END: u8 = 2;
const NO_LINE: u8 = 3;


let base: usize = 0;
let len: i32 = 0;
export let gaveUp = false;

function giveUp(): void {
  gaveUp = true;
  unreachable();
}

@inline function ch(p: i32): i32 {
  return <u32>p < <u32>len ? <i32>load<u16>(base + (<usize>p << 1)) : -1;
}

/** The first position in [from, to) holding the character c, or `to`: eight characters at a time. */
function indexOfChar(c: i32, from: i32, to: i32): i32 {
  let p = from;
  const needle = i16x8.splat(<i16>c);
  while (p + 8 <= to) {
    const m = i16x8.bitmask(i16x8.eq(v128.load(base + (<usize>p << 1)), needle));
    if (m != 0) return p + ctz(m);
    p += 8;
  }
  while (p < to) {
    if (ch(p) == c) return p;
    p++;
  }
  return to;
}

/** Whether n UTF-16 units at a and b are the same (memory.compare goes byte by byte unless both are aligned alike). */
function same(a: usize, b: usize, n: i32): bool {
  let bytes = <usize>n << 1;
  while (bytes >= 8) {
    if (load<u64>(a) != load<u64>(b)) return false;
    a += 8;
    b += 8;
    bytes -= 8;
  }
  while (bytes > 0) {
    if (load<u16>(a) != load<u16>(b)) return false;
    a += 2;
    b += 2;
    bytes -= 2;
  }
  return true;
}

/** Memory for the caller to write the text into. */
export function alloc(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

// ---- interned strings -------------------------------------------------------------------------------

const entPtr = new Array<usize>();
const entLen = new Array<i32>();
const entKind = new Array<i32>();
const entHash = new Array<u32>();
let table = new StaticArray<i32>(1024);
let tableMask: u32 = 1023;

function hashOf(kind: i32, ptr: usize, n: i32): u32 {
  let h: u32 = 2166136261 ^ <u32>kind;
  const end = ptr + (<usize>n << 1);
  for (let p = ptr; p < end; p += 2) h = (h ^ <u32>load<u16>(p)) * 16777619;
  return h;
}

function intern(kind: i32, ptr: usize, n: i32): i32 {
  const h = hashOf(kind, ptr, n);
  let k = h & tableMask;
  for (;;) {
    const id = unchecked(table[k]) - 1;
    if (id < 0) break;
    if (unchecked(entHash[id]) == h && unchecked(entLen[id]) == n && unchecked(entKind[id]) == kind && same(unchecked(entPtr[id]), ptr, n)) return id;
    k = (k + 1) & tableMask;
  }
  const id = entPtr.length;
  entPtr.push(ptr);
  entLen.push(n);
  entKind.push(kind);
  entHash.push(h);
  unchecked((table[k] = id + 1));
  if (<u32>(id + 1) * 2 > tableMask) rehash();
  return id;
}

function rehash(): void {
  const size = (tableMask + 1) << 1;
  const next = new StaticArray<i32>(size);
  const mask = size - 1;
  for (let id = 0; id < entPtr.length; id++) {
    let k = unchecked(entHash[id]) & mask;
    while (unchecked(next[k]) != 0) k = (k + 1) & mask;
    unchecked((next[k] = id + 1));
  }
  table = next;
  tableMask = mask;
}

// ---- shapes -----------------------------------------------------------------------------------------

class Field {
  count: i32 = 0;
  /** The owning Obj's n when this key was last read, to see a repeated key. */
  seen: i32 = 0;
  shape: Shape = new Shape();
  constructor(
    public key: i32,
    public ptr: usize,
    public n: i32,
    public quoted: bool,
  ) {}
}

class Obj {
  n: i32 = 0;
  fields: Array<Field> = new Array<Field>();
  byKey: Map<i32, Field> = new Map<i32, Field>();
  /** The fields in the order of the last mapping read here: the guess for the next one. */
  order: Array<Field | null> = new Array<Field | null>();
  constructor(
    public disc: i32,
    public discValue: i32,
  ) {}
}

class Shape {
  n: i32 = 0;
  nulls: i32 = 0;
  strings: i32 = 0;
  timestamps: i32 = 0;
  numbers: i32 = 0;
  booleans: i32 = 0;
  arrays: i32 = 0;
  objects: i32 = 0;
  element: Shape | null = null;
  buckets: Array<Obj> | null = null;
  bucketOf: Map<i64, Obj> | null = null;
  /** The bucket of mappings without a discriminator, the common case, found without a lookup. */
  plain: Obj | null = null;
  /** Distinct strings (interned ids) in first-seen order with their counts, or null once there are too many. */
  strIds: Array<i32> | null = new Array<i32>();
  strCounts: Map<i32, i32> = new Map<i32, i32>();
}

let maxDistinct: i32 = 0;

function addString(shape: Shape, ptr: usize, n: i32): void {
  shape.strings++;
  if (n >= 8 && load<u16>(ptr + 8) == DASH && isTimestamp(ptr, n)) shape.timestamps++;
  const ids = shape.strIds;
  if (ids === null) return;
  const id = intern(ENTRY_STRING, ptr, n);
  const counts = shape.strCounts;
  if (counts.has(id)) {
    counts.set(id, counts.get(id) + 1);
    return;
  }
  counts.set(id, 1);
  ids.push(id);
  if (ids.length > maxDistinct) shape.strIds = null;
}

@inline function digitAt(ptr: usize, k: i32): bool {
  return <u32>(<i32>load<u16>(ptr + (<usize>k << 1)) - 48) < 10;
}

function tsChar(ptr: usize, n: i32, k: i32): i32 {
  return k < n ? <i32>load<u16>(ptr + (<usize>k << 1)) : -1;
}

function tsDigit(ptr: usize, n: i32, k: i32): bool {
  return k < n && digitAt(ptr, k);
}

function tsBlank(ptr: usize, n: i32, k: i32): bool {
  const c = tsChar(ptr, n, k);
  return c == SPACE || c == 9;
}

/** The timestamp the yaml package recognizes (and the core schema keeps a string). */
function isTimestamp(ptr: usize, n: i32): bool {
  // \d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?
  for (let k = 0; k < 4; k++) if (!tsDigit(ptr, n, k)) return false;
  if (tsChar(ptr, n, 4) != DASH || !tsDigit(ptr, n, 5)) return false;
  let k = 6;
  if (tsDigit(ptr, n, k)) k++;
  if (tsChar(ptr, n, k) != DASH || !tsDigit(ptr, n, k + 1)) return false;
  k += 2;
  if (tsDigit(ptr, n, k)) k++;
  if (k == n) return true;
  const t = tsChar(ptr, n, k);
  if (t == 84 || t == 116) k++;
  else if (tsBlank(ptr, n, k)) {
    while (tsBlank(ptr, n, k)) k++;
  } else return false;
  if (!tsDigit(ptr, n, k)) return false;
  k++;
  if (tsDigit(ptr, n, k)) k++;
  if (!(tsChar(ptr, n, k) == COLON && tsDigit(ptr, n, k + 1) && tsDigit(ptr, n, k + 2) && tsChar(ptr, n, k + 3) == COLON && tsDigit(ptr, n, k + 4) && tsDigit(ptr, n, k + 5))) return false;
  k += 6;
  if (tsChar(ptr, n, k) == DOT) {
    k++;
    while (tsDigit(ptr, n, k)) k++;
  }
  if (k == n) return true;
  while (tsBlank(ptr, n, k)) k++;
  const z = tsChar(ptr, n, k);
  if (z == 90) return k + 1 == n;
  if (z != 43 && z != DASH) return false;
  if (!tsDigit(ptr, n, k + 1)) return false;
  k += 2;
  if (tsDigit(ptr, n, k)) k++;
  if (k == n) return true;
  return tsChar(ptr, n, k) == COLON && tsDigit(ptr, n, k + 1) && tsDigit(ptr, n, k + 2) && k + 3 == n;
}

// ---- the core schema --------------------------------------------------------------------------------

/** What a plain scalar from s to e resolves to with the YAML 1.2 core schema. */
const IS_STRING: i32 = 0;
const IS_NULL: i32 = 1;
const IS_BOOL: i32 = 2;
const IS_NUMBER: i32 = 3;

function isWord(s: i32, e: i32, lower: string): bool {
  // One of the three spellings the core schema has for a word: lower, Capitalized, UPPER.
  const n = lower.length;
  if (e - s != n) return false;
  let allLower = true;
  let capital = true;
  let upper = true;
  for (let k = 0; k < n; k++) {
    const x = ch(s + k);
    const l = lower.charCodeAt(k);
    const u = l - 32;
    if (x != l) allLower = false;
    if (x != (k == 0 ? u : l)) capital = false;
    if (x != u) upper = false;
  }
  return allLower || capital || upper;
}

function isDigit(c: i32): bool {
  return <u32>(c - 48) < 10;
}

function resolvePlain(s: i32, e: i32): i32 {
  const c = ch(s);
  if (isDigit(c)) {
    let k = s + 1;
    while (k < e && isDigit(ch(k))) k++;
    if (k == e) return IS_NUMBER;
  } else {
    switch (c) {
      case 110: // n
      case 78: // N
        return isWord(s, e, 'null') ? IS_NULL : IS_STRING;
      case 116: // t
      case 84: // T
        return isWord(s, e, 'true') ? IS_BOOL : IS_STRING;
      case 102: // f
      case 70: // F
        return isWord(s, e, 'false') ? IS_BOOL : IS_STRING;
      case 126: // ~
        return e - s == 1 ? IS_NULL : IS_STRING;
      case 43: // +
      case 45: // -
      case 46: // .
        break;
      default:
        return IS_STRING;
    }
  }
  return isCoreNumber(s, e) ? IS_NUMBER : IS_STRING;
}

function isHex(c: i32): bool {
  return isDigit(c) || <u32>((c | 32) - 97) < 6;
}

/** 0o17, [-+]123, 0x1F, [-+].inf, .nan, and floats with or without exponent, as the core schema has them. */
function isCoreNumber(s: i32, e: i32): bool {
  const n = e - s;
  if (n > 2 && ch(s) == 48 && ch(s + 1) == 111) {
    for (let k = s + 2; k < e; k++) if (<u32>(ch(k) - 48) >= 8) return false;
    return true;
  }
  if (n > 2 && ch(s) == 48 && ch(s + 1) == 120) {
    for (let k = s + 2; k < e; k++) if (!isHex(ch(k))) return false;
    return true;
  }
  let k = s;
  const sign = ch(k) == 43 || ch(k) == DASH;
  if (sign) k++;
  if (ch(k) == DOT && e - k == 4) {
    if (isWord(k + 1, e, 'inf')) return true;
    if (!sign && (isWord(k + 1, e, 'nan') || (ch(k + 1) == 78 && ch(k + 2) == 97 && ch(k + 3) == 78))) return true;
  }
  // [0-9]+ | [0-9]+\.[0-9]* | \.[0-9]+, then an optional exponent; an integer needs no dot, a float without
  // exponent needs one.
  let intDigits = 0;
  while (k < e && isDigit(ch(k))) {
    k++;
    intDigits++;
  }
  let dot = false;
  let fracDigits = 0;
  if (ch(k) == DOT && k < e) {
    dot = true;
    k++;
    while (k < e && isDigit(ch(k))) {
      k++;
      fracDigits++;
    }
  }
  if (intDigits == 0 && fracDigits == 0) return false;
  if (intDigits == 0 && !dot) return false;
  if (k == e) return intDigits > 0 ? true : fracDigits > 0;
  const x = ch(k);
  if (x != 101 && x != 69) return false;
  k++;
  if (ch(k) == 43 || ch(k) == DASH) k++;
  if (k == e) return false;
  while (k < e) {
    if (!isDigit(ch(k))) return false;
    k++;
  }
  return true;
}

// ---- lines ------------------------------------------------------------------------------------------

let count = 0;
let lStart = new StaticArray<i32>(0);
let lContent = new StaticArray<i32>(0);
let lEnd = new StaticArray<i32>(0);
let lMark = new StaticArray<u8>(0);

/** The first position in [p, to) that is not a blank, or `to`. */
function skipBlanks(p: i32, to: i32): i32 {
  const blanks = i16x8.splat(<i16>SPACE);
  while (p + 8 <= to) {
    const m = i16x8.bitmask(i16x8.eq(v128.load(base + (<usize>p << 1)), blanks)) ^ 0xff;
    if (m != 0) return p + ctz(m);
    p += 8;
  }
  while (p < to && ch(p) == SPACE) p++;
  return p;
}

function findLines(): void {
  let room = 2;
  const newline = i16x8.splat(10);
  let p = 0;
  for (; p + 8 <= len; p += 8) room += popcnt(i16x8.bitmask(i16x8.eq(v128.load(base + (<usize>p << 1)), newline)));
  for (; p < len; p++) if (ch(p) == 10) room++;
  lStart = new StaticArray<i32>(room);
  lContent = new StaticArray<i32>(room);
  lEnd = new StaticArray<i32>(room);
  lMark = new StaticArray<u8>(room);
  discLines = new StaticArray<u8>(nameCount > 0 ? room : 0);
  scanFrom = 0;
  count = 0;
  // In slices: the engine runs a function's first calls unoptimized and optimizes it for later calls, not
  // while one call loops.
  while (scanFrom <= len) scanLines();
  const n = count;
  unchecked((lStart[n] = len + 1));
  unchecked((lContent[n] = len + 1));
  unchecked((lEnd[n] = len + 1));
  unchecked((lMark[n] = NO_LINE));
}

let scanFrom = 0;

/** Finds the next few hundred non-blank lines from scanFrom. */
function scanLines(): void {
  let ls = scanFrom;
  let n = count;
  for (let m = 0; m < 256 && ls <= len; m++) {
    const le = indexOfChar(10, ls, len);
    const cs = skipBlanks(ls, le);
    if (cs < le) {
      unchecked((lStart[n] = ls));
      unchecked((lContent[n] = cs));
      unchecked((lEnd[n] = le));
      if (cs == ls) {
        const c = ch(ls);
        if (c == DASH && ch(ls + 1) == DASH && ch(ls + 2) == DASH && (le - ls == 3 || ch(ls + 3) == SPACE)) unchecked((lMark[n] = DOC_START));
        else if (c == DOT && ch(ls + 1) == DOT && ch(ls + 2) == DOT) unchecked((lMark[n] = DOC_END));
      }
      if (nameCount > 0) findDiscriminatorKeys(n, ls, cs, le);
      n++;
    }
    ls = le + 1;
  }
  scanFrom = ls;
  count = n;
}

// ---- the reader -------------------------------------------------------------------------------------

/** The current line. */
let i = 0;
/** Where the current content starts: after the indentation, or after a `- `. */
let cs = 0;
/** The column of cs. */
let col = 0;
/** There is a current line and its content is not a document marker. */
let open = false;
/** The last entry() call's answer, for the content position it was asked about. */
let entryAt = -1;
let entryOk = false;
/** The key entry() found: quoted (its text at strPtr) or plain (from keyStart to keyEnd). */
let keyQuoted = false;
let keyStart = 0;
let keyEnd = 0;
let valueStart = 0;
let valueEnd = 0;
/** The last string quoted() read: in the text, or unescaped into memory of its own. */
let strPtr: usize = 0;
let strLen = 0;
/** The first `: ` at or after colonFrom (the text's length when there is none). */
let colonFrom = -1;
let colonAt = -1;

function next(): void {
  const j = ++i;
  cs = unchecked(lContent[j]);
  col = cs - unchecked(lStart[j]);
  open = unchecked(lMark[j]) == 0;
}

/** `-` alone or `- ` at p, on a line that ends at le. */
@inline function dashAt(p: i32, le: i32): bool {
  return ch(p) == DASH && (p + 1 == le || ch(p + 1) == SPACE);
}

function colonSpace(p: i32): i32 {
  if (p < colonFrom || colonAt < p) {
    let k = indexOfChar(COLON, p, len);
    while (k < len && ch(k + 1) != SPACE) k = indexOfChar(COLON, k + 1, len);
    colonAt = k + 1 < len ? k : len;
  }
  colonFrom = p;
  return colonAt;
}

function isIndicator(c: i32): bool {
  // -?:,[]{}#&*!|>'"%@`
  switch (c) {
    case 45:
    case 63:
    case 58:
    case 44:
    case 91:
    case 93:
    case 123:
    case 125:
    case 35:
    case 38:
    case 42:
    case 33:
    case 124:
    case 62:
    case 39:
    case 34:
    case 37:
    case 64:
    case 96:
      return true;
  }
  return false;
}

/** Whether the line from p to le is `key: rest`; if so sets the key and the bounds of rest without surrounding blanks. */
function entry(p: i32, le: i32): bool {
  if (p == entryAt) return entryOk;
  entryAt = p;
  entryOk = false;
  let after: i32;
  const c = ch(p);
  if (c == DQUOTE || c == SQUOTE) {
    let k = quoted(p, le);
    while (ch(k) == SPACE) k++;
    if (ch(k) != COLON || !(k + 1 == le || ch(k + 1) == SPACE)) return false;
    keyQuoted = true;
    after = k + 1;
  } else {
    let idx = colonSpace(p);
    if (idx >= le) {
      let e = le;
      while (e > p && ch(e - 1) == SPACE) e--;
      if (e == p || ch(e - 1) != COLON) return false;
      idx = e - 1;
    }
    if (isIndicator(c)) giveUp();
    if (idx == p || ch(idx - 1) == SPACE || idx - p > 1024) giveUp();
    // `<<` (a merge key) is left to the yaml package.
    if (idx - p == 2 && c == 60 && ch(p + 1) == 60) giveUp();
    keyQuoted = false;
    keyStart = p;
    keyEnd = idx;
    after = idx + 1;
  }
  // Extra blanks after the colon: the yaml package has been seen to keep one in the value; leave it to it.
  if (ch(after) == SPACE && ch(after + 1) == SPACE) giveUp();
  let vs = after;
  while (vs < le && ch(vs) == SPACE) vs++;
  let ve = le;
  while (ve > vs && ch(ve - 1) == SPACE) ve--;
  valueStart = vs;
  valueEnd = ve;
  entryOk = true;
  return true;
}

/** `"…"` or `'…'` at p on a line that ends at le: sets strPtr/strLen and returns the index after the closing quote, or gives up. */
function quoted(p: i32, le: i32): i32 {
  const q = ch(p);
  let j = p + 1;
  let doubled = 0;
  let closed = false;
  while (!closed) {
    while (j < le && ch(j) != q) {
      if (q == DQUOTE && ch(j) == BACKSLASH) giveUp();
      j++;
    }
    if (j >= le) giveUp();
    if (q == SQUOTE && ch(j + 1) == SQUOTE) {
      doubled++;
      j += 2;
    } else closed = true;
  }
  const n = j - (p + 1);
  if (doubled == 0) {
    strPtr = base + (<usize>(p + 1) << 1);
    strLen = n;
  } else {
    // Unescaped into memory of its own (doubled quotes are rare).
    const out = heap.alloc(<usize>(n - doubled) << 1);
    let o = out;
    for (let k = p + 1; k < j; k++) {
      store<u16>(o, <u16>ch(k));
      o += 2;
      if (ch(k) == SQUOTE) k++;
    }
    strPtr = out;
    strLen = <i32>((o - out) >> 1);
  }
  return j + 1;
}

/** A value written on the same line as its key or dash: the text from s to e (e is le or the value's last non-blank). */
function inline(shape: Shape, s: i32, e: i32, le: i32): void {
  const c = ch(s);
  if (c == DQUOTE || c == SQUOTE) {
    for (let k = quoted(s, le); k < e; k++) if (ch(k) != SPACE) giveUp();
    shape.n++;
    addString(shape, strPtr, strLen);
    return;
  }
  if (c == 91 /* [ */ || c == 123 /* { */) {
    let x = e;
    while (x > s && ch(x - 1) == SPACE) x--;
    if (x - s == 2 && ch(s + 1) == c + 2 /* ] or } */) {
      if (c == 91) {
        shape.n++;
        shape.arrays++;
      } else {
        // (Not `bucket(…).n++`: AssemblyScript would call bucket() twice.)
        const obj = bucket(shape, -1, 0);
        obj.n++;
      }
      return;
    }
    giveUp();
  }
  if (isIndicator(c) && !(c == DASH && e - s > 1 && ch(s + 1) != SPACE)) giveUp();
  // `: ` inside, or a trailing colon; trailing blanks: the yaml package keeps them in some plain scalars.
  if (colonSpace(s) < e) giveUp();
  const last = ch(e - 1);
  if (last == COLON || last == SPACE) giveUp();
  shape.n++;
  switch (resolvePlain(s, e)) {
    case IS_NUMBER:
      shape.numbers++;
      break;
    case IS_NULL:
      shape.nulls++;
      break;
    case IS_BOOL:
      shape.booleans++;
      break;
    default:
      addString(shape, base + (<usize>s << 1), e - s);
  }
}

function empty(shape: Shape): void {
  shape.n++;
  shape.nulls++;
}

/** Counts a mapping sample at `shape` and returns its Obj, for discriminator d (or -1) with value id v. */
function bucket(shape: Shape, d: i32, v: i32): Obj {
  shape.n++;
  shape.objects++;
  if (d < 0) {
    const plain = shape.plain;
    if (plain !== null) return plain;
  }
  let list = shape.buckets;
  let index = shape.bucketOf;
  if (list === null || index === null) {
    list = new Array<Obj>();
    index = new Map<i64, Obj>();
    shape.buckets = list;
    shape.bucketOf = index;
  }
  const key: i64 = d < 0 ? -1 : (<i64>d << 32) | <i64>v;
  if (index.has(key)) return index.get(key);
  const obj = new Obj(d, v);
  list.push(obj);
  index.set(key, obj);
  if (d < 0) shape.plain = obj;
  return obj;
}

/** The interned id of the key entry() read. */
function keyId(): i32 {
  if (keyQuoted) return intern(ENTRY_NAME_KEY, strPtr, strLen);
  return intern(resolvePlain(keyStart, keyEnd) == IS_STRING ? ENTRY_NAME_KEY : ENTRY_PLAIN_KEY, base + (<usize>keyStart << 1), keyEnd - keyStart);
}

function field(obj: Obj, n: i32): Shape {
  // Mappings at one position mostly have the same keys in the same order: try the field last seen at n.
  let f: Field | null = n < obj.order.length ? unchecked(obj.order[n]) : null;
  let ptr: usize;
  let kn: i32;
  if (keyQuoted) {
    ptr = strPtr;
    kn = strLen;
  } else {
    ptr = base + (<usize>keyStart << 1);
    kn = keyEnd - keyStart;
  }
  if (f === null || f.quoted != keyQuoted || f.n != kn || !same(f.ptr, ptr, kn)) {
    const key = keyId();
    if (obj.byKey.has(key)) f = obj.byKey.get(key);
    else {
      f = new Field(key, unchecked(entPtr[key]), kn, keyQuoted);
      obj.byKey.set(key, f);
      obj.fields.push(f);
    }
    while (obj.order.length <= n) obj.order.push(null);
    unchecked((obj.order[n] = f));
  }
  const g = <Field>f;
  if (g.seen == obj.n) giveUp(); // the same key twice in one mapping
  g.seen = obj.n;
  g.count++;
  return g.shape;
}

/** The node whose content starts at the current position, at column `ind`. */
function node(ind: i32, slot: Shape): void {
  const first = cs;
  const firstEnd = unchecked(lEnd[i]);
  if (dashAt(first, firstEnd)) {
    slot.n++;
    slot.arrays++;
    let items = slot.element;
    if (items === null) {
      items = new Shape();
      slot.element = items;
    }
    while (open && col == ind) {
      const le = unchecked(lEnd[i]);
      if (!dashAt(cs, le)) break;
      let p = cs + 1;
      while (ch(p) == SPACE) p++;
      if (p == le) {
        next();
        if (open && col > ind) node(col, items);
        else empty(items);
      } else if (dashAt(p, le) || entry(p, le)) {
        // `- - x` or `- key: v`: a nested block whose first line is the rest of this one.
        cs = p;
        col = p - unchecked(lStart[i]);
        open = true;
        node(col, items);
      } else {
        inline(items, p, le, le);
        next();
        if (open && col > ind) giveUp();
      }
    }
    if (open && col > ind) giveUp();
    return;
  }
  if (entry(first, firstEnd)) {
    const obj = beginMap(slot, ind);
    let n = 0;
    while (open) {
      if (col < ind) break;
      if (col > ind) giveUp();
      const le = unchecked(lEnd[i]);
      if (!entry(cs, le)) giveUp(); // a sequence entry or a scalar where a key belongs
      const vs = valueStart;
      const ve = valueEnd;
      const value = field(obj, n++);
      if (vs == ve) {
        next();
        if (!open) empty(value);
        else if (col > ind) node(col, value);
        // A sequence at the key's own column is its value.
        else if (col == ind && dashAt(cs, unchecked(lEnd[i]))) node(ind, value);
        else empty(value);
      } else {
        inline(value, vs, ve, le);
        next();
        if (open && col > ind) giveUp();
      }
    }
    return;
  }
  inline(slot, first, firstEnd, firstEnd);
  next();
  if (open && col >= ind) giveUp(); // multi-line scalar
}

function beginMap(slot: Shape, ind: i32): Obj {
  let d = -1;
  if (discLines.length > 0 && unchecked(discLines[i]) != 0) d = searchDiscriminator(ind);
  const obj = bucket(slot, d, discValue);
  obj.n++;
  return obj;
}

// ---- discriminators ---------------------------------------------------------------------------------
//
// A mapping's discriminator must be known when it starts (its samples are counted apart by discriminator
// value). The text is searched for the names' spellings once; the first line of each mapping that has one
// of them as a key is marked, with the lines and positions of those keys.

/** Interned key ids → index of the discriminator name, for the names (interned first), or -1. */
let discOfKey = new StaticArray<i32>(0);
let discLines = new StaticArray<u8>(0);
const discKeys = new Map<i32, Array<i32>>();
let discValue = 0;
/** The discriminator names: UTF-16 in memory. */
let nameCount = 0;
const namePtr = new Array<usize>();
const nameLen = new Array<i32>();

/** Whether column c of line j is where the reader reads a key: after the indentation and any `- ` entries. */
function startsEntries(j: i32, c: i32): bool {
  const target = unchecked(lStart[j]) + c;
  let k = unchecked(lContent[j]);
  while (k < target) {
    if (ch(k) != DASH || ch(k + 1) != SPACE) return false;
    k += 2;
    while (k < target && ch(k) == SPACE) k++;
  }
  return k == target;
}

/** The first line of the mapping whose key at line j is at column c. */
function mapStart(j: i32, c: i32): i32 {
  if (unchecked(lContent[j]) - unchecked(lStart[j]) < c) return j; // after `- `: the mapping starts on this line
  let first = j;
  for (let k = j - 1; k >= 0 && unchecked(lMark[k]) == 0; k--) {
    const ind = unchecked(lContent[k]) - unchecked(lStart[k]);
    if (ind > c) continue; // inside an earlier entry's value
    if (ind == c) {
      // An earlier key, or a sequence at the mapping's column (the value of the key before it).
      if (!dashAt(unchecked(lContent[k]), unchecked(lEnd[k]))) first = k;
      continue;
    }
    if (startsEntries(k, c)) first = k;
    break;
  }
  return first;
}

/** Whether name d is written at p, followed by a colon or a blank, or quoted. */
function nameAt(d: i32, p: i32): bool {
  const ptr = unchecked(namePtr[d]);
  const n = unchecked(nameLen[d]);
  const first = <i32>load<u16>(ptr);
  const c = ch(p);
  if (c == first) {
    const after = ch(p + n);
    return (after == COLON || after == SPACE) && same(base + (<usize>p << 1), ptr, n);
  }
  return (c == DQUOTE || c == SQUOTE) && ch(p + 1) == first && ch(p + 1 + n) == c && same(base + (<usize>(p + 1) << 1), ptr, n);
}

/** Marks the mapping of each key of line j (from ls to le, content from cs) that is spelled as a discriminator name. */
function findDiscriminatorKeys(j: i32, ls: i32, cs: i32, le: i32): void {
  // Keys are read after the indentation and after each `- ` that opens an entry on the line.
  let at = cs;
  for (;;) {
    for (let d = 0; d < nameCount; d++) {
      if (!nameAt(d, at)) continue;
      const firstLine = mapStart(j, at - ls);
      unchecked((discLines[firstLine] = 1));
      if (discKeys.has(firstLine)) {
        const list = discKeys.get(firstLine);
        list.push(j);
        list.push(at);
      } else {
        const list = new Array<i32>();
        list.push(j);
        list.push(at);
        discKeys.set(firstLine, list);
      }
    }
    if (ch(at) != DASH || ch(at + 1) != SPACE) break;
    at = skipBlanks(at + 2, le);
    if (at >= le) break;
  }
}

/** For the mapping starting at the current line at column ind: the index of its discriminator, or -1 (the value's id in discValue). */
function searchDiscriminator(ind: i32): i32 {
  if (!discKeys.has(i)) return -1;
  const found = discKeys.get(i);
  let best = -1;
  for (let k = 0; k < found.length; k += 2) {
    const j = unchecked(found[k]);
    const p = unchecked(found[k + 1]);
    const le = unchecked(lEnd[j]);
    if (p - unchecked(lStart[j]) != ind || !entry(p, le) || valueStart == valueEnd) continue;
    const key = keyId();
    const d = key < discOfKey.length ? unchecked(discOfKey[key]) : -1;
    if (d < 0 || (best >= 0 && d > best)) continue;
    const s = valueStart;
    const c = ch(s);
    let vptr: usize;
    let vn: i32;
    if (c == DQUOTE || c == SQUOTE) {
      quoted(s, le);
      vptr = strPtr;
      vn = strLen;
    } else {
      if (c == 91 || c == 123 || resolvePlain(s, valueEnd) != IS_STRING) continue;
      vptr = base + (<usize>s << 1);
      vn = valueEnd - s;
    }
    if (vn == 0) continue;
    best = d;
    discValue = intern(ENTRY_STRING, vptr, vn);
  }
  return best;
}

// ---- entry points -----------------------------------------------------------------------------------

let root = new Shape();

/**
 * Reads `n` UTF-16 units at `text` into shapes. The discriminator
 * names are `names` UTF-16 units at `namesPtr`, separated by `\n`. Returns the number of documents; traps
 * when the text is outside the subset.
 */
export function read(text: usize, n: i32, namesPtr: usize, names: i32, distinct: i32): i32 {
  base = text;
  len = n;
  maxDistinct = distinct;
  let from = 0;
  for (let k = 0; k <= names && names > 0; k++) {
    if (k == names || load<u16>(namesPtr + (<usize>k << 1)) == 10) {
      namePtr.push(namesPtr + (<usize>from << 1));
      nameLen.push(k - from);
      from = k + 1;
    }
  }
  nameCount = namePtr.length;
  // The names are interned first, so their ids index discOfKey.
  discOfKey = new StaticArray<i32>(nameCount);
  for (let d = 0; d < nameCount; d++) unchecked((discOfKey[d] = -1));
  for (let d = 0; d < nameCount; d++) {
    const id = intern(ENTRY_NAME_KEY, unchecked(namePtr[d]), unchecked(nameLen[d]));
    if (unchecked(discOfKey[id]) < 0) unchecked((discOfKey[id] = d));
  }
  findLines();

  i = 0;
  cs = unchecked(lContent[0]);
  col = cs - unchecked(lStart[0]);
  open = unchecked(lMark[0]) == 0;
  let docs = 0;
  while (i < count) {
    const m = unchecked(lMark[i]);
    if (m == DOC_START) {
      for (let k = unchecked(lStart[i]) + 3; k < unchecked(lEnd[i]); k++) if (ch(k) != SPACE) giveUp();
      next();
      continue;
    }
    if (m == DOC_END || ch(unchecked(lStart[i])) == 37 /* % */ || cs != unchecked(lStart[i])) giveUp();
    node(0, root);
    docs++;
    if (i < count && unchecked(lMark[i]) != DOC_START) giveUp();
  }
  return docs;
}

// ---- the result -------------------------------------------------------------------------------------
//
// The shapes as one list of i32, depth first:
//   shape:  n nulls strings timestamps numbers booleans arrays objects
//           distinct (-1 when too many) [id count]*distinct
//           buckets [disc discValue n fields [key count shape]*fields]*buckets
//           hasElement [shape]
// and the interned entries as three lists: pointer (bytes), length (UTF-16 units), kind.

const out = new Array<i32>();

function put(shape: Shape): void {
  out.push(shape.n);
  out.push(shape.nulls);
  out.push(shape.strings);
  out.push(shape.timestamps);
  out.push(shape.numbers);
  out.push(shape.booleans);
  out.push(shape.arrays);
  out.push(shape.objects);
  const ids = shape.strIds;
  if (ids === null) out.push(-1);
  else {
    out.push(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const id = unchecked(ids[k]);
      out.push(id);
      out.push(shape.strCounts.get(id));
    }
  }
  const list = shape.buckets;
  if (list === null) out.push(0);
  else {
    out.push(list.length);
    for (let b = 0; b < list.length; b++) {
      const obj = unchecked(list[b]);
      out.push(obj.disc);
      out.push(obj.discValue);
      out.push(obj.n);
      out.push(obj.fields.length);
      for (let k = 0; k < obj.fields.length; k++) {
        const f = unchecked(obj.fields[k]);
        out.push(f.key);
        out.push(f.count);
        put(f.shape);
      }
    }
  }
  const el = shape.element;
  if (el === null) out.push(0);
  else {
    out.push(1);
    put(el);
  }
}

/** Serializes the shapes; then out(), entries() and entryCount() describe them. */
export function result(): i32 {
  out.length = 0;
  put(root);
  return out.length;
}

export function shapesPtr(): usize {
  return out.dataStart;
}

export function entryCount(): i32 {
  return entPtr.length;
}

export function entryPtrs(): usize {
  return entPtr.dataStart;
}

export function entryLengths(): usize {
  return entLen.dataStart;
}

export function entryKinds(): usize {
  return entKind.dataStart;
}
