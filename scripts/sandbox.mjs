// Local backends for development and the integration tier: librdkafka's mock Kafka cluster
// (sandbox/kafka-mock/launcher.c, compiled on demand) and moto_server for SQS, EC2 and
// CloudWatch Logs. `npm run sandbox` starts both with sample data and waits for Ctrl+C;
// tests import startSandbox() from here. Plain JS: scripts cannot import the TypeScript sources.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { ensureDebPackages, killGroup, log as defaultLog, mustSh, root, runDir } from './lib.mjs';

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '123456789012';
/** moto accepts any credentials; these are what the sandbox uses and prints. */
export const DUMMY_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

const launcherSource = path.join(root, 'sandbox', 'kafka-mock', 'launcher.c');
const launcherBinary = path.join(root, 'sandbox', 'build', 'kafka-mock');
const stateFile = path.join(runDir, 'sandbox.json');

/** Topics the sample data writes to: name:partitions:replication. */
export const SAMPLE_TOPICS = ['orders:6:3', 'payments:3:3', 'audit:1:1'];

// ---------------------------------------------------------------------------------------------
// Small helpers

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** A TCP port that is free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Keeps the last lines a child wrote, for error messages. */
function tail(stream, max = 40) {
  const lines = [];
  createInterface({ input: stream }).on('line', (l) => {
    lines.push(l);
    if (lines.length > max) lines.shift();
  });
  return () => lines.join('\n');
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// Children are started detached (their own process group) and tracked here, so that they are
// killed by group id on stop, on failure, on SIGINT/SIGTERM and, as a last resort, on exit.
const liveChildren = new Set();

function killAllSync(signal = 'SIGTERM') {
  for (const child of liveChildren) {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  }
}

let exitGuardInstalled = false;
function installExitGuard() {
  if (exitGuardInstalled) return;
  exitGuardInstalled = true;
  process.on('exit', () => killAllSync('SIGKILL'));
}

let signalHandlersInstalled = false;
function installSignalGuards() {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM']) {
    const onSignal = () => {
      killAllSync('SIGTERM');
      process.removeListener(sig, onSignal);
      // Nobody else handles it: behave as if we had not been here (terminate by the signal).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

function spawnDetached(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: root, detached: true, stdio: ['pipe', 'pipe', 'pipe'], ...opts });
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  return child;
}

async function stopChild(child) {
  if (!child) return;
  try { child.stdin?.end(); } catch { /* closed */ }
  await killGroup(child);
  liveChildren.delete(child);
}

// ---------------------------------------------------------------------------------------------
// Kafka mock

/** Installs what the sandbox needs from Debian (when missing) and compiles the launcher when its source is newer. */
export async function buildKafkaMock({ log = defaultLog } = {}) {
  await ensureDebPackages(['librdkafka-dev', 'gcc', 'libc6-dev', 'kcat']);
  if (existsSync(launcherBinary) && statSync(launcherBinary).mtimeMs >= statSync(launcherSource).mtimeMs) return launcherBinary;
  log(`compiling ${path.relative(root, launcherSource)}`);
  mkdirSync(path.dirname(launcherBinary), { recursive: true });
  // Compile beside and rename: parallel test runs may build and start the launcher at the same time.
  const tmp = `${launcherBinary}.${process.pid}.tmp`;
  try {
    await mustSh('gcc', ['-O2', '-Wall', launcherSource, '-lrdkafka', '-o', tmp]);
    renameSync(tmp, launcherBinary);
  } finally {
    rmSync(tmp, { force: true });
  }
  return launcherBinary;
}

/** Starts the mock cluster; resolves once it printed its bootstrap list. */
export async function startKafkaMock({ topics = [], brokers = 3, log = defaultLog } = {}) {
  const binary = await buildKafkaMock({ log });
  const child = spawnDetached(binary, ['--brokers', String(brokers), ...topics]);
  const stderrTail = tail(child.stderr);
  const pending = [];
  let exited = false;
  let bootstrapResolve;
  const bootstrapLine = new Promise((resolve) => { bootstrapResolve = resolve; });
  const exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => {
    exited = true;
    for (const p of pending.splice(0)) p.reject(new Error(`kafka-mock exited (${signal ?? code}) before answering '${p.cmd}'`));
    resolve({ code, signal });
  }));
  child.on('error', (e) => log(`kafka-mock: ${e.message}`));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('BOOTSTRAP ')) return bootstrapResolve(line.slice('BOOTSTRAP '.length).trim());
    const p = pending.shift();
    if (!p) return log(`kafka-mock: unexpected output: ${line}`);
    clearTimeout(p.timer);
    if (line === 'OK') p.resolve(line);
    else p.reject(new Error(`kafka-mock '${p.cmd}': ${line}`));
  });

  const first = await withTimeout(
    Promise.race([bootstrapLine, exitedPromise.then(({ code, signal }) => { throw new Error(`kafka-mock exited (${signal ?? code}) before it was ready:\n${stderrTail()}`); })]),
    15000,
    'starting kafka-mock',
  ).catch(async (e) => { await stopChild(child); throw e; });

  /** Sends one control line; resolves 'OK', rejects with the launcher's 'ERR ...' reply. */
  function control(cmd) {
    if (exited) return Promise.reject(new Error(`kafka-mock is not running (command '${cmd}')`));
    if (/[\r\n]/.test(cmd)) return Promise.reject(new Error('kafka-mock commands are single lines'));
    return new Promise((resolve, reject) => {
      const entry = { cmd, resolve, reject };
      entry.timer = setTimeout(() => {
        const i = pending.indexOf(entry);
        if (i >= 0) pending.splice(i, 1);
        reject(new Error(`kafka-mock did not answer '${cmd}' within 5000 ms`));
      }, 5000);
      pending.push(entry);
      child.stdin.write(`${cmd}\n`);
    });
  }

  return {
    bootstrap: first,
    brokers: first.split(','),
    control,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

// ---------------------------------------------------------------------------------------------
// moto_server

export async function startMoto({ log = defaultLog } = {}) {
  if (!hasCommand('moto_server')) {
    throw new Error(
      "moto_server was not found on PATH. The sandbox needs moto's server (Python package 'moto' with the [server] extra, " +
        'which the machine image provides); install it in your Python (pip install "moto[server]") where PyPI is reachable.',
    );
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawnDetached('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const outTail = tail(child.stdout);
  const errTail = tail(child.stderr);
  child.on('error', (e) => log(`moto_server: ${e.message}`));
  let exitInfo = null;
  child.once('exit', (code, signal) => { exitInfo = signal ?? code; });
  const deadline = Date.now() + 30000;
  for (;;) {
    if (exitInfo !== null) {
      await stopChild(child);
      throw new Error(`moto_server exited (${exitInfo}) before it was ready:\n${outTail()}\n${errTail()}`);
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        await stopChild(child);
        throw new Error(`moto_server did not answer on ${endpoint} within 30 s:\n${errTail()}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return { endpoint, port, pid: child.pid, stop: () => stopChild(child) };
}

// ---------------------------------------------------------------------------------------------
// Sample data

async function seedKafka(bootstrap, log) {
  const { Kafka, logLevel, Partitioners } = await import('kafkajs');
  const kafka = new Kafka({
    clientId: 'flowscope-sandbox',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  const statuses = ['CREATED', 'PAID', 'PACKED', 'SHIPPED', 'DELIVERED'];
  const counts = { orders: 120, payments: 60, audit: 15 };
  try {
    const orders = [];
    for (let i = 0; i < counts.orders; i++) {
      const customer = `customer-${(i % 17) + 1}`;
      orders.push({
        key: customer,
        value: JSON.stringify({ orderId: `o-${1000 + i}`, customerId: customer, amount: Math.round((5 + ((i * 37) % 500)) * 100) / 100, currency: 'EUR', status: statuses[i % statuses.length] }),
        headers: { 'content-type': 'application/json', source: 'flowscope-sandbox' },
      });
    }
    const payments = [];
    for (let i = 0; i < counts.payments; i++) {
      payments.push({
        key: `o-${1000 + i}`,
        value: JSON.stringify({ paymentId: `p-${5000 + i}`, orderId: `o-${1000 + i}`, method: i % 3 === 0 ? 'card' : i % 3 === 1 ? 'sepa' : 'paypal', ok: i % 11 !== 0 }),
        headers: { 'content-type': 'application/json' },
      });
    }
    const audit = [];
    for (let i = 0; i < counts.audit; i++) {
      audit.push({ key: `user-${(i % 4) + 1}`, value: `${new Date(Date.UTC(2026, 0, 1, 12, i)).toISOString()} user-${(i % 4) + 1} ${i % 5 === 4 ? 'DELETE' : 'UPDATE'} /orders/o-${1000 + i}` });
    }
    await producer.sendBatch({
      topicMessages: [
        { topic: 'orders', messages: orders },
        { topic: 'payments', messages: payments },
        { topic: 'audit', messages: audit },
      ],
    });
  } finally {
    await producer.disconnect();
  }

  // Consumer groups: one that is behind (lag on every partition), one that is caught up.
  const admin = kafka.admin();
  await admin.connect();
  let groups;
  try {
    const paymentsEnd = await admin.fetchTopicOffsets('payments');
    const auditEnd = await admin.fetchTopicOffsets('audit');
    groups = [
      { groupId: 'billing-service', topic: 'payments', targets: paymentsEnd.map((p) => ({ partition: p.partition, offset: Math.floor(Number(p.high) * 0.6) })) },
      { groupId: 'audit-archiver', topic: 'audit', targets: auditEnd.map((p) => ({ partition: p.partition, offset: Number(p.high) })) },
    ];
  } finally {
    await admin.disconnect();
  }
  await Promise.all(groups.map((g) => consumeAndCommit(kafka, g, log)));
  return {
    topics: { orders: { partitions: 6, messages: counts.orders }, payments: { partitions: 3, messages: counts.payments }, audit: { partitions: 1, messages: counts.audit } },
    groups: Object.fromEntries(groups.map((g) => [g.groupId, { topic: g.topic, committed: Object.fromEntries(g.targets.map((t) => [t.partition, t.offset])) }])),
  };
}

/** Joins a group, consumes a topic from the start and commits exactly up to the target offset of each partition. */
async function consumeAndCommit(kafka, { groupId, topic, targets }, log) {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, rebalanceTimeout: 10000, heartbeatInterval: 1000, maxWaitTimeInMs: 200, retry: { retries: 3 } });
  const remaining = new Map(targets.filter((t) => t.offset > 0).map((t) => [t.partition, t.offset]));
  if (remaining.size === 0) return;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done;
    const allDone = new Promise((r) => { done = r; });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const target = remaining.get(partition);
        if (target === undefined || Number(message.offset) + 1 !== target) return;
        await consumer.commitOffsets([{ topic, partition, offset: String(target) }]);
        remaining.delete(partition);
        if (remaining.size === 0) done();
      },
    });
    await withTimeout(allDone, 30000, `committing offsets for group ${groupId}`);
  } finally {
    await consumer.disconnect().catch((e) => log(`consumer ${groupId}: ${e.message}`));
  }
}

function flowLogRecord(fields) {
  return fields.map((f) => (f === undefined || f === null ? '-' : String(f))).join(' ');
}

/** `yyyymmddTHHmmZ`, as in flow-log file names. */
function flowLogFileTime(ms) {
  return new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
}

/**
 * A flow log on the VPC that delivers to S3 (default format), with gzip objects as AWS writes them:
 * AWSLogs/<account>/vpcflowlogs/<region>/yyyy/mm/dd/<account>_vpcflowlogs_<region>_<id>_<time>_<hash>.log.gz,
 * a header line first, three files an hour over the last three full hours. The traffic has what
 * the analysis looks for: double logging, a scanner, replies rejected by a stateless NACL.
 */
async function seedS3FlowLog({ ec2, ec2Mod, s3, s3Mod, vpcId, enis }) {
  const bucket = 'flowscope-sandbox-flow-logs';
  await s3.send(new s3Mod.CreateBucketCommand({ Bucket: bucket }));
  const created = await ec2.send(new ec2Mod.CreateFlowLogsCommand({
    ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: `arn:aws:s3:::${bucket}`, MaxAggregationInterval: 60,
  }));
  if (created.Unsuccessful?.length) throw new Error(`CreateFlowLogs (S3): ${JSON.stringify(created.Unsuccessful)}`);
  const flowLogId = created.FlowLogIds[0];
  const [web1, web2, db] = enis;
  const header = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
  const line = (eni, src, dst, sp, dp, proto, pk, by, start, action) => flowLogRecord([2, ACCOUNT_ID, eni.id, src, dst, sp, dp, proto, pk, by, start, start + 60, action, 'OK']);
  const firstHour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
  const objects = [];
  let records = 0;
  for (let h = 0; h < 3; h++) {
    for (const [f, minute] of [10, 30, 50].entries()) {
      const written = firstHour + h * 3_600_000 + minute * 60_000;
      const lines = [];
      for (let m = 0; m < 5; m++) {
        const t = (written - (5 - m) * 60_000) / 1000;
        const n = h * 15 + f * 5 + m;
        // web1 -> db, logged on both ENIs (one flow, counted once).
        for (const eni of [web1, db]) lines.push(line(eni, web1.ip, db.ip, 45000 + n, 5432, 6, 30 + m, 24000 + 100 * n, t, 'ACCEPT'));
        // An internet client of web2 whose replies the subnet's NACL drops (no ephemeral-port rule).
        lines.push(line(web2, '203.0.113.45', web2.ip, 52000 + n, 443, 6, 6, 900, t, 'ACCEPT'));
        lines.push(line(web2, web2.ip, '203.0.113.45', 443, 52000 + n, 6, 4, 5200, t, 'REJECT'));
        // A scanner walking web1's ports.
        lines.push(line(web1, '185.220.101.4', web1.ip, 61000 + n, 20 + n, 6, 1, 44, t, 'REJECT'));
      }
      const d = new Date(written).toISOString();
      const hash = ((written / 60_000) * 2654435761 >>> 0).toString(16).padStart(8, '0');
      const key = `AWSLogs/${ACCOUNT_ID}/vpcflowlogs/${REGION}/${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}/${ACCOUNT_ID}_vpcflowlogs_${REGION}_${flowLogId}_${flowLogFileTime(written)}_${hash}.log.gz`;
      await s3.send(new s3Mod.PutObjectCommand({ Bucket: bucket, Key: key, Body: gzipSync([header, ...lines].join('\n') + '\n') }));
      objects.push({ key, hour: new Date(firstHour + h * 3_600_000).toISOString(), records: lines.length });
      records += lines.length;
    }
  }
  return { flowLogId, bucket, resourceId: vpcId, logFormat: null, records, objects };
}

async function seedAws(endpoint) {
  const common = { region: REGION, endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 2 };
  const sqsMod = await import('@aws-sdk/client-sqs');
  const ec2Mod = await import('@aws-sdk/client-ec2');
  const logsMod = await import('@aws-sdk/client-cloudwatch-logs');
  const sqs = new sqsMod.SQSClient(common);
  const ec2 = new ec2Mod.EC2Client(common);
  const logs = new logsMod.CloudWatchLogsClient(common);
  const s3Mod = await import('@aws-sdk/client-s3');
  // moto serves buckets by path, not as <bucket>.127.0.0.1.
  const s3 = new s3Mod.S3Client({ ...common, forcePathStyle: true });
  // SQS and EC2/Logs are independent: seed them side by side.
  const seedSqs = async () => {
    // --- SQS: a DLQ, a standard queue that redrives to it, and a FIFO queue.
    const dlqUrl = (await sqs.send(new sqsMod.CreateQueueCommand({ QueueName: 'orders-dlq', Attributes: { MessageRetentionPeriod: '1209600' } }))).QueueUrl;
    const dlqArn = (await sqs.send(new sqsMod.GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes.QueueArn;
    const ordersUrl = (await sqs.send(new sqsMod.CreateQueueCommand({
      QueueName: 'orders-events',
      Attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) },
    }))).QueueUrl;
    const fifoUrl = (await sqs.send(new sqsMod.CreateQueueCommand({
      QueueName: 'payments.fifo',
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
    }))).QueueUrl;
    const sendAll = async (url, entries) => {
      for (let i = 0; i < entries.length; i += 10) {
        const res = await sqs.send(new sqsMod.SendMessageBatchCommand({ QueueUrl: url, Entries: entries.slice(i, i + 10) }));
        if (res.Failed?.length) throw new Error(`SendMessageBatch to ${url}: ${JSON.stringify(res.Failed)}`);
      }
    };
    const attrs = (type) => ({ eventType: { DataType: 'String', StringValue: type } });
    await sendAll(ordersUrl, Array.from({ length: 25 }, (_, i) => ({
      Id: `m${i}`,
      MessageBody: JSON.stringify({ orderId: `o-${1000 + i}`, event: i % 4 === 0 ? 'OrderCancelled' : 'OrderPlaced', total: 10 + i }),
      MessageAttributes: attrs(i % 4 === 0 ? 'OrderCancelled' : 'OrderPlaced'),
    })));
    await sendAll(fifoUrl, Array.from({ length: 12 }, (_, i) => ({
      Id: `m${i}`,
      MessageBody: JSON.stringify({ paymentId: `p-${5000 + i}`, step: i % 3 }),
      MessageGroupId: `customer-${(i % 3) + 1}`,
    })));
    await sendAll(dlqUrl, Array.from({ length: 4 }, (_, i) => ({
      Id: `m${i}`,
      MessageBody: JSON.stringify({ orderId: `o-${900 + i}`, event: 'OrderPlaced', error: 'schema validation failed: missing field currency' }),
      MessageAttributes: attrs('OrderPlaced'),
    })));

    return { queues: { 'orders-events': ordersUrl, 'payments.fifo': fifoUrl, 'orders-dlq': dlqUrl }, messages: { 'orders-events': 25, 'payments.fifo': 12, 'orders-dlq': 4 } };
  };

  const seedNetwork = async () => {
    // --- EC2: a VPC with two subnets and three ENIs; flow logs to CloudWatch Logs.
    const vpcId = (await ec2.send(new ec2Mod.CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc.VpcId;
    await ec2.send(new ec2Mod.CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'Name', Value: 'flowscope-sandbox' }] }));
    const subnetA = (await ec2.send(new ec2Mod.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24', AvailabilityZone: `${REGION}a` }))).Subnet;
    const subnetB = (await ec2.send(new ec2Mod.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.2.0/24', AvailabilityZone: `${REGION}b` }))).Subnet;
    const enis = [];
    for (const [subnet, ip, desc] of [[subnetA, '10.20.1.10', 'web'], [subnetA, '10.20.1.11', 'web'], [subnetB, '10.20.2.20', 'db']]) {
      const eni = (await ec2.send(new ec2Mod.CreateNetworkInterfaceCommand({ SubnetId: subnet.SubnetId, PrivateIpAddress: ip, Description: desc }))).NetworkInterface;
      enis.push({ id: eni.NetworkInterfaceId, ip, subnetId: subnet.SubnetId, az: subnet.AvailabilityZone, azId: subnet.AvailabilityZoneId ?? (subnet === subnetA ? 'use1-az1' : 'use1-az2'), role: desc });
    }

    const customFormat = [
      'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status',
      'vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr', 'pkt-dstaddr',
      'region', 'az-id', 'sublocation-type', 'sublocation-id', 'pkt-src-aws-service', 'pkt-dst-aws-service', 'flow-direction', 'traffic-path',
    ];
    const logFormat = customFormat.map((f) => '${' + f + '}').join(' ');
    const customGroup = '/flowscope/vpc-flow-logs';
    const defaultGroup = '/flowscope/vpc-flow-logs-default';
    const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/flowscope-flow-logs`;
    await logs.send(new logsMod.CreateLogGroupCommand({ logGroupName: customGroup }));
    await logs.send(new logsMod.CreateLogGroupCommand({ logGroupName: defaultGroup }));
    const custom = await ec2.send(new ec2Mod.CreateFlowLogsCommand({
      ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs',
      LogGroupName: customGroup, DeliverLogsPermissionArn: roleArn, LogFormat: logFormat, MaxAggregationInterval: 60,
    }));
    const dflt = await ec2.send(new ec2Mod.CreateFlowLogsCommand({
      ResourceIds: [subnetB.SubnetId], ResourceType: 'Subnet', TrafficType: 'REJECT', LogDestinationType: 'cloud-watch-logs',
      LogGroupName: defaultGroup, DeliverLogsPermissionArn: roleArn,
    }));
    for (const r of [custom, dflt]) if (r.Unsuccessful?.length) throw new Error(`CreateFlowLogs: ${JSON.stringify(r.Unsuccessful)}`);

    // Records: a fixed window (so runs are reproducible) ending a few minutes ago.
    const end0 = Math.floor(Date.now() / 1000 / 60) * 60 - 600;
    const internet = ['203.0.113.45', '198.51.100.7', '192.0.2.99', '185.220.101.4'];
    const flows = [];
    const add = (eni, o) => flows.push({ eni, ...o });
    const [web1, web2, db] = enis;
    for (let i = 0; i < 10; i++) {
      const t = end0 - 540 + i * 60;
      add(web1, { t, src: internet[i % 2], dst: web1.ip, sp: 40000 + i * 7, dp: 443, proto: 6, pk: 12 + i, by: 4200 + i * 311, action: 'ACCEPT', flags: 2, dir: 'ingress', path: undefined });
      add(web1, { t, src: web1.ip, dst: internet[i % 2], sp: 443, dp: 40000 + i * 7, proto: 6, pk: 10 + i, by: 18800 + i * 97, action: 'ACCEPT', flags: 19, dir: 'egress', path: 8 });
      add(web2, { t, src: web2.ip, dst: db.ip, sp: 51000 + i, dp: 5432, proto: 6, pk: 20, by: 5100, action: 'ACCEPT', flags: 3, dir: 'egress', path: 1 });
      add(db, { t, src: web2.ip, dst: db.ip, sp: 51000 + i, dp: 5432, proto: 6, pk: 20, by: 5100, action: 'ACCEPT', flags: 3, dir: 'ingress' });
      // Scans that the security group rejects.
      add(web2, { t, src: internet[2 + (i % 2)], dst: web2.ip, sp: 60000 + i, dp: i % 2 ? 22 : 3389, proto: 6, pk: 1, by: 44, action: 'REJECT', flags: 2, dir: 'ingress' });
      add(db, { t, src: internet[3], dst: db.ip, sp: 61000 + i, dp: 5432, proto: 6, pk: 2, by: 88, action: 'REJECT', flags: 2, dir: 'ingress' });
      if (i % 3 === 0) add(web1, { t, src: web1.ip, dst: '10.20.0.2', sp: 53000 + i, dp: 53, proto: 17, pk: 2, by: 150, action: 'ACCEPT', flags: 0, dir: 'egress', path: 1 });
      if (i % 4 === 0) add(db, { t, src: '198.51.100.7', dst: db.ip, sp: 0, dp: 0, proto: 1, pk: 1, by: 84, action: 'REJECT', flags: 0, dir: 'ingress' });
    }
    add(web2, { t: end0, nodata: true });
    const customLine = (f) => {
      const e = f.eni;
      if (f.nodata) {
        return flowLogRecord([5, ACCOUNT_ID, e.id, null, null, null, null, null, null, null, f.t - 60, f.t, null, 'NODATA', vpcId, e.subnetId, null, null, null, null, null, REGION, e.azId, null, null, null, null, null, null]);
      }
      const svcSrc = f.src.startsWith('52.') ? 'AMAZON' : null;
      return flowLogRecord([5, ACCOUNT_ID, e.id, f.src, f.dst, f.sp, f.dp, f.proto, f.pk, f.by, f.t - 60, f.t, f.action, 'OK',
        vpcId, e.subnetId, `i-0${e.id.slice(4, 20).padEnd(16, '0')}`, f.flags, 'IPv4', f.src, f.dst, REGION, e.azId, null, null, svcSrc, null, f.dir, f.path]);
    };
    const defaultLine = (f) => f.nodata
      ? flowLogRecord([2, ACCOUNT_ID, f.eni.id, null, null, null, null, null, null, null, f.t - 60, f.t, null, 'NODATA'])
      : flowLogRecord([2, ACCOUNT_ID, f.eni.id, f.src, f.dst, f.sp, f.dp, f.proto, f.pk, f.by, f.t - 60, f.t, f.action, 'OK']);

    const put = async (group, eni, lines) => {
      const stream = `${eni.id}-all`;
      await logs.send(new logsMod.CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      if (lines.length === 0) return;
      await logs.send(new logsMod.PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: lines.map((l) => ({ timestamp: l.t * 1000, message: l.message })).sort((a, b) => a.timestamp - b.timestamp),
      }));
    };
    let customRecords = 0;
    let defaultRecords = 0;
    for (const eni of enis) {
      const mine = flows.filter((f) => f.eni === eni);
      customRecords += mine.length;
      await put(customGroup, eni, mine.map((f) => ({ t: f.t, message: customLine(f) })));
    }
    // The default-format (version 2) flow log covers subnet B and only REJECT traffic.
    const dbRejects = flows.filter((f) => f.eni === db && f.action === 'REJECT');
    defaultRecords = dbRejects.length;
    await put(defaultGroup, db, dbRejects.map((f) => ({ t: f.t, message: defaultLine(f) })));

    const s3FlowLog = await seedS3FlowLog({ ec2, ec2Mod, s3, s3Mod, vpcId, enis });

    return {
      vpcId,
      subnetIds: [subnetA.SubnetId, subnetB.SubnetId],
      networkInterfaceIds: enis.map((e) => e.id),
      flowLogs: [
        { flowLogId: custom.FlowLogIds?.[0], logGroupName: customGroup, logFormat, resourceId: vpcId, records: customRecords },
        { flowLogId: dflt.FlowLogIds?.[0], logGroupName: defaultGroup, logFormat: null, resourceId: subnetB.SubnetId, records: defaultRecords },
      ],
      s3FlowLog,
    };
  };

  try {
    const [sqsSample, ec2Sample] = await Promise.all([seedSqs(), seedNetwork()]);
    return { sqs: sqsSample, ec2: ec2Sample };
  } finally {
    sqs.destroy();
    ec2.destroy();
    logs.destroy();
    s3.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The sandbox

/**
 * Starts the mock Kafka cluster and moto_server on free ports, optionally with sample data.
 * `topics` are extra topic specs (name:partitions:replication) created at start.
 * Returns the connection details, a control channel for Kafka fault injection and stop().
 */
export async function startSandbox({ log = defaultLog, topics = [], withSampleData = true, handleSignals = true } = {}) {
  installExitGuard();
  if (handleSignals) installSignalGuards();
  const parts = [];
  const stopAll = async () => { await Promise.all(parts.splice(0).map((p) => p.stop().catch(() => {}))); };
  try {
    const wanted = withSampleData ? [...SAMPLE_TOPICS, ...topics] : [...topics];
    // allSettled, not all: when one fails, the other must have finished starting before it is stopped.
    const started = await Promise.allSettled([startKafkaMock({ topics: wanted, log }), startMoto({ log })]);
    for (const r of started) if (r.status === 'fulfilled') parts.push(r.value);
    const failedStart = started.find((r) => r.status === 'rejected');
    if (failedStart) throw failedStart.reason;
    const [kafka, moto] = started.map((r) => r.value);
    log(`kafka mock at ${kafka.bootstrap}; moto_server at ${moto.endpoint}`);
    let sample = null;
    if (withSampleData) {
      const timed = async (what, p) => { const t = Date.now(); const r = await p; log(`${what} sample data written in ${((Date.now() - t) / 1000).toFixed(1)} s`); return r; };
      const [k, a] = await Promise.all([timed('Kafka', seedKafka(kafka.bootstrap, log)), timed('AWS', seedAws(moto.endpoint))]);
      sample = { kafka: k, aws: a };
    }
    let stopped = false;
    return {
      kafkaBootstrap: kafka.bootstrap,
      awsEndpoint: moto.endpoint,
      region: REGION,
      credentials: DUMMY_CREDENTIALS,
      kafka: { control: kafka.control, brokers: kafka.brokers },
      sample,
      async stop() {
        if (stopped) return;
        stopped = true;
        await stopAll();
      },
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// CLI: npm run sandbox [-- --no-sample-data] [-- --topic name:partitions:rf ...]

function describe(sb) {
  const lines = [];
  const p = (s = '') => lines.push(s);
  p('Flowscope sandbox is running.');
  p();
  p(`Kafka (librdkafka mock cluster, 3 brokers): ${sb.kafkaBootstrap}`);
  p(`AWS (moto_server):                          ${sb.awsEndpoint}  region ${sb.region}`);
  p();
  p('Shell:');
  p(`  export AWS_ENDPOINT_URL=${sb.awsEndpoint}`);
  p(`  export AWS_REGION=${sb.region} AWS_DEFAULT_REGION=${sb.region}`);
  p(`  export AWS_ACCESS_KEY_ID=${sb.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${sb.credentials.secretAccessKey}`);
  p(`  export FLOWSCOPE_TEST_KAFKA=${sb.kafkaBootstrap.split(',')[0]}`);
  p(`  kcat -b ${sb.kafkaBootstrap} -L`);
  p();
  p('VS Code settings (settings.json):');
  p(`  "flowscope.aws.endpoint": "${sb.awsEndpoint}",`);
  p(`  "flowscope.aws.regions": ["${sb.region}"]`);
  p(`  Kafka: run "Flowscope: Add Kafka Cluster" with bootstrap servers ${sb.kafkaBootstrap}`);
  p('  (with the AWS variables above in the environment VS Code was started from, or an AWS profile with these dummy keys)');
  if (sb.sample) {
    const { kafka, aws } = sb.sample;
    p();
    p('Sample data:');
    for (const [t, v] of Object.entries(kafka.topics)) p(`  topic ${t}: ${v.partitions} partitions, ${v.messages} keyed messages`);
    for (const [g, v] of Object.entries(kafka.groups)) p(`  consumer group ${g} on ${v.topic}: committed ${JSON.stringify(v.committed)}`);
    for (const [q, url] of Object.entries(aws.sqs.queues)) p(`  SQS ${q}: ${aws.sqs.messages[q]} messages  ${url}`);
    p(`  VPC ${aws.ec2.vpcId}, ENIs ${aws.ec2.networkInterfaceIds.join(' ')}`);
    for (const f of aws.ec2.flowLogs) p(`  flow log ${f.flowLogId} on ${f.resourceId} -> CloudWatch Logs ${f.logGroupName} (${f.records} records, ${f.logFormat ? 'custom format' : 'default format'})`);
    const s3f = aws.ec2.s3FlowLog;
    if (s3f) p(`  flow log ${s3f.flowLogId} on ${s3f.resourceId} -> S3 s3://${s3f.bucket}/ (${s3f.records} records in ${s3f.objects.length} gzip objects over 3 hours, default format)`);
  }
  p();
  p('Kafka fault injection: type commands here, e.g. "broker-down 1", "broker-up 1", "rtt 2 500", "request-errors 3 6 2".');
  p('Press Ctrl+C to stop.');
  return lines.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const topics = [];
  let withSampleData = true;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--no-sample-data') withSampleData = false;
    else if (args[i] === '--topic' && args[i + 1]) topics.push(args[++i]);
    else if (args[i] === '--help' || args[i] === '-h') {
      console.log('usage: npm run sandbox [-- --no-sample-data] [--topic name:partitions:replication ...]');
      return;
    } else {
      console.error(`unknown argument: ${args[i]}`);
      process.exitCode = 2;
      return;
    }
  }
  let sb = null;
  let stopping = null;
  const shutdown = (why) => {
    if (!stopping) {
      defaultLog(`${why}: stopping the sandbox`);
      stopping = (sb ? sb.stop() : Promise.resolve()).then(() => {
        rmSync(stateFile, { force: true });
        defaultLog('stopped');
        process.exit(0);
      });
    }
    return stopping;
  };
  // Until startSandbox returns, a signal kills the children synchronously (the guard in startSandbox's place).
  installExitGuard();
  process.on('SIGINT', () => { if (sb) shutdown('SIGINT'); else { killAllSync(); process.exit(130); } });
  process.on('SIGTERM', () => { if (sb) shutdown('SIGTERM'); else { killAllSync(); process.exit(143); } });
  try {
    sb = await startSandbox({ topics, withSampleData, handleSignals: false });
  } catch (e) {
    console.error(`sandbox failed to start: ${e.message}`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(runDir, { recursive: true });
  writeFileSync(stateFile, JSON.stringify({ pid: process.pid, kafkaBootstrap: sb.kafkaBootstrap, awsEndpoint: sb.awsEndpoint, region: sb.region, sample: sb.sample }, null, 2));
  console.log(describe(sb));
  console.log(`(connection details also in ${path.relative(root, stateFile)})`);
  if (process.stdin.isTTY || !process.stdin.readableEnded) {
    createInterface({ input: process.stdin }).on('line', async (line) => {
      const cmd = line.trim();
      if (!cmd) return;
      try { console.log(await sb.kafka.control(cmd)); } catch (e) { console.log(e.message); }
    });
  }
  // Stay alive until a signal arrives (stdin may be closed when run in the background).
  setInterval(() => {}, 1 << 30);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
