import path from 'node:path';
import { runCli } from '../support/cli';
import { pathToFileURL } from 'node:url';

/*
 * Access to the local backends that the root hooks (./hooks.ts) start once for the whole
 * integration tier: librdkafka's mock Kafka cluster and moto_server (SQS, EC2, CloudWatch Logs),
 * both with the sample data of scripts/sandbox.mjs. FLOWSCOPE_TEST_KAFKA=host:port points the Kafka
 * tests at a real broker instead (the mock still runs, but only for the fault-injection tests,
 * which are skipped then).
 */

export interface SandboxSample {
  kafka: {
    topics: Record<string, { partitions: number; messages: number }>;
    groups: Record<string, { topic: string; committed: Record<string, number> }>;
  };
  aws: {
    sqs: { queues: Record<string, string>; messages: Record<string, number> };
    ec2: {
      vpcId: string;
      subnetIds: string[];
      networkInterfaceIds: string[];
      flowLogs: { flowLogId: string; logGroupName: string; logFormat: string | null; resourceId: string; records: number }[];
      /** A flow log on the VPC that delivers to S3: gzip objects in AWS's key layout over the last three full hours. */
      s3FlowLog: { flowLogId: string; bucket: string; resourceId: string; logFormat: string | null; records: number; objects: { key: string; hour: string; records: number }[] };
    };
  };
}

/** What scripts/sandbox.mjs's startSandbox() returns. */
export interface Sandbox {
  kafkaBootstrap: string;
  awsEndpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  kafka: { control(cmd: string): Promise<string>; brokers: string[] };
  sample: SandboxSample | null;
  stop(): Promise<void>;
}

export interface SandboxModule {
  startSandbox(opts: { log?: (msg: string) => void; topics?: string[]; withSampleData?: boolean; handleSignals?: boolean }): Promise<Sandbox>;
}

/** The repository root: the compiled tests live in <root>/<outDir>/test/integration. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Loads scripts/sandbox.mjs (an ES module) from the CommonJS test build. */
export async function loadSandboxModule(): Promise<SandboxModule> {
  const url = pathToFileURL(path.join(repoRoot, 'scripts', 'sandbox.mjs')).href;
  // module node16 keeps import() as a real dynamic import in CommonJS output; the Function
  // indirection makes sure no other compiler setting can turn it into require().
  const dynamicImport = new Function('u', 'return import(u)') as (u: string) => Promise<unknown>;
  return (await dynamicImport(url)) as SandboxModule;
}

let current: Sandbox | undefined;

export function setSandbox(sb: Sandbox | undefined): void {
  current = sb;
}

/** The running sandbox; throws when the root hooks did not start one (run through scripts/run-mocha.mjs). */
export function sandbox(): Sandbox {
  if (!current) throw new Error('the sandbox is not running: run the integration tier with `node scripts/test.mjs integration`');
  return current;
}

/** A real broker to test against instead of the mock (FLOWSCOPE_TEST_KAFKA=host:port[,host:port]). */
export const realKafka = process.env.FLOWSCOPE_TEST_KAFKA?.trim() || undefined;

/** The bootstrap servers the Kafka tests use. */
export function kafkaBrokers(): string[] {
  return (realKafka ?? sandbox().kafkaBootstrap).split(',').map((b) => b.trim()).filter(Boolean);
}

/** A name that no earlier run used (tests on a real broker must not collide with old topics). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Runs the `flowscope` CLI in-process against the sandbox's moto (its endpoint and region appended). */
export function awsCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const sb = sandbox();
  return runCli(...argv, '--endpoint', sb.awsEndpoint, '--region', sb.region);
}
