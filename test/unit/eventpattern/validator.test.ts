import * as assert from 'node:assert/strict';
import { errorsOf, lintPattern } from './helpers';

// Each row: a pattern EventBridge's PutRule rejects, and the message it rejects it with (see the semantics reference A.6).
const rejected: [string, string][] = [
  ['["aws.ec2"]', 'Filter is not an object'],
  ['"aws.ec2"', 'Filter is not an object'],
  ['{}', 'Empty objects are not allowed'],
  ['{"detail": {}}', 'Empty objects are not allowed'],
  ['{"source": []}', 'Empty arrays are not allowed'],
  ['{"source": "aws.ec2"}', '"source" must be an object or an array'],
  ['{"detail": {"state": null}}', '"state" must be an object or an array'],
  ['{"detail": {"n": 5}}', '"n" must be an object or an array'],
  ['{"source": [["aws.ec2"]]}', 'Match value must be String, number, true, false, or null'],
  ['{"source": [{}]}', 'Match expression name not found'],
  ['{"source": [{"prefix": "a", "suffix": "b"}]}', 'Only one key allowed in match expression'],
  ['{"source": [{"PREFIX": "a"}]}', 'Unrecognized match type PREFIX (operator names are case-sensitive: use "prefix")'],
  ['{"source": [{"EXISTS": true}]}', 'Unrecognized match type EXISTS (operator names are case-sensitive: use "exists")'],
  ['{"source": [{"contains": "ec2"}]}', 'Unrecognized match type contains (use {"wildcard": "*text*"})'],
  ['{"source": [{"prefix": 5}]}', 'prefix match pattern must be a string'],
  ['{"source": [{"prefix": null}]}', 'prefix match pattern must be a string'],
  ['{"source": [{"prefix": {"nope": "a"}}]}', 'Unsupported prefix pattern: nope'],
  ['{"source": [{"suffix": 5}]}', 'suffix match pattern must be a string'],
  ['{"source": [{"suffix": {"x": "a"}}]}', 'Unsupported suffix pattern: x'],
  ['{"source": [{"suffix": [".png"]}]}', 'suffix match pattern must be a string (one value per suffix object; list several objects to match any of them)'],
  ['{"source": [{"equals-ignore-case": ["a"]}]}', 'equals-ignore-case match pattern must be a string (one value per equals-ignore-case object; list several objects to match any of them)'],
  ['{"source": [{"equals-ignore-case": {"a": 1}}]}', 'equals-ignore-case match pattern must be a string'],
  ['{"source": [{"wildcard": 5}]}', 'wildcard match pattern must be a string'],
  ['{"source": [{"wildcard": "a**b"}]}', 'Consecutive wildcard characters at pos 2'],
  ['{"source": [{"wildcard": "a\\\\b"}]}', 'Invalid escape character at pos 1'],
  ['{"source": [{"wildcard": "ab\\\\"}]}', 'Invalid escape character at pos 2'],
  ['{"source": [{"anything-but": null}]}', 'Value of anything-but must be an array or single string/number value.'],
  ['{"source": [{"anything-but": true}]}', 'Value of anything-but must be an array or single string/number value.'],
  ['{"source": [{"anything-but": ["a", null]}]}', 'Inside anything but list, start|null|boolean is not supported.'],
  ['{"source": [{"anything-but": ["a", 1]}]}', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
  ['{"source": [{"anything-but": []}]}', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
  ['{"source": [{"anything-but": {"prefix": ""}}]}', 'Null prefix/suffix not allowed'],
  ['{"source": [{"anything-but": {"suffix": 5}}]}', 'prefix/suffix match pattern must be a string'],
  ['{"source": [{"anything-but": {"cidr": "10.0.0.0/8"}}]}', 'Unsupported anything-but pattern: cidr'],
  ['{"source": [{"anything-but": {"numeric": [">", 1]}}]}', 'Unsupported anything-but pattern: numeric'],
  ['{"source": [{"anything-but": {"prefix": {"equals-ignore-case": "a"}}}]}', 'prefix/suffix match pattern must be a string'],
  ['{"source": [{"anything-but": {"equals-ignore-case": [1]}}]}', 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'],
  ['{"source": [{"anything-but": {"prefix": "a", "suffix": "b"}}]}', 'Too many elements in numeric expression'],
  ['{"n": [{"numeric": 5}]}', 'Value of numeric must be an array.'],
  ['{"n": [{"numeric": [">", "5"]}]}', 'Value of > must be numeric'],
  ['{"n": [{"numeric": ["=", "5"]}]}', 'Value of equals must be numeric'],
  ['{"n": [{"numeric": ["==", 5]}]}', 'Unrecognized numeric range operator: =='],
  ['{"n": [{"numeric": ["!=", 5]}]}', 'Unrecognized numeric range operator: !='],
  ['{"n": [{"numeric": [5]}]}', 'Invalid member in numeric match: 5'],
  ['{"n": [{"numeric": []}]}', 'Invalid member in numeric match: ]'],
  ['{"n": [{"numeric": [">", 0, ">", 10]}]}', 'Bad numeric range operator: >'],
  ['{"n": [{"numeric": ["<", 10, ">", 0]}]}', 'Too many elements in numeric expression (a range must start with the lower bound: [">", low, "<", high])'],
  ['{"n": [{"numeric": ["=", 5, "<", 10]}]}', 'Too many elements in numeric expression'],
  ['{"n": [{"numeric": [">", 0, "<", 10, "<", 20]}]}', 'Too many terms in numeric range expression'],
  ['{"n": [{"numeric": [">", 10, "<", 5]}]}', 'Bottom must be less than top'],
  ['{"n": [{"numeric": [">=", 5, "<=", 5]}]}', 'Bottom must be less than top'],
  ['{"n": [{"numeric": [">", 1e400]}]}', 'Cannot compare number : 1e400'],
  ['{"n": [{"exists": "true"}]}', 'exists match pattern must be either true or false.'],
  ['{"n": [{"exists": 1}]}', 'exists match pattern must be either true or false.'],
  ['{"ip": [{"cidr": 10}]}', 'prefix match pattern must be a string'],
  ['{"ip": [{"cidr": "10.0.0.0"}]}', "Malformed CIDR, one '/' required"],
  ['{"ip": [{"cidr": "10.0.0.0/8/8"}]}', "Malformed CIDR, one '/' required"],
  ['{"ip": [{"cidr": "10.0.0.0/x"}]}', 'Malformed CIDR, mask bits must be an integer'],
  ['{"ip": [{"cidr": "10.0.0.0/-1"}]}', 'Malformed CIDR, mask bits must not be negative'],
  ['{"ip": [{"cidr": "10.0.0.1/32"}]}', 'IPv4 mask bits must be < 32'],
  ['{"ip": [{"cidr": "2001:db8::/128"}]}', 'IPv6 mask bits must be < 128'],
  ['{"ip": [{"cidr": "10.0.0.256/8"}]}', 'Nonstandard IP address: 10.0.0.256'],
  ['{"$or": {"a": ["x"]}}', 'It must be an Array followed with $or.'],
  ['{"$or": [{"a": ["x"]}]}', 'There must have at least 2 Objects in $or relationship.'],
  ['{"$or": [{"a": ["x"]}, "b"]}', 'Only JSON object is allowed in array of $or relationship.'],
  ['{"$or": [{"prefix": ["x"]}, {"b": ["y"]}]}', 'prefix is Ruler reserved fieldName which cannot be used inside $or.'],
  ['{"$or": [{"a": ["x"]}, {"numeric": ["y"]}]}', 'numeric is Ruler reserved fieldName which cannot be used inside $or.'],
  ['{"source": ["a",]}', "Invalid JSON: value expected (trailing comma?)"],
  ["{'source': ['a']}", 'Invalid JSON: single quotes are not allowed, use double quotes'],
  ['{source: ["a"]}', 'Invalid JSON: unexpected "source" (keys and strings need double quotes)'],
  ['{"source": ["a"] // c\n}', 'Invalid JSON: comments are not allowed'],
];

// Patterns PutRule accepts: the validator must not report an error for any of them.
const accepted = [
  '{"source": ["aws.ec2"]}',
  '{"detail": {"n": [0, -1.5, 3.0e2, true, false, null, ""]}}',
  '{"detail": {"s": [{"prefix": ""}, {"suffix": "x"}, {"prefix": {"equals-ignore-case": "AbC"}}, {"suffix": {"equals-ignore-case": ".PNG"}}]}}',
  '{"detail": {"s": [{"equals-ignore-case": "x"}, {"wildcard": "a*b\\\\*c\\\\\\\\"}, {"wildcard": ""}]}}',
  '{"detail": {"s": [{"anything-but": "x"}, {"anything-but": 5}, {"anything-but": ["a", "b"]}, {"anything-but": [1, 2]}]}}',
  '{"detail": {"s": [{"anything-but": {"prefix": "a"}}, {"anything-but": {"suffix": ["a", "b"]}}, {"anything-but": {"equals-ignore-case": ["A"]}}, {"anything-but": {"wildcard": "a*"}}]}}',
  '{"detail": {"n": [{"numeric": ["=", 5]}, {"numeric": ["<", 5]}, {"numeric": [">=", 0, "<", 1]}, {"numeric": [">", -1, "<=", 1]}]}}',
  '{"detail": {"n": [{"exists": true}], "m": [{"exists": false}]}}',
  '{"detail": {"ip": [{"cidr": "10.0.0.0/8"}, {"cidr": "10.1.2.3/31"}, {"cidr": "2001:db8::/32"}, {"cidr": "0.0.0.0/0"}]}}',
  '{"source": ["a"], "$or": [{"detail": {"a": [1]}}, {"detail": {"b": [2]}, "$or": [{"x": ["1"]}, {"y": ["2"]}]}]}',
  '{"detail": {"$or": [{"a": [1]}, {"b": [2]}]}}',
];

describe('event pattern validator', () => {
  for (const [pattern, message] of rejected) {
    it(`rejects ${pattern} with "${message}"`, () => {
      assert.deepEqual(errorsOf(pattern), [message]);
    });
  }

  for (const pattern of accepted) {
    it(`accepts ${pattern}`, () => {
      assert.deepEqual(errorsOf(pattern), []);
    });
  }

  it('points a leaf error at the scalar value, not the whole pattern', () => {
    const d = lintPattern('{\n  "source": "aws.ec2"\n}');
    assert.deepEqual(d, [{ code: 'leaf-not-array', severity: 'error', message: '"source" must be an object or an array', text: '"aws.ec2"' }]);
  });

  it('points an unknown operator error at the operator key', () => {
    const d = lintPattern('{"detail": {"a": [{"Prefix": "x"}]}}');
    assert.equal(d[0].text, '"Prefix"');
    assert.equal(d[0].code, 'unknown-operator');
  });

  it('warns about top-level keys outside the event envelope, suggesting the real field', () => {
    for (const key of ['detail_type', 'detailType', 'DetailType']) {
      const d = lintPattern(`{"${key}": ["x"]}`);
      assert.equal(d.length, 1);
      assert.equal(d[0].code, 'not-envelope-field');
      assert.match(d[0].message, /did you mean "detail-type"\?$/);
      assert.equal(d[0].text, `"${key}"`);
    }
    assert.match(lintPattern('{"Source": ["aws.ec2"]}')[0].message, /did you mean "source"\?/);
  });

  it('warns about unknown AWS sources with the closest known one, and leaves custom sources alone', () => {
    assert.match(lintPattern('{"source": ["aws.ec2.instance"]}')[0].message, /^Unknown AWS event source "aws.ec2.instance"; did you mean "aws.ec2"\?$/);
    assert.match(lintPattern('{"source": ["ec2.amazonaws.com"]}')[0].message, /did you mean "aws.ec2"\?/);
    assert.match(lintPattern('{"source": ["aws.codepipline"]}')[0].message, /did you mean "aws.codepipeline"\?/);
    assert.match(lintPattern('{"source": ["AWS.S3"]}')[0].message, /did you mean "aws.s3"\?/);
    assert.deepEqual(lintPattern('{"source": ["com.example.orders", "aws.partner/example.com/123/x"]}'), []);
  });

  it('warns when the source never emits the detail-type, suggesting the closest one', () => {
    const d = lintPattern('{"source": ["aws.ec2"], "detail-type": ["EC2 Instance State Change"]}');
    assert.equal(d.length, 1);
    assert.equal(d[0].message, 'aws.ec2 does not emit detail-type "EC2 Instance State Change"; did you mean "EC2 Instance State-change Notification"?');
    assert.deepEqual(lintPattern('{"source": ["aws.s3"], "detail-type": ["Object Created", "AWS API Call via CloudTrail"]}'), []);
  });

  it('warns about duplicate keys (the last one wins) and duplicate values', () => {
    const d = lintPattern('{"source": ["a"], "source": ["b", "b"]}');
    assert.deepEqual(d.map((x) => [x.code, x.text]), [['duplicate-key', '"source"'], ['duplicate-value', '"b"']]);
    assert.match(d[0].message, /keeps only the last one/);
  });

  it('warns about dotted keys, exactly, and numbers a string envelope field never equals', () => {
    assert.equal(lintPattern('{"detail": {"a.b": ["x"]}}')[0].code, 'dotted-key');
    assert.equal(lintPattern('{"source": [{"exactly": "x"}]}')[0].code, 'undocumented-operator');
    const d = lintPattern('{"account": [123456789012]}');
    assert.equal(d[0].code, 'type-never-matches');
    assert.equal(d[0].text, '123456789012');
  });

  it('warns about conditions that cannot do what they say', () => {
    assert.equal(lintPattern('{"detail": {"a": [{"exists": true}, {"exists": false}]}}')[0].code, 'always-matches');
    assert.equal(lintPattern('{"detail": [{"exists": true}]}')[0].code, 'exists-on-object');
    assert.equal(lintPattern('{"detail": {"a": [{"wildcard": "abc"}]}}')[0].code, 'wildcard-without-star');
    assert.equal(lintPattern('{"detail": {"a": [{"wildcard": "*a*b*c*d*"}]}}')[0].code, 'wildcard-complexity');
    assert.equal(lintPattern('{"detail": {"a": [{"numeric": [">", 6000000000]}]}}')[0].code, 'numeric-doc-limit');
    assert.equal(lintPattern('{"detail": {"a": [{"numeric": [">", 0.1234567]}]}}')[0].code, 'numeric-doc-limit');
  });

  it('enforces the service-only size and $or limits', () => {
    const long = `{"source": [${Array.from({ length: 300 }, (_, i) => `"com.example.s${i}"`).join(',')}]}`;
    const d = lintPattern(long);
    assert.equal(d.length, 1);
    assert.equal(d[0].code, 'pattern-too-long');
    assert.equal(d[0].severity, 'error');
    const medium = `{"source": [${Array.from({ length: 150 }, (_, i) => `"com.example.s${i}"`).join(',')}]}`;
    assert.equal(lintPattern(medium)[0].code, 'pattern-over-quota');
    assert.equal(lintPattern(medium)[0].severity, 'warning');
    const branch = (k: string) => `{"$or": [${Array.from({ length: 11 }, (_, i) => `{"${k}${i}": ["x"]}`).join(',')}]}`;
    const or = `{"detail": {"a": ${branch('a')}, "b": ${branch('b')}, "c": ${branch('c')}}}`;
    const orDiag = lintPattern(or).find((x) => x.code === 'or-combinations');
    assert.equal(orDiag?.message, 'Event pattern has 1331 $or rule combinations; EventBridge allows at most 1000');
  });
});
