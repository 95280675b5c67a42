import * as assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { generateTypes, loadYamlDocuments, YamlSyntaxError, type Yaml2TsOptions } from '../../../src/core/yaml2ts';
import { assertFastReaderAgrees } from './helpers';
import { typeCheck, type CheckCase } from './selfcheck';

/** Small seeded PRNG (mulberry32): a failure names its seed and document, and reproduces exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['web', 'yes', 'off', 'null', '~', '2024-01-01', '2024-01-01T10:00:00Z', '', 'a: b', '- x', '#', 'café', '*a', '&b', '0755', '1e3', 'x-amz-target', 'with space', 'multi\nline', '"q"', 'Deployment', 'Service'];
const KEYS = ['name', 'kind', 'type', 'image', 'ports', 'x-amz-target', '123abc', 'with space', 'café', 'class', 'default', 'a.b', '/path', 'env', 'ENV_VAR', 'metadata', 'spec', 'items', 'Record'];
const TOKENS = ['a', 'b', 'key', ':', ': ', ' ', '\n', '\n  ', '\n    ', '- ', '[', ']', '{', '}', ', ', '"', "'", '&x ', '*x', '!tag ', '!!str ', '!!map ', '<<: ', '#c', '\n---\n', '\n...\n', '|\n  ', '>-\n  ', '? ', '%YAML 1.1\n---\n', '\t', '1', '0x1F', '.inf', 'yes', '~', 'é', '@', '`', 'kind: A\n', 'kind: B\n', '%', '\r\n', '\u00a0', '\ufeff'];

function randomValue(r: () => number, depth: number): unknown {
  const p = r();
  if (depth > 3 || p < 0.45) {
    const q = r();
    if (q < 0.4) return STRINGS[Math.floor(r() * STRINGS.length)];
    if (q < 0.6) return Math.floor(r() * 2000) - 1000;
    if (q < 0.7) return r() * 100;
    if (q < 0.8) return r() < 0.5;
    if (q < 0.85) return [Infinity, -Infinity, NaN][Math.floor(r() * 3)];
    return null;
  }
  if (p < 0.7) return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) o[KEYS[Math.floor(r() * KEYS.length)]] = randomValue(r, depth + 1);
  return o;
}

function mutate(r: () => number, text: string): string {
  let t = text;
  const edits = 1 + Math.floor(r() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (t.length + 1));
    t = r() < 0.5 ? t.slice(0, at) + TOKENS[Math.floor(r() * TOKENS.length)] + t.slice(at) : t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 3));
  }
  return t;
}

function randomOptions(r: () => number): Partial<Yaml2TsOptions> {
  return {
    yamlVersion: r() < 0.5 ? '1.1' : '1.2',
    declaration: r() < 0.5 ? 'interface' : 'type',
    readonly: r() < 0.3,
    literalUnionThreshold: Math.floor(r() * 8),
    dictionaries: r() < 0.8,
    dictionaryMinEntries: 1 + Math.floor(r() * 3),
  };
}

describe('yaml2ts fuzz', () => {
  it('10,000 random YAML documents: output or a located YamlSyntaxError, never a crash; well under a minute', function () {
    this.timeout(120000);
    const seed = 20261122;
    const r = prng(seed);
    const t0 = Date.now();
    let valid = 0;
    let invalid = 0;
    let fastCount = 0;
    const sample: CheckCase[] = [];
    for (let i = 0; i < 10000; i++) {
      const kind = r();
      let text: string;
      let pristine = false;
      if (kind < 0.4) {
        // Valid YAML from the library's own stringifier (anchors appear for shared values), sometimes multi-document.
        const docs = Array.from({ length: 1 + Math.floor(r() * 2) }, () => stringify(randomValue(r, 0), { indent: 1 + Math.floor(r() * 3) }));
        text = docs.join('---\n');
        pristine = true;
      } else if (kind < 0.7) {
        text = mutate(r, stringify(randomValue(r, 0)));
      } else {
        text = Array.from({ length: 1 + Math.floor(r() * 60) }, () => TOKENS[Math.floor(r() * TOKENS.length)]).join('');
      }
      const opts = { rootName: 'Root', ...randomOptions(r) };
      let fastAccepted = false;
      try {
        // Differential check: where the fast reader accepts the text, the yaml package must load the same data.
        fastAccepted = assertFastReaderAgrees(text, opts);
        if (fastAccepted) fastCount++;
        const out = generateTypes({ text, file: 'fuzz.yaml' }, opts);
        valid++;
        assert.doesNotMatch(out.code, /\bany\b/);
        if (pristine && sample.length < 120 && i % 7 === 0) {
          sample.push({ name: `fuzz #${i} (seed ${seed}): ${JSON.stringify(text)}`, code: out.code, rootName: 'Root', docs: loadYamlDocuments({ text }, opts.yamlVersion ?? '1.2') });
        }
      } catch (e) {
        if (fastAccepted) assert.fail(`the fast reader accepted invalid YAML #${i}: ${JSON.stringify(text)}`);
        if (e instanceof assert.AssertionError) throw e;
        if (!(e instanceof YamlSyntaxError)) {
          assert.fail(`document #${i} (seed ${seed}) crashed the generator: ${e instanceof Error ? e.stack : String(e)}\n${JSON.stringify(text)}`);
        }
        assert.ok(e.line >= 1 && e.column >= 1 && e.message.length > 0 && !e.message.includes('\n'), `bad error for #${i}: ${e.format()}`);
        invalid++;
      }
    }
    const ms = Date.now() - t0;
    // Generous for a loaded CI machine; typically a few seconds.
    assert.ok(ms < 60000, `took ${ms} ms`);
    assert.ok(valid > 3000 && invalid > 1000, `a useful mix: ${valid} valid, ${invalid} invalid`);
    assert.ok(fastCount > 1000, `the fast reader took ${fastCount} documents`);
    // The valid, unmutated samples also pass the type-check self-check.
    const failures = typeCheck(sample);
    assert.equal(failures.size, 0, [...failures].map(([n, m]) => `${n}: ${m.join('; ')}\n${sample.find((s) => s.name === n)?.code}`).join('\n\n'));
  });
});
