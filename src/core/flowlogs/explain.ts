// What a value in a flow-log line means: the field it sits in (by column, from the nearest header line
// or the format the document was opened with), the field's description and a reading of the value
// (protocol name, ISO time, decoded tcp-flags, well-known port, '-' = no value). The editor's hover
// renders this; it is pure so it can be tested without an editor.
import { decodeTcpFlags, FIELDS, headerFields, protocolName, type FieldInfo } from './fields';
import { parseIp } from '../eventpattern/ip';

export interface LineToken {
  /** 0-based column (field index) of the token in its line. */
  column: number;
  /** Character offsets within the line. */
  start: number;
  end: number;
  text: string;
}

/** The whitespace-separated token under `offset` (or touching it from the left), with its column. */
export function tokenAt(line: string, offset: number): LineToken | null {
  const re = /[^ \t]+/g;
  let column = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const start = m.index;
    const end = start + m[0].length;
    if (offset >= start && offset <= end) return { column, start, end, text: m[0] };
    if (start > offset) return null;
    column++;
  }
  return null;
}

/**
 * The fields that apply to line `lineNo`: the nearest header line at or above it, else `fallback`
 * (the format the document was opened with, or the default version-2 format).
 */
export function fieldsForLine(getLine: (n: number) => string, lineNo: number, fallback: readonly string[]): { fields: readonly string[]; fromHeader: boolean } {
  for (let n = lineNo; n >= 0; n--) {
    const h = headerFields(getLine(n));
    if (h) return { fields: h, fromHeader: true };
  }
  return { fields: fallback, fromHeader: false };
}

export interface ValueExplanation {
  /** The field's name, or null when the line has more values than the format has fields. */
  field: string | null;
  info: FieldInfo | undefined;
  value: string;
  /** What this value says, one short sentence each (may be empty). */
  reading: string[];
}

const SERVICES: Record<number, string> = {
  20: 'FTP data', 21: 'FTP', 22: 'SSH', 23: 'Telnet', 25: 'SMTP', 53: 'DNS', 80: 'HTTP', 110: 'POP3', 123: 'NTP', 143: 'IMAP',
  161: 'SNMP', 389: 'LDAP', 443: 'HTTPS', 445: 'SMB', 465: 'SMTPS', 587: 'SMTP submission', 636: 'LDAPS', 993: 'IMAPS', 995: 'POP3S',
  1433: 'SQL Server', 1521: 'Oracle', 2049: 'NFS (EFS)', 2375: 'Docker API', 2379: 'etcd', 3306: 'MySQL/Aurora', 3389: 'RDP',
  5432: 'PostgreSQL', 5439: 'Redshift', 5671: 'AMQPS', 5672: 'AMQP', 5900: 'VNC', 6379: 'Redis', 6443: 'Kubernetes API',
  8080: 'HTTP alternate', 8443: 'HTTPS alternate', 9092: 'Kafka', 9094: 'Kafka TLS', 9200: 'Elasticsearch/OpenSearch', 11211: 'Memcached', 27017: 'MongoDB',
};

const TRAFFIC_PATHS: Record<number, string> = {
  1: 'through another resource in the same VPC',
  2: 'through an internet gateway or a gateway VPC endpoint',
  3: 'through a virtual private gateway',
  4: 'through an intra-region VPC peering connection',
  5: 'through an inter-region VPC peering connection',
  6: 'through a local gateway',
  7: 'through a gateway VPC endpoint (Nitro-based instances only)',
  8: 'through an internet gateway (Nitro-based instances only)',
};

const STATUS: Record<string, string> = {
  OK: 'data is logging normally',
  NODATA: 'no traffic to or from the interface during the aggregation interval',
  SKIPDATA: 'some records were skipped during the interval (capacity constraint or internal error): the figures for it are incomplete',
};

/** ISO time of Unix seconds, without milliseconds. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** 1536 → "1.5 KiB"; below 1 KiB the exact count with `unit` ("512 bytes" in sentences, "512 B" in tables). */
export function humanBytes(b: number, unit = 'bytes'): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${b} ${unit}` : `${v.toFixed(1)} ${units[u]}`;
}

/** Whether an address is private (RFC 1918, CGNAT, link-local, loopback, IPv6 ULA/link-local). */
function addressScope(text: string): string | null {
  const ip = parseIp(text);
  if (!ip) return null;
  if (!ip.v6) {
    const [a, b] = text.split('.').map(Number);
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private address (RFC 1918)';
    if (a === 100 && b >= 64 && b <= 127) return 'shared address space (RFC 6598, carrier-grade NAT)';
    if (a === 169 && b === 254) return 'link-local address (instance metadata, Amazon DNS, time sync)';
    if (a === 127) return 'loopback address';
    return 'public address';
  }
  const first = Number((ip.value >> 112n) & 0xffffn);
  if ((first & 0xfe00) === 0xfc00) return 'unique local IPv6 address';
  if ((first & 0xffc0) === 0xfe80) return 'link-local IPv6 address';
  return 'IPv6 address';
}

function portReading(port: number): string {
  const svc = SERVICES[port];
  if (svc) return `port ${port}: ${svc}`;
  if (port === 0) return 'port 0: no port (ICMP and other protocols without ports)';
  if (port >= 32768) return `port ${port}: in the ephemeral range (a client's side of a connection)`;
  if (port >= 1024) return `port ${port}: a registered or ephemeral port`;
  return `port ${port}: a well-known port`;
}

