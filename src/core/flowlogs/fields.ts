// The flow-log record format: field catalog (versions 2 to 5 and later ones AWS has added), LogFormat
// parsing, header detection, protocol names and tcp-flags decoding. Pure TypeScript: shared by the CLI,
// the analyzer and the editor's hover.

export type FieldKind = 'number' | 'string' | 'address' | 'time';

export interface FieldInfo {
  name: string;
  /** The flow-log version that introduced the field. */
  version: number;
  kind: FieldKind;
  description: string;
}

const F = (name: string, version: number, kind: FieldKind, description: string): FieldInfo => ({ name, version, kind, description });

/** Every field AWS documents, by name. Fields not listed here are still read (as strings) by name. */
export const FIELDS: ReadonlyMap<string, FieldInfo> = new Map(
  [
    F('version', 2, 'number', 'flow-log version (2 for the default format; custom formats use the highest version among their fields)'),
    F('account-id', 2, 'string', 'AWS account that owns the source network interface'),
    F('interface-id', 2, 'string', 'network interface (ENI) the traffic was recorded on'),
    F('srcaddr', 2, 'address', 'source address of incoming traffic, or the interface\'s address for outgoing traffic'),
    F('dstaddr', 2, 'address', 'destination address of outgoing traffic, or the interface\'s address for incoming traffic'),
    F('srcport', 2, 'number', 'source port'),
    F('dstport', 2, 'number', 'destination port'),
    F('protocol', 2, 'number', 'IANA protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6)'),
    F('packets', 2, 'number', 'packets transferred during the aggregation interval'),
    F('bytes', 2, 'number', 'bytes transferred during the aggregation interval'),
    F('start', 2, 'time', 'when the first packet of the interval was received (Unix seconds)'),
    F('end', 2, 'time', 'when the last packet of the interval was received (Unix seconds)'),
    F('action', 2, 'string', 'ACCEPT or REJECT (by a security group or a network ACL; the record does not say which)'),
    F('log-status', 2, 'string', 'OK; NODATA: no traffic in the interval; SKIPDATA: records were skipped (capacity or internal error)'),
    F('vpc-id', 3, 'string', 'VPC of the network interface'),
    F('subnet-id', 3, 'string', 'subnet of the network interface'),
    F('instance-id', 3, 'string', 'instance that owns the network interface (if you own it)'),
    F('tcp-flags', 3, 'number', 'OR of the TCP flags seen in the interval: FIN=1, SYN=2, RST=4, SYN-ACK=18 (ACK alone is 0)'),
    F('type', 3, 'string', 'IPv4, IPv6 or EFA'),
    F('pkt-srcaddr', 3, 'address', 'packet-level source address (differs from srcaddr behind a NAT gateway or transit gateway)'),
    F('pkt-dstaddr', 3, 'address', 'packet-level destination address (differs from dstaddr behind a NAT gateway or transit gateway)'),
    F('region', 4, 'string', 'Region of the network interface'),
    F('az-id', 4, 'string', 'Availability Zone ID of the network interface'),
    F('sublocation-type', 4, 'string', 'wavelength, outpost or localzone'),
    F('sublocation-id', 4, 'string', 'ID of the sublocation'),
    F('pkt-src-aws-service', 5, 'string', 'AWS service (IP range subset) the source address belongs to'),
    F('pkt-dst-aws-service', 5, 'string', 'AWS service (IP range subset) the destination address belongs to'),
    F('flow-direction', 5, 'string', 'ingress or egress, relative to the interface'),
    F('traffic-path', 5, 'number', 'path egress traffic took (1 same VPC, 2 internet/VPC gateway, 3 VGW, 4 intra-region peering, 5 inter-region peering, 6 local gateway, 7 VPC endpoint, 8 internet gateway)'),
    F('ecs-cluster-arn', 7, 'string', 'ECS cluster ARN'),
    F('ecs-cluster-name', 7, 'string', 'ECS cluster name'),
    F('ecs-container-instance-arn', 7, 'string', 'ECS container instance ARN'),
    F('ecs-container-instance-id', 7, 'string', 'ECS container instance ID'),
    F('ecs-container-id', 7, 'string', 'Docker runtime ID of the container'),
    F('ecs-second-container-id', 7, 'string', 'Docker runtime ID of a second container'),
    F('ecs-service-name', 7, 'string', 'ECS service name'),
    F('ecs-task-definition-arn', 7, 'string', 'ECS task definition ARN'),
    F('ecs-task-arn', 7, 'string', 'ECS task ARN'),
    F('ecs-task-id', 7, 'string', 'ECS task ID'),
    F('reject-reason', 8, 'string', 'why traffic was rejected, when AWS knows (for example BPA)'),
  ].map((f) => [f.name, f]),
);

