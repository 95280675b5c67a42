import { Command, Option } from 'commander';
import type { Decoded } from '../../core/kafka/decode';
import { table } from '../../core/kafka/format';
import type { ResetTarget } from '../../core/kafka/reset';
import type { KafkaService, PeekFrom, PeekedMessage } from '../../core/kafka/service';
import { OperationError, UsageError, type CommandContext } from '../program';

interface CommonOpts {
  brokers: string;
  json?: boolean;
  connectionTimeout: string;
  requestTimeout: string;
}

/** Parses a whole number the way users type it; anything else is a usage error naming the flag. */
function int(value: string, flag: string, min = Number.MIN_SAFE_INTEGER): number {
  if (!/^[+-]?\d+$/.test(value.trim())) throw new UsageError(`${flag} expects a whole number, got '${value}'`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number${min > Number.MIN_SAFE_INTEGER ? ` of at least ${min}` : ''}, got '${value}'`);
  return n;
}

function dateTime(value: string, flag: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`${flag} expects an ISO date-time such as 2026-01-31T12:00:00Z, got '${value}'`);
  return t;
}

/** Opens a service for the command, runs `fn` and always disconnects; Kafka failures exit 1 with the cause. */
async function withService<T>(opts: CommonOpts, fn: (s: KafkaService) => Promise<T>): Promise<T> {
  // Loaded here, not at the top: kafkajs is compiled only by the commands that talk to Kafka.
  const { createKafka, parseBrokers } = await import('../../core/kafka/client.js');
  const { KafkaService } = await import('../../core/kafka/service.js');
  let brokers: string[];
  try {
    brokers = parseBrokers(opts.brokers);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const connectionTimeoutMs = int(opts.connectionTimeout, '--connection-timeout', 1);
  const requestTimeoutMs = int(opts.requestTimeout, '--request-timeout', 1);
  const kafka = createKafka({ brokers, clientId: 'flowscope-cli', connectionTimeoutMs, requestTimeoutMs });
  // Enough for a couple of connection attempts and requests with kafkajs's short retries; a cluster
  // that is up answers far sooner, one that is down must not keep a terminal (or CI job) waiting.
  const service = KafkaService.fromKafka(kafka, { brokers, operationTimeoutMs: 2 * connectionTimeoutMs + 2 * requestTimeoutMs });
  try {
    return await fn(service);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new OperationError(e instanceof Error ? e.message : String(e));
  } finally {
    await service.close();
  }
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

function common(cmd: Command): Command {
  return cmd
    .requiredOption('--brokers <list>', 'bootstrap servers, comma-separated (host:port,host:port)')
    .option('--connection-timeout <ms>', 'how long to wait for a broker connection', '5000')
    .option('--request-timeout <ms>', 'how long to wait for one Kafka request', '15000');
}

function decodedText(d: Decoded): string {
  return d.text === null ? '(null)' : d.encoding === 'hex' ? `hex:${d.text}` : d.text;
}

function peekJson(m: PeekedMessage) {
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset,
    timestamp: m.timestamp,
    time: new Date(m.timestamp).toISOString(),
    key: m.key.text,
    keyEncoding: m.key.encoding,
    value: m.value.text,
    valueEncoding: m.value.encoding,
    headers: m.headers.map((h) => ({ key: h.key, value: h.value.text, encoding: h.value.encoding })),
  };
}

export function registerKafkaCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const kafka = program.command('kafka').description('Kafka topics, consumer groups, lag, offset resets, peek');

  common(kafka.command('topics').description('list topics with partitions, leaders, replicas, ISR and watermarks'))
    .option('--json', 'print JSON to stdout')
    .option('--include-internal', 'also list internal topics such as __consumer_offsets')
    .action(async (opts: CommonOpts & { includeInternal?: boolean }) => {
      const { topics, warnings } = await withService(opts, (s) => s.topics({ includeInternal: opts.includeInternal }));
      // Partial answers (one broker down) still print; what is missing is said on stderr and shows as null / "-".
      for (const w of warnings) io.err(`warning: ${w}\n`);
      if (opts.json) {
        io.out(json(topics.map((t) => ({
          name: t.name,
          internal: t.internal,
          partitions: t.partitions.map((p) => ({ partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr, low: p.low, high: p.high })),
        }))));
        return;
      }
      const rows = topics.flatMap((t) =>
        t.partitions.map((p) => [t.name, p.partition, p.leader, p.replicas.join(','), p.isr.join(','), p.low, p.high, p.offline ? 'OFFLINE' : p.underReplicated ? 'UNDER-REPLICATED' : '']),
      );
      io.out(table(['TOPIC', 'PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'LOW', 'HIGH', 'STATUS'], rows));
      io.out(`${topics.length} topic${topics.length === 1 ? '' : 's'}, ${rows.length} partitions\n`);
    });

  common(kafka.command('describe-group').description('committed offsets, log-end offsets, lag and members of one consumer group'))
    .argument('<group>', 'consumer group id')
    .option('--json', 'print JSON to stdout')
    .action(async (group: string, opts: CommonOpts) => {
      const d = await withService(opts, (s) => s.describeGroup(group));
      for (const w of d.warnings) io.err(`warning: ${w}\n`);
      if (opts.json) {
        io.out(json({ group: d.group, state: d.state, members: d.members, partitions: d.partitions, totalLag: d.totalLag }));
        return;
      }
      if (d.state !== 'unknown' && d.members.length === 0) io.out(`Consumer group '${group}' has no active members.\n\n`);
      if (d.partitions.length === 0) {
        io.out(`Consumer group '${group}' has no committed offsets${d.state === 'unknown' ? ' (or does not exist)' : ''}.\n`);
      } else {
        io.out(table(
          ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'],
          d.partitions.map((r) => [group, r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag, r.consumerId, r.host, r.clientId]),
        ));
      }
      io.out(`\nSTATE ${d.state}  MEMBERS ${d.state === 'unknown' ? '-' : d.members.length}  TOTAL-LAG ${d.totalLag}\n`);
    });

  common(kafka.command('groups').description('list consumer groups with state, member count and total lag'))
    .option('--json', 'print JSON to stdout')
    .action(async (opts: CommonOpts) => {
      const groups = await withService(opts, (s) => s.lagForGroups());
      const warnings = [...new Set(groups.flatMap((g) => g.warnings))];
      for (const w of warnings) io.err(`warning: ${w}\n`);
      if (opts.json) {
        io.out(json(groups.map((g) => ({ group: g.group, state: g.state, members: g.memberCount, totalLag: g.totalLag }))));
        return;
      }
      io.out(table(['GROUP', 'STATE', 'MEMBERS', 'TOTAL-LAG'], groups.map((g) => [g.group, g.state, g.memberCount, g.totalLag])));
    });

  common(kafka.command('reset-offsets').description("show (or with --execute, apply) new committed offsets for a group's partitions of a topic"))
    .argument('<group>', 'consumer group id')
    .requiredOption('--topic <topic>', 'topic whose offsets to reset')
    .option('--partitions <list>', 'only these partitions (comma-separated); all by default')
    .option('--to-earliest', 'the earliest offset still in the log')
    .option('--to-latest', 'the log end (skip everything not yet consumed)')
    .option('--to-offset <n>', 'a specific offset (clamped to the partition\'s low..high)')
    .option('--shift-by <n>', 'move the committed offset by n (negative to re-read), clamped to low..high')
    .option('--to-datetime <iso>', 'the first offset at or after an ISO date-time')
    .option('--execute', 'apply the change (without it, only the dry-run table is printed)')
    .option('--json', 'print JSON to stdout')
    .action(async (group: string, opts: CommonOpts & { topic: string; partitions?: string; toEarliest?: boolean; toLatest?: boolean; toOffset?: string; shiftBy?: string; toDatetime?: string; execute?: boolean }) => {
      const targets: ResetTarget[] = [];
      if (opts.toEarliest) targets.push({ kind: 'earliest' });
      if (opts.toLatest) targets.push({ kind: 'latest' });
      if (opts.toOffset !== undefined) targets.push({ kind: 'offset', offset: int(opts.toOffset, '--to-offset', 0) });
      if (opts.shiftBy !== undefined) targets.push({ kind: 'shift', by: int(opts.shiftBy, '--shift-by') });
      if (opts.toDatetime !== undefined) targets.push({ kind: 'datetime', timestamp: dateTime(opts.toDatetime, '--to-datetime') });
      if (targets.length !== 1) {
        throw new UsageError(`reset-offsets needs exactly one of --to-earliest, --to-latest, --to-offset, --shift-by, --to-datetime (got ${targets.length})`);
      }
      const partitions = opts.partitions?.split(',').map((p) => int(p, '--partitions', 0));
      const r = await withService(opts, (s) => (opts.execute ? s.executeReset(group, opts.topic, targets[0], partitions) : s.planReset(group, opts.topic, targets[0], partitions)));
      for (const w of r.warnings) io.err(`warning: ${w}\n`);
      if (opts.json) {
        io.out(json({ group, topic: opts.topic, executed: r.executed, partitions: r.rows }));
        return;
      }
      io.out(table(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'NEW-OFFSET'], r.rows.map((x) => [group, x.topic, x.partition, x.currentOffset, x.newOffset])));
      io.err(r.executed ? `Offsets of group '${group}' on ${opts.topic} were reset.\n` : 'Dry run: nothing was changed. Add --execute to apply these offsets.\n');
    });

  common(kafka.command('peek').description('read messages without joining a consumer group or committing anything'))
    .argument('<topic>', 'topic to read')
    .option('--partition <p>', 'only this partition')
    .addOption(new Option('--from-beginning', 'start at the earliest offset').conflicts(['offset', 'since']))
    .addOption(new Option('--offset <n>', 'start at this offset').conflicts(['since']))
    .option('--since <iso>', 'start at the first message at or after this ISO date-time')
    .option('--max <n>', 'most messages to show (without a start option: the newest n)', '20')
    .option('--json', 'print JSON to stdout')
    .action(async (topic: string, opts: CommonOpts & { partition?: string; fromBeginning?: boolean; offset?: string; since?: string; max: string }) => {
      const max = int(opts.max, '--max', 1);
      const partition = opts.partition === undefined ? undefined : int(opts.partition, '--partition', 0);
      const from: PeekFrom = opts.fromBeginning
        ? { kind: 'beginning' }
        : opts.offset !== undefined
          ? { kind: 'offset', offset: int(opts.offset, '--offset', 0) }
          : opts.since !== undefined
            ? { kind: 'timestamp', timestamp: dateTime(opts.since, '--since') }
            : { kind: 'end', count: max };
      const msgs = await withService(opts, (s) => s.peek(topic, { partition, from, max }));
      if (opts.json) {
        io.out(json(msgs.map(peekJson)));
        return;
      }
      for (const m of msgs) {
        io.out(`--- partition ${m.partition}  offset ${m.offset}  ${new Date(m.timestamp).toISOString()}\n`);
        io.out(`key: ${decodedText(m.key)}\n`);
        for (const h of m.headers) io.out(`header ${h.key}: ${decodedText(h.value)}\n`);
        io.out(`${decodedText(m.value)}\n`);
      }
      io.err(`${msgs.length} message${msgs.length === 1 ? '' : 's'} (no consumer group was used; nothing was committed)\n`);
    });

  common(kafka.command('produce').description('send one message'))
    .argument('<topic>', 'topic to write to')
    .requiredOption('--value <text>', 'message value')
    .option('--key <text>', 'message key')
    .option('--header <key=value...>', 'a header (repeatable)')
    .option('--partition <p>', 'write to this partition instead of the key-hashed one')
    .option('--json', 'print JSON to stdout')
    .action(async (topic: string, opts: CommonOpts & { value: string; key?: string; header?: string[]; partition?: string }) => {
      const headers: Record<string, string> = {};
      for (const h of opts.header ?? []) {
        const i = h.indexOf('=');
        if (i <= 0) throw new UsageError(`--header expects key=value, got '${h}'`);
        headers[h.slice(0, i)] = h.slice(i + 1);
      }
      const partition = opts.partition === undefined ? undefined : int(opts.partition, '--partition', 0);
      const r = await withService(opts, (s) => s.produce(topic, { key: opts.key ?? null, value: opts.value, headers, partition }));
      if (opts.json) io.out(json({ topic, ...r }));
      else io.out(`written to ${topic} partition ${r.partition} at offset ${r.offset}\n`);
    });

}
