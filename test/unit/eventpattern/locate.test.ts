import * as assert from 'node:assert/strict';
import { FAST_PATH_MIN_LENGTH, lintText, locatePatterns, toJson, withPositions } from '../../../src/core/eventpattern';
import { show } from './helpers';

/** What the user sees for each diagnostic: code, 1-based line:column, and the exact characters underlined. */
function lint(fileName: string, text: string): string[] {
  const r = lintText(fileName, text);
  return withPositions(text, r.diagnostics).map((d) => `${d.line}:${d.column} ${d.code} ${JSON.stringify(show(text, d).text)}`);
}

describe('finding event patterns', () => {
  describe('CloudFormation YAML', () => {
    it('reads EventPattern as a YAML mapping, with short-form intrinsics elsewhere in the template', () => {
      const text = [
        'Resources:',
        '  Rule:',
        '    Type: AWS::Events::Rule',
        '    Properties:',
        '      Name: !Sub "${AWS::StackName}-rule"',
        '      EventBusName: !Ref Bus',
        '      Targets: [{ Arn: !GetAtt Fn.Arn, Id: t }]',
        '      EventPattern:',
        '        source: aws.ec2',
        '        detail:',
        '          state: [running, running]',
      ].join('\n');
      assert.deepEqual(lint('template.yaml', text), ['9:17 leaf-not-array "aws.ec2"', '11:28 duplicate-value "running"']);
    });

    it('treats an intrinsic inside the pattern as an opaque value', () => {
      const text = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source: [!Ref Source]\n        account: [!Sub "${AWS::AccountId}"]\n';
      assert.deepEqual(lint('t.yaml', text), []);
      assert.equal(locatePatterns('t.yaml', text).patterns.length, 1);
    });

    it('lints the JSON template of !Sub and Fn::Sub, treating strings with ${…} as unknown until deploy time', () => {
      const rule = (value: string) => `Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: ${value}\n`;
      // The scalar detail-type is wrong whatever the substitutions become; "${Source}" is not an unknown source.
      const short = rule(`!Sub '{"source": ["\${Source}"], "detail-type": "Object Created"}'`);
      assert.deepEqual(lint('t.yaml', short), ['5:68 leaf-not-array "\\"Object Created\\""']);
      const withVars = rule(`!Sub\n        - '{"source": ["aws.s3"], "detail": {"bucket": {"name": ["\${B}"]}}, "detail-type": "x"}'\n        - B: !Ref Bucket`);
      assert.deepEqual(lint('t.yaml', withVars), ['6:92 leaf-not-array "\\"x\\""']);
      const long = rule(`\n        Fn::Sub: '{"source": [{"prefix": 5}]}'`);
      assert.deepEqual(lint('t.yaml', long), ['6:42 invalid-prefix "5"']);
      // Fn::Sub's escape for a literal "${" is a plain string to check.
      assert.deepEqual(lint('t.yaml', rule(`!Sub '{"source": "\${!Literal}"}'`)).map((l) => l.split(' ')[1]), ['leaf-not-array']);
    });

    it('says nothing about a !Sub template that is JSON only after substitution', () => {
      const text = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: !Sub \'{"detail": {"n": [{"numeric": [">", ${Min}]}]}}\'\n';
      assert.deepEqual(lint('t.yaml', text), []);
    });

    it('lints Fn::Sub templates in JSON templates too', () => {
      const text = JSON.stringify({ Resources: { R: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { 'Fn::Sub': ['{"source": ["${S}"], "detail-type": "x"}', { S: 'a' }] } } } } });
      assert.deepEqual(lint('t.json', text).map((l) => l.split(' ')[1]), ['leaf-not-array']);
    });

    it('points inside a literal block scalar holding JSON', () => {
      const text = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: |\n        {\n          "source": ["aws.ec2"],\n          "detail": {"state": "stopped"}\n        }\n';
      assert.deepEqual(lint('t.yaml', text), ['8:31 leaf-not-array "\\"stopped\\""']);
    });

    it('points inside a folded block scalar holding JSON', () => {
      const text = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: >-\n        {"source": ["aws.ec2"],\n        "detail": {"state": "stopped"}}\n';
      assert.deepEqual(lint('t.yaml', text), ['7:29 leaf-not-array "\\"stopped\\""']);
    });

    it('points inside a single-quoted and a double-quoted JSON string, through the escapes', () => {
      const single = "Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: '{\"source\": [\"it''s\", {\"prefix\": 5}]}'\n";
      assert.deepEqual(lint('t.yaml', single), ['5:54 invalid-prefix "5"']);
      const double = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: "{\\"source\\": \\"aws.ec2\\"}"\n';
      assert.deepEqual(lint('t.yaml', double), ['5:35 leaf-not-array "\\\\\\"aws.ec2\\\\\\""']);
    });

    it('finds SAM EventBridgeRule and CloudWatchEvent patterns, and FilterCriteria on SQS events', () => {
      const text = [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Events:',
        '        A:',
        '          Type: EventBridgeRule',
        '          Properties:',
        '            Pattern:',
        '              source: [aws.s3]',
        '        B:',
        '          Type: CloudWatchEvent',
        '          Properties:',
        '            Pattern: { source: [aws.health], detail-type: [AWS Health Event] }',
        '        Q:',
        '          Type: SQS',
        '          Properties:',
        '            Queue: !GetAtt Q.Arn',
        '            FilterCriteria:',
        '              Filters:',
        "                - Pattern: '{\"body\": {\"kind\": [\"order\"]}}'",
      ].join('\n');
      const r = locatePatterns('template.yaml', text);
      assert.equal(r.kind, 'cloudformation');
      assert.deepEqual(r.patterns.map((p) => [p.label, p.context, JSON.stringify(toJson(p.node))]), [
        ['Resources.Fn.Events.A.Pattern', 'rule', '{"source":["aws.s3"]}'],
        ['Resources.Fn.Events.B.Pattern', 'rule', '{"source":["aws.health"],"detail-type":["AWS Health Event"]}'],
        ['Resources.Fn.Events.Q.FilterCriteria.Filters[0].Pattern', 'esm', '{"body":{"kind":["order"]}}'],
      ]);
      assert.deepEqual(lint('template.yaml', text), []);
    });

    it('finds Pipes filters and rejects an Archive pattern given as a string', () => {
      const text = [
        'Resources:',
        '  P:',
        '    Type: AWS::Pipes::Pipe',
        '    Properties:',
        '      SourceParameters:',
        '        FilterCriteria:',
        '          Filters:',
        '            - Pattern: \'{"body": [{"wildcard": "a*"}]}\'',
        '  A:',
        '    Type: AWS::Events::Archive',
        '    Properties:',
        '      EventPattern: \'{"source": ["x"]}\'',
      ].join('\n');
      assert.deepEqual(lint('t.yaml', text), ['8:36 unsupported-in-context "\\"wildcard\\""', '12:21 archive-pattern-string "\'{\\"source\\": [\\"x\\"]}\'"']);
    });

    it('reports a YAML syntax error instead of throwing', () => {
      const r = lintText('t.yaml', 'Resources:\n  R: [unclosed\n');
      assert.equal(r.diagnostics.length, 1);
      assert.equal(r.diagnostics[0].code, 'yaml-syntax');
      assert.equal(r.diagnostics[0].severity, 'error');
    });
  });

  describe('CloudFormation JSON', () => {
    it('reads EventPattern objects and JSON strings, with exact ranges through the escapes', () => {
      const text = JSON.stringify({
        Resources: {
          A: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: 'aws.ec2' } } },
          B: { Type: 'AWS::Events::Rule', Properties: { EventPattern: '{"detail":{"n":[{"numeric":[">",5,"<",1]}]}}' } },
          C: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { 'Fn::If': ['c', {}, {}] } } },
        },
      }, null, 2);
      assert.deepEqual(lint('t.json', text), ['7:21 leaf-not-array "\\"aws.ec2\\""', '14:66 numeric-bottom-top "5,\\\\\\"<\\\\\\",1"']);
    });

    it('reports invalid JSON instead of throwing', () => {
      assert.deepEqual(lint('t.json', '{"Resources": {,}}'), ['1:16 json-syntax ","']);
    });
  });

  describe('Serverless Framework', () => {
    it('finds functions.*.events[].eventBridge.pattern and raw CloudFormation under resources', () => {
      const text = [
        'service: orders',
        'provider: { name: aws }',
        'functions:',
        '  f:',
        '    handler: h.f',
        '    events:',
        '      - http: GET /',
        '      - eventBridge:',
        '          pattern:',
        '            source: [com.example]',
        '            detail: { total: [{ numeric: [">=", "100"] }] }',
        'resources:',
        '  Resources:',
        '    R:',
        '      Type: AWS::Events::Rule',
        '      Properties: { EventPattern: { source: [] } }',
      ].join('\n');
      const r = locatePatterns('serverless.yml', text);
      assert.equal(r.kind, 'serverless');
      assert.deepEqual(r.patterns.map((p) => p.label), ['functions.f.events[1].eventBridge.pattern', 'resources.Resources.R.EventPattern']);
      assert.deepEqual(lint('serverless.yml', text), ['11:49 invalid-numeric "\\"100\\""', '16:45 empty-array "[]"']);
    });
  });

  describe('Terraform', () => {
    it('reads jsonencode({...}) in HCL object syntax, with ranges on the HCL text', () => {
      const text = [
        'resource "aws_cloudwatch_event_rule" "r" {',
        '  name = "r"',
        '  event_pattern = jsonencode({',
        '    source        = ["aws.ec2"]',
        '    "detail-type" = ["EC2 Instance State-change Notification"]',
        '    detail = {',
        '      state = "stopped" # a comment',
        '      code  = [{ numeric = ["<", 10, ">", 0] }]',
        '    }',
        '  })',
        '}',
      ].join('\n');
      const r = locatePatterns('main.tf', text);
      assert.deepEqual(toJson(r.patterns[0].node), {
        source: ['aws.ec2'],
        'detail-type': ['EC2 Instance State-change Notification'],
        detail: { state: 'stopped', code: [{ numeric: ['<', 10, '>', 0] }] },
      });
      assert.deepEqual(lint('main.tf', text), ['7:15 leaf-not-array "\\"stopped\\""', '8:38 numeric-reversed-bounds "\\">\\""']);
    });

    it('reads heredoc and quoted-string JSON, and skips references and interpolation', () => {
      const text = [
        'resource "aws_cloudwatch_event_rule" "h" {',
        '  event_pattern = <<-EOT',
        '    {"source": ["aws.s3"], "detail-type": ["Object Create"]}',
        '  EOT',
        '}',
        'resource "aws_cloudwatch_event_rule" "s" {',
        '  event_pattern = "{\\"source\\":\\"aws.ecs\\"}"',
        '}',
        'resource "aws_cloudwatch_event_rule" "v" {',
        '  event_pattern = var.pattern',
        '}',
        'resource "aws_cloudwatch_event_rule" "i" {',
        '  event_pattern = "{\\"source\\":[\\"${var.source}\\"]}"',
        '}',
      ].join('\n');
      assert.deepEqual(lint('main.tf', text), ['3:44 unknown-detail-type "\\"Object Create\\""', '7:32 leaf-not-array "\\\\\\"aws.ecs\\\\\\""']);
    });

    it('finds filter patterns in Lambda event source mappings and Pipes', () => {
      const text = [
        'resource "aws_lambda_event_source_mapping" "m" {',
        '  filter_criteria {',
        '    filter {',
        '      pattern = jsonencode({ body = { kind = ["a"] } })',
        '    }',
        '  }',
        '}',
        'resource "aws_pipes_pipe" "p" {',
        '  source_parameters {',
        '    filter_criteria {',
        '      filter { pattern = jsonencode({ data = [{ wildcard = "x*" }] }) }',
        '    }',
        '  }',
        '}',
      ].join('\n');
      const r = locatePatterns('main.tf', text);
      assert.deepEqual(r.patterns.map((p) => [p.label, p.context]), [
        ['aws_lambda_event_source_mapping.m.filter_criteria.filter.pattern', 'esm'],
        ['aws_pipes_pipe.p.source_parameters.filter_criteria.filter.pattern', 'pipes'],
      ]);
      assert.deepEqual(lint('main.tf', text), ['11:49 unsupported-in-context "wildcard"']);
    });
  });

  describe('bare pattern files', () => {
    it('lints *.eventpattern.json as one pattern', () => {
      assert.deepEqual(lint('rule.eventpattern.json', '{\n  "source": ["aws.ec2"],\n  "detail": {"state": []}\n}'), ['3:23 empty-array "[]"']);
    });
  });
});

