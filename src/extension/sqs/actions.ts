// What a person does to a queue from the tree or the palette: send, peek (read-only document), delete one
// peeked message, purge, redrive a DLQ, create and delete queues, copy URL and ARN. Destructive actions ask
// first (typed name for purge and delete). Every command also takes its answers as an argument, for tests.
import * as vscode from 'vscode';
import { AwsError } from '../../core/aws/errors';
import { checkSend, type PeekedMessage, type QueueInfo } from '../../core/sqs/model';
import { checkQueueName, formatPeek, messageSummary, parseMessageAttributes, queueCounts, queueNameFromArn } from '../../core/sqs/present';
import type { MoveTask, SqsService } from '../../core/sqs/service';
import { ReadOnlyDocuments } from '../readonly';
import type { SqsNode, SqsTreeProvider } from './tree';

export const PEEK_SCHEME = 'flowscope-sqs-peek';
const SECTION = 'flowscope.sqs';

interface QueueTarget {
  region: string;
  queue: QueueInfo;
}

export interface SendArgs {
  body: string;
  attributes?: Record<string, string>;
  delaySeconds?: number;
  groupId?: string;
  dedupId?: string;
}
export interface PeekArgs {
  max?: number;
  /** Answer to the DLQ-risk warning; undefined asks. */
  acceptRisk?: boolean;
}
export interface PeekResult {
  uri?: vscode.Uri;
  messages: PeekedMessage[];
  /** The warning shown, when the peek was declined because of it. */
  declined?: string;
}
export interface TypedConfirmation {
  /** What the person would type into the confirmation box: the queue's name. */
  typedName: string;
}
export interface CreateArgs {
  name: string;
  fifo?: boolean;
  contentBasedDeduplication?: boolean;
  region?: string;
}

