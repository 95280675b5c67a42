import { isScalar, parseAllDocuments, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import type { Yaml2TsOptions } from './options';

/** Invalid YAML: carries the 1-based position of the first error so callers can print `file:line:col: message`. */
export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly file: string = '',
  ) {
    super(message);
    this.name = 'YamlSyntaxError';
  }

  /** The conventional compiler-style location prefix editors and terminals make clickable. */
  format(): string {
    return `${this.file || '<input>'}:${this.line}:${this.column}: ${this.message}`;
  }
}

/**
 * Parser options for a profile. Both profiles resolve merge keys (`<<`): compose files and CI configs rely
 * on them even though YAML 1.2 dropped them, and every mainstream loader still honours them. Timestamps
 * and !!binary stay strings: that is what JSON-shaped loaders hand to TypeScript code, and a `Date` type
 * would lie about the data.
 */
export function yamlParseOptions(version: Yaml2TsOptions['yamlVersion']): ParseOptions & DocumentOptions & SchemaOptions {
  return {
    version,
    merge: true,
    // Positions for error messages; the CST tokens themselves are not needed, so do not keep them.
    keepSourceTokens: false,
    prettyErrors: true,
    uniqueKeys: true,
    customTags: (tags) => tags.filter((t) => !/:(timestamp|binary)$/.test(typeof t === 'string' ? t : t.tag)),
  };
}

/** One YAML text; `file` is only used in error messages. */
export interface YamlSource {
  text: string;
  file?: string;
}

/**
 * Parses every document of a source. Throws YamlSyntaxError on the first error. Empty documents (a
 * trailing `---`, as Kubernetes manifests often have) are dropped, as kubectl and most loaders do.
 */
export function parseYamlDocuments(source: YamlSource, version: Yaml2TsOptions['yamlVersion']): Document[] {
  const docs = parseAllDocuments(source.text, yamlParseOptions(version));
  // parseAllDocuments returns an EmptyStream (an array) for empty input, or an array of documents.
  const list = Array.from(docs as Iterable<Document>);
  for (const doc of list) {
    const e = doc.errors[0];
    if (e) {
      const pos = e.linePos?.[0];
      // prettyErrors appends " at line L, column C:" and a source excerpt; the location is reported separately.
      const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new YamlSyntaxError(message, pos?.line ?? 1, pos?.col ?? 1, source.file);
    }
  }
  return list.filter((d) => !isEmptyDocument(d));
}

/** `---` followed by nothing (not even `~`): a separator artefact rather than a null document. */
function isEmptyDocument(d: Document): boolean {
  const c = d.contents;
  return c === null || (isScalar(c) && c.value === null && c.source === '' && !c.tag && !c.anchor);
}

/** The data a loader would hand to code for these documents (what the generated types must describe). */
export function loadYamlDocuments(source: YamlSource, version: Yaml2TsOptions['yamlVersion']): unknown[] {
  return parseYamlDocuments(source, version).map((d) => d.toJS({ maxAliasCount: -1 }));
}
