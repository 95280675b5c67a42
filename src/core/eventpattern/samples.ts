/** Sample events for "Test against event…" and for tests: the shapes AWS documents for each service. */
export interface SampleEvent {
  name: string;
  event: Record<string, unknown>;
}

const envelope = (source: string, detailType: string, detail: Record<string, unknown>, resources: string[] = []) => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': detailType,
  source,
  account: '111122223333',
  time: '2024-05-01T12:00:00Z',
  region: 'us-east-1',
  resources,
  detail,
});

export const SAMPLE_EVENTS: SampleEvent[] = [
  {
    name: 'EC2 Instance State-change Notification',
    event: envelope('aws.ec2', 'EC2 Instance State-change Notification', { 'instance-id': 'i-1234567890abcdef0', state: 'stopped' }, ['arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0']),
  },
  {
    name: 'S3 Object Created',
    event: envelope('aws.s3', 'Object Created', {
      version: '0',
      bucket: { name: 'amzn-s3-demo-bucket' },
      object: { key: 'uploads/photo.png', size: 5242880, etag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '00617F08299329D189' },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '10.0.0.1',
      reason: 'PutObject',
    }, ['arn:aws:s3:::amzn-s3-demo-bucket']),
  },
  {
    name: 'ECS Task State Change',
    event: envelope('aws.ecs', 'ECS Task State Change', {
      clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/default',
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      containers: [
        { name: 'web', lastStatus: 'STOPPED', exitCode: 1 },
        { name: 'sidecar', lastStatus: 'STOPPED', exitCode: 0 },
      ],
      group: 'service:web',
    }, ['arn:aws:ecs:us-east-1:111122223333:task/default/b0f9c1e2']),
  },
  {
    name: 'CodePipeline Pipeline Execution State Change',
    event: envelope('aws.codepipeline', 'CodePipeline Pipeline Execution State Change', {
      pipeline: 'my-pipeline', 'execution-id': '01234567-0123-0123-0123-012345678901', state: 'FAILED', version: 3,
    }, ['arn:aws:codepipeline:us-east-1:111122223333:my-pipeline']),
  },
  {
    name: 'AWS Health Event',
    event: envelope('aws.health', 'AWS Health Event', {
      eventArn: 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_7f35c8ae',
      service: 'EC2', eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE', eventTypeCategory: 'issue', statusCode: 'open',
      eventDescription: [{ language: 'en_US', latestDescription: 'Increased API error rates' }],
    }),
  },
  {
    name: 'Scheduled Event',
    event: envelope('aws.events', 'Scheduled Event', {}, ['arn:aws:events:us-east-1:111122223333:rule/nightly']),
  },
  {
    name: 'CloudTrail API call (IAM CreateUser)',
    event: envelope('aws.iam', 'AWS API Call via CloudTrail', {
      eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.10',
      userIdentity: { type: 'IAMUser', userName: 'alice' }, requestParameters: { userName: 'bob' },
    }),
  },
  {
    name: 'Custom application event (orders)',
    event: envelope('com.example.orders', 'OrderPlaced', {
      orderId: 'o-1001', customer: { id: 'c-42', tier: 'gold' }, total: 129.5, currency: 'EUR',
      items: [{ sku: 'A-1', qty: 2 }, { sku: 'B-7', qty: 1 }], coupon: null,
    }),
  },
];