export function registerSqsActions(context: vscode.ExtensionContext, tree: SqsTreeProvider, log: vscode.LogOutputChannel): void {
  const peeks = new ReadOnlyDocuments(PEEK_SCHEME, 'This peek is no longer available; peek the queue again.');
  /** The last peek of each queue (by URL): deleting a single message needs its receipt handle. */
  const lastPeeks = new Map<string, PeekedMessage[]>();
  context.subscriptions.push(peeks);

  /** The queue a command acts on: the tree node, or one picked from the loaded queues (palette). */
  const targetOf = async (node: SqsNode | undefined, title: string, filter: (q: QueueInfo) => boolean = () => true): Promise<QueueTarget | undefined> => {
    if (node?.kind === 'queue') return { region: node.region, queue: node.queue };
    if (node?.kind === 'link' && (node.url || node.arn)) {
      const found = tree.findQueue((node.url ?? node.arn) as string, node.region);
      if (found) return found;
    }
    if (!tree.loadedQueues().length) {
      // From the palette before the view was opened: load the regions first.
      for (const r of await tree.getChildren()) await tree.getChildren(r);
    }
    const candidates = tree.loadedQueues().filter((x) => filter(x.queue));
    if (!candidates.length) {
      void vscode.window.showInformationMessage('No matching SQS queue is loaded: open the SQS Queues view, check the region and filter, or create a queue.');
      return undefined;
    }
    const multiRegion = new Set(candidates.map((c) => c.region)).size > 1;
    const picked = await vscode.window.showQuickPick(
      candidates.map((c) => ({ label: c.queue.name, description: `${multiRegion ? `${c.region} · ` : ''}${queueCounts(c.queue)}`, target: c })),
      { title, placeHolder: 'Choose a queue', matchOnDescription: true },
    );
    return picked?.target;
  };

  /** Runs fn with a cancellable notification; AWS failures become an error message with what to do. */
  const run = async <T>(region: string, title: string, fn: (service: SqsService, signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>): Promise<T | undefined> => {
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await fn(await tree.serviceFor(region), abort.signal, progress);
        } finally {
          sub.dispose();
        }
      });
    } catch (e) {
      if (e instanceof AwsError && e.kind === 'cancelled') {
        void vscode.window.showInformationMessage(`${title}: cancelled.`);
        return undefined;
      }
      const advice = tree.advise(e, region, []);
      log.error(`${title}: ${advice.cause}`);
      void vscode.window.showErrorMessage(`${title} failed: ${advice.cause} ${advice.action}`);
      return undefined;
    }
  };

  const typedName = async (given: TypedConfirmation | undefined, name: string, title: string, prompt: string): Promise<boolean> => {
    if (given && typeof given === 'object' && 'typedName' in given) {
      if (given.typedName === name) return true;
      void vscode.window.showErrorMessage(`${title}: the typed name '${given.typedName}' is not '${name}'; nothing was changed.`);
      return false;
    }
    const typed = await vscode.window.showInputBox({
      title,
      prompt,
      placeHolder: name,
      ignoreFocusOut: true,
      validateInput: (v) => (v === name ? null : `Type ${name} to confirm`),
    });
    return typed === name;
  };

  const command = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  // ----------------------------------------------------------------------------------------------
  // Send

  command('flowscope.sqs.sendMessage', async (node?: SqsNode, given?: SendArgs) => {
    const t = await targetOf(node, 'Send a message to…');
    if (!t) return undefined;
    const q = t.queue;
    const answers = given && typeof given === 'object' && typeof given.body === 'string' ? given : await askSend(q);
    if (!answers) return undefined;
    const problem = checkSend(q.fifo, { groupId: answers.groupId, dedupId: answers.dedupId, delaySeconds: answers.delaySeconds, contentBasedDeduplication: q.contentBasedDeduplication });
    if (problem) {
      void vscode.window.showErrorMessage(`Cannot send to ${q.name}: ${problem}`);
      return undefined;
    }
    const sent = await run(t.region, `Sending to ${q.name}`, (service, signal) => service.send(q, { ...answers, signal }));
    if (!sent) return undefined;
    log.info(`sent message ${sent.messageId} to ${q.name}`);
    void vscode.window.showInformationMessage(`Sent message ${sent.messageId} to ${q.name}.`);
    void tree.refresh(t.region);
    return { messageId: sent.messageId };
  });

  // ----------------------------------------------------------------------------------------------
  // Peek

  command('flowscope.sqs.peek', async (node?: SqsNode, given?: PeekArgs): Promise<PeekResult | undefined> => {
    const t = await targetOf(node, 'Peek at…');
    if (!t) return undefined;
    const max = Math.max(1, Math.floor(given?.max ?? vscode.workspace.getConfiguration(SECTION).get<number>('peekCount') ?? 10));
    // The preflight reads the queue's current redrive policy, not the tree's possibly older copy.
    const pre = await run(t.region, `Checking ${t.queue.name} before peeking`, (service, signal) => service.preflightPeek(t.queue.url, signal));
    if (!pre) return undefined;
    if (pre.preflight.needsConfirmation) {
      const accept = given?.acceptRisk ?? (await vscode.window.showWarningMessage(
        `Peeking can push messages of ${pre.queue.name} toward its dead-letter queue.`,
        { modal: true, detail: `${pre.preflight.warning}\n\nThe peek shows each message's receive count.` },
        'Peek anyway',
      )) === 'Peek anyway';
      if (!accept) return { messages: [], declined: pre.preflight.warning };
    }
    const messages = await run(t.region, `Peeking at ${pre.queue.name}`, (service, signal) => service.peek(pre.queue, { max, signal }));
    if (!messages) return undefined;
    lastPeeks.set(pre.queue.url, messages);
    const doc = await peeks.open(`${pre.queue.name} (peek).md`, formatPeek(pre.queue, messages, { requested: max, preflight: pre.preflight }), { language: 'markdown', preview: true });
    const atLimit = messages.filter((m) => m.atDlqLimit).length;
    if (atLimit) void vscode.window.showWarningMessage(`${atLimit} peeked message${atLimit === 1 ? ' has' : 's have'} reached maxReceiveCount: the next receive moves ${atLimit === 1 ? 'it' : 'them'} to the dead-letter queue.`);
    void tree.refresh(t.region);
    return { uri: doc.uri, messages };
  });

  command('flowscope.sqs.deleteMessage', async (node?: SqsNode, given?: { messageId: string; confirm?: 'Delete' }) => {
    const t = await targetOf(node, 'Delete a peeked message from…');
    if (!t) return false;
    const peeked = lastPeeks.get(t.queue.url) ?? [];
    if (!peeked.length) {
      void vscode.window.showInformationMessage(`Peek ${t.queue.name} first: a single message is deleted by the receipt handle its peek returned.`);
      return false;
    }
    const message = given?.messageId
      ? peeked.find((m) => m.messageId === given.messageId)
      : (await vscode.window.showQuickPick(peeked.map((m) => ({ label: m.messageId, description: messageSummary(m), message: m })), { title: `Delete one message of ${t.queue.name}`, placeHolder: 'Choose a peeked message' }))?.message;
    if (!message) return false;
    const confirmed = given ? given.confirm === 'Delete' : (await vscode.window.showWarningMessage(
      `Delete message ${message.messageId} from ${t.queue.name}?`,
      { modal: true, detail: `This cannot be undone.\n\n${messageSummary(message, 200)}` },
      'Delete',
    )) === 'Delete';
    if (!confirmed) return false;
    const done = await run(t.region, `Deleting message ${message.messageId}`, (service, signal) => service.deleteMessage(t.queue.url, message.receiptHandle, signal).then(() => true));
    if (!done) return false;
    lastPeeks.set(t.queue.url, peeked.filter((m) => m !== message));
    void vscode.window.showInformationMessage(`Deleted message ${message.messageId} from ${t.queue.name}.`);
    void tree.refresh(t.region);
    return true;
  });

  // ----------------------------------------------------------------------------------------------
  // Purge, redrive

  command('flowscope.sqs.purge', async (node?: SqsNode, given?: TypedConfirmation) => {
    const t = await targetOf(node, 'Purge…');
    if (!t) return false;
    const q = t.queue;
    const ok = await typedName(given, q.name, `Purge ${q.name}`,
      `Deletes every message in ${q.name} (${queueCounts(q)}); this cannot be undone. SQS allows one purge per queue every 60 seconds and takes up to 60 seconds to finish. Type the queue name to confirm.`);
    if (!ok) return false;
    const done = await run(t.region, `Purging ${q.name}`, (service, signal) => service.purge(q.url, signal));
    if (!done) return false;
    void vscode.window.showInformationMessage(`Purge of ${q.name} started: SQS removes the messages within 60 seconds. The next purge of this queue is possible in 60 seconds.`);
    void tree.refresh(t.region);
    return true;
  });

  command('flowscope.sqs.redrive', async (node?: SqsNode, given?: { confirm: 'Start redrive' }) => {
    const t = await targetOf(node, 'Redrive the dead-letter queue…', (q) => q.deadLetterSourceUrls.length > 0);
    if (!t) return undefined;
    const q = t.queue;
    const sources = q.deadLetterSourceUrls.map((u) => u.slice(u.lastIndexOf('/') + 1));
    const confirmed = given ? given.confirm === 'Start redrive' : (await vscode.window.showWarningMessage(
      `Move the messages of ${q.name} back to ${sources.length ? sources.join(', ') : 'their source queues'}?`,
      { modal: true, detail: `${queueCounts(q)}. Each message goes back to the queue it came from; consumers of that queue receive it again.` },
      'Start redrive',
    )) === 'Start redrive';
    if (!confirmed) return undefined;
    const result = await run(t.region, `Redriving ${q.name}`, async (service, signal, progress) => {
      const started = await service.redrive(q.url, { signal, onProgress: (p) => progress.report({ message: `${p.moved} moved${p.failed ? `, ${p.failed} failed` : ''}` }) });
      if (started.method === 'receive-send-delete') return { moved: started.moved, failed: started.failed, status: 'COMPLETED' as string };
      const task = await watchMoveTask(service, started.sourceArn, started.taskHandle, signal, progress);
      return { moved: task?.moved ?? 0, failed: 0, status: task?.status ?? 'UNKNOWN', reason: task?.failureReason ?? undefined };
    });
    if (!result) return undefined;
    const summary = `Redrive of ${q.name}: ${result.moved} message${result.moved === 1 ? '' : 's'} moved${result.failed ? `, ${result.failed} could not be sent and stay in ${q.name}` : ''} (${result.status.toLowerCase()}).`;
    if (result.failed || result.status === 'FAILED') void vscode.window.showWarningMessage(summary);
    else void vscode.window.showInformationMessage(summary);
    void tree.refresh(t.region);
    return result;
  });

  // ----------------------------------------------------------------------------------------------
  // Create, delete, copy

  command('flowscope.sqs.createQueue', async (node?: SqsNode, given?: CreateArgs) => {
    const regions = (await tree.getChildren()).map((r) => r.region);
    const region = given?.region ?? node?.region ?? (regions.length === 1 ? regions[0] : await vscode.window.showQuickPick(regions, { title: 'Create the queue in region' }));
    if (!region) return undefined;
    const answers = given && typeof given === 'object' && typeof given.name === 'string' ? given : await askCreate();
    if (!answers) return undefined;
    const fifo = answers.fifo ?? answers.name.endsWith('.fifo');
    const problem = checkQueueName(answers.name, fifo);
    if (problem) {
      void vscode.window.showErrorMessage(`Cannot create queue '${answers.name}': ${problem}`);
      return undefined;
    }
    const name = fifo && !answers.name.endsWith('.fifo') ? `${answers.name}.fifo` : answers.name;
    const attributes = fifo && answers.contentBasedDeduplication ? { ContentBasedDeduplication: 'true' } : undefined;
    const url = await run(region, `Creating queue ${name}`, (service, signal) => service.createQueue(name, { attributes, signal }));
    if (!url) return undefined;
    void vscode.window.showInformationMessage(`Created ${fifo ? 'FIFO ' : ''}queue ${name} in ${region}.`);
    await tree.refresh(region);
    return { url };
  });

  command('flowscope.sqs.deleteQueue', async (node?: SqsNode, given?: TypedConfirmation) => {
    const t = await targetOf(node, 'Delete the queue…');
    if (!t) return false;
    const q = t.queue;
    const dlqOf = q.deadLetterSourceUrls.length ? ` It is the dead-letter queue of ${q.deadLetterSourceUrls.map((u) => u.slice(u.lastIndexOf('/') + 1)).join(', ')}.` : '';
    const ok = await typedName(given, q.name, `Delete queue ${q.name}`,
      `Deletes the queue ${q.name} and its messages (${queueCounts(q)}); this cannot be undone.${dlqOf} Type the queue name to confirm.`);
    if (!ok) return false;
    const done = await run(t.region, `Deleting queue ${q.name}`, (service, signal) => service.deleteQueue(q.url, signal).then(() => true));
    if (!done) return false;
    void vscode.window.showInformationMessage(`Deleted queue ${q.name}. SQS may list it for up to 60 seconds more.`);
    await tree.refresh(t.region);
    return true;
  });

  command('flowscope.sqs.copyUrl', async (node?: SqsNode) => {
    const t = await targetOf(node, 'Copy the URL of…');
    if (!t) return undefined;
    copy(t.queue.url, `the URL of ${t.queue.name}`);
    return t.queue.url;
  });

  command('flowscope.sqs.copyArn', async (node?: SqsNode) => {
    const t = await targetOf(node, 'Copy the ARN of…', (q) => !!q.arn);
    if (!t?.queue.arn) return undefined;
    copy(t.queue.arn, `the ARN of ${t.queue.name}`);
    return t.queue.arn;
  });
}

