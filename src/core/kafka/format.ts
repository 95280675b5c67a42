// Text the CLI prints and the editor shows (tree labels, read-only documents): one rendering for both.
import type { Decoded } from './decode';
import type { ResetTarget } from './reset';
import type { PeekedMessage, ResetResult } from './service';
import type { BrokerInfo, GroupLagSummary, GroupMember, GroupPartitionLag, PartitionInfo, TopicInfo } from './types';

/** Left-aligned columns separated by two spaces, like kafka-consumer-groups.sh; null shows as "-". */
export function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '-' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** 1234567 → "1,234,567" (fixed locale so tests and screenshots read the same everywhere). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function brokerLabel(b: BrokerInfo): { label: string; description: string } {
  const tags = [b.controller ? 'controller' : null, b.rack ? `rack ${b.rack}` : null].filter(Boolean);
  return { label: `${b.nodeId} · ${b.host}:${b.port}`, description: tags.join(' · ') };
}

/** "6 partitions · RF 3 · ~120 messages", plus what is wrong with the topic's replicas. */
export function topicDescription(t: TopicInfo): string {
  const parts = [plural(t.partitions.length, 'partition'), `RF ${t.replicationFactor}`];
  parts.push(t.messageCountEstimate === null ? 'messages unknown' : `~${count(t.messageCountEstimate)} ${t.messageCountEstimate === 1 ? 'message' : 'messages'}`);
  const offline = t.partitions.filter((p) => p.offline).length;
  const under = t.partitions.filter((p) => p.underReplicated && !p.offline).length;
  if (offline) parts.push(`${offline} offline`);
  if (under) parts.push(`${under} under-replicated`);
  return parts.join(' · ');
}

export function partitionLabel(p: PartitionInfo): { label: string; description: string; problem: string | null } {
  const range = p.low === null || p.high === null ? 'offsets unknown' : `${p.low}..${p.high}`;
  const problem = p.offline ? 'offline: no leader' : p.underReplicated ? `under-replicated: ISR ${p.isr.join(',')} of replicas ${p.replicas.join(',')}` : null;
  return {
    label: `partition ${p.partition}`,
    description: `leader ${p.leader < 0 ? 'none' : p.leader} · replicas ${p.replicas.join(',')} · ISR ${p.isr.join(',')} · ${range}`,
    problem,
  };
}

/** The group row: total lag in the label, state and member count beside it. */
export function groupLabel(g: GroupLagSummary): { label: string; description: string } {
  const uncommitted = g.partitions.filter((p) => p.currentOffset === null).length;
  const parts =
    g.memberCount === null
      ? [g.state === 'unknown' ? 'state and members unknown' : `${g.state} · members unknown`]
      : [g.state === 'unknown' ? 'state unknown' : g.state, plural(g.memberCount, 'member')];
  if (g.partitions.length === 0) parts.push('no committed offsets');
  else if (uncommitted) parts.push(`${uncommitted} uncommitted`);
  return { label: `${g.group} · lag ${count(g.totalLag)}`, description: parts.join(' · ') };
}

/** One topic-partition row of a group, the columns of kafka-consumer-groups --describe. */
export function groupPartitionLabel(r: GroupPartitionLag): { label: string; description: string } {
  const d = (n: number | null) => (n === null ? '-' : String(n));
  return {
    label: `${r.topic}/${r.partition} · lag ${d(r.lag)}`,
    description: `current ${d(r.currentOffset)} · log-end ${d(r.logEndOffset)} · ${r.consumerId ? `${r.clientId ?? ''} ${r.host ?? ''}`.trim() : 'no consumer'}`,
  };
}

export function memberLabel(m: GroupMember): { label: string; description: string } {
  const assigned = m.assignments.map((a) => `${a.topic}[${a.partitions.join(',')}]`).join(' ');
  return { label: `${m.clientId} · ${m.host}`, description: assigned || 'no partitions assigned' };
}

export function describeTarget(t: ResetTarget): string {
  switch (t.kind) {
    case 'earliest':
      return 'to the earliest offset';
    case 'latest':
      return 'to the latest offset (log end)';
    case 'offset':
      return `to offset ${t.offset}`;
    case 'shift':
      return `shifted by ${t.by > 0 ? '+' : ''}${t.by}`;
    case 'datetime':
      return `to the first offset at or after ${new Date(t.timestamp).toISOString()}`;
  }
}

/** The dry-run (or executed) reset as a document: what changes per partition and what it means. */
export function resetPlanText(r: ResetResult, topics: string[]): string {
  const head = r.executed
    ? `Offsets of consumer group '${r.group}' were reset ${describeTarget(r.target)}.`
    : `DRY RUN: nothing has been changed. Consumer group '${r.group}', ${topics.length === 1 ? `topic ${topics[0]}` : `topics ${topics.join(', ')}`}, ${describeTarget(r.target)}.`;
  const rows = r.rows.map((x) => {
    const delta = x.currentOffset === null ? null : x.newOffset - x.currentOffset;
    return [r.group, x.topic, x.partition, x.currentOffset, x.newOffset, delta === null ? null : `${delta > 0 ? '+' : ''}${delta}`];
  });
  const lines = [head, '', table(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'NEW-OFFSET', 'CHANGE'], rows)];
  const replay = r.rows.reduce((s, x) => s + (x.currentOffset !== null && x.newOffset < x.currentOffset ? x.currentOffset - x.newOffset : 0), 0);
  const skip = r.rows.reduce((s, x) => s + (x.currentOffset !== null && x.newOffset > x.currentOffset ? x.newOffset - x.currentOffset : 0), 0);
  lines.push(`${plural(r.rows.length, 'partition')}: ${count(replay)} messages will be read again, ${count(skip)} skipped.`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

function decodedText(d: Decoded): string {
  return d.text === null ? '(null)' : d.encoding === 'hex' ? `hex:${d.text}` : d.text;
}

/** Peeked messages as a searchable document: one block per message, JSON values pretty-printed. */
export function peekText(topic: string, what: string, msgs: PeekedMessage[]): string {
  const out = [`Topic ${topic}: ${plural(msgs.length, 'message')} ${what}. Read without a consumer group; nothing was committed.`, ''];
  for (const m of msgs) {
    out.push(`--- partition ${m.partition} · offset ${m.offset} · ${new Date(m.timestamp).toISOString()}`);
    out.push(`key (${m.key.encoding}): ${decodedText(m.key)}`);
    for (const h of m.headers) out.push(`header ${h.key} (${h.value.encoding}): ${decodedText(h.value)}`);
    out.push(`value (${m.value.encoding}):`);
    out.push(decodedText(m.value));
    out.push('');
  }
  return out.join('\n');
}

/** A topic's configuration entries as a read-only table. */
export function configsText(topic: string, entries: { name: string; value: string | null; source: string; sensitive: boolean; readOnly: boolean }[]): string {
  return (
    `Configuration of topic ${topic} (read-only view)\n\n` +
    table(
      ['NAME', 'VALUE', 'SOURCE'],
      entries.map((e) => [e.name, e.sensitive ? '(sensitive)' : e.value, e.source]),
    )
  );
}

/** Group lag in words for tooltips and documents: the --describe table plus the totals. */
export function groupDescribeText(g: GroupLagSummary): string {
  const rows = g.partitions.map((r) => [g.group, r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag, r.consumerId, r.host, r.clientId]);
  return (
    table(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'], rows) +
    `\nSTATE ${g.state}  MEMBERS ${g.memberCount ?? '-'}  TOTAL-LAG ${g.totalLag}\n`
  );
}
