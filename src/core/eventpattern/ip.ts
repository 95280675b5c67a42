/** IP parsing for the cidr operator: addresses become bigints so IPv4 and IPv6 share one masked comparison. */
export interface ParsedIp {
  v6: boolean;
  value: bigint;
}

export function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    // Leading zeros are ambiguous (octal in some parsers); EventBridge calls them nonstandard.
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

export function parseIPv6(s: string): bigint | undefined {
  if (s.length === 0 || s.length > 45) return undefined;
  let groups: string[];
  let tail: bigint | undefined;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.includes('.', lastColon)) {
    tail = parseIPv4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = text.indexOf('::');
  if (dbl >= 0) {
    if (text.indexOf('::', dbl + 1) >= 0) return undefined;
    const head = text.slice(0, dbl) === '' ? [] : text.slice(0, dbl).split(':');
    const rest = text.slice(dbl + 2) === '' ? [] : text.slice(dbl + 2).split(':');
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<string>(missing).fill('0'), ...rest];
  } else {
    groups = text.split(':');
  }
  if (groups.length !== 8) return undefined;
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail !== undefined) v = (v & ~0xffffffffn) | tail;
  return v;
}

export function parseIp(s: string): ParsedIp | undefined {
  if (s.includes(':')) {
    const v = parseIPv6(s);
    return v === undefined ? undefined : { v6: true, value: v };
  }
  const v = parseIPv4(s);
  return v === undefined ? undefined : { v6: false, value: v };
}

export interface Cidr {
  v6: boolean;
  network: bigint;
  mask: bigint;
}

/** Parses a CIDR, or returns EventBridge's own message for why it is invalid. */
export function parseCidr(s: string): Cidr | string {
  const parts = s.split('/');
  if (parts.length !== 2) return "Malformed CIDR, one '/' required";
  const [ip, bitsText] = parts;
  if (!/^-?\d+$/.test(bitsText)) return 'Malformed CIDR, mask bits must be an integer';
  const bits = Number(bitsText);
  if (bits < 0) return 'Malformed CIDR, mask bits must not be negative';
  const parsed = parseIp(ip);
  if (!parsed) return `Nonstandard IP address: ${ip}`;
  if (!parsed.v6 && bits >= 32) return 'IPv4 mask bits must be < 32';
  if (parsed.v6 && bits >= 128) return 'IPv6 mask bits must be < 128';
  const width = parsed.v6 ? 128n : 32n;
  const all = (1n << width) - 1n;
  const mask = all ^ ((1n << (width - BigInt(bits))) - 1n);
  return { v6: parsed.v6, network: parsed.value & mask, mask };
}

export function cidrContains(c: Cidr, value: string): boolean {
  const ip = parseIp(value);
  return ip !== undefined && ip.v6 === c.v6 && (ip.value & c.mask) === c.network;
}
