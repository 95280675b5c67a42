import { Command } from 'commander';
import { describeEncryption, parseQueueArn, queueNameFromUrl, type PeekedMessage, type QueueInfo } from '../../core/sqs/model';
import type { SqsService } from '../../core/sqs/service';
import { awsOptions, withAwsService, type AwsOpts } from '../aws';
import { OperationError, UsageError, type CommandContext } from '../program';

interface SqsOpts extends AwsOpts {
  json?: boolean;
}

function int(value: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} expects a whole number, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${flag} must be from ${min} to ${max}, got ${value}`);
  return n;
}

async function withSqs<T>(opts: AwsOpts, fn: (s: SqsService, signal: AbortSignal) => Promise<T>): Promise<T> {
  // Loaded here, not at the top: the AWS SDK is compiled only by the commands that call AWS.
  const { SqsService } = await import('../../core/sqs/service.js');
  return withAwsService(opts, 'SQS', (o) => SqsService.connect(o), fn);
}

function aws(cmd: Command): Command {
  return awsOptions(cmd, 'SQS');
}

/** Left-aligned columns separated by two spaces. */
function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '-' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
const arnName = (arn: string) => parseQueueArn(arn)?.name ?? arn;

/** The exact `sqs list --json` contract. */
export function listJson(q: QueueInfo) {
  return {
    name: q.name,
    url: q.url,
    arn: q.arn,
    fifo: q.fifo,
    visible: q.visible,
    inFlight: q.inFlight,
    delayed: q.delayed,
    deadLetterTargetArn: q.redrivePolicy?.deadLetterTargetArn ?? null,
    maxReceiveCount: q.redrivePolicy?.maxReceiveCount ?? null,
  };
}

/** The exact `sqs peek --json` contract. */
export function peekJson(m: PeekedMessage) {
  return { messageId: m.messageId, body: m.body, receiveCount: m.receiveCount, sentTimestamp: m.sentTimestamp, attributes: m.attributes };
}

function prettyBody(body: string): string {
  try {
    const v: unknown = JSON.parse(body);
    if (v !== null && typeof v === 'object') return JSON.stringify(v, null, 2);
  } catch { /* not JSON: as is */ }
  return body;
}

const PEEK_HELP = `
Peek receives messages with VisibilityTimeout 0: nothing is deleted and the messages are visible to
consumers again at once. But every receive counts toward a redrive policy's maxReceiveCount, and SQS
moves a message to the dead-letter queue on the first receive after its count passes that limit.
So on a queue with a redrive policy, peek refuses (exit 2) and explains the risk unless you pass
--allow-dlq-risk (or --yes). Messages that reached the limit through the peek are named on stderr.`;

export function registerSqsCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const sqs = program.command('sqs').description('SQS queues: list, peek, send, purge, redrive');

  aws(sqs.command('list').description('queues with message counts (visible, in flight, delayed) and dead-letter links'))
    .option('--prefix <prefix>', 'only queues whose name starts with this')
    .option('--json', 'print JSON to stdout')
    .action(async (opts: SqsOpts & { prefix?: string }) => {
      const r = await withSqs(opts, (s, signal) => s.listQueues({ prefix: opts.prefix, signal }));
      for (const w of r.warnings) io.err(`warning: ${w}\n`);
      if (opts.json) {
        io.out(json(r.queues.map(listJson)));
        return;
      }
      const byUrl = new Map(r.queues.map((q) => [q.url, q.name]));
      io.out(table(
        ['NAME', 'TYPE', 'VISIBLE', 'IN-FLIGHT', 'DELAYED', 'DEAD-LETTER QUEUE', 'DLQ FOR'],
        r.queues.map((q) => [
          q.name,
          q.fifo ? 'fifo' : 'standard',
          q.visible,
          q.inFlight,
          q.delayed,
          q.redrivePolicy ? `${arnName(q.redrivePolicy.deadLetterTargetArn)} (after ${q.redrivePolicy.maxReceiveCount} receives)` : null,
          q.deadLetterSourceUrls.length ? q.deadLetterSourceUrls.map((u) => byUrl.get(u) ?? queueNameFromUrl(u)).join(', ') : null,
        ]),
      ));
      io.out(`${r.queues.length} queue${r.queues.length === 1 ? '' : 's'}\n`);
    });

  aws(sqs.command('peek').description('show messages without deleting them; they are visible again at once'))
    .argument('<queue>', 'queue name, URL or ARN')
    .option('-n, --number <n>', 'how many messages to show (at most)', '10')
    .option('--allow-dlq-risk', 'peek a queue with a redrive policy even though the peek counts toward maxReceiveCount')
    .option('-y, --yes', 'same as --allow-dlq-risk')
    .option('--json', 'print JSON to stdout')
    .addHelpText('after', PEEK_HELP)
    .action(async (queue: string, opts: SqsOpts & { number: string; allowDlqRisk?: boolean; yes?: boolean }) => {
      const max = int(opts.number, '-n', 1, 1000);
      const msgs = await withSqs(opts, async (s, signal) => {
        const { queue: info, preflight } = await s.preflightPeek(queue, signal);
        if (preflight.needsConfirmation && !opts.allowDlqRisk && !opts.yes) {
          throw new UsageError(`not peeking: ${preflight.warning}\nRe-run with --allow-dlq-risk to peek anyway.`);
        }
        const res = await s.peek(info, { max, signal });
        const limit = preflight.maxReceiveCount;
        const atLimit = res.filter((m) => m.atDlqLimit);
        if (atLimit.length && limit !== null && preflight.deadLetterTargetArn) {
          io.err(`warning: ${atLimit.length} message${atLimit.length === 1 ? ' has' : 's have'} now been received ${limit} time${limit === 1 ? '' : 's'} (maxReceiveCount) and will move to ${arnName(preflight.deadLetterTargetArn)} on the next receive: ${atLimit.map((m) => m.messageId).join(', ')}\n`);
        }
        return res;
      });
      if (opts.json) {
        io.out(json(msgs.map(peekJson)));
        return;
      }
      if (msgs.length === 0) {
        io.out('No messages visible right now (delayed and in-flight messages cannot be peeked).\n');
        return;
      }
      for (const m of msgs) {
        io.out(`--- ${m.messageId}\n`);
        io.out(`sent      ${m.sentTimestamp === null ? '-' : new Date(m.sentTimestamp).toISOString()}\n`);
        io.out(`receives  ${m.receiveCount ?? '-'}${m.atDlqLimit ? '  (at maxReceiveCount: the next receive moves it to the DLQ)' : ''}\n`);
        if (m.systemAttributes.MessageGroupId) io.out(`group     ${m.systemAttributes.MessageGroupId}\n`);
        for (const [k, v] of Object.entries(m.attributes)) io.out(`attribute ${k}=${v}\n`);
        io.out(`${prettyBody(m.body)}\n`);
      }
      io.out(`${msgs.length} message${msgs.length === 1 ? '' : 's'} shown; none deleted, all visible again.\n`);
    });

  aws(sqs.command('send').description('send one message'))
    .argument('<queue>', 'queue name, URL or ARN')
    .requiredOption('--body <text>', 'message body')
    .option('--group-id <id>', 'message group id (required for FIFO queues)')
    .option('--dedup-id <id>', 'deduplication id (FIFO queues without content-based deduplication)')
    .option('--delay <seconds>', 'deliver after this many seconds (0-900; standard queues only)')
    .option('--attribute <name=value>', 'a String message attribute; repeat for more', (v: string, prev: string[] = []) => [...prev, v])
    .option('--json', 'print JSON to stdout')
    .action(async (queue: string, opts: SqsOpts & { body: string; groupId?: string; dedupId?: string; delay?: string; attribute?: string[] }) => {
      const delaySeconds = opts.delay === undefined ? undefined : int(opts.delay, '--delay', 0, 900);
      const attributes: Record<string, string> = {};
      for (const a of opts.attribute ?? []) {
        const i = a.indexOf('=');
        if (i <= 0) throw new UsageError(`--attribute expects name=value, got '${a}'`);
        attributes[a.slice(0, i)] = a.slice(i + 1);
      }
      const r = await withSqs(opts, (s, signal) => s.send(queue, { body: opts.body, attributes, delaySeconds, groupId: opts.groupId, dedupId: opts.dedupId, signal })).catch((e: unknown) => {
        throw e instanceof UsageError ? new UsageError(`${e.message} (see --group-id, --dedup-id, --delay)`) : e;
      });
      if (opts.json) {
        io.out(json({ messageId: r.messageId, sequenceNumber: r.sequenceNumber, queueUrl: r.queue.url }));
        return;
      }
      io.out(`Sent message ${r.messageId} to ${r.queue.name}${r.sequenceNumber ? ` (sequence number ${r.sequenceNumber})` : ''}.\n`);
    });

  aws(sqs.command('purge').description('delete every message in a queue (needs --yes)'))
    .argument('<queue>', 'queue name, URL or ARN')
    .option('-y, --yes', 'really purge')
    .addHelpText('after', '\nSQS allows one purge per queue every 60 seconds; deleting can take up to 60 seconds to finish.')
    .action(async (queue: string, opts: SqsOpts & { yes?: boolean }) => {
      if (!opts.yes) {
        throw new UsageError(`not purging: this would delete every message in ${queue} (visible, in flight and delayed) and cannot be undone. SQS allows one purge per queue every 60 seconds. Re-run with --yes to purge.`);
      }
      const r = await withSqs(opts, (s, signal) => s.purge(queue, signal));
      io.out(`Purged ${r.name}. SQS may take up to 60 seconds to delete every message, and allows the next purge of this queue after 60 seconds.\n`);
    });

  aws(sqs.command('redrive').description('move the messages of a dead-letter queue back to their source queue(s) (needs --yes)'))
    .argument('<dlq>', 'dead-letter queue name, URL or ARN')
    .option('-y, --yes', 'really move the messages')
    .option('--wait', 'wait for a message move task to finish, printing its progress')
    .addHelpText('after', `
