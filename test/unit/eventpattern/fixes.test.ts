import * as assert from 'node:assert/strict';
import { fixAll, lintText, type Fix } from '../../../src/core/eventpattern';

/** Applies the fix titled `title` for the diagnostic with `code`, and returns the new text. */
function applyFix(fileName: string, text: string, code: string, title?: string): string {
  const d = lintText(fileName, text, { bare: fileName.endsWith('.eventpattern.json') }).diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code} diagnostic`);
  const fix: Fix | undefined = title ? d.fixes?.find((f) => f.title === title) : d.fixes?.[0];
  assert.ok(fix, `no fix for ${code}; fixes: ${JSON.stringify(d.fixes?.map((f) => f.title))}`);
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function codes(fileName: string, text: string): string[] {
  return lintText(fileName, text, { bare: fileName.endsWith('.eventpattern.json') }).diagnostics.map((d) => d.code);
}

const P = 'p.eventpattern.json';

describe('event pattern quick fixes', () => {
  it('wraps a scalar in an array (JSON, YAML and inside an escaped JSON string)', () => {
    assert.equal(applyFix(P, '{"source": "aws.ec2"}', 'leaf-not-array'), '{"source": ["aws.ec2"]}');
    const yaml = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source: aws.ec2\n';
    const fixed = applyFix('t.yaml', yaml, 'leaf-not-array');
    assert.match(fixed, /source: \[aws.ec2\]/);
    assert.deepEqual(codes('t.yaml', fixed), []);
    const json = JSON.stringify({ Resources: { R: { Type: 'AWS::Events::Rule', Properties: { EventPattern: '{"source":"aws.ec2"}' } } } });
    const fixedJson = applyFix('t.json', json, 'leaf-not-array');
    assert.ok(fixedJson.includes('{\\"source\\":[\\"aws.ec2\\"]}'), fixedJson);
    assert.deepEqual(codes('t.json', fixedJson), []);
  });

  it('renames detail_type, detailType and DetailType to detail-type', () => {
    for (const k of ['detail_type', 'detailType', 'DetailType']) {
      assert.equal(applyFix(P, `{"${k}": ["x"]}`, 'not-envelope-field'), '{"detail-type": ["x"]}');
    }
  });

  it('fixes operator case, and turns contains into a wildcard', () => {
    assert.equal(applyFix(P, '{"a": [{"Prefix": "x"}]}', 'unknown-operator'), '{"a": [{"prefix": "x"}]}');
    assert.equal(applyFix(P, '{"a": [{"contains": "err"}]}', 'unknown-operator'), '{"a": [{"wildcard": "*err*"}]}');
  });

  it('puts reversed numeric bounds in order, and swaps a bottom above the top', () => {
    const fixed = applyFix(P, '{"detail": {"n": [{"numeric": ["<", 10, ">", 0]}]}}', 'numeric-reversed-bounds');
    assert.equal(fixed, '{"detail": {"n": [{"numeric": [">", 0, "<", 10]}]}}');
    assert.deepEqual(codes(P, fixed), []);
    assert.equal(applyFix(P, '{"n": [{"numeric": [">", 10, "<=", 5]}]}', 'numeric-bottom-top'), '{"n": [{"numeric": [">", 5, "<=", 10]}]}');
  });

  it('changes a misspelled AWS source to the closest known one', () => {
    assert.equal(applyFix(P, '{"source": ["aws.ec2.instance"]}', 'unknown-source'), '{"source": ["aws.ec2"]}');
    assert.equal(applyFix(P, '{"source": ["aws.codepipline"]}', 'unknown-source'), '{"source": ["aws.codepipeline"]}');
  });

  it('removes a duplicate value (JSON list and YAML block list)', () => {
    assert.equal(applyFix(P, '{"s": ["a", "b", "a"]}', 'duplicate-value'), '{"s": ["a", "b"]}');
    const yaml = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source:\n          - aws.ec2\n          - aws.ec2\n';
    const fixed = applyFix('t.yaml', yaml, 'duplicate-value');
    assert.equal(fixed, 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source:\n          - aws.ec2\n');
  });

  it('splits an operator given a list into one object per value', () => {
    const fixed = applyFix(P, '{"detail": {"k": [{"suffix": [".png", ".jpg"]}]}}', 'operator-given-list');
    assert.equal(fixed, '{"detail": {"k": [{"suffix": ".png"}, {"suffix": ".jpg"}]}}');
    assert.deepEqual(codes(P, fixed), []);
  });

  it('replaces a /32 CIDR with the exact address, and a wildcard without * with the plain value', () => {
    assert.equal(applyFix(P, '{"ip": [{"cidr": "10.0.0.1/32"}]}', 'invalid-cidr'), '{"ip": ["10.0.0.1"]}');
    assert.equal(applyFix(P, '{"s": [{"wildcard": "a\\\\*b"}]}', 'wildcard-without-star'), '{"s": ["a*b"]}');
  });

  it('unquotes a number written as a string in a numeric match (JSON, YAML and Terraform)', () => {
    assert.equal(applyFix(P, '{"n": [{"numeric": [">", "100"]}]}', 'invalid-numeric'), '{"n": [{"numeric": [">", 100]}]}');
    assert.equal(applyFix(P, '{"n": [{"numeric": [">", 0, "<=", "2.5e3"]}]}', 'invalid-numeric'), '{"n": [{"numeric": [">", 0, "<=", 2.5e3]}]}');
    const yaml = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        detail:\n          n: [{numeric: [">", \'100\']}]\n';
    const fixedYaml = applyFix('t.yaml', yaml, 'invalid-numeric');
    assert.match(fixedYaml, /numeric: \[">", 100\]/);
    assert.deepEqual(codes('t.yaml', fixedYaml), []);
    const tf = 'resource "aws_cloudwatch_event_rule" "r" {\n  event_pattern = jsonencode({\n    detail = { total = [{ numeric = [">", "100"] }] }\n  })\n}\n';
    const fixedTf = applyFix('main.tf', tf, 'invalid-numeric');
    assert.match(fixedTf, /numeric = \[">", 100\]/);
    assert.deepEqual(codes('main.tf', fixedTf), []);
    // Not a number: no fix.
    const d = lintText(P, '{"n": [{"numeric": [">", "ten"]}]}', { bare: true }).diagnostics.find((x) => x.code === 'invalid-numeric');
    assert.ok(d, 'no invalid-numeric diagnostic for "ten"');
    assert.equal(d.fixes?.length ?? 0, 0);
  });

  it('quotes an account id written as a number', () => {
    assert.equal(applyFix(P, '{"account": [123456789012]}', 'type-never-matches'), '{"account": ["123456789012"]}');
  });

  it('quotes YAML 1.1 booleans and dates written bare in a YAML pattern', () => {
    const yaml = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        detail:\n          enabled: [on, "off"]\n';
    const d = lintText('t.yaml', yaml).diagnostics;
    assert.deepEqual(d.map((x) => [x.code, yaml.slice(x.start, x.end)]), [['yaml-coercion', 'on']]);
    assert.match(applyFix('t.yaml', yaml, 'yaml-coercion'), /enabled: \["on", "off"\]/);
  });

  describe('Fix All (lint --fix, source.fixAll)', () => {
    it('applies the sure fixes of a CloudFormation YAML template and leaves it valid', () => {
      const yaml = [
        'Resources:',
        '  R:',
        '    Type: AWS::Events::Rule',
        '    Properties:',
        '      EventPattern:',
        '        source: aws.ec2',
        '        detail:',
        '          state: [{Prefix: run}, stopped, stopped]',
        '',
      ].join('\n');
      const r = fixAll('t.yaml', yaml);
      assert.equal(r.applied, 3);
      assert.match(r.text, /source: \[aws.ec2\]/);
      assert.match(r.text, /state: \[\{prefix: run\}, stopped\]/);
      assert.deepEqual(codes('t.yaml', r.text), []);
    });

    it('fixes a Terraform jsonencode pattern in place', () => {
      const tf = 'resource "aws_cloudwatch_event_rule" "r" {\n  event_pattern = jsonencode({\n    source = "aws.ec2"\n  })\n}\n';
      const r = fixAll('main.tf', tf);
      assert.equal(r.applied, 1);
      assert.equal(r.text, tf.replace('source = "aws.ec2"', 'source = ["aws.ec2"]'));
      assert.deepEqual(codes('main.tf', r.text), []);
    });

    it('leaves guesses alone: a close spelling of a source or an operator, and which numeric bound was meant', () => {
      const text = '{"source": ["aws.ec2.instance"], "detail": {"a": [{"prefx": "x"}], "n": [{"numeric": [">", 9, "<", 1]}]}}';
      const before = codes(P, text);
      assert.deepEqual(before, ['unknown-source', 'unknown-operator', 'numeric-bottom-top']);
      assert.deepEqual(fixAll(P, text), { text, applied: 0 });
    });

    it('renames a differently written envelope field (detailType), but not a merely similar one (detal)', () => {
      assert.equal(fixAll(P, '{"detailType": ["x"]}').text, '{"detail-type": ["x"]}');
      assert.equal(fixAll(P, '{"detal": {"x": ["y"]}}').applied, 0);
    });

    it('applies in a later pass a fix that an earlier one revealed', () => {
      // "Prefix" is no operator, so its list is not checked; once renamed, the list needs splitting.
      const text = '{"detail": {"k": [{"Prefix": ["a", "b"]}]}}';
      assert.deepEqual(codes(P, text), ['unknown-operator']);
      const r = fixAll(P, text);
      assert.deepEqual(r, { text: '{"detail": {"k": [{"prefix": "a"}, {"prefix": "b"}]}}', applied: 2 });
      assert.deepEqual(codes(P, r.text), []);
    });

    it('changes nothing in an invalid file', () => {
      assert.deepEqual(fixAll(P, '{"source": ["a",]}'), { text: '{"source": ["a",]}', applied: 0 });
      assert.deepEqual(fixAll('t.yaml', 'Resources: [\n'), { text: 'Resources: [\n', applied: 0 });
    });
  });
});
