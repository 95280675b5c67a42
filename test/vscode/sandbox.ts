// The local backends the vscode tier runs against (scripts/codeserver/sandbox-env.mjs starts them with sample
// data and hands them to code-server's environment). AWS settings already point Flowscope at moto.
export interface TierSandbox {
  kafkaBootstrap: string;
  awsEndpoint: string;
  region: string;
  sample: {
    kafka: { topics: Record<string, { partitions: number; messages: number }>; groups: Record<string, { topic: string; committed: Record<string, number> }> };
    aws: {
      sqs: { queues: Record<string, string>; messages: Record<string, number> };
      ec2: { vpcId: string; subnetIds: string[]; networkInterfaceIds: string[]; flowLogs: { flowLogId: string; logGroupName: string; logFormat: string | null; resourceId: string; records: number }[]; s3FlowLog: { flowLogId: string; bucket: string; resourceId: string; logFormat: string | null; records: number; objects: { key: string; hour: string; records: number }[] } };
    };
  };
}

export function tierSandbox(): TierSandbox {
  const raw = process.env.FLOWSCOPE_TEST_SANDBOX;
  if (!raw) throw new Error('FLOWSCOPE_TEST_SANDBOX is not set: run the vscode tier with `npm test -- vscode`');
  return JSON.parse(raw) as TierSandbox;
}
