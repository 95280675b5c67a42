import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compilePattern, fixAll, hasErrors, lintText, toJson } from '../../../src/core/eventpattern';

/** mulberry32: a small seeded PRNG so a failure reproduces from the printed seed. */
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

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'unit', 'fixtures', 'eventpattern');

describe('event pattern fuzz', function () {
  this.timeout(120_000);
  const rnd = prng(20261122);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const KEYS = ['source', 'detail-type', 'detail', 'a', 'b', 'state', 'items', '$or', 'a.b', 'prefix', ''];
  const STRINGS = ['', 'a', 'aws.ec2', 'x*y', '*', 'a**', '\\', '\\*', '10.0.0.0/8', '10.0.0.1/32', '::1/64', 'A', 'é'];
  const OPS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr', 'exactly', 'PREFIX', 'contains', '$or'];

  const scalar = (): unknown => pick<() => unknown>([() => pick(STRINGS), () => Math.floor(rnd() * 20) - 5, () => rnd() < 0.5, () => null, () => rnd() * 1e10])();
  const opValue = (op: string, depth: number): unknown => {
    switch (op) {
      case 'numeric':
        return Array.from({ length: Math.floor(rnd() * 6) }, () => (rnd() < 0.5 ? pick(['<', '<=', '>', '>=', '=', '==']) : Math.floor(rnd() * 20)));
      case 'exists':
        return rnd() < 0.8 ? rnd() < 0.5 : scalar();
      case 'anything-but':
        return pick<() => unknown>([scalar, () => [scalar(), scalar()], () => [pick(STRINGS)], () => ({ [pick(['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'cidr'])]: rnd() < 0.7 ? pick(STRINGS) : [pick(STRINGS)] })])();
      default:
        return rnd() < 0.8 ? pick(STRINGS) : depth > 2 ? scalar() : value(depth + 1);
    }
  };
  const matchList = (depth: number): unknown[] =>
    Array.from({ length: Math.floor(rnd() * 4) }, () => {
      const r = rnd();
      if (r < 0.45) return scalar();
      if (r < 0.95) {
        const op = pick(OPS);
        return rnd() < 0.9 ? { [op]: opValue(op, depth) } : { [op]: opValue(op, depth), [pick(OPS)]: scalar() };
      }
      return [scalar()];
    });
  function value(depth: number): unknown {
    const r = rnd();
    if (depth > 3 || r < 0.6) return matchList(depth);
    if (r < 0.9) return obj(depth + 1);
    return scalar();
  }
  function obj(depth: number): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    const n = Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) {
      const k = pick(KEYS);
      o[k] = k === '$or' ? Array.from({ length: Math.floor(rnd() * 4) }, () => obj(depth + 1)) : value(depth);
    }
    return o;
  }
  const eventValue = (depth: number): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.6) return scalar();
    if (r < 0.8) return Array.from({ length: Math.floor(rnd() * 3) }, () => eventValue(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [pick(KEYS), eventValue(depth + 1)]));
  };

  it('10,000 random patterns: linting never throws, and valid ones compile and match consistently', () => {
    const started = Date.now();
    let valid = 0;
    for (let i = 0; i < 10_000; i++) {
      const pattern = rnd() < 0.05 ? scalar() : obj(0);
      const text = JSON.stringify(pattern);
      const t0 = Date.now();
      const r = lintText('f.eventpattern.json', text, { bare: true });
      assert.ok(Date.now() - t0 < 500, `case ${i} took too long: ${text}`);
      if (hasErrors(r.diagnostics) || r.patterns.length === 0) continue;
      valid++;
      const compiled = compilePattern(toJson(r.patterns[0].node));
      for (let k = 0; k < 3; k++) {
        const event = { source: pick(STRINGS), detail: eventValue(0), a: eventValue(1), state: eventValue(1) };
        assert.equal(compiled.explain(event).matched, compiled.match(event), `case ${i}: ${text} vs ${JSON.stringify(event)}`);
      }
    }
    assert.ok(valid > 500, `only ${valid} random patterns were valid; the generator should exercise the matcher`);
    assert.ok(Date.now() - started < 60_000);
  });

  it('10,000 mutated documents of every kind never throw and never hang; Fix All on them ends and leaves nothing to fix', () => {
    const seeds = ['template.yaml', 'main.tf', 'serverless.yml', 'bad.eventpattern.json'].map((f) => ({ name: f, text: readFileSync(path.join(fixtures, f), 'utf8') }));
    seeds.push({ name: 'cfn.json', text: JSON.stringify({ Resources: { R: { Type: 'AWS::Events::Rule', Properties: { EventPattern: '{"source":["a"],"detail":{"x":[{"prefix":"\\u0041"}]}}' } } } }) });
    const NOISE = ['{', '}', '[', ']', '"', "'", ':', ',', '\\', '\n', ' ', '|', '>', '-', '!', '*', '$', '<<', '#', '=', 'EOF', '\t', '\u00e9', '${', '&a', '*a'];
    const started = Date.now();
    for (let i = 0; i < 10_000; i++) {
      const seed = pick(seeds);
      let text = seed.text;
      const edits = 1 + Math.floor(rnd() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * (text.length + 1));
        const r = rnd();
        if (r < 0.4) text = text.slice(0, at) + pick(NOISE) + text.slice(at);
        else if (r < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 8));
        else text = text.slice(0, at) + text.slice(Math.floor(rnd() * text.length), Math.floor(rnd() * text.length)) + text.slice(at);
      }
      const t0 = Date.now();
      const r = lintText(seed.name, text);
      assert.ok(Date.now() - t0 < 500, `mutation ${i} of ${seed.name} took too long`);
      for (const d of r.diagnostics) {
        assert.ok(d.start >= 0 && d.end >= d.start && d.end <= text.length + 1, `mutation ${i}: range ${d.start}-${d.end} outside the ${text.length}-character file`);
      }
      // Fix All on every tenth: it ends, and leaves no sure fix undone (a second run finds nothing).
      if (i % 10 === 0) {
        const t1 = Date.now();
        const fixed = fixAll(seed.name, text);
        assert.ok(Date.now() - t1 < 2_000, `Fix All on mutation ${i} of ${seed.name} took too long`);
        assert.equal(fixAll(seed.name, fixed.text).applied, 0, `mutation ${i} of ${seed.name}: a second Fix All still found fixes`);
      }
    }
    assert.ok(Date.now() - started < 60_000);
  });
});
