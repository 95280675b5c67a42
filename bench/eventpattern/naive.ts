/**
 * The bench's baseline: a straightforward matcher that re-walks the pattern JSON for every event, the way one
 * would write it without compiling (a RegExp built per wildcard test, linear scans of value lists). It follows the
 * same semantics as the real matcher for the operators the bench uses, so both must agree on every event.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function leaves(v: unknown): unknown[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap((x) => (isObj(x) ? [] : leaves(x)));
  return isObj(v) ? [] : [v];
}

function cond(c: unknown, values: unknown[]): boolean {
  if (!isObj(c)) return values.some((v) => v === c);
  const [op, arg] = Object.entries(c)[0];
  switch (op) {
    case 'prefix': return values.some((v) => typeof v === 'string' && v.startsWith(String(arg)));
    case 'suffix': return values.some((v) => typeof v === 'string' && v.endsWith(String(arg)));
    case 'equals-ignore-case': return values.some((v) => typeof v === 'string' && v.toLowerCase() === String(arg).toLowerCase());
    case 'wildcard': {
      const re = new RegExp('^' + String(arg).split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 's');
      return values.some((v) => typeof v === 'string' && re.test(v));
    }
    case 'exists': return arg === true ? values.length > 0 : values.length === 0;
    case 'anything-but': {
      const list = Array.isArray(arg) ? arg : [arg];
      return values.some((v) => !list.includes(v));
    }
    case 'numeric': {
      const a = arg as unknown[];
      return values.some((v) => {
        if (typeof v !== 'number') return false;
        for (let i = 0; i < a.length; i += 2) {
          const n = a[i + 1] as number;
          const ok = a[i] === '>' ? v > n : a[i] === '>=' ? v >= n : a[i] === '<' ? v < n : a[i] === '<=' ? v <= n : v === n;
          if (!ok) return false;
        }
        return true;
      });
    }
  }
  return false;
}

export function naiveMatch(pattern: Obj, event: unknown): boolean {
  const e = isObj(event) ? event : {};
  for (const [k, p] of Object.entries(pattern)) {
    if (k === '$or') {
      if (!(p as Obj[]).some((b) => naiveMatch(b, e))) return false;
    } else if (Array.isArray(p)) {
      const values = leaves(e[k]);
      if (!p.some((c) => cond(c, values))) return false;
    } else if (isObj(p)) {
      const sub = e[k];
      const cands = Array.isArray(sub) ? sub.filter(isObj) : isObj(sub) ? [sub] : [{}];
      if (!(cands.length ? cands : [{}]).some((c) => naiveMatch(p, c))) return false;
    }
  }
  return true;
}