describe('large CloudFormation templates (sectioned read)', function () {
  this.timeout(30_000);
  it('finds the same patterns and diagnostics as a whole-document parse', () => {
    // Imported lazily so the generator stays a bench file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { cloudFormationTemplate } = require('../../../bench/eventpattern/generate') as typeof import('../../../bench/eventpattern/generate');
    const sam = [
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Events:',
      '        E:',
      '          Type: EventBridgeRule',
      '          Properties:',
      '            Pattern:',
      "              source: ['aws.ec2.instance']",
      '        Q:',
      '          Type: SQS',
      '          Properties:',
      '            FilterCriteria:',
      '              Filters:',
      "                - Pattern: '{\"body\": {\"n\": [{\"numeric\": [\"<\", 1, \">\", 0]}]}}'",
      '  Archive:',
      '    Type: "AWS::Events::Archive"',
      '    Properties:',
      '      EventPattern: \'{"source": ["x"]}\'',
      'Outputs:',
      '  Out: { Value: !Ref Fn }',
      '',
    ].join('\n');
    const text = cloudFormationTemplate(200, 5000) + sam;
    assert.ok(text.length >= FAST_PATH_MIN_LENGTH);
    const fast = lintText('t.yaml', text);
    const full = lintText('t.yaml', text, { fullParse: true });
    assert.equal(fast.patterns.length, 203);
    assert.deepEqual(fast.patterns.map((p) => p.label), full.patterns.map((p) => p.label));
    assert.deepEqual(fast.diagnostics, full.diagnostics);
    assert.ok(fast.diagnostics.some((d) => d.code === 'archive-pattern-string'));
    assert.ok(fast.diagnostics.some((d) => d.code === 'numeric-reversed-bounds'));
    assert.ok(fast.diagnostics.some((d) => d.code === 'unknown-source' && text.slice(d.start, d.end) === "'aws.ec2.instance'"));
  });
});
