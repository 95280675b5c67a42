import { describeEncryption, parseQueueArn, queueNameFromUrl, type PeekedMessage, type PeekPreflight, type QueueInfo } from './model';

/*
 * How queues and peeked messages read to a person: the tree's descriptions and tooltips, the peek
 * document, and the parsing of what the send dialog accepts. Shared by the editor and tests.
 */

const count = (n: number | null): string => (n === null ? '?' : String(n));

/** "25 visible · 0 in flight · 3 delayed"; an unreadable queue says why in a few words. */
export function queueCounts(q: QueueInfo): string {
  if (q.error) return 'attributes unreadable';
  return `${count(q.visible)} visible · ${count(q.inFlight)} in flight · ${count(q.delayed)} delayed`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  if (seconds === 0) return '0 s';
  const units: [number, string][] = [[86400, 'd'], [3600, 'h'], [60, 'min'], [1, 's']];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  if (bytes >= 1048576 && bytes % 1048576 === 0) return `${bytes / 1048576} MiB`;
  return bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/** The name of a queue ARN, or the ARN itself when it is not one. */
export function queueNameFromArn(arn: string): string {
  return parseQueueArn(arn)?.name ?? arn;
}

/** The key attributes for a queue's tooltip, in the order a person checks them. */
export function queueDetails(q: QueueInfo): [label: string, value: string][] {
  if (q.error) return [['URL', q.url], ['Error', q.error]];
  const rows: [string, string][] = [
    ['Type', q.fifo ? `FIFO${q.contentBasedDeduplication ? ' (content-based deduplication)' : ''}` : 'standard'],
    ['Messages', queueCounts(q)],
    ['Visibility timeout', formatDuration(q.visibilityTimeoutSeconds)],
    ['Retention', formatDuration(q.retentionSeconds)],
    ['Max message size', formatBytes(q.maxMessageBytes)],
    ['Long-poll wait', formatDuration(q.receiveWaitSeconds)],
    ['Delivery delay', formatDuration(q.delaySeconds)],
    ['Encryption', describeEncryption(q.encryption)],
  ];
  if (q.redrivePolicy) rows.push(['Dead-letter queue', `${queueNameFromArn(q.redrivePolicy.deadLetterTargetArn)} after ${q.redrivePolicy.maxReceiveCount} receives`]);
  if (q.deadLetterSourceUrls.length) rows.push(['Dead-letter queue of', q.deadLetterSourceUrls.map(queueNameFromUrl).join(', ')]);
  rows.push(['URL', q.url]);
  if (q.arn) rows.push(['ARN', q.arn]);
  return rows;
}

/** SQS's naming rules, checked before asking: 1–80 letters, digits, - and _, FIFO names end in .fifo. */
export function checkQueueName(name: string, fifo: boolean): string | null {
  const base = fifo ? name.replace(/\.fifo$/, '') : name;
  if (!fifo && name.endsWith('.fifo')) return 'only FIFO queues may end in .fifo';
  if (!base) return 'the queue name is empty';
  if (!/^[A-Za-z0-9_-]+$/.test(base)) return 'use only letters, digits, hyphens (-) and underscores (_)';
  const full = fifo ? `${base}.fifo` : base;
  if (full.length > 80) return `the name is ${full.length} characters long; SQS allows at most 80${fifo ? ' including .fifo' : ''}`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Send

/**
 * Message attributes typed as `key=value` pairs separated by commas or new lines
 * (`tenant=acme, priority=high`). Values may contain '='; a backslash escapes a comma.
 */
export function parseMessageAttributes(text: string): { attributes: Record<string, string> } | { error: string } {
  const attributes: Record<string, string> = {};
  const parts = text.split(/(?<!\\)[,\n]/).map((p) => p.replace(/\\,/g, ',').trim()).filter(Boolean);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `'${part}' is not key=value` };
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    // SQS's rules for attribute names: letters, digits, _ - . ; no leading AWS./Amazon.; up to 256 chars.
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(key) || key.startsWith('.') || key.endsWith('.') || key.includes('..')) {
      return { error: `'${key}' is not a valid attribute name (letters, digits, _ - . up to 256 characters)` };
    }
    if (/^(aws|amazon)\./i.test(key)) return { error: `'${key}': attribute names may not start with AWS. or Amazon.` };
    if (value === '') return { error: `attribute '${key}' has an empty value (SQS rejects empty values)` };
    if (key in attributes) return { error: `attribute '${key}' is given twice` };
    attributes[key] = value;
  }
  if (Object.keys(attributes).length > 10) return { error: 'SQS allows at most 10 message attributes' };
  return { attributes };
}

