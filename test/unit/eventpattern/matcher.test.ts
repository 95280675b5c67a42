import * as assert from 'node:assert/strict';
import { compilePattern, RuleSet, SAMPLE_EVENTS } from '../../../src/core/eventpattern';

const ev = (detail: unknown, extra: Record<string, unknown> = {}) => ({ source: 'com.example', 'detail-type': 'T', account: '111122223333', detail, ...extra });

function matches(pattern: unknown, event: unknown): boolean {
  const p = compilePattern(pattern);
  const fast = p.match(event);
  // The explaining path must always agree with the fast one.
  assert.equal(p.explain(event).matched, fast, 'match() and explain() disagree');
  return fast;
}

/** [description, pattern, event, expected] */
type Case = [string, unknown, unknown, boolean];

const cases: Record<string, Case[]> = {
  'exact values and types': [
    ['string equal', { detail: { s: ['abc'] } }, ev({ s: 'abc' }), true],
    ['case-sensitive', { detail: { s: ['abc'] } }, ev({ s: 'ABC' }), false],
    ['no trimming', { detail: { s: ['abc'] } }, ev({ s: 'abc ' }), false],
    ['number vs string never crosses', { detail: { n: [1] } }, ev({ n: '1' }), false],
    ['string vs number never crosses', { detail: { n: ['1'] } }, ev({ n: 1 }), false],
    ['numbers compare numerically', { detail: { n: [300] } }, ev({ n: 300.0 }), true],
    ['3.0e2 equals 300', { detail: { n: [3.0e2] } }, ev({ n: 300 }), true],
    ['true is not "true"', { detail: { b: [true] } }, ev({ b: 'true' }), false],
    ['null matches null', { detail: { x: [null] } }, ev({ x: null }), true],
    ['null does not match missing', { detail: { x: [null] } }, ev({}), false],
    ['null does not match ""', { detail: { x: [null] } }, ev({ x: '' }), false],
    ['"" matches ""', { detail: { x: [''] } }, ev({ x: '' }), true],
    ['"" does not match null', { detail: { x: [''] } }, ev({ x: null }), false],
    ['OR within the list', { detail: { s: ['a', 'b'] } }, ev({ s: 'b' }), true],
    ['AND across fields', { source: ['com.example'], detail: { s: ['a'] } }, ev({ s: 'b' }), false],
    ['unmentioned fields are ignored', { detail: { s: ['a'] } }, ev({ s: 'a', other: 1 }), true],
    ['any element of an event array', { resources: ['arn:b'] }, ev({}, { resources: ['arn:a', 'arn:b'] }), true],
    ['[null] does not match []', { detail: { x: [null] } }, ev({ x: [] }), false],
    ['nested event arrays are flattened', { detail: { x: ['c'] } }, ev({ x: [['a'], ['b', ['c']]] }), true],
    ['JSON inside a string is not parsed', { detail: { k: ['v'] } }, { source: 'x', detail: '{"k":"v"}' }, false],
    ['an object value is not a leaf', { detail: { o: ['x'] } }, ev({ o: { x: 1 } }), false],
    ['a large account number only matches the number', { account: [123456789012] }, ev({}), false],
  ],
  'arrays of objects (same element)': [
    ['both values on one element', { detail: { items: { sku: ['A'], qty: [2] } } }, ev({ items: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }] }), true],
    ['values split across elements', { detail: { items: { sku: ['A'], qty: [1] } } }, ev({ items: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }] }), false],
  ],
  prefix: [
    ['starts with', { detail: { s: [{ prefix: 'i-' }] } }, ev({ s: 'i-123' }), true],
    ['case-sensitive', { detail: { s: [{ prefix: 'I-' }] } }, ev({ s: 'i-123' }), false],
    ['empty prefix matches ""', { detail: { s: [{ prefix: '' }] } }, ev({ s: '' }), true],
    ['empty prefix does not match null', { detail: { s: [{ prefix: '' }] } }, ev({ s: null }), false],
    ['never matches numbers', { detail: { s: [{ prefix: '1' }] } }, ev({ s: 123 }), false],
    ['ignore-case form', { detail: { s: [{ prefix: { 'equals-ignore-case': 'ABC' } }] } }, ev({ s: 'abcdef' }), true],
  ],
  suffix: [
    ['ends with', { detail: { k: [{ suffix: '.png' }] } }, ev({ k: 'a/b.png' }), true],
    ['case-sensitive', { detail: { k: [{ suffix: '.PNG' }] } }, ev({ k: 'a/b.png' }), false],
    ['ignore-case form', { detail: { k: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } }, ev({ k: 'a/b.png' }), true],
  ],
  'equals-ignore-case': [
    ['any case', { detail: { s: [{ 'equals-ignore-case': 'AbC' }] } }, ev({ s: 'aBc' }), true],
    ['whole value', { detail: { s: [{ 'equals-ignore-case': 'abc' }] } }, ev({ s: 'abcd' }), false],
    ['"" only matches ""', { detail: { s: [{ 'equals-ignore-case': '' }] } }, ev({ s: 'x' }), false],
  ],
  wildcard: [
    ['star in the middle', { detail: { s: [{ wildcard: 'arn:*:bus/*' }] } }, ev({ s: 'arn:aws:events:bus/default' }), true],
    ['whole value', { detail: { s: [{ wildcard: 'a*b' }] } }, ev({ s: 'a-b-c' }), false],
    ['star matches nothing', { detail: { s: [{ wildcard: 'a*b' }] } }, ev({ s: 'ab' }), true],
    ['escaped star is literal', { detail: { s: [{ wildcard: 'a\\*b' }] } }, ev({ s: 'a*b' }), true],
    ['escaped star does not glob', { detail: { s: [{ wildcard: 'a\\*b' }] } }, ev({ s: 'axb' }), false],
    ['escaped backslash', { detail: { s: [{ wildcard: 'a\\\\*' }] } }, ev({ s: 'a\\xyz' }), true],
    ['"*" matches ""', { detail: { s: [{ wildcard: '*' }] } }, ev({ s: '' }), true],
    ['"" matches only ""', { detail: { s: [{ wildcard: '' }] } }, ev({ s: 'x' }), false],
    ['overlapping segments', { detail: { s: [{ wildcard: '*aba*aba' }] } }, ev({ s: 'ababa' }), false],
    ['never matches numbers', { detail: { s: [{ wildcard: '1*' }] } }, ev({ s: 12 }), false],
  ],
  'anything-but': [
    ['excluded value', { detail: { s: [{ 'anything-but': ['a', 'b'] }] } }, ev({ s: 'a' }), false],
    ['other value', { detail: { s: [{ 'anything-but': ['a', 'b'] }] } }, ev({ s: 'c' }), true],
    ['missing field never matches', { detail: { s: [{ 'anything-but': 'a' }] } }, ev({}), false],
    ['null matches', { detail: { s: [{ 'anything-but': 'a' }] } }, ev({ s: null }), true],
    ['a number is not a string exclusion', { detail: { s: [{ 'anything-but': '5' }] } }, ev({ s: 5 }), true],
    ['numbers are normalised', { detail: { n: [{ 'anything-but': [200] }] } }, ev({ n: 200.0 }), false],
    ['per element: one element not excluded', { detail: { s: [{ 'anything-but': 'a' }] } }, ev({ s: ['a', 'b'] }), true],
    ['per element: all excluded', { detail: { s: [{ 'anything-but': 'a' }] } }, ev({ s: ['a', 'a'] }), false],
    ['prefix', { detail: { s: [{ 'anything-but': { prefix: 'init' } }] } }, ev({ s: 'initializing' }), false],
    ['prefix on a number', { detail: { s: [{ 'anything-but': { prefix: '1' } }] } }, ev({ s: 12 }), true],
    ['suffix list', { detail: { s: [{ 'anything-but': { suffix: ['.tmp', '.bak'] } }] } }, ev({ s: 'a.bak' }), false],
    ['equals-ignore-case', { detail: { s: [{ 'anything-but': { 'equals-ignore-case': ['STOPPED'] } }] } }, ev({ s: 'stopped' }), false],
    ['wildcard', { detail: { s: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, ev({ s: 'dir/lib/x' }), false],
    ['absent or not X idiom: absent', { detail: { s: [{ 'anything-but': 'x' }, { exists: false }] } }, ev({}), true],
    ['absent or not X idiom: X', { detail: { s: [{ 'anything-but': 'x' }, { exists: false }] } }, ev({ s: 'x' }), false],
  ],
  numeric: [
    ['equals', { detail: { n: [{ numeric: ['=', 301.8] }] } }, ev({ n: 3.018e2 }), true],
    ['range inside', { detail: { n: [{ numeric: ['>', 0, '<=', 5] }] } }, ev({ n: 5 }), true],
    ['range lower bound is exclusive', { detail: { n: [{ numeric: ['>', 0, '<=', 5] }] } }, ev({ n: 0 }), false],
    ['>=', { detail: { n: [{ numeric: ['>=', 0] }] } }, ev({ n: 0 }), true],
    ['<', { detail: { n: [{ numeric: ['<', 0] }] } }, ev({ n: -0.5 }), true],
    ['strings never match', { detail: { n: [{ numeric: ['>', 0] }] } }, ev({ n: '46' }), false],
    ['null never matches', { detail: { n: [{ numeric: ['>', 0] }] } }, ev({ n: null }), false],
    ['any array element', { detail: { n: [{ numeric: ['>', 10] }] } }, ev({ n: [1, 20] }), true],
  ],
  exists: [
    ['true on a value', { detail: { x: [{ exists: true }] } }, ev({ x: 'v' }), true],
    ['true on null (present)', { detail: { x: [{ exists: true }] } }, ev({ x: null }), true],
    ['true on missing', { detail: { x: [{ exists: true }] } }, ev({}), false],
    ['true on an object (leaf-only)', { detail: { x: [{ exists: true }] } }, ev({ x: { a: 1 } }), false],
    ['false on an object', { detail: { x: [{ exists: false }] } }, ev({ x: { a: 1 } }), true],
    ['true on []', { detail: { x: [{ exists: true }] } }, ev({ x: [] }), false],
    ['false on missing', { detail: { x: [{ exists: false }] } }, ev({}), true],
    ['false when detail is a string', { detail: { x: [{ exists: false }] } }, { source: 'a', detail: 'text' }, true],
    ['false when detail is missing', { detail: { x: [{ exists: false }] } }, { source: 'a' }, true],
    ['false fails if any element carries the key', { detail: { items: { sku: [{ exists: false }] } } }, ev({ items: [{ sku: 'A' }, { qty: 1 }] }), false],
  ],
  cidr: [
    ['inside', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, ev({ ip: '10.0.0.255' }), true],
    ['outside', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, ev({ ip: '10.0.1.0' }), false],
    ['host bits in the base are masked', { detail: { ip: [{ cidr: '10.0.0.77/24' }] } }, ev({ ip: '10.0.0.1' }), true],
    ['IPv6', { detail: { ip: [{ cidr: '2001:db8::/32' }] } }, ev({ ip: '2001:db8:0:1::5' }), true],
    ['IPv6 outside', { detail: { ip: [{ cidr: '2001:db8::/32' }] } }, ev({ ip: '2001:db9::1' }), false],
    ['IPv4-mapped IPv6 is not IPv4', { detail: { ip: [{ cidr: '10.0.0.0/8' }] } }, ev({ ip: '::ffff:10.0.0.1' }), false],
    ['not an IP', { detail: { ip: [{ cidr: '10.0.0.0/8' }] } }, ev({ ip: 'host' }), false],
  ],
  $or: [
    ['first branch', { $or: [{ source: ['a'] }, { 'detail-type': ['b'] }] }, { source: 'a', 'detail-type': 'x' }, true],
    ['second branch', { $or: [{ source: ['a'] }, { 'detail-type': ['b'] }] }, { source: 'x', 'detail-type': 'b' }, true],
    ['no branch', { $or: [{ source: ['a'] }, { 'detail-type': ['b'] }] }, { source: 'x', 'detail-type': 'x' }, false],
    ['AND with siblings', { source: ['s'], $or: [{ detail: { a: [1] } }, { detail: { b: [2] } }] }, { source: 'x', detail: { a: 1 } }, false],
    ['nested paths are relative', { detail: { $or: [{ id: [1] }, { n: [2] }] } }, ev({ id: 1 }), true],
    ['a repeated parent inside nests again', { detail: { $or: [{ detail: { id: [1] } }, { n: [2] }] } }, ev({ id: 1 }), false],
  ],
  'dotted keys': [
    ['a dotted key is the nested path', { detail: { 'a.b': ['x'] } }, ev({ a: { b: 'x' } }), true],
  ],
};

describe('event pattern matcher', () => {
  for (const [group, list] of Object.entries(cases)) {
    describe(group, () => {
      for (const [name, pattern, event, expected] of list) {
        it(`${expected ? 'matches' : 'does not match'}: ${name}`, () => {
          assert.equal(matches(pattern, event), expected);
        });
      }
    });
  }

  it('explains a non-match: the field, the condition and what the event had', () => {
    const p = compilePattern({ source: ['aws.ec2'], detail: { state: ['running', { prefix: 'pend' }] } });
    const r = p.explain(SAMPLE_EVENTS[0].event);
    assert.equal(r.matched, false);
    const failed = r.reasons.filter((x) => !x.ok);
    assert.deepEqual(failed.map((x) => `${x.path}: ${x.message}`), ['detail.state: no match: expected ["running", {"prefix":"pend"}], but the event has "stopped"']);
    assert.ok(r.reasons.some((x) => x.ok && x.path === 'source'));
  });

  it('explains a missing field and which array element was examined', () => {
    const r = compilePattern({ detail: { missing: ['x'] } }).explain(ev({}));
    assert.equal(r.reasons[0].message, 'no match: expected ["x"], but the field is missing');
    const r2 = compilePattern({ detail: { items: { sku: ['B-7'], qty: [1] } } }).explain(SAMPLE_EVENTS[7].event);
    assert.equal(r2.matched, true);
    assert.ok(r2.reasons.some((x) => x.path === 'detail.items[1].sku' && x.ok));
  });

  it('matches each bundled sample event with a pattern written for it', () => {
    const want: Record<string, unknown> = {
      'EC2 Instance State-change Notification': { source: ['aws.ec2'], detail: { state: ['stopped'] } },
      'S3 Object Created': { 'detail-type': ['Object Created'], detail: { object: { key: [{ suffix: '.png' }], size: [{ numeric: ['>', 1048576] }] } } },
      'ECS Task State Change': { detail: { containers: { exitCode: [{ 'anything-but': 0 }] } } },
      'Custom application event (orders)': { detail: { customer: { tier: ['gold'] }, coupon: [null] } },
    };
    for (const s of SAMPLE_EVENTS) if (want[s.name]) assert.equal(matches(want[s.name], s.event), true, s.name);
  });

  it('RuleSet returns the same rules as matching each pattern one by one', () => {
    const patterns = [
      { source: ['aws.ec2'] },
      { source: ['aws.s3', 'aws.ec2'], detail: { state: ['stopped'] } },
      { source: [{ prefix: 'aws.' }] },
      { 'detail-type': ['Scheduled Event'] },
    ];
    const set = new RuleSet<number>();
    patterns.forEach((p, i) => set.add(i, p));
    for (const s of SAMPLE_EVENTS) {
      const expected = patterns.map((p, i) => (compilePattern(p).match(s.event) ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(set.matches(s.event).sort(), expected, s.name);
    }
  });
});
