// Record filters: what the report's filter bar asks for (address or CIDR, port, protocol, action, time)
// and what a report row stands for (a talker pair, a rejected port, a scanner, a reset service, ...).
// Compiled once per format into a predicate over a line's values.
import { cidrContains, parseCidr, parseIp, type Cidr } from '../eventpattern/ip';

export interface RecordFilter {
  /** An address or CIDR on either side (srcaddr, dstaddr, pkt-srcaddr, pkt-dstaddr). */
  address?: string;
  /** A port on either side. */
  port?: number;
  protocol?: number;
  action?: 'ACCEPT' | 'REJECT';
  /** Unix seconds: records whose [start, end] overlaps [since, until]. */
  since?: number;
  until?: number;
  // What report rows add. Source and destination are the packet-level ones when present (as the analyzer counts them).
  srcaddr?: string;
  dstaddr?: string;
  /** Either direction between these two addresses. */
  pair?: [string, string];
  dstport?: number;
  /** address:port as the service side (the source of replies, the destination of requests). */
  service?: { address: string; port: number };
  interfaceId?: string;
  logStatus?: 'OK' | 'NODATA' | 'SKIPDATA';
  /** tcp-flags has RST. */
  reset?: boolean;
  /** pkt-srcaddr/pkt-dstaddr differ from srcaddr/dstaddr (NAT or transit gateway). */
  translated?: boolean;
}

/** What a person types in the filter bar (all optional, as text). */
export interface FilterInput {
  address?: string;
  port?: string;
  protocol?: string;
  action?: string;
  since?: string;
  until?: string;
}

const PROTOCOL_NAMES: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58, gre: 47, esp: 50 };

/** Turns the filter bar's text into a filter, or says in words what is wrong with it. */
export function parseFilterInput(input: FilterInput): { filter: RecordFilter } | { error: string } {
  const f: RecordFilter = {};
  const address = input.address?.trim();
  if (address) {
    if (address.includes('/')) {
      const c = parseCidr(address);
      if (typeof c === 'string') return { error: `address: '${address}' is not a CIDR (${c})` };
    } else if (!parseIp(address)) return { error: `address: '${address}' is not an IPv4 or IPv6 address or CIDR` };
    f.address = address;
  }
  const port = input.port?.trim();
  if (port) {
    if (!/^\d+$/.test(port) || Number(port) > 65535) return { error: `port: '${port}' is not a port number (0-65535)` };
    f.port = Number(port);
  }
  const protocol = input.protocol?.trim().toLowerCase();
  if (protocol) {
    const n = PROTOCOL_NAMES[protocol] ?? (/^\d+$/.test(protocol) && Number(protocol) <= 255 ? Number(protocol) : undefined);
    if (n === undefined) return { error: `protocol: '${input.protocol}' is not a protocol (a number 0-255, or tcp, udp, icmp, icmpv6)` };
    f.protocol = n;
  }
  const action = input.action?.trim().toUpperCase();
  if (action) {
    if (action !== 'ACCEPT' && action !== 'REJECT') return { error: `action: '${input.action}' must be ACCEPT or REJECT` };
    f.action = action;
  }
  for (const key of ['since', 'until'] as const) {
    const text = input[key]?.trim();
    if (!text) continue;
    const t = parseTime(text);
    if (t === null) return { error: `${key}: '${text}' is not a time (ISO 8601 such as 2024-05-01T12:00:00Z, or Unix seconds)` };
    f[key] = t;
  }
  if (f.since !== undefined && f.until !== undefined && f.since > f.until) return { error: 'since is after until' };
  return { filter: f };
}