// ---------------------------------------------------------------------------------------------
// Peek

/** A JSON body re-indented; anything else unchanged. */
export function prettyBody(body: string): { text: string; json: boolean } {
  const t = body.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return { text: body, json: false };
  try {
    return { text: JSON.stringify(JSON.parse(t), null, 2), json: true };
  } catch {
    return { text: body, json: false };
  }
}

/** A fence longer than any run of backticks in the text, so a body cannot end the code block. */
function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The read-only peek document (Markdown): a header, then each message with its details and body. */
export function formatPeek(q: QueueInfo, messages: readonly PeekedMessage[], opts: { requested: number; preflight?: PeekPreflight; at?: Date } = { requested: 10 }): string {
  const at = (opts.at ?? new Date()).toISOString();
  const lines: string[] = [`# Peek at ${q.name}`, ''];
  lines.push(`${messages.length} of up to ${opts.requested} message${opts.requested === 1 ? '' : 's'} at ${at}. Nothing was deleted; the messages were made visible again at once.`);
  if (q.redrivePolicy) {
    const dlq = queueNameFromArn(q.redrivePolicy.deadLetterTargetArn);
    lines.push('', `This queue moves a message to **${dlq}** after ${q.redrivePolicy.maxReceiveCount} receives; this peek counted as one receive of each message shown.`);
    const atLimit = messages.filter((m) => m.atDlqLimit).length;
    if (atLimit) lines.push('', `**Warning:** ${atLimit} message${atLimit === 1 ? ' has' : 's have'} reached maxReceiveCount: the next receive moves ${atLimit === 1 ? 'it' : 'them'} to ${dlq}.`);
  }
  if (!messages.length) lines.push('', 'The queue returned no messages (it may be empty, or all its messages are in flight or delayed).');
  messages.forEach((m, i) => {
    lines.push('', `## ${i + 1}. ${m.messageId}`, '');
    lines.push(`- Sent: ${m.sentTimestamp === null ? 'unknown' : new Date(m.sentTimestamp).toISOString()}`);
    const limit = q.redrivePolicy ? ` of ${q.redrivePolicy.maxReceiveCount}` : '';
    lines.push(`- Receive count: ${m.receiveCount ?? 'unknown'}${limit}${m.atDlqLimit ? ' (next receive moves it to the dead-letter queue)' : ''}`);
    for (const key of ['MessageGroupId', 'MessageDeduplicationId', 'SequenceNumber']) {
      if (m.systemAttributes[key]) lines.push(`- ${key}: ${m.systemAttributes[key]}`);
    }
    const attrs = Object.entries(m.attributes);
    if (attrs.length) {
      lines.push('- Attributes:');
      for (const [k, v] of attrs.sort(([a], [b]) => a.localeCompare(b))) lines.push(`  - ${k}: ${v}`);
    }
    const body = prettyBody(m.body);
    const f = fence(body.text);
    lines.push('', `${f}${body.json ? 'json' : 'text'}`, body.text, f);
  });
  return lines.join('\n') + '\n';
}

/** One line per peeked message for a picker: id and the start of the body. */
export function messageSummary(m: PeekedMessage, width = 60): string {
  const flat = m.body.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}