/** Explains the value in `column` of a line of the given format. */
export function explainValue(fields: readonly string[], column: number, value: string): ValueExplanation {
  const field = column < fields.length ? fields[column] : null;
  const info = field ? FIELDS.get(field) : undefined;
  const reading: string[] = [];
  if (value === '-') {
    reading.push('`-`: no value. The field does not apply to this record (for example addresses and ports on a NODATA record, or pkt-srcaddr without a NAT) or AWS had no value for it.');
    return { field, info, value, reading };
  }
  const n = /^\d+$/.test(value) ? Number(value) : null;
  switch (field) {
    case 'protocol':
      if (n !== null) reading.push(`${n} = ${protocolName(n)}`);
      break;
    case 'tcp-flags':
      if (n !== null) {
        const names = decodeTcpFlags(n);
        const parts = names.map((f) => `${f} (${f === 'SYN-ACK' ? 18 : f === 'SYN' ? 2 : f === 'FIN' ? 1 : f === 'RST' ? 4 : f === 'ACK' ? 16 : f})`);
        reading.push(n === 0 ? '0 = no SYN, FIN or RST in the interval (ACK alone is logged as 0)' : `${n} = ${parts.join(' + ')}`);
        if (names.includes('RST')) reading.push('RST: the connection was reset (refused, timed out on the other side, or aborted).');
        if (names.includes('SYN-ACK')) reading.push('SYN-ACK: this side accepted a connection (the server side).');
        else if (names.includes('SYN')) reading.push('SYN: a connection was opened from the source (the client side).');
        if (names.includes('FIN')) reading.push('FIN: the connection was closed in the interval.');
      }
      break;
    case 'start':
    case 'end':
      if (n !== null) reading.push(`${isoTime(n)} (${n} Unix seconds)`);
      break;
    case 'srcport':
    case 'dstport':
      if (n !== null) reading.push(portReading(n));
      break;
    case 'bytes':
      if (n !== null) reading.push(humanBytes(n));
      break;
    case 'action':
      if (value === 'ACCEPT') reading.push('ACCEPT: security groups and network ACLs allowed the traffic.');
      if (value === 'REJECT') reading.push('REJECT: a security group or a network ACL dropped the traffic; the record does not say which. A rejected reply to an accepted request points to a stateless network ACL.');
      break;
    case 'log-status':
      if (STATUS[value]) reading.push(`${value}: ${STATUS[value]}`);
      break;
    case 'traffic-path':
      if (n !== null && TRAFFIC_PATHS[n]) reading.push(`${n}: egress ${TRAFFIC_PATHS[n]}`);
      break;
    case 'flow-direction':
      reading.push(value === 'ingress' ? 'ingress: traffic into the interface' : value === 'egress' ? 'egress: traffic out of the interface' : value);
      break;
    default:
      if (info?.kind === 'address') {
        const scope = addressScope(value);
        if (scope) reading.push(scope);
      }
  }
  return { field, info, value, reading };
}

/** Where the fields of a line came from, for the hover's first line. */
export type FieldsOrigin = 'header' | 'flow log' | 'default';

/** Markdown for a hover on a value. */
export function explanationMarkdown(x: ValueExplanation, column: number, fieldCount: number, origin: FieldsOrigin): string {
  if (x.field === null) {
    return `**column ${column + 1}**: this line has more values than the format has fields (${fieldCount}). Is the format right?`;
  }
  const from = origin === 'header' ? 'from the header line' : origin === 'flow log' ? 'from the flow log\'s format' : 'in the default version-2 format (no header line)';
  const head = `**${x.field}** (column ${column + 1}, ${from})`;
  const desc = x.info ? `${x.info.description}. Flow-log version ${x.info.version}.` : 'A field Flowscope does not know; it is kept as text.';
  return [head, desc, ...x.reading.map((r) => `- ${r}`)].join('\n\n');
}