/** ISO 8601 (a time without zone is UTC, as flow logs are) or Unix seconds, to Unix seconds. */
export function parseTime(text: string): number | null {
  if (/^\d{9,11}$/.test(text)) return Number(text);
  const iso = /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/.exec(text);
  if (!iso) return null;
  const withZone = iso[4] ? text : `${text.replace(' ', 'T')}${iso[1] ? '' : 'T00:00'}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

export function isEmptyFilter(f: RecordFilter): boolean {
  return Object.values(f).every((v) => v === undefined);
}

/** Both filters must hold. Keys set in both take `extra`'s value (a row narrows the filter bar). */
export function combineFilters(base: RecordFilter, extra: RecordFilter): RecordFilter {
  const out: RecordFilter = { ...base };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** One line's values (split on blanks, '-' kept as is). */
export type Values = readonly string[];

/** A predicate over a line's values in the given format; null when the filter passes everything. */
export function compileFilter(filter: RecordFilter, fields: readonly string[]): ((v: Values) => boolean) | null {
  const col = (n: string) => fields.indexOf(n);
  const cSrc = col('srcaddr'); const cDst = col('dstaddr'); const cPktSrc = col('pkt-srcaddr'); const cPktDst = col('pkt-dstaddr');
  const cSrcPort = col('srcport'); const cDstPort = col('dstport'); const cProto = col('protocol');
  const cStart = col('start'); const cEnd = col('end'); const cAction = col('action'); const cStatus = col('log-status');
  const cIface = col('interface-id'); const cFlags = col('tcp-flags');
  const get = (v: Values, c: number): string | null => (c < 0 || v[c] === undefined || v[c] === '-' ? null : v[c]);
  const num = (v: Values, c: number): number | null => {
    const s = get(v, c);
    return s === null ? null : Number(s);
  };
  // Source and destination as the analyzer attributes them: packet-level when present.
  const src = (v: Values) => get(v, cPktSrc) ?? get(v, cSrc);
  const dst = (v: Values) => get(v, cPktDst) ?? get(v, cDst);
  const tests: ((v: Values) => boolean)[] = [];

  if (filter.address !== undefined) {
    const cols = [cSrc, cDst, cPktSrc, cPktDst].filter((c) => c >= 0);
    let match: (a: string) => boolean;
    if (filter.address.includes('/')) {
      const c = parseCidr(filter.address) as Cidr;
      match = (a) => cidrContains(c, a);
    } else {
      const want = parseIp(filter.address);
      match = (a) => a === filter.address || (want !== undefined && parseIp(a)?.value === want.value);
    }
    tests.push((v) => cols.some((c) => { const a = get(v, c); return a !== null && match(a); }));
  }
  if (filter.port !== undefined) { const p = filter.port; tests.push((v) => num(v, cSrcPort) === p || num(v, cDstPort) === p); }
  if (filter.protocol !== undefined) { const p = filter.protocol; tests.push((v) => num(v, cProto) === p); }
  if (filter.action !== undefined) { const a = filter.action; tests.push((v) => get(v, cAction) === a); }
  if (filter.since !== undefined) { const t = filter.since; tests.push((v) => (num(v, cEnd) ?? num(v, cStart) ?? Infinity) >= t); }
  if (filter.until !== undefined) { const t = filter.until; tests.push((v) => (num(v, cStart) ?? num(v, cEnd) ?? -Infinity) <= t); }
  if (filter.srcaddr !== undefined) { const a = filter.srcaddr; tests.push((v) => src(v) === a); }
  if (filter.dstaddr !== undefined) { const a = filter.dstaddr; tests.push((v) => dst(v) === a); }
  if (filter.pair !== undefined) {
    const [a, b] = filter.pair;
    tests.push((v) => { const s = src(v); const d = dst(v); return (s === a && d === b) || (s === b && d === a); });
  }
  if (filter.dstport !== undefined) { const p = filter.dstport; tests.push((v) => num(v, cDstPort) === p); }
  if (filter.service !== undefined) {
    const { address, port } = filter.service;
    tests.push((v) => (src(v) === address && num(v, cSrcPort) === port) || (dst(v) === address && num(v, cDstPort) === port));
  }
  if (filter.interfaceId !== undefined) { const i = filter.interfaceId; tests.push((v) => get(v, cIface) === i); }
  if (filter.logStatus !== undefined) { const s = filter.logStatus; tests.push((v) => get(v, cStatus) === s); }
  if (filter.reset) tests.push((v) => ((num(v, cFlags) ?? 0) & 4) !== 0);
  if (filter.translated) {
    tests.push((v) => {
      const ps = get(v, cPktSrc); const pd = get(v, cPktDst);
      return (ps !== null && ps !== get(v, cSrc)) || (pd !== null && pd !== get(v, cDst));
    });
  }
  if (tests.length === 0) return null;
  return (v) => tests.every((t) => t(v));
}

/** A short description of a filter for titles ("REJECT, port 22, 10.0.0.0/8"). */
export function describeFilter(f: RecordFilter): string {
  const parts: string[] = [];
  if (f.action) parts.push(f.action);
  if (f.logStatus) parts.push(f.logStatus);
  if (f.srcaddr && f.dstaddr) parts.push(`${f.srcaddr} → ${f.dstaddr}`);
  else if (f.srcaddr) parts.push(`from ${f.srcaddr}`);
  else if (f.dstaddr) parts.push(`to ${f.dstaddr}`);
  if (f.pair) parts.push(`${f.pair[0]} ↔ ${f.pair[1]}`);
  if (f.service) parts.push(`service ${f.service.address}:${f.service.port}`);
  if (f.address) parts.push(f.address);
  if (f.port !== undefined) parts.push(`port ${f.port}`);
  if (f.dstport !== undefined) parts.push(`dstport ${f.dstport}`);
  if (f.protocol !== undefined) parts.push(`protocol ${f.protocol}`);
  if (f.interfaceId) parts.push(f.interfaceId);
  if (f.reset) parts.push('RST');
  if (f.translated) parts.push('via NAT');
  if (f.since !== undefined) parts.push(`since ${new Date(f.since * 1000).toISOString().replace('.000Z', 'Z')}`);
  if (f.until !== undefined) parts.push(`until ${new Date(f.until * 1000).toISOString().replace('.000Z', 'Z')}`);
  return parts.join(', ');
}
