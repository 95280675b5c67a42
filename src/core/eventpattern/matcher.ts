import { cidrContains, parseCidr, type Cidr } from './ip';

/**
 * EventBridge's matching semantics (aws/event-ruler, as EventBridge runs it), compiled once per pattern:
 * AND across fields, OR within a value list, any element of an event array, the same element for sibling
 * fields inside an array of objects, numbers compared numerically, no type crossing, exists on leaves only.
 * The pattern must already be valid (see validatePattern); compilePattern throws on what it cannot compile.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

type Leaf = null | boolean | number | string;

interface Cond {
  text: string;
  /** Whether some leaf value satisfies it; exists and anything-but use the whole value list. */
  test(values: Leaf[], ctx: AbsentCtx): boolean;
}

/** What exists:false needs: the field is absent from every object of the group (the elements of one array). */
interface AbsentCtx {
  group: Record<string, unknown>[];
  key: string;
}

function absentIn(ctx: AbsentCtx): boolean {
  for (const g of ctx.group) if (leavesOf(get(g, ctx.key)).length > 0) return false;
  return true;
}

interface LeafField {
  key: string;
  conds: Cond[];
  /** Fast path: exact string values, checked before the other conditions. */
  strings: Set<string> | undefined;
  text: string;
}

interface ObjField {
  key: string;
  sub: CompiledObject;
}

interface CompiledObject {
  leaves: LeafField[];
  objects: ObjField[];
  ors: CompiledObject[][];
}

export interface Reason {
  /** The event path, dotted, with [i] for the array element that was examined. */
  path: string;
  ok: boolean;
  message: string;
}

export interface MatchResult {
  matched: boolean;
  reasons: Reason[];
}

export class CompiledPattern {
  constructor(private readonly root: CompiledObject) {}

  match(event: unknown): boolean {
    return matchObject(this.root, asObject(event), [asObject(event)], undefined, '');
  }

  /** Matches and says why: one reason per field examined on the path that decided the result. */
  explain(event: unknown): MatchResult {
    const reasons: Reason[] = [];
    const matched = matchObject(this.root, asObject(event), [asObject(event)], reasons, '');
    return { matched, reasons };
  }
}

