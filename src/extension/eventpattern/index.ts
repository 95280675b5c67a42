import * as vscode from 'vscode';
import {
  AWS_SOURCES, compilePattern, detailTypesOf, ENVELOPE_FIELDS, fixAll, lintText, mayContainPatterns, OPERATORS, SAMPLE_EVENTS, sureFix, toJson,
  type Diagnostic, type Fix, type LintResult, type LocatedPattern,
} from '../../core/eventpattern';
import { ReadOnlyDocuments } from '../readonly';

export const TEST_COMMAND = 'flowscope.eventPatterns.testAgainstEvent';
const SETTING = 'flowscope.eventPatterns';
const SELECTOR: vscode.DocumentSelector = [
  { language: 'json' }, { language: 'jsonc' }, { language: 'yaml' }, { language: 'terraform' }, { pattern: '**/*.tf' }, { pattern: '**/*.eventpattern.json' },
];
const DEBOUNCE_MS = 250;
/** Ours among the Fix All actions, so "source.fixAll.flowscope" can be turned on alone in codeActionsOnSave. */
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('flowscope');

/** What an operator does, for hover and completion: one line and an example. */
export const OPERATOR_DOCS: Record<string, { summary: string; example: string }> = {
  prefix: { summary: 'Matches string values that start with the text (case-sensitive). Never matches numbers.', example: '"key": [{ "prefix": "uploads/" }]' },
  suffix: { summary: 'Matches string values that end with the text (case-sensitive). Never matches numbers.', example: '"key": [{ "suffix": ".png" }]' },
  'equals-ignore-case': { summary: 'Matches a string value equal to the text, ignoring case.', example: '"state": [{ "equals-ignore-case": "stopped" }]' },
  'anything-but': { summary: 'Matches when the field is present and its value is not one of these (also a prefix, suffix, equals-ignore-case or wildcard form). A missing field never matches.', example: '"state": [{ "anything-but": ["running", "pending"] }]' },
  numeric: { summary: 'Compares JSON numbers: ["=", n], ["<", n], or a range with the lower bound first [">", lo, "<=", hi]. Strings never match.', example: '"size": [{ "numeric": [">", 0, "<=", 1048576] }]' },
  exists: { summary: 'true: the field is present with a leaf value (null counts, objects do not); false: it is absent.', example: '"error": [{ "exists": false }]' },
  cidr: { summary: 'Matches IP address strings inside the range (IPv4 /0–/31 or IPv6).', example: '"sourceIPAddress": [{ "cidr": "10.0.0.0/24" }]' },
  wildcard: { summary: 'Matches a whole string value where * is any run of characters (\\* is a literal *).', example: '"arn": [{ "wildcard": "arn:aws:s3:::bucket/*.png" }]' },
  $or: { summary: 'Matches when any of the listed sub-patterns (at least two) matches; keys inside are relative to where $or sits.', example: '"$or": [{ "source": ["aws.ec2"] }, { "detail-type": ["Scheduled Event"] }]' },
};

interface DocState {
  version: number;
  result: LintResult;
  fixes: Map<vscode.Diagnostic, Fix[]>;
}