/**
 * In a browser the clipboard write waits for the page to have focus and permission, so the command does not
 * wait for it; the status bar says when it is done.
 */
function copy(text: string, what: string): void {
  vscode.env.clipboard.writeText(text).then(
    () => vscode.window.setStatusBarMessage(`Copied ${what}`, 3000),
    (e: unknown) => void vscode.window.showErrorMessage(`Could not copy ${what}: ${e instanceof Error ? e.message : String(e)}`),
  );
}

/** Polls a message move task until it ends (or the person cancels, which cancels the task). */
async function watchMoveTask(service: SqsService, dlqArn: string, handle: string, signal: AbortSignal, progress: vscode.Progress<{ message?: string }>): Promise<MoveTask | undefined> {
  for (;;) {
    if (signal.aborted) {
      await service.cancelRedrive(handle).catch(() => undefined);
      throw new AwsError('cancelled', `cancelled the redrive of ${queueNameFromArn(dlqArn)}; messages already moved stay moved`);
    }
    const tasks = await service.redriveStatus(dlqArn, signal);
    const task = tasks?.find((x) => x.taskHandle === handle) ?? tasks?.[0];
    if (!task) return undefined;
    progress.report({ message: `${task.moved ?? 0}${task.toMove !== null ? ` of ${task.toMove}` : ''} moved` });
    if (task.status !== 'RUNNING' && task.status !== 'CANCELLING') return task;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** The send dialog: body (typed, or the active editor/selection), attributes, delay or FIFO ids. */
async function askSend(q: QueueInfo): Promise<SendArgs | undefined> {
  const editor = vscode.window.activeTextEditor;
  type Source = vscode.QuickPickItem & { take: () => Promise<string | undefined> };
  const sources: Source[] = [{ label: '$(edit) Type the message body', take: async () => vscode.window.showInputBox({ title: `Message body for ${q.name}`, prompt: 'The body as text (JSON is sent as typed)', ignoreFocusOut: true, validateInput: (v) => (v ? null : 'SQS does not accept an empty body') }) }];
  if (editor) {
    const name = editor.document.uri.path.replace(/^.*\//, '');
    if (!editor.selection.isEmpty) sources.unshift({ label: `$(selection) The selection in ${name}`, take: async () => editor.document.getText(editor.selection) });
    sources.push({ label: `$(file) The whole of ${name}`, description: `${editor.document.getText().length} characters`, take: async () => editor.document.getText() });
  }
  const source = sources.length === 1 ? sources[0] : await vscode.window.showQuickPick(sources, { title: `Send a message to ${q.name}`, placeHolder: 'Where does the body come from?' });
  const body = await source?.take();
  if (!body) return undefined;
  const attrText = await vscode.window.showInputBox({
    title: 'Message attributes (optional)',
    prompt: 'key=value pairs separated by commas, e.g. tenant=acme, priority=high. Leave empty for none.',
    ignoreFocusOut: true,
    validateInput: (v) => { const r = parseMessageAttributes(v); return 'error' in r ? r.error : null; },
  });
  if (attrText === undefined) return undefined;
  const parsed = parseMessageAttributes(attrText);
  const attributes = 'attributes' in parsed ? parsed.attributes : {};
  if (!q.fifo) {
    const delay = await vscode.window.showInputBox({
      title: 'Delivery delay in seconds (optional)',
      prompt: `0 to 900; empty: the queue's delay (${q.delaySeconds ?? 0} s)`,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' || (/^\d+$/.test(v.trim()) && Number(v) <= 900) ? null : 'a whole number of seconds from 0 to 900'),
    });
    if (delay === undefined) return undefined;
    return { body, attributes, delaySeconds: delay.trim() === '' ? undefined : Number(delay) };
  }
  const groupId = await vscode.window.showInputBox({ title: 'Message group id (FIFO)', prompt: 'Messages of one group are delivered in order', ignoreFocusOut: true, validateInput: (v) => (v.trim() ? null : 'a FIFO queue needs a message group id') });
  if (!groupId) return undefined;
  const dedupId = await vscode.window.showInputBox({
    title: 'Deduplication id (FIFO)',
    prompt: q.contentBasedDeduplication ? 'Optional: the queue deduplicates by content when empty' : 'Required: this queue has no content-based deduplication',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() || q.contentBasedDeduplication ? null : 'this queue needs a deduplication id'),
  });
  if (dedupId === undefined) return undefined;
  return { body, attributes, groupId: groupId.trim(), dedupId: dedupId.trim() || undefined };
}

async function askCreate(): Promise<CreateArgs | undefined> {
  const kinds = [
    { label: 'Standard', detail: 'At-least-once delivery, best-effort order, nearly unlimited throughput', fifo: false, cbd: false },
    { label: 'FIFO, content-based deduplication', detail: 'Ordered per message group; duplicates detected by a hash of the body', fifo: true, cbd: true },
    { label: 'FIFO, deduplication id per message', detail: 'Ordered per message group; every send names its deduplication id', fifo: true, cbd: false },
  ];
  const kind = await vscode.window.showQuickPick(kinds, { title: 'Create an SQS queue: type' });
  if (!kind) return undefined;
  const name = await vscode.window.showInputBox({
    title: `Create a ${kind.fifo ? 'FIFO' : 'standard'} queue: name`,
    prompt: kind.fifo ? 'Letters, digits, - and _; .fifo is added' : 'Letters, digits, - and _ (up to 80)',
    ignoreFocusOut: true,
    validateInput: (v) => checkQueueName(v.trim(), kind.fifo),
  });
  if (!name) return undefined;
  return { name: name.trim(), fifo: kind.fifo, contentBasedDeduplication: kind.cbd };
}
