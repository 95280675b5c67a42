// Editor side of YAML → TypeScript: a command (active file, selection, or several YAML files selected in
// the explorer), a code action on YAML documents, output to an untitled editor or a file next to the
// YAML, and optional regeneration on save. The generator itself is src/core/yaml2ts.
import * as vscode from 'vscode';
import { generateTypes, rootNameFrom, YamlSyntaxError, type Yaml2TsOptions, type YamlSource } from '../../core/yaml2ts';

export const GENERATE_COMMAND = 'flowscope.yaml2ts.generate';
const SECTION = 'flowscope.yaml2ts';
/** A refactoring rather than a quick fix: nothing is wrong with the YAML. */
export const CODE_ACTION_KIND = vscode.CodeActionKind.Refactor.append('flowscope.generateTypes');

/** What the command was invoked on; the code action passes a document and range. */
interface Target {
  uri: vscode.Uri;
  range?: vscode.Range;
}

interface EditorSettings {
  options: Partial<Yaml2TsOptions>;
  output: 'untitled' | 'file';
  regenerateOnSave: boolean;
}

function readSettings(scope: vscode.Uri | undefined): EditorSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    options: {
      declaration: c.get<'interface' | 'type'>('declaration'),
      export: c.get<boolean>('export'),
      readonly: c.get<boolean>('readonly'),
      optionalStyle: c.get<'question' | 'undefined'>('optionalStyle'),
      literalUnionThreshold: c.get<number>('literalUnionThreshold'),
      dictionaries: c.get<boolean>('dictionaries'),
      dictionaryMinEntries: c.get<number>('dictionaryMinEntries'),
      discriminators: c.get<string[]>('discriminators'),
      yamlVersion: c.get<'1.1' | '1.2'>('yamlVersion'),
    },
    output: c.get<'untitled' | 'file'>('output') ?? 'untitled',
    regenerateOnSave: c.get<boolean>('regenerateOnSave') ?? false,
  };
}

function isYaml(uri: vscode.Uri): boolean {
  return /\.ya?ml$/i.test(uri.path);
}