export function registerEventPatterns(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const results = new ReadOnlyDocuments('flowscope-eventpattern-test', 'This test result is no longer available: test the pattern again.');
  context.subscriptions.push(results);
  const collection = vscode.languages.createDiagnosticCollection('flowscope-eventpatterns');
  const states = new Map<string, DocState>();
  const timers = new Map<string, NodeJS.Timeout>();
  context.subscriptions.push(collection, { dispose: () => timers.forEach((t) => clearTimeout(t)) });

  const isBare = (doc: vscode.TextDocument): boolean => {
    if (/\.eventpattern\.json$/i.test(doc.fileName)) return true;
    const globs = vscode.workspace.getConfiguration(SETTING).get<string[]>('patternFiles', []);
    return globs.some((g) => vscode.languages.match({ pattern: g }, doc) > 0);
  };

  /** The file name the core should see: untitled documents get one from their language. */
  const nameOf = (doc: vscode.TextDocument): string => {
    if (!doc.isUntitled) return doc.fileName;
    return doc.languageId === 'terraform' ? 'untitled.tf' : doc.languageId === 'yaml' ? 'untitled.yaml' : 'untitled.json';
  };

  const relevant = (doc: vscode.TextDocument): boolean =>
    vscode.workspace.getConfiguration(SETTING).get<boolean>('enabled', true) && vscode.languages.match(SELECTOR, doc) > 0 && (isBare(doc) || mayContainPatterns(nameOf(doc), doc.getText()));

  const lint = (doc: vscode.TextDocument): DocState | undefined => {
    const key = doc.uri.toString();
    const cached = states.get(key);
    if (cached && cached.version === doc.version) return cached;
    if (!relevant(doc)) {
      states.delete(key);
      collection.delete(doc.uri);
      return undefined;
    }
    let result: LintResult;
    try {
      result = lintText(nameOf(doc), doc.getText(), { bare: isBare(doc) });
    } catch (e) {
      log.error(`event-pattern lint failed for ${doc.uri.fsPath}: ${String(e)}`);
      return undefined;
    }
    const fixes = new Map<vscode.Diagnostic, Fix[]>();
    const diags = result.diagnostics.map((d) => {
      const vd = toVsDiagnostic(doc, d);
      if (d.fixes) fixes.set(vd, d.fixes);
      return vd;
    });
    collection.set(doc.uri, diags);
    const state = { version: doc.version, result, fixes };
    states.set(key, state);
    return state;
  };

  const schedule = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      lint(doc);
    }, DEBOUNCE_MS));
  };

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((d) => lint(d)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      states.delete(d.uri.toString());
      collection.delete(d.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTING)) {
        states.clear();
        vscode.workspace.textDocuments.forEach((d) => lint(d));
      }
    }),
  );
  vscode.workspace.textDocuments.forEach((d) => lint(d));

  /** Fix All as one edit of the span that changed (the cursor and folding elsewhere stay put); undefined when nothing applies. */
  const fixAllAction = (doc: vscode.TextDocument, kind: vscode.CodeActionKind): vscode.CodeAction | undefined => {
    const before = doc.getText();
    const { text: after, applied } = fixAll(nameOf(doc), before, { bare: isBare(doc) });
    if (applied === 0) return undefined;
    let head = 0;
    while (head < before.length && head < after.length && before[head] === after[head]) head++;
    let tail = 0;
    while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
    const action = new vscode.CodeAction(`Fix all auto-fixable event-pattern problems (${applied})`, kind);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(head), doc.positionAt(before.length - tail)), after.slice(head, after.length - tail));
    return action;
  };

  context.subscriptions.push(vscode.languages.registerCodeActionsProvider(SELECTOR, {
    provideCodeActions(doc, _range, ctx) {
      const state = lint(doc);
      if (!state) return [];
      // Source › Fix All, and editor.codeActionsOnSave with "source.fixAll".
      if (ctx.only && FIX_ALL_KIND.intersects(ctx.only)) {
        const all = fixAllAction(doc, FIX_ALL_KIND);
        return all ? [all] : [];
      }
      const actions: vscode.CodeAction[] = [];
      for (const d of ctx.diagnostics) {
        const fixes = [...state.fixes.entries()].find(([vd]) => vd.range.isEqual(d.range) && vd.code === d.code && vd.message === d.message)?.[1];
        for (const f of fixes ?? []) {
          const action = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          for (const e of f.edits) action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
          action.diagnostics = [d];
          action.isPreferred = fixes?.length === 1;
          actions.push(action);
        }
      }
      // As ESLint does: when more than one problem can be fixed without a guess, one action fixes them all.
      if (actions.length > 0 && state.result.diagnostics.filter((d) => sureFix(d)).length > 1) {
        const all = fixAllAction(doc, vscode.CodeActionKind.QuickFix);
        if (all) actions.push(all);
      }
      return actions;
    },
  }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND] }));

  const patternAt = (doc: vscode.TextDocument, pos: vscode.Position): LocatedPattern | undefined => {
    const state = lint(doc);
    const offset = doc.offsetAt(pos);
    return state?.result.patterns.find((p) => p.span.start <= offset && offset <= p.span.end);
  };

  context.subscriptions.push(vscode.languages.registerCompletionItemProvider(SELECTOR, {
    provideCompletionItems(doc, pos) {
      const pattern = patternAt(doc, pos);
      if (!pattern) return undefined;
      return completions(doc, pos, pattern);
    },
  }, '"', ':', '[', '{', ' '));

  context.subscriptions.push(vscode.languages.registerHoverProvider(SELECTOR, {
    provideHover(doc, pos) {
      if (!patternAt(doc, pos)) return undefined;
      const range = doc.getWordRangeAtPosition(pos, /\$?[A-Za-z][\w-]*/);
      if (!range) return undefined;
      const word = doc.getText(range);
      const info = OPERATOR_DOCS[word];
      if (!info) return undefined;
      const md = new vscode.MarkdownString(`**${word}** (EventBridge pattern operator)\n\n${info.summary}\n\n`);
      md.appendCodeblock(info.example, 'json');
      return new vscode.Hover(md, range);
    },
  }));

  context.subscriptions.push(vscode.languages.registerCodeLensProvider(SELECTOR, {
    provideCodeLenses(doc) {
      const state = lint(doc);
      if (!state) return [];
      return state.result.patterns.map((p, i) => new vscode.CodeLens(new vscode.Range(doc.positionAt(p.span.start), doc.positionAt(p.span.start)), {
        title: 'Test against event…',
        command: TEST_COMMAND,
        arguments: [doc.uri, i],
        tooltip: `Test ${p.label} against a sample or workspace event`,
      }));
    },
  }));

  context.subscriptions.push(vscode.commands.registerCommand(TEST_COMMAND, async (uri?: vscode.Uri, index?: number, eventOverride?: unknown) => {
    const editor = vscode.window.activeTextEditor;
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!doc) {
      void vscode.window.showWarningMessage('Open a file with an EventBridge event pattern first.');
      return undefined;
    }
    const state = lint(doc);
    const patterns = state?.result.patterns ?? [];
    const pattern = index !== undefined ? patterns[index] : (editor && patternAt(doc, editor.selection.active)) ?? patterns[0];
    if (!pattern) {
      void vscode.window.showWarningMessage('No EventBridge event pattern found in this file.');
      return undefined;
    }
    const errors = state?.result.diagnostics.filter((d) => d.severity === 'error' && d.start >= pattern.span.start && d.end <= pattern.span.end) ?? [];
    if (errors.length > 0) {
      void vscode.window.showErrorMessage(`The pattern is invalid: ${errors[0].message}`);
      return undefined;
    }
    const event = eventOverride ?? (await pickEvent(editor));
    if (event === undefined) return undefined;
    const result = compilePattern(toJson(pattern.node)).explain(event);
    const lines = [
      `# ${result.matched ? '✅ match' : '❌ no match'}`,
      '',
      `Pattern: \`${pattern.label}\` in ${vscode.workspace.asRelativePath(doc.uri)}`,
      '',
      ...result.reasons.map((r) => `- ${r.ok ? '✓' : '✗'} \`${r.path}\`: ${r.message}`),
      '',
      '## Event',
      '',
      '```json',
      JSON.stringify(event, null, 2),
      '```',
    ];
    await results.open(`${pattern.label} (${result.matched ? 'match' : 'no match'}).md`, lines.join('\n'), { language: 'markdown', viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    void vscode.window.showInformationMessage(result.matched ? `${pattern.label}: match` : `${pattern.label}: no match (${result.reasons.find((r) => !r.ok)?.path ?? ''})`);
    return result;
  }));
}

