/**
 * A built-in catalog of the event sources AWS services publish to EventBridge and the detail-types each emits.
 * It powers the "unknown source" and "detail-type never emitted" warnings and completion, offline. A source
 * whose detailTypes is undefined is known but its list is not bundled, so its detail-types are not checked.
 * Every AWS service also emits "AWS API Call via CloudTrail" (and a few related CloudTrail types).
 */
export interface SourceInfo {
  source: string;
  service: string;
  detailTypes?: string[];
}

export const CLOUDTRAIL_DETAIL_TYPES = [
  'AWS API Call via CloudTrail',
  'AWS Service Event via CloudTrail',
  'AWS Console Action via CloudTrail',
  'AWS Insight via CloudTrail',
];

/** The envelope every EventBridge event has; a top-level pattern key outside it never matches anything. */
export const ENVELOPE_FIELDS = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail', 'replay-name'];

/** Envelope fields whose values are always strings (or an array of strings, for resources). */
export const STRING_ENVELOPE_FIELDS = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'replay-name'];

const S = (source: string, service: string, detailTypes?: string[]): SourceInfo => ({ source, service, detailTypes });

export const AWS_SOURCES: SourceInfo[] = [
  S('aws.acm', 'AWS Certificate Manager', ['ACM Certificate Approaching Expiration', 'ACM Certificate Expired', 'ACM Certificate Available', 'ACM Certificate Renewal Action Required']),
  S('aws.access-analyzer', 'IAM Access Analyzer', ['Access Analyzer Finding']),
  S('aws.amplify', 'AWS Amplify', ['Amplify Deployment Status Change']),
  S('aws.apigateway', 'Amazon API Gateway', []),
  S('aws.athena', 'Amazon Athena', ['Athena Query State Change']),
  S('aws.autoscaling', 'Amazon EC2 Auto Scaling', [
    'EC2 Instance Launch Successful', 'EC2 Instance Launch Unsuccessful', 'EC2 Instance Terminate Successful',
    'EC2 Instance Terminate Unsuccessful', 'EC2 Instance-launch Lifecycle Action', 'EC2 Instance-terminate Lifecycle Action',
    'EC2 Auto Scaling Instance Refresh Checkpoint Reached', 'EC2 Auto Scaling Instance Refresh Started',
    'EC2 Auto Scaling Instance Refresh Succeeded', 'EC2 Auto Scaling Instance Refresh Failed', 'EC2 Auto Scaling Instance Refresh Cancelled',
  ]),
  S('aws.backup', 'AWS Backup', ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change', 'Backup Plan State Change', 'Backup Vault State Change', 'Region Setting State Change']),
  S('aws.batch', 'AWS Batch', ['Batch Job State Change', 'Batch Job Queue Blocked']),
  S('aws.cloudformation', 'AWS CloudFormation', ['CloudFormation Stack Status Change', 'CloudFormation Resource Status Change', 'CloudFormation Drift Detection Status Change']),
  S('aws.cloudfront', 'Amazon CloudFront', []),
  S('aws.cloudtrail', 'AWS CloudTrail', []),
  S('aws.cloudwatch', 'Amazon CloudWatch', ['CloudWatch Alarm State Change', 'CloudWatch Alarm Configuration Change']),
  S('aws.codebuild', 'AWS CodeBuild', ['CodeBuild Build State Change', 'CodeBuild Build Phase Change']),
  S('aws.codecommit', 'AWS CodeCommit', ['CodeCommit Repository State Change', 'CodeCommit Comment on Commit', 'CodeCommit Comment on Pull Request', 'CodeCommit Pull Request State Change', 'CodeCommit Approval Rule Template Change']),
  S('aws.codedeploy', 'AWS CodeDeploy', ['CodeDeploy Deployment State-change Notification', 'CodeDeploy Instance State-change Notification']),
  S('aws.codepipeline', 'AWS CodePipeline', ['CodePipeline Pipeline Execution State Change', 'CodePipeline Stage Execution State Change', 'CodePipeline Action Execution State Change']),
  S('aws.config', 'AWS Config', ['Config Rules Compliance Change', 'Config Configuration Item Change', 'Config Configuration Snapshot Delivery Status', 'Config Rules Re-evaluation Status', 'Config Configuration History Delivery Status']),
  S('aws.datasync', 'AWS DataSync', ['DataSync Task Execution State Change', 'DataSync Task State Change', 'DataSync Agent State Change', 'DataSync Location State Change']),
  S('aws.dms', 'AWS Database Migration Service', ['DMS Replication Task State Change', 'DMS Replication Instance State Change']),
  S('aws.dynamodb', 'Amazon DynamoDB', []),
  S('aws.ec2', 'Amazon EC2', [
    'EC2 Instance State-change Notification', 'EC2 Spot Instance Interruption Warning', 'EC2 Instance Rebalance Recommendation',
    'EC2 Spot Instance Request Fulfillment', 'EBS Volume Notification', 'EBS Snapshot Notification', 'EBS Multi-Volume Snapshots Completion Status',
    'EC2 AMI State Change', 'EC2 Fast Launch State-change Notification', 'EC2 Capacity Reservation Instance Usage Notification',
  ]),
  S('aws.ecr', 'Amazon ECR', ['ECR Image Action', 'ECR Image Scan', 'ECR Scan Resource Change', 'ECR Pull Through Cache Action', 'ECR Replication Action']),
  S('aws.ecs', 'Amazon ECS', ['ECS Task State Change', 'ECS Container Instance State Change', 'ECS Service Action', 'ECS Deployment State Change']),
  S('aws.eks', 'Amazon EKS', []),
  S('aws.elasticache', 'Amazon ElastiCache', undefined),
  S('aws.elasticbeanstalk', 'AWS Elastic Beanstalk', undefined),
  S('aws.elasticfilesystem', 'Amazon EFS', undefined),
  S('aws.elasticloadbalancing', 'Elastic Load Balancing', []),
  S('aws.emr', 'Amazon EMR', ['EMR Cluster State Change', 'EMR Step Status Change', 'EMR Auto Scaling Policy State Change', 'EMR Instance Group State Change', 'EMR Instance Fleet State Change']),
  S('aws.emr-serverless', 'Amazon EMR Serverless', ['EMR Serverless Application State Change', 'EMR Serverless Job Run State Change']),
  S('aws.events', 'Amazon EventBridge', ['Scheduled Event']),
  S('aws.firehose', 'Amazon Data Firehose', []),
  S('aws.fsx', 'Amazon FSx', undefined),
  S('aws.glue', 'AWS Glue', ['Glue Job State Change', 'Glue Crawler State Change', 'Glue Job Run Status', 'Glue Data Catalog Database State Change', 'Glue Data Catalog Table State Change', 'Glue Data Catalog Partition State Change']),
  S('aws.guardduty', 'Amazon GuardDuty', ['GuardDuty Finding', 'GuardDuty Malware Protection Object Scan Result']),
  S('aws.health', 'AWS Health', ['AWS Health Event', 'AWS Health Abuse Event']),
  S('aws.iam', 'AWS IAM', []),
  S('aws.inspector2', 'Amazon Inspector', ['Inspector2 Finding', 'Inspector2 Scan', 'Inspector2 Coverage', 'Inspector2 Initial Scan Complete']),
  S('aws.iot', 'AWS IoT', undefined),
  S('aws.kinesis', 'Amazon Kinesis', []),
  S('aws.kms', 'AWS KMS', ['KMS CMK Rotation', 'KMS Imported Key Material Expiration', 'KMS CMK Deletion']),
  S('aws.lambda', 'AWS Lambda', []),
  S('aws.macie', 'Amazon Macie', ['Macie Finding']),
  S('aws.mediaconvert', 'AWS Elemental MediaConvert', ['MediaConvert Job State Change', 'MediaConvert Queue State Change']),
  S('aws.organizations', 'AWS Organizations', []),
  S('aws.rds', 'Amazon RDS', ['RDS DB Instance Event', 'RDS DB Cluster Event', 'RDS DB Snapshot Event', 'RDS DB Cluster Snapshot Event', 'RDS DB Parameter Group Event', 'RDS DB Security Group Event', 'RDS DB Proxy Event']),
  S('aws.redshift', 'Amazon Redshift', undefined),
  S('aws.route53', 'Amazon Route 53', []),
  S('aws.s3', 'Amazon S3', [
    'Object Created', 'Object Deleted', 'Object Restore Initiated', 'Object Restore Completed', 'Object Restore Expired',
    'Object Tags Added', 'Object Tags Deleted', 'Object ACL Updated', 'Object Storage Class Changed', 'Object Access Tier Changed',
  ]),
  S('aws.sagemaker', 'Amazon SageMaker', undefined),
  S('aws.secretsmanager', 'AWS Secrets Manager', []),
  S('aws.securityhub', 'AWS Security Hub', ['Security Hub Findings - Imported', 'Security Hub Findings - Custom Action', 'Security Hub Insight Results']),
  S('aws.servicecatalog', 'AWS Service Catalog', undefined),
  S('aws.signin', 'AWS Sign-In', ['AWS Console Sign In via CloudTrail']),
  S('aws.sns', 'Amazon SNS', []),
  S('aws.sqs', 'Amazon SQS', []),
  S('aws.ssm', 'AWS Systems Manager', [
    'EC2 Command Status-change Notification', 'EC2 Command Invocation Status-change Notification', 'Parameter Store Change',
    'Parameter Store Policy Action', 'EC2 Automation Step Status-change Notification', 'EC2 Automation Execution Status-change Notification',
    'EC2 State Manager Association State Change', 'EC2 State Manager Instance Association State Change',
    'Maintenance Window State-change Notification', 'Maintenance Window Execution State-change Notification',
    'Maintenance Window Task Execution State-change Notification', 'Maintenance Window Task Target Registration Notification',
    'Maintenance Window Target Registration Notification', 'OpsItem Create', 'OpsItem Update',
  ]),
  S('aws.states', 'AWS Step Functions', ['Step Functions Execution Status Change']),
  S('aws.storagegateway', 'AWS Storage Gateway', undefined),
  S('aws.tag', 'Tag policies', ['Tag Change on Resource']),
  S('aws.transfer', 'AWS Transfer Family', undefined),
  S('aws.trustedadvisor', 'AWS Trusted Advisor', ['Trusted Advisor Check Item Refresh Notification']),
  S('aws.workspaces', 'Amazon WorkSpaces', ['WorkSpaces Access']),
];

const bySource = new Map(AWS_SOURCES.map((s) => [s.source, s]));

export function sourceInfo(source: string): SourceInfo | undefined {
  return bySource.get(source);
}

/** Every detail-type a source emits, CloudTrail types included; undefined when the catalog has no list. */
export function detailTypesOf(source: string): string[] | undefined {
  const info = bySource.get(source);
  if (!info || info.detailTypes === undefined) return undefined;
  return [...info.detailTypes, ...CLOUDTRAIL_DETAIL_TYPES];
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest name in a list, or undefined when nothing is reasonably close. */
export function closest(name: string, candidates: string[], maxDistance = Math.max(2, Math.floor(name.length / 3))): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= maxDistance ? best : undefined;
}

/** The closest phrase (detail-types): a case- and punctuation-insensitive prefix wins, then edit distance. */
export function closestPhrase(name: string, candidates: string[]): string | undefined {
  const norm = (x: string): string => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  const n = norm(name);
  if (n.length >= 4) {
    const hit = candidates.find((c) => norm(c).startsWith(n) || n.startsWith(norm(c)));
    if (hit) return hit;
  }
  return closest(name, candidates, Math.max(3, Math.floor(name.length / 4)));
}

/** Suggests the AWS source a mistaken one was meant to be: aws.ec2.instance, ec2.amazonaws.com, AWS.EC2, aws.s3x. */
export function suggestSource(source: string): string | undefined {
  const lower = source.toLowerCase();
  if (bySource.has(lower)) return lower;
  const principal = /^([a-z0-9-]+)\.amazonaws\.com$/.exec(lower);
  if (principal) {
    const svc = principal[1] === 'events' ? 'aws.events' : `aws.${principal[1]}`;
    if (bySource.has(svc)) return svc;
  }
  // aws.ec2.instance: a known source followed by more dotted parts.
  const parts = lower.split('.');
  for (let n = parts.length - 1; n >= 2; n--) {
    const head = parts.slice(0, n).join('.');
    if (bySource.has(head)) return head;
  }
  return closest(lower, AWS_SOURCES.map((s) => s.source));
}