export function compilePattern(pattern: unknown): CompiledPattern {
  if (!isObject(pattern)) throw new Error('Filter is not an object');
  return new CompiledPattern(compileObject(pattern));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function asObject(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : EMPTY;
}

function compileObject(p: Record<string, unknown>): CompiledObject {
  const out: CompiledObject = { leaves: [], objects: [], ors: [] };
  for (const [rawKey, value] of Object.entries(p)) {
    if (rawKey === '$or') {
      if (!Array.isArray(value)) throw new Error('It must be an Array followed with $or.');
      out.ors.push(value.map((b) => {
        if (!isObject(b)) throw new Error('Only JSON object is allowed in array of $or relationship.');
        return compileObject(b);
      }));
      continue;
    }
    // EventBridge treats a dotted key as the nested path (recorded on AWS).
    const parts = rawKey.length > 1 && rawKey.includes('.') ? rawKey.split('.') : [rawKey];
    let target = out;
    for (const part of parts.slice(0, -1)) {
      const sub: CompiledObject = { leaves: [], objects: [], ors: [] };
      target.objects.push({ key: part, sub });
      target = sub;
    }
    const key = parts[parts.length - 1];
    if (Array.isArray(value)) target.leaves.push(compileLeaf(key, value));
    else if (isObject(value)) target.objects.push({ key, sub: compileObject(value) });
    else throw new Error(`"${rawKey}" must be an object or an array`);
  }
  // Cheap, selective checks first: exact-string leaves reject most events before anything else runs.
  out.leaves.sort((a, b) => (a.strings && a.conds.length === 0 ? 0 : 1) - (b.strings && b.conds.length === 0 ? 0 : 1));
  return out;
}

function compileLeaf(key: string, list: unknown[]): LeafField {
  const conds: Cond[] = [];
  let strings: Set<string> | undefined;
  for (const el of list) {
    if (typeof el === 'string') {
      (strings ??= new Set()).add(el);
      continue;
    }
    conds.push(compileCond(el));
  }
  return { key, conds, strings, text: list.map((e) => JSON.stringify(e)).join(', ') };
}

const some = (values: Leaf[], f: (v: Leaf) => boolean): boolean => {
  for (const v of values) if (f(v)) return true;
  return false;
};

function compileCond(el: unknown): Cond {
  const text = JSON.stringify(el);
  if (el === null || typeof el === 'boolean') return { text, test: (vs) => some(vs, (v) => v === el) };
  if (typeof el === 'number') return { text, test: (vs) => some(vs, (v) => typeof v === 'number' && v === el) };
  if (!isObject(el)) throw new Error('Match value must be String, number, true, false, or null');
  const entries = Object.entries(el);
  if (entries.length !== 1) throw new Error(entries.length === 0 ? 'Match expression name not found' : 'Only one key allowed in match expression');
  const [op, arg] = entries[0];
  switch (op) {
    case 'exactly':
      return { text, test: (vs) => some(vs, (v) => v === arg) };
    case 'prefix':
    case 'suffix': {
      const f = stringTest(op, arg);
      return { text, test: (vs) => some(vs, (v) => typeof v === 'string' && f(v)) };
    }
    case 'equals-ignore-case': {
      const want = String(arg).toLowerCase();
      return { text, test: (vs) => some(vs, (v) => typeof v === 'string' && v.toLowerCase() === want) };
    }
    case 'wildcard': {
      const f = compileWildcard(String(arg));
      return { text, test: (vs) => some(vs, (v) => typeof v === 'string' && f(v)) };
    }
    case 'exists':
      // Leaf-only: an object value contributes no leaves, so it counts as absent.
      return arg === true
        ? { text, test: (vs) => vs.length > 0 }
        : { text, test: (_vs, ctx) => absentIn(ctx) };
    case 'anything-but': {
      const excluded = compileAnythingBut(arg);
      // The field must be present; then any value that is not excluded matches, whatever its type.
      return { text, test: (vs) => some(vs, (v) => !excluded(v)) };
    }
    case 'numeric': {
      const f = compileNumeric(arg);
      return { text, test: (vs) => some(vs, (v) => typeof v === 'number' && f(v)) };
    }
    case 'cidr': {
      const c = parseCidr(String(arg));
      if (typeof c === 'string') throw new Error(c);
      const cidr: Cidr = c;
      return { text, test: (vs) => some(vs, (v) => typeof v === 'string' && cidrContains(cidr, v)) };
    }
    default:
      throw new Error(`Unrecognized match type ${op}`);
  }
}

function stringTest(op: 'prefix' | 'suffix', arg: unknown): (v: string) => boolean {
  if (isObject(arg)) {
    const lower = String(arg['equals-ignore-case']).toLowerCase();
    return op === 'prefix' ? (v) => v.toLowerCase().startsWith(lower) : (v) => v.toLowerCase().endsWith(lower);
  }
  const s = String(arg);
  return op === 'prefix' ? (v) => v.startsWith(s) : (v) => v.endsWith(s);
}

function compileAnythingBut(arg: unknown): (v: Leaf) => boolean {
  if (typeof arg === 'string') return (v) => v === arg;
  if (typeof arg === 'number') return (v) => typeof v === 'number' && v === arg;
  if (Array.isArray(arg)) {
    const set = new Set(arg as Leaf[]);
    return (v) => (typeof v === 'string' || typeof v === 'number') && set.has(v);
  }
  if (isObject(arg)) {
    const [op, val] = Object.entries(arg)[0] ?? [];
    const list = (Array.isArray(val) ? val : [val]).map(String);
    switch (op) {
      case 'prefix':
        return (v) => typeof v === 'string' && list.some((p) => v.startsWith(p));
      case 'suffix':
        return (v) => typeof v === 'string' && list.some((p) => v.endsWith(p));
      case 'equals-ignore-case': {
        const lower = new Set(list.map((s) => s.toLowerCase()));
        return (v) => typeof v === 'string' && lower.has(v.toLowerCase());
      }
      case 'wildcard': {
        const fs = list.map(compileWildcard);
        return (v) => typeof v === 'string' && fs.some((f) => f(v));
      }
    }
    throw new Error(`Unsupported anything-but pattern: ${String(op)}`);
  }
  throw new Error('Value of anything-but must be an array or single string/number value.');
}

function compileNumeric(arg: unknown): (v: number) => boolean {
  if (!Array.isArray(arg)) throw new Error('Value of numeric must be an array.');
  const tests: ((v: number) => boolean)[] = [];
  for (let i = 0; i + 1 < arg.length; i += 2) {
    const op = arg[i];
    const n = Number(arg[i + 1]);
    switch (op) {
      case '=': tests.push((v) => v === n); break;
      case '<': tests.push((v) => v < n); break;
      case '<=': tests.push((v) => v <= n); break;
      case '>': tests.push((v) => v > n); break;
      case '>=': tests.push((v) => v >= n); break;
      default: throw new Error(`Unrecognized numeric range operator: ${String(op)}`);
    }
  }
  if (tests.length === 1) return tests[0];
  return (v) => tests.every((t) => t(v));
}

/** Whole-value glob: `*` matches any run of characters, `\*` and `\\` are literal. Linear, never backtracks. */
export function compileWildcard(pattern: string): (v: string) => boolean {
  const segs: string[] = [''];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) segs[segs.length - 1] += pattern[++i];
    else if (c === '*') segs.push('');
    else segs[segs.length - 1] += c;
  }
  if (segs.length === 1) return (v) => v === segs[0];
  const head = segs[0];
  const tail = segs[segs.length - 1];
  const middle = segs.slice(1, -1).filter((s) => s.length > 0);
  return (v) => {
    if (v.length < head.length + tail.length || !v.startsWith(head) || !v.endsWith(tail)) return false;
    let pos = head.length;
    const end = v.length - tail.length;
    for (const m of middle) {
      const at = v.indexOf(m, pos);
      if (at < 0 || at + m.length > end) return false;
      pos = at + m.length;
    }
    return true;
  };
}