function toVsDiagnostic(doc: vscode.TextDocument, d: Diagnostic): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(d.start), doc.positionAt(Math.max(d.end, d.start)));
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const vd = new vscode.Diagnostic(range, d.message, severity);
  vd.source = 'flowscope';
  vd.code = d.code;
  return vd;
}

async function pickEvent(editor: vscode.TextEditor | undefined): Promise<unknown> {
  type Item = vscode.QuickPickItem & { event?: unknown; action?: 'file' | 'selection' };
  const items: Item[] = [
    ...SAMPLE_EVENTS.map((s) => ({ label: s.name, description: `${String(s.event.source)} sample`, event: s.event })),
    { label: 'Workspace JSON file…', action: 'file' },
  ];
  if (editor && !editor.selection.isEmpty) items.push({ label: 'Current selection', description: 'the selected JSON text', action: 'selection' });
  const choice = await vscode.window.showQuickPick(items, { placeHolder: 'Test the pattern against which event?' });
  if (!choice) return undefined;
  if (choice.event) return choice.event;
  let text: string;
  if (choice.action === 'selection' && editor) text = editor.document.getText(editor.selection);
  else {
    const files = await vscode.workspace.findFiles('**/*.json', '**/node_modules/**', 500);
    const file = await vscode.window.showQuickPick(files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { placeHolder: 'Event JSON file' });
    if (!file) return undefined;
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file.uri));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    void vscode.window.showErrorMessage(`The event is not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
}

/** Completion inside a pattern: operators in a value list, AWS sources, detail-types for the chosen source, envelope fields. */
function completions(doc: vscode.TextDocument, pos: vscode.Position, pattern: LocatedPattern): vscode.CompletionItem[] {
  const text = doc.getText();
  const offset = doc.offsetAt(pos);
  const before = text.slice(Math.max(pattern.span.start, offset - 400), offset);
  const yamlStyle = /\.ya?ml$/i.test(doc.fileName) || doc.languageId === 'yaml';
  const json = pattern.node.kind === 'object' && !yamlStyle ? true : /[{[,]\s*"?[\w-]*$/.test(before) && before.includes('"');
  // The key whose value is being typed: the last `key:` or `key =` before the cursor.
  const keyMatch = /["']?([\w$.-]+)["']?\s*[:=]\s*(\[[^\]]*|-\s*[^\n]*|\n(\s*-\s*[^\n]*\n)*\s*-?\s*[^\n]*)?$/.exec(before);
  const key = keyMatch?.[1];
  const items: vscode.CompletionItem[] = [];
  const inList = /\[[^\]]*$/.test(before) || /^\s*-\s*\S*$/.test(before.split('\n').pop() ?? '');
  if (inList) {
    for (const op of OPERATORS) {
      const item = new vscode.CompletionItem(op, vscode.CompletionItemKind.Operator);
      item.detail = 'EventBridge operator';
      item.documentation = new vscode.MarkdownString(`${OPERATOR_DOCS[op].summary}\n\n\`${OPERATOR_DOCS[op].example}\``);
      const valueSnippet = op === 'numeric' ? '[">", ${1:0}]' : op === 'exists' ? '${1|true,false|}' : op === 'anything-but' ? '["${1}"]' : '"${1}"';
      item.insertText = new vscode.SnippetString(json || !yamlStyle ? `{"${op}": ${valueSnippet}}` : `${op}: ${valueSnippet}`);
      item.sortText = `1${op}`;
      items.push(item);
    }
  }
  if (key === 'source') {
    for (const s of AWS_SOURCES) {
      const item = new vscode.CompletionItem(s.source, vscode.CompletionItemKind.Value);
      item.detail = s.service;
      item.sortText = `0${s.source}`;
      items.push(item);
    }
  } else if (key === 'detail-type') {
    const srcs = /["']?source["']?\s*[:=]\s*\[?\s*["']?(aws\.[\w-]+)/.exec(text.slice(pattern.span.start, pattern.span.end))?.[1];
    for (const dt of (srcs && detailTypesOf(srcs)) ?? AWS_SOURCES.flatMap((s) => s.detailTypes ?? [])) {
      const item = new vscode.CompletionItem(dt, vscode.CompletionItemKind.Value);
      item.detail = srcs ? `emitted by ${srcs}` : 'AWS detail-type';
      item.sortText = `0${dt}`;
      items.push(item);
    }
  } else if (!inList && insideDetail(before)) {
    // Fields of the well-known events: the detail keys of the bundled samples for the pattern's source.
    const src = /["']?source["']?\s*[:=]\s*\[?\s*-?\s*["']?([\w.-]+)/.exec(text.slice(pattern.span.start, pattern.span.end))?.[1];
    const samples = SAMPLE_EVENTS.filter((e) => !src || e.event.source === src);
    const seen = new Set<string>();
    for (const sample of samples.length ? samples : SAMPLE_EVENTS) {
      for (const [k, v] of Object.entries((sample.event.detail ?? {}) as Record<string, unknown>)) {
        if (seen.has(k)) continue;
        seen.add(k);
        const item = new vscode.CompletionItem(k, vscode.CompletionItemKind.Field);
        item.detail = `detail field of ${sample.name}`;
        item.documentation = new vscode.MarkdownString().appendCodeblock(JSON.stringify(v, null, 2).slice(0, 300), 'json');
        items.push(item);
      }
    }
  } else if (!inList) {
    for (const f of ENVELOPE_FIELDS) {
      const item = new vscode.CompletionItem(f, vscode.CompletionItemKind.Field);
      item.detail = 'EventBridge event field';
      items.push(item);
    }
  }
  return items;
}

/** Whether the cursor sits inside the pattern's detail object (JSON/HCL braces, or a deeper-indented YAML block). */
function insideDetail(before: string): boolean {
  const brace = /["']?detail["']?\s*[:=]\s*\{([^{}]|\{[^{}]*\})*$/.test(before);
  if (brace) return true;
  const lines = before.split('\n');
  for (let i = lines.length - 2; i >= 0; i--) {
    const m = /^(\s*)detail:\s*$/.exec(lines[i]);
    if (m) return lines.slice(i + 1).every((l) => l.trim() === '' || /^\s*/.exec(l)![0].length > m[1].length);
    if (lines[i].trim() !== '' && /^\s*/.exec(lines[i])![0].length <= (/^\s*/.exec(lines[lines.length - 1])![0].length) - 2) break;
  }
  return false;
}