function baseName(uri: vscode.Uri): string {
  return uri.path.replace(/^.*\//, '');
}

/** The generated file next to a YAML file: `docker-compose.yml` → `docker-compose.types.ts`. */
export function outputUriFor(yaml: vscode.Uri): vscode.Uri {
  return yaml.with({ path: yaml.path.replace(/\.ya?ml$/i, '') + '.types.ts' });
}

/**
 * Opens the types in an unsaved editor named as the file would be (`docker-compose.types.ts`, so Save
 * writes it next to the YAML), not after its first line. When that name is taken by an open or restored
 * result, which the user may have edited, the new one gets a number (`docker-compose.types-2.ts`).
 */
async function openUntitledTypes(yaml: vscode.Uri, text: string): Promise<vscode.TextDocument> {
  const named = outputUriFor(yaml);
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  for (let n = 1; ; n++) {
    const uri = named.with({ scheme: 'untitled', path: n === 1 ? named.path : named.path.replace(/\.ts$/, `-${n}.ts`) });
    if (open.has(uri.toString())) continue;
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.getText() !== '') continue;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not write the types into ${uri.path}`);
    // The language follows the name; set it anyway in case an association maps *.ts elsewhere.
    return doc.languageId === 'typescript' ? doc : vscode.languages.setTextDocumentLanguage(doc, 'typescript');
  }
}

interface Input {
  source: YamlSource;
  uri: vscode.Uri;
  /** Line offset of the text within its document (a selection), so errors point at the right line. */
  lineOffset: number;
}

/** Reads the inputs, preferring open documents so unsaved edits count. */
async function collectInputs(arg: vscode.Uri | Target | undefined, many: vscode.Uri[] | undefined): Promise<Input[]> {
  const explorer = (many && many.length > 1 ? many : undefined)?.filter(isYaml);
  if (explorer && explorer.length) return Promise.all(explorer.map(async (uri) => whole(await vscode.workspace.openTextDocument(uri))));
  let target: Target | undefined;
  if (arg instanceof vscode.Uri) target = { uri: arg };
  else if (arg && typeof arg === 'object' && 'uri' in arg) target = arg;
  const editor = vscode.window.activeTextEditor;
  if (!target && editor) target = { uri: editor.document.uri, range: editor.selection.isEmpty ? undefined : editor.selection };
  if (!target) return [];
  const doc = await vscode.workspace.openTextDocument(target.uri);
  // A selection is typed on its own (a fragment of a larger file); otherwise the whole document.
  const range = target.range;
  if (range && !range.isEmpty) {
    return [{ source: { text: doc.getText(range), file: doc.uri.fsPath || baseName(doc.uri) }, uri: doc.uri, lineOffset: range.start.line }];
  }
  return [whole(doc)];
}

function whole(doc: vscode.TextDocument): Input {
  return { source: { text: doc.getText(), file: doc.uri.scheme === 'file' ? doc.uri.fsPath : baseName(doc.uri) }, uri: doc.uri, lineOffset: 0 };
}

/** Generates for the inputs; on invalid YAML shows where and returns undefined (nothing is written). */
async function generate(inputs: Input[], settings: EditorSettings, quiet = false): Promise<{ code: string; rootName: string } | undefined> {
  const first = inputs[0];
  const rootName = first.uri.scheme === 'untitled' ? 'Root' : rootNameFrom(baseName(first.uri));
  try {
    const r = generateTypes(
      inputs.map((i) => i.source),
      { ...settings.options, rootName, sourceName: inputs.map((i) => baseName(i.uri)).join(', ') },
    );
    return { code: r.code, rootName: r.rootName };
  } catch (e) {
    if (!(e instanceof YamlSyntaxError)) throw e;
    const input = inputs.find((i) => i.source.file === e.file) ?? first;
    const line = e.line + input.lineOffset;
    const where = `${baseName(input.uri)}:${line}:${e.column}`;
    const message = `Invalid YAML at ${where}: ${e.message}. No types were generated.`;
    if (quiet) {
      void vscode.window.setStatusBarMessage(`$(error) Flowscope: ${message}`, 8000);
      return undefined;
    }
    const go = 'Go to Error';
    void vscode.window.showErrorMessage(`Flowscope: ${message}`, go).then(async (choice) => {
      if (choice !== go) return;
      const pos = new vscode.Position(line - 1, Math.max(0, e.column - 1));
      await vscode.window.showTextDocument(input.uri, { selection: new vscode.Range(pos, pos) });
    });
    return undefined;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function writeNextTo(yaml: vscode.Uri, code: string): Promise<vscode.Uri> {
  const out = outputUriFor(yaml);
  await vscode.workspace.fs.writeFile(out, Buffer.from(code, 'utf8'));
  return out;
}

export function registerYamlToTs(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  /** YAML files whose types this session wrote next to them (regenerated on save when enabled). */
  const generatedFor = new Set<string>();

  const command = vscode.commands.registerCommand(GENERATE_COMMAND, async (arg?: vscode.Uri | Target, many?: vscode.Uri[]) => {
    const inputs = await collectInputs(arg, many);
    if (inputs.length === 0) {
      void vscode.window.showInformationMessage('Flowscope: open a YAML file, select YAML text, or select YAML files in the explorer to generate TypeScript types.');
      return undefined;
    }
    const settings = readSettings(inputs[0].uri);
    const result = await generate(inputs, settings);
    if (!result) return undefined;
    log.info(`yaml2ts: generated ${result.rootName} from ${inputs.map((i) => baseName(i.uri)).join(', ')}`);
    const wholeFile = inputs.length === 1 && inputs[0].lineOffset === 0 && inputs[0].source.text === (await vscode.workspace.openTextDocument(inputs[0].uri)).getText();
    if (settings.output === 'file' && inputs[0].uri.scheme === 'file') {
      const out = await writeNextTo(inputs[0].uri, result.code);
      if (wholeFile) generatedFor.add(inputs[0].uri.toString());
      const editor = await vscode.window.showTextDocument(out, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      return editor.document.uri;
    }
    const doc = await openUntitledTypes(inputs[0].uri, result.code);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    return doc.uri;
  });

  const actions = vscode.languages.registerCodeActionsProvider(
    { language: 'yaml' },
    {
      provideCodeActions(document, range) {
        const title = range.isEmpty ? 'Generate TypeScript types from this YAML' : 'Generate TypeScript types from the selected YAML';
        const action = new vscode.CodeAction(title, CODE_ACTION_KIND);
        const target: Target = { uri: document.uri, range: range.isEmpty ? undefined : new vscode.Range(range.start, range.end) };
        action.command = { command: GENERATE_COMMAND, title, arguments: [target] };
        return [action];
      },
    },
    { providedCodeActionKinds: [CODE_ACTION_KIND] },
  );

  const onSave = vscode.workspace.onDidSaveTextDocument(async (doc) => {
    if (!isYaml(doc.uri) || doc.uri.scheme !== 'file') return;
    const settings = readSettings(doc.uri);
    if (!settings.regenerateOnSave || settings.output !== 'file') return;
    // Only YAML whose types already sit next to it (generated in this or an earlier session).
    if (!generatedFor.has(doc.uri.toString()) && !(await exists(outputUriFor(doc.uri)))) return;
    const result = await generate([whole(doc)], settings, true);
    if (!result) return;
    await writeNextTo(doc.uri, result.code);
    log.info(`yaml2ts: regenerated ${baseName(outputUriFor(doc.uri))} on save`);
  });

  context.subscriptions.push(command, actions, onSave);
}