/** The leaf values of a field: nested arrays flattened, objects dropped (exists is leaf-only). */
function leavesOf(raw: unknown, out: Leaf[] = []): Leaf[] {
  if (raw === undefined) return out;
  if (Array.isArray(raw)) {
    for (const x of raw) if (Array.isArray(x) || !isObject(x)) leavesOf(x, out);
    return out;
  }
  if (!isObject(raw)) out.push(raw as Leaf);
  return out;
}

function objectsOf(raw: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(raw)) for (const x of raw) objectsOf(x, out);
  else if (isObject(raw)) out.push(raw);
  return out;
}

const own = Object.prototype.hasOwnProperty;

function get(o: Record<string, unknown>, k: string): unknown {
  return own.call(o, k) ? o[k] : undefined;
}

function show(values: Leaf[]): string {
  if (values.length === 0) return 'nothing';
  return values.length === 1 ? JSON.stringify(values[0]) : `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

function matchObject(p: CompiledObject, obj: Record<string, unknown>, group: Record<string, unknown>[], trace: Reason[] | undefined, base: string): boolean {
  let ok = true;
  for (const f of p.leaves) {
    const raw = get(obj, f.key);
    let hit = false;
    // Fast path: a plain string value against the exact strings, without building the value list.
    if (f.strings && typeof raw === 'string' && f.strings.has(raw)) hit = true;
    let values: Leaf[] | undefined;
    if (!hit && (f.conds.length > 0 || (f.strings && typeof raw !== 'string'))) {
      values = leavesOf(raw);
      if (f.strings && typeof raw !== 'string') for (const v of values) if (typeof v === 'string' && f.strings.has(v)) { hit = true; break; }
      if (!hit && f.conds.length > 0) {
        const ctx: AbsentCtx = { group, key: f.key };
        for (const c of f.conds) if (c.test(values, ctx)) { hit = true; break; }
      }
    }
    if (trace) {
      const path = join(base, f.key);
      const shown = values ?? leavesOf(raw);
      const had = raw === undefined ? 'the field is missing' : isObject(raw) ? 'the field is an object, not a value' : `the event has ${show(shown)}`;
      trace.push({ path, ok: hit, message: hit ? `matched [${f.text}] (${had})` : `no match: expected [${f.text}], but ${had}` });
    }
    if (!hit) {
      ok = false;
      if (!trace) return false;
    }
  }
  for (const f of p.objects) {
    const raw = get(obj, f.key);
    const cands = objectsOf(raw);
    const path = join(base, f.key);
    // No object here: the sub-pattern can still match through exists:false alone.
    const list = cands.length > 0 ? cands : [EMPTY];
    let hit = false;
    for (const c of list) if (matchObject(f.sub, c, list, undefined, '')) { hit = true; break; }
    if (trace) {
      if (list.length === 1) {
        matchObject(f.sub, list[0], list, trace, path);
      } else {
        const idx = hit ? list.findIndex((c) => matchObject(f.sub, c, list, undefined, '')) : -1;
        if (hit) matchObject(f.sub, list[idx], list, trace, `${path}[${idx}]`);
        else {
          trace.push({ path, ok: false, message: `no element of ${path} (${list.length} objects) matches every condition` });
          list.slice(0, 3).forEach((c, i) => matchObject(f.sub, c, list, trace, `${path}[${i}]`));
        }
      }
    }
    if (!hit) {
      ok = false;
      if (!trace) return false;
    }
  }
  for (const branches of p.ors) {
    let hit = false;
    for (const b of branches) if (matchObject(b, obj, group, undefined, base)) { hit = true; break; }
    if (trace) {
      const i = branches.findIndex((b) => matchObject(b, obj, group, undefined, base));
      trace.push({ path: base || '(top level)', ok: hit, message: hit ? `$or: branch ${i + 1} of ${branches.length} matched` : `$or: none of the ${branches.length} branches matched` });
      if (hit) matchObject(branches[i], obj, group, trace, base);
      else branches.forEach((b) => matchObject(b, obj, group, trace, base));
    }
    if (!hit) {
      ok = false;
      if (!trace) return false;
    }
  }
  return ok;
}

/** Many compiled patterns with an index on the exact `source` values, so an event is only tried against rules that can match it. */
export class RuleSet<T> {
  private readonly bySource = new Map<string, { id: T; p: CompiledPattern }[]>();
  private readonly others: { id: T; p: CompiledPattern }[] = [];
  private readonly all: { id: T; p: CompiledPattern }[] = [];

  add(id: T, pattern: unknown): void {
    const compiled = compilePattern(pattern);
    this.all.push({ id, p: compiled });
    const src = isObject(pattern) ? pattern.source : undefined;
    const exactOnly = Array.isArray(src) && src.length > 0 && src.every((s) => typeof s === 'string') && !Object.keys(pattern as object).includes('$or');
    if (exactOnly) {
      for (const s of new Set(src as string[])) {
        let l = this.bySource.get(s);
        if (!l) this.bySource.set(s, (l = []));
        l.push({ id, p: compiled });
      }
    } else {
      this.others.push({ id, p: compiled });
    }
  }

  /** The ids of every rule that matches the event. */
  matches(event: unknown): T[] {
    const out: T[] = [];
    const src = isObject(event) ? event.source : undefined;
    if (src !== undefined && typeof src !== 'string') {
      // Not a real EventBridge envelope (source is always a string): the index cannot help, so try every rule.
      for (const r of this.all) if (r.p.match(event)) out.push(r.id);
      return out;
    }
    const cands = typeof src === 'string' ? this.bySource.get(src) : undefined;
    if (cands) for (const r of cands) if (r.p.match(event)) out.push(r.id);
    for (const r of this.others) if (r.p.match(event)) out.push(r.id);
    return out;
  }
}
