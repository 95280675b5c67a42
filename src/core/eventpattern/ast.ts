/**
 * A source-agnostic tree for an event pattern. Patterns arrive as JSON, YAML, JSON embedded in a YAML or
 * Terraform string, or HCL object syntax; every locator converts to this tree so the validator and the
 * matcher see one shape, and every node keeps offsets into the ORIGINAL file text so a diagnostic can point
 * at the exact characters, even inside an escaped string.
 */
export interface Span {
  /** Offset of the first character in the file text. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface PProp {
  key: string;
  keySpan: Span;
  /** The key's characters without quotes, for fixes that rename it. */
  keyInner?: Span;
  value: PNode;
}

export type PNode =
  /** block marks YAML block collections, where a fix cannot splice in JSON-style text. */
  | (Span & { kind: 'object'; props: PProp[]; block?: boolean })
  | (Span & { kind: 'array'; items: PNode[]; block?: boolean })
  /** inner is the content without quotes, for fixes that replace the text; origin lets a locator decode JSON embedded in it. */
  /** sub marks a CloudFormation Fn::Sub template: its `${…}` are filled in at deploy time. */
  | (Span & { kind: 'string'; value: string; inner?: Span; origin?: unknown; sub?: boolean })
  /** raw keeps the literal text: numbers a double cannot represent are rejected by EventBridge. */
  | (Span & { kind: 'number'; value: number; raw: string })
  | (Span & { kind: 'boolean'; value: boolean })
  | (Span & { kind: 'null' })
  /** A value the linter cannot know statically: a CloudFormation intrinsic, a Terraform reference. */
  | (Span & { kind: 'opaque'; text: string });

export type PObject = Extract<PNode, { kind: 'object' }>;
export type PArray = Extract<PNode, { kind: 'array' }>;

export type Severity = 'error' | 'warning' | 'info';

export interface Fix {
  title: string;
  edits: { start: number; end: number; newText: string }[];
  /**
   * The fix guesses what was meant (the closest spelling, swapped bounds): a person chooses it in the
   * editor; `flowscope lint --fix` and Fix All leave it alone.
   */
  guess?: boolean;
}

export interface Diagnostic extends Span {
  severity: Severity;
  code: string;
  message: string;
  fixes?: Fix[];
}

/** Where a pattern was found; the operator set and some rules depend on it. */
export type PatternContext = 'rule' | 'archive' | 'pipes' | 'esm' | 'bare';

/** Converts a tree back to plain JSON (opaque values become their text), last duplicate key winning as in EventBridge. */
export function toJson(node: PNode): unknown {
  switch (node.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of node.props) o[p.key] = toJson(p.value);
      return o;
    }
    case 'array':
      return node.items.map(toJson);
    case 'null':
      return null;
    case 'opaque':
      return node.text;
    default:
      return node.value;
  }
}

/** Builds a tree from plain JSON with every span at 0, for patterns that come from code rather than a file. */
export function fromJson(value: unknown): PNode {
  const s = { start: 0, end: 0 };
  if (value === null) return { ...s, kind: 'null' };
  if (Array.isArray(value)) return { ...s, kind: 'array', items: value.map(fromJson) };
  switch (typeof value) {
    case 'string':
      return { ...s, kind: 'string', value };
    case 'number':
      return { ...s, kind: 'number', value, raw: String(value) };
    case 'boolean':
      return { ...s, kind: 'boolean', value };
    case 'object':
      return {
        ...s,
        kind: 'object',
        props: Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, keySpan: s, value: fromJson(v) })),
      };
    default:
      return { ...s, kind: 'opaque', text: String(value) };
  }
}

/** Maps offsets to 0-based line and character, computed once per file. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
}

/** The template string of a CloudFormation Fn::Sub (`"…"` or `["…", {vars}]`), marked as such; otherwise opaque. */
export function subTemplate(arg: PNode, whole: PNode & { kind: 'opaque' }): PNode {
  const template = arg.kind === 'array' ? arg.items[0] : arg;
  return template?.kind === 'string' ? { ...template, sub: true } : whole;
}

/** A pattern parsed from an Fn::Sub template, with every string that holds a substitution made opaque. */
export function opaqueSubstitutions(node: PNode, text: string): PNode {
  switch (node.kind) {
    case 'object':
      return { ...node, props: node.props.map((p) => ({ ...p, value: opaqueSubstitutions(p.value, text) })) };
    case 'array':
      return { ...node, items: node.items.map((i) => opaqueSubstitutions(i, text)) };
    case 'string':
      // `${!Literal}` is Fn::Sub's escape for a literal `${`.
      return /\$\{(?!!)/.test(node.value) ? { start: node.start, end: node.end, kind: 'opaque', text: text.slice(node.start, node.end) } : node;
    default:
      return node;
  }
}