/** The default format (version 2), which is also what DescribeFlowLogs returns for flow logs created without one. */
export const DEFAULT_FIELDS: readonly string[] = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport',
  'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status',
];
export const DEFAULT_LOG_FORMAT = DEFAULT_FIELDS.map((f) => '${' + f + '}').join(' ');

const FIELD_NAME = /^[a-z][a-z0-9-]*$/;

export class LogFormatError extends Error {}

/**
 * Parses a LogFormat as DescribeFlowLogs returns it (`${version} ${srcaddr} ...`); bare names separated
 * by spaces (a header line) are accepted too. Unknown names are kept: AWS adds fields over time.
 */
export function parseLogFormat(format: string): string[] {
  const tokens = format.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) throw new LogFormatError('the log format is empty');
  const names = tokens.map((t) => {
    const m = /^\$\{([^}]*)\}$/.exec(t);
    const name = m ? m[1] : t;
    if (!FIELD_NAME.test(name)) throw new LogFormatError(`'${t}' is not a flow-log field (expected \${field-name}, e.g. \${srcaddr})`);
    return name;
  });
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new LogFormatError(`the log format names '${n}' twice`);
    seen.add(n);
  }
  return names;
}

/**
 * A line is a header (S3 text objects start with one) when it starts with a known field name and every
 * token looks like a field name. Record values never qualify: the first field of any record is a number,
 * an ID (eni-, vpc-), an address, an upper-case word or a value such as 'ingress' or 'us-east-1' that is
 * not a field name.
 */
export function headerFields(line: string): string[] | null {
  const tokens = line.trim().split(/\s+/);
  if (!FIELDS.has(tokens[0])) return null;
  return tokens.every((t) => FIELD_NAME.test(t)) ? tokens : null;
}

const PROTOCOLS: Record<number, string> = {
  1: 'ICMP', 2: 'IGMP', 4: 'IPv4-in-IP', 6: 'TCP', 17: 'UDP', 41: 'IPv6-in-IP', 47: 'GRE', 50: 'ESP', 51: 'AH',
  58: 'ICMPv6', 89: 'OSPF', 103: 'PIM', 112: 'VRRP', 132: 'SCTP',
};

/** IANA protocol name for a flow log's protocol number ('protocol 253' when unnamed). */
export function protocolName(n: number | null): string {
  if (n === null) return '-';
  return PROTOCOLS[n] ?? `protocol ${n}`;
}

/**
 * Decodes tcp-flags. The value is an OR over the aggregation interval of FIN=1, SYN=2, RST=4 and
 * SYN-ACK=18 (flow logs report SYN-ACK as 18, i.e. SYN|ACK; ACK alone is not logged, so 0 means "no
 * flag of interest", not "no packets").
 */
export function decodeTcpFlags(value: number): string[] {
  const names: string[] = [];
  let v = value;
  if ((v & 18) === 18) { names.push('SYN-ACK'); v &= ~18; }
  if (v & 2) names.push('SYN');
  if (v & 1) names.push('FIN');
  if (v & 4) names.push('RST');
  if (v & 16) names.push('ACK');
  const other = v & ~(1 | 2 | 4 | 16);
  if (other) names.push(`0x${other.toString(16)}`);
  return names;
}
