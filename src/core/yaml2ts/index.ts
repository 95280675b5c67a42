/**
 * YAML → TypeScript declarations. Pure (no VS Code, no file system): the CLI and the extension feed it
 * text and print or show what it returns.
 */
import { Emitter } from './emit';
import { Inferrer } from './infer';
import { isIdentifier } from './naming';
import { resolveOptions, type Yaml2TsOptions } from './options';
import { parseYamlDocuments, type YamlSource } from './parse';

export { DEFAULT_OPTIONS, resolveOptions, type Yaml2TsOptions } from './options';
export { YamlSyntaxError, loadYamlDocuments, parseYamlDocuments, yamlParseOptions, type YamlSource } from './parse';
export { rootNameFrom } from './naming';

export interface Yaml2TsResult {
  /** The TypeScript source. */
  code: string;
  /** Name of the exported root type. */
  rootName: string;
  /** Documents that were typed (over all sources). */
  documents: number;
}

/**
 * Generates declarations describing every document of every source: several sources are several samples
 * of one configuration, so keys missing from some become optional. Throws YamlSyntaxError for invalid YAML.
 */
export function generateTypes(sources: YamlSource | YamlSource[], options: Partial<Yaml2TsOptions> = {}): Yaml2TsResult {
  const opts = resolveOptions(options);
  if (!isIdentifier(opts.rootName)) throw new RangeError(`root type name '${opts.rootName}' is not a TypeScript identifier`);
  const list = Array.isArray(sources) ? sources : [sources];
  try {
    return generate(list, opts);
  } catch (e) {
    // Reading, inference and printing follow the nesting recursively; a stack overflow says nothing to a user.
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new Error('the YAML nests too deeply to be typed (more than about a thousand levels)');
    throw e;
  }
}

function generate(list: YamlSource[], opts: Yaml2TsOptions): Yaml2TsResult {
  const inferrer = new Inferrer(opts);
  let documents = 0;
  for (const src of list) {
    // The fast reader covers plain block YAML (what large generated files are) and gives up on anything
    // else, including comments, which only the full parser keeps for JSDoc.
    const fast = opts.yamlVersion === '1.2' ? inferrer.addFastText(src.text) : undefined;
    if (fast !== undefined) {
      documents += fast;
      continue;
    }
    for (const doc of parseYamlDocuments(src, opts.yamlVersion)) {
      inferrer.addDocument(doc, src);
      documents++;
    }
  }
  return { code: new Emitter(opts).emit(inferrer.root), rootName: opts.rootName, documents };
}

/** The stages apart, for the benchmark (parsing and inference are measured separately where they are separate). */
export const stages = { parseYamlDocuments, Inferrer, Emitter, resolveOptions };