Uses SQS's message move task (StartMessageMoveTask) when the endpoint has it. Endpoints without it
(moto, some emulators) get a receive -> send -> delete loop to the DLQ's only source queue instead,
and the output says so; that loop is at-least-once: an error between send and delete can leave a
copy of a message in both queues.`)
    .action(async (dlq: string, opts: SqsOpts & { yes?: boolean; wait?: boolean }) => {
      if (!opts.yes) {
        throw new UsageError(`not redriving: this would move every message in ${dlq} back to the queue(s) whose redrive policy points at it, where consumers will receive them again. Re-run with --yes to redrive.`);
      }
      await withSqs(opts, async (s, signal) => {
        const r = await s.redrive(dlq, { signal, onProgress: (p) => { if (!opts.json) io.err(`moved ${p.moved}${p.failed ? `, failed ${p.failed}` : ''}\n`); } });
        if (r.method === 'receive-send-delete') {
          if (opts.json) {
            io.out(json(r));
          } else {
            io.out(`This endpoint has no StartMessageMoveTask (${r.reason}); moved messages with receive -> send -> delete instead.\n`);
            io.out(`Moved ${r.moved} message${r.moved === 1 ? '' : 's'} to ${queueNameFromUrl(r.destinationUrl)}${r.failed ? `; ${r.failed} could not be sent and stay in the DLQ` : ''}.\n`);
          }
          if (r.failed) throw new OperationError(`${r.failed} message(s) could not be sent to ${queueNameFromUrl(r.destinationUrl)}`);
          return;
        }
        if (!opts.json) io.out(`Started a message move task from ${arnName(r.sourceArn)} back to its source queues (task ${r.taskHandle}).\n`);
        let last = null;
        while (opts.wait) {
          const tasks = await s.redriveStatus(r.sourceArn, signal);
          last = tasks?.find((t) => t.taskHandle === r.taskHandle) ?? tasks?.[0] ?? null;
          if (!last) break;
          if (!opts.json) io.err(`${last.status}: moved ${last.moved ?? '?'} of ${last.toMove ?? '?'}\n`);
          if (last.status !== 'RUNNING') break;
          await new Promise((res) => setTimeout(res, 2000));
        }
        if (opts.json) io.out(json({ ...r, task: last }));
        if (last && last.status === 'FAILED') throw new OperationError(`the message move task failed: ${last.failureReason ?? 'no reason given'}`);
      });
    });

  aws(sqs.command('show').description('one queue: key attributes and dead-letter links both ways'))
    .argument('<queue>', 'queue name, URL or ARN')
    .option('--json', 'print JSON to stdout')
    .action(async (queue: string, opts: SqsOpts) => {
      const q = await withSqs(opts, (s, signal) => s.getQueue(queue, { signal, withSources: true }));
      if (opts.json) {
        io.out(json(q));
        return;
      }
      const secs = (n: number | null) => (n === null ? '-' : `${n} s`);
      const lines: [string, string][] = [
        ['name', q.name], ['url', q.url], ['arn', q.arn ?? '-'], ['type', q.fifo ? `FIFO${q.contentBasedDeduplication ? ' (content-based deduplication)' : ''}` : 'standard'],
        ['visible', String(q.visible ?? '-')], ['in flight', String(q.inFlight ?? '-')], ['delayed', String(q.delayed ?? '-')],
        ['visibility timeout', secs(q.visibilityTimeoutSeconds)], ['retention', secs(q.retentionSeconds)],
        ['max message size', q.maxMessageBytes === null ? '-' : `${q.maxMessageBytes} bytes`], ['long-poll wait', secs(q.receiveWaitSeconds)],
        ['delivery delay', secs(q.delaySeconds)], ['encryption', describeEncryption(q.encryption)],
        ['dead-letter queue', q.redrivePolicy ? `${arnName(q.redrivePolicy.deadLetterTargetArn)} after ${q.redrivePolicy.maxReceiveCount} receives` : '-'],
        ['dead-letter queue for', q.deadLetterSourceUrls.length ? q.deadLetterSourceUrls.map(queueNameFromUrl).join(', ') : '-'],
      ];
      const w = Math.max(...lines.map(([k]) => k.length));
      io.out(lines.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n');
    });
}
