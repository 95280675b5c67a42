/** Generates the bench inputs: a CloudFormation template with many rules, and rules and events for the matcher. */

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES = ['aws.ec2', 'aws.s3', 'aws.ecs', 'aws.codepipeline', 'aws.health', 'com.example.orders', 'com.example.billing', 'aws.states'];
const STATES = ['running', 'stopped', 'pending', 'terminated', 'FAILED', 'SUCCEEDED'];

/** A template of about `lines` lines holding `rules` AWS::Events::Rule resources (mixed object and JSON-string patterns) plus filler resources. */
export function cloudFormationTemplate(rules: number, lines: number): string {
  const out: string[] = ["AWSTemplateFormatVersion: '2010-09-09'", 'Description: generated for the event-pattern bench', 'Resources:'];
  for (let i = 0; i < rules; i++) {
    const src = SOURCES[i % SOURCES.length];
    out.push(`  Rule${i}:`, '    Type: AWS::Events::Rule', '    Properties:', `      Name: !Sub '\${AWS::StackName}-rule-${i}'`, '      State: ENABLED');
    if (i % 4 === 3) {
      out.push('      EventPattern: |', '        {', `          "source": ["${src}"],`, `          "detail": {"state": ["${STATES[i % 6]}", {"prefix": "x-${i}"}], "size": [{"numeric": [">", ${i}, "<=", ${i * 10 + 10}]}]}`, '        }');
    } else {
      out.push(
        '      EventPattern:',
        '        source:',
        `          - ${src}`,
        '        detail-type:',
        '          - Custom Event',
        '        detail:',
        '          state:',
        `            - ${STATES[i % 6]}`,
        `            - prefix: "x-${i}"`,
        '          size:',
        `            - numeric: [">", ${i}, "<=", ${i * 10 + 10}]`,
        '          ip:',
        '            - cidr: 10.0.0.0/8',
      );
    }
    out.push('      Targets:', '        - Arn: !GetAtt Handler.Arn', `          Id: target-${i}`);
  }
  let q = 0;
  while (out.length < lines) {
    out.push(`  Queue${q}:`, '    Type: AWS::SQS::Queue', '    Properties:', `      QueueName: !Sub '\${AWS::StackName}-q${q}'`, '      VisibilityTimeout: 30', '      Tags:', '        - Key: team', `          Value: team-${q % 7}`);
    q++;
  }
  return out.slice(0, Math.max(lines, 3 + rules * 20)).join('\n') + '\n';
}

export function randomRules(n: number, rnd: () => number): Record<string, unknown>[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const detail: Record<string, unknown> = { state: [pick(STATES), pick(STATES)] };
    if (i % 3 === 0) detail.size = [{ numeric: ['>', Math.floor(rnd() * 100), '<=', 100 + Math.floor(rnd() * 1000)] }];
    if (i % 5 === 0) detail.key = [{ suffix: pick(['.png', '.jpg', '.csv']) }];
    if (i % 7 === 0) detail.name = [{ wildcard: `*${pick(['a', 'b', 'c'])}*` }];
    if (i % 4 === 0) detail.user = { tier: [{ 'anything-but': ['free'] }] };
    return { source: [pick(SOURCES)], 'detail-type': ['Custom Event', 'State Change'].slice(0, 1 + (i % 2)), detail };
  });
}

export function randomEvents(n: number, rnd: () => number): Record<string, unknown>[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  return Array.from({ length: n }, (_, i) => ({
    version: '0',
    id: `id-${i}`,
    'detail-type': pick(['Custom Event', 'State Change', 'Other']),
    source: pick(SOURCES),
    account: '111122223333',
    time: '2024-05-01T12:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      state: pick(STATES),
      size: Math.floor(rnd() * 2000),
      key: `obj/${i}${pick(['.png', '.jpg', '.csv', '.txt'])}`,
      name: pick(['alpha', 'beta', 'gamma', 'delta']),
      user: { tier: pick(['free', 'pro', 'gold']) },
      tags: [pick(['x', 'y']), pick(['z', 'w'])],
    },
  }));
}
