import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { run } from '../../src/cli/program';
import { createAwsClient } from '../../src/core/aws/clients';
import { AwsError } from '../../src/core/aws/errors';
import { FlowLogsService, type ReadProgress, type S3HourSource } from '../../src/core/flowlogs/aws';
import { DEFAULT_FIELDS } from '../../src/core/flowlogs/fields';
import { summarizeInputs } from '../../src/core/flowlogs/summarize';
import { awsCli, repoRoot, sandbox, uniqueName } from './sandbox';

/*
 * Flow logs against moto_server over real sockets: configurations through DescribeFlowLogs, records
 * this suite writes itself to CloudWatch Logs (PutLogEvents) and to S3 (gzip objects in AWS's key
 * layout) read back by `flowlogs fetch` and the core, time ranges, summaries and failures.
 */

const ACCOUNT = '123456789012';
const HOUR = 3_600_000;

const cli = awsCli;

/** A custom format in an order of its own (the analyzer must go by names, not positions). */
const CUSTOM_FIELDS = ['interface-id', 'start', 'end', 'srcaddr', 'srcport', 'dstaddr', 'dstport', 'protocol', 'action', 'bytes', 'packets', 'tcp-flags', 'log-status', 'version'];
const customFormat = CUSTOM_FIELDS.map((f) => '${' + f + '}').join(' ');

interface Rec { eni: string; t: number; src: string; sp: number; dst: string; dp: number; proto: number; action: 'ACCEPT' | 'REJECT'; bytes: number; packets: number; flags: number }

const customLine = (r: Rec) => [r.eni, r.t, r.t + 60, r.src, r.sp, r.dst, r.dp, r.proto, r.action, r.bytes, r.packets, r.flags, 'OK', 5].join(' ');
const defaultLine = (r: Rec) => [2, ACCOUNT, r.eni, r.src, r.dst, r.sp, r.dp, r.proto, r.packets, r.bytes, r.t, r.t + 60, r.action, 'OK'].join(' ');
const fileTime = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';

describe('VPC flow logs against moto_server', function () {
  this.timeout(60000);
  const sb = () => sandbox();
  let ec2: EC2Client;
  let logs: CloudWatchLogsClient;
  let s3: S3Client;
  let service: FlowLogsService;
  let vpcId: string;
  let vpcName: string;
  let subnetId: string;
  let cwlId: string;
  let s3Id: string;
  let hiveId: string;
  let group: string;
  let bucket: string;
  let hiveBucket: string;
  /** The start of the first hour with records (4 hours ago, so CloudWatch Logs accepts them). */
  let base: number;
  const cwlRecords: Rec[] = [];
  const s3Records: Rec[] = [];

  before(async () => {
    const { region, awsEndpoint: endpoint } = sb();
    ec2 = createAwsClient(EC2Client, { region, endpoint });
    logs = createAwsClient(CloudWatchLogsClient, { region, endpoint });
    s3 = createAwsClient(S3Client, { region, endpoint }, { forcePathStyle: true });
    service = FlowLogsService.connect({ region, endpoint, requestTimeoutMs: 5000 });
    base = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;

    vpcName = uniqueName('it-flowlogs');
    vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.77.0.0/16' }))).Vpc?.VpcId ?? '';
    await ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'Name', Value: vpcName }] }));
    subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.77.1.0/24' }))).Subnet?.SubnetId ?? '';

    // CloudWatch Logs: a custom-format flow log on the VPC, a stream per ENI.
    group = `/it/${vpcName}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    const created = await ec2.send(new CreateFlowLogsCommand({
      ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', LogGroupName: group,
      DeliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT}:role/flow-logs`, LogFormat: customFormat, MaxAggregationInterval: 60,
    }));
    cwlId = created.FlowLogIds?.[0] ?? '';
    const enis = ['eni-0a1b2c3d4e5f60001', 'eni-0a1b2c3d4e5f60002'];
    for (let i = 0; i < 12; i++) {
      const t = base / 1000 + i * 600; // every 10 minutes over two hours
      cwlRecords.push({ eni: enis[0], t, src: '10.77.1.10', sp: 40000 + i, dst: '10.77.1.20', dp: 5432, proto: 6, action: 'ACCEPT', bytes: 1000 + i, packets: 10, flags: 3 });
      // The same flow on the server's interface: counted once.
      cwlRecords.push({ eni: enis[1], t, src: '10.77.1.10', sp: 40000 + i, dst: '10.77.1.20', dp: 5432, proto: 6, action: 'ACCEPT', bytes: 1000 + i, packets: 10, flags: 3 });
      if (i % 3 === 0) cwlRecords.push({ eni: enis[1], t, src: '203.0.113.9', sp: 50000 + i, dst: '10.77.1.20', dp: 22, proto: 6, action: 'REJECT', bytes: 40, packets: 1, flags: 2 });
    }
    for (const eni of enis) {
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: `${eni}-all` }));
      await logs.send(new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: `${eni}-all`,
        logEvents: cwlRecords.filter((r) => r.eni === eni).map((r) => ({ timestamp: r.t * 1000, message: customLine(r) })),
      }));
    }

    // S3: a default-format flow log on the subnet; gzip objects with a header line over three hours.
    bucket = uniqueName('it-flowlogs-bucket');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const s3Created = await ec2.send(new CreateFlowLogsCommand({
      ResourceIds: [subnetId], ResourceType: 'Subnet', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: `arn:aws:s3:::${bucket}`,
    }));
    assert.deepEqual(s3Created.Unsuccessful ?? [], []);
    s3Id = s3Created.FlowLogIds?.[0] ?? '';
    const header = DEFAULT_FIELDS.join(' ');
    const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: gzipSync(body) }));
    for (let h = 0; h < 3; h++) {
      for (const m of [5, 35]) {
        const written = base + h * HOUR + m * 60_000;
        const recs: Rec[] = [];
        for (let j = 0; j < 4; j++) {
          const t = (written - 5 * 60_000) / 1000 + j * 60;
          recs.push({ eni: 'eni-0fff00000000000a1', t, src: '10.77.1.30', sp: 33000 + j, dst: '198.51.100.20', dp: 443, proto: 6, action: j === 3 ? 'REJECT' : 'ACCEPT', bytes: 500 * (h + 1), packets: 5, flags: 0 });
        }
        s3Records.push(...recs);
        const d = new Date(written).toISOString();
        const key = `AWSLogs/${ACCOUNT}/vpcflowlogs/${sb().region}/${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}/${ACCOUNT}_vpcflowlogs_${sb().region}_${s3Id}_${fileTime(written)}_${h}${m}abcd.log.gz`;
        await put(key, [header, ...recs.map(defaultLine)].join('\n') + '\n');
      }
    }
    // Another flow log's object in the same folder, and a key that is not a flow-log file: both ignored.
    const d0 = new Date(base).toISOString();
    const folder = `AWSLogs/${ACCOUNT}/vpcflowlogs/${sb().region}/${d0.slice(0, 4)}/${d0.slice(5, 7)}/${d0.slice(8, 10)}/`;
    await put(`${folder}${ACCOUNT}_vpcflowlogs_${sb().region}_fl-0other000000000000_${fileTime(base + 10 * 60_000)}_ffff.log.gz`, `${header}\n${defaultLine({ ...s3Records[0], bytes: 999999 })}\n`);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `AWSLogs/${ACCOUNT}/vpcflowlogs/${sb().region}/README.txt`, Body: 'not a flow log' }));

    // S3 with Hive-compatible, per-hour partitions and a key prefix.
    hiveBucket = uniqueName('it-flowlogs-hive');
    await s3.send(new CreateBucketCommand({ Bucket: hiveBucket }));
    const hiveCreated = await ec2.send(new CreateFlowLogsCommand({
      ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'REJECT', LogDestinationType: 's3', LogDestination: `arn:aws:s3:::${hiveBucket}`,
    }));
    hiveId = hiveCreated.FlowLogIds?.[0] ?? '';
    const hd = new Date(base + HOUR).toISOString();
    const hiveKey = `AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${sb().region}/year=${hd.slice(0, 4)}/month=${hd.slice(5, 7)}/day=${hd.slice(8, 10)}/hour=${hd.slice(11, 13)}/${ACCOUNT}_vpcflowlogs_${sb().region}_${hiveId}_${fileTime(base + HOUR + 10 * 60_000)}_0001.log.gz`;
    await s3.send(new PutObjectCommand({ Bucket: hiveBucket, Key: hiveKey, Body: gzipSync(`${header}\n${defaultLine({ ...s3Records[0], action: 'REJECT', t: (base + HOUR) / 1000 })}\n`) }));
  });

  after(() => {
    ec2?.destroy();
    logs?.destroy();
    s3?.destroy();
    service?.close();
  });

  it('flowlogs list --json: DescribeFlowLogs with VPC, destination, interval and the parsed format', async () => {
    const r = await cli('flowlogs', 'list', '--json');
    assert.equal(r.code, 0, r.err);
    const rows = JSON.parse(r.out) as Record<string, unknown>[];
    const cwl = rows.find((x) => x.flowLogId === cwlId);
    const onS3 = rows.find((x) => x.flowLogId === s3Id);
    assert.ok(cwl && onS3, r.out);
    assert.deepEqual(
      { ...cwl, createdAt: null },
      {
        flowLogId: cwlId, resourceId: vpcId, resourceType: 'VPC', vpcId, vpcName, vpcCidrBlocks: ['10.77.0.0/16'], trafficType: 'ALL',
        destinationType: 'cloud-watch-logs', destination: group, logGroupName: group, s3Bucket: null, s3Prefix: null, fileFormat: null,
        status: 'ACTIVE', deliverLogsStatus: 'SUCCESS', deliverLogsError: null, maxAggregationInterval: 60, logFormat: customFormat, fields: CUSTOM_FIELDS, createdAt: null,
      },
    );
    // The subnet's flow log is listed under the subnet's VPC; DescribeFlowLogs gives the default format as ${…} too.
    assert.equal(onS3.vpcId, vpcId);
    assert.equal(onS3.resourceType, 'Subnet');
    assert.equal(onS3.destinationType, 's3');
    assert.equal(onS3.s3Bucket, bucket);
    assert.equal(onS3.maxAggregationInterval, 600);
    assert.deepEqual(onS3.fields, DEFAULT_FIELDS);

    const text = await cli('flowlogs', 'list');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, new RegExp(`^VPC ${vpcId} "${vpcName}" 10\\.77\\.0\\.0/16$`, 'm'));
    assert.match(text.out, new RegExp(`^  ${cwlId}\\s+${vpcId} \\(VPC\\)\\s+ALL\\s+CloudWatch Logs ${group}\\s+ACTIVE\\s+60 s\\s+custom, 14 fields \\(v3\\)$`, 'm'));
    assert.match(text.out, new RegExp(`^  ${s3Id}\\s+${subnetId} \\(Subnet\\)\\s+ALL\\s+S3 s3://${bucket}/\\s+ACTIVE\\s+600 s\\s+default \\(v2\\)$`, 'm'));
  });

  it('fetch reads every CloudWatch Logs record back exactly, header line first', async () => {
    const r = await cli('flowlogs', 'fetch', cwlId);
    assert.equal(r.code, 0, r.err);
    const [head, ...lines] = r.out.trimEnd().split('\n');
    assert.equal(head, CUSTOM_FIELDS.join(' '));
    assert.deepEqual(lines.sort(), cwlRecords.map(customLine).sort());
  });

  it('fetch --since/--until keeps the CloudWatch Logs records whose window overlaps the range', async () => {
    // Records start every 10 minutes and last 60 s; [base+20m, base+50m) holds the ones starting at 20, 30 and 40.
    const since = new Date(base + 20 * 60_000).toISOString();
    const until = new Date(base + 50 * 60_000).toISOString();
    const r = await cli('flowlogs', 'fetch', cwlId, '--since', since, '--until', until);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n').slice(1);
    const expected = cwlRecords.filter((x) => x.t * 1000 >= base + 20 * 60_000 && x.t * 1000 < base + 50 * 60_000).map(customLine);
    assert.equal(expected.length, 7);
    assert.deepEqual(lines.sort(), expected.sort());
  });

  it('fetch reads the S3 gzip objects of that flow log only, one header line, in key order', async () => {
    const r = await cli('flowlogs', 'fetch', s3Id);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines[0], DEFAULT_FIELDS.join(' '));
    assert.deepEqual(lines.slice(1), s3Records.map(defaultLine), 'no second header, no other flow log, no README');
  });

  it('fetch --since/--until on S3 lists only the keys that can hold the range and filters the records', async () => {
    // The objects of hour 1 (written at :05 and :35) hold records from :00 to :34.
    const since = base + HOUR;
    const until = base + HOUR + 30 * 60_000;
    const r = await cli('flowlogs', 'fetch', s3Id, '--since', new Date(since).toISOString(), '--until', new Date(until).toISOString());
    assert.equal(r.code, 0, r.err);
    const expected = s3Records.filter((x) => (x.t + 60) * 1000 >= since && x.t * 1000 < until).map(defaultLine);
    assert.equal(expected.length, 4);
    assert.deepEqual(r.out.trimEnd().split('\n').slice(1), expected);
  });

  it('reads Hive-compatible, per-hour S3 keys', async () => {
    const r = await cli('flowlogs', 'fetch', hiveId);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.out);
    assert.match(lines[1], /^2 123456789012 eni-0fff00000000000a1 10\.77\.1\.30 198\.51\.100\.20 33000 443 6 5 500 \d+ \d+ REJECT OK$/);
  });

  it('fetch piped into summarize - gives the totals (the real CLI, two processes)', async () => {
    const cliJs = path.join(repoRoot, 'dist', 'cli.js');
    const env = { ...process.env, AWS_ENDPOINT_URL: sb().awsEndpoint, AWS_REGION: sb().region };
    // A shell pipe, as people type it; pipefail: a failing fetch fails the pipe.
    const pipe = spawn('bash', ['-o', 'pipefail', '-c', '"$0" "$1" flowlogs fetch "$2" | "$0" "$1" flowlogs summarize - --json', process.execPath, cliJs, cwlId], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    pipe.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    pipe.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((r) => pipe.once('close', r));
    assert.equal(code, 0, err);
    assert.equal(err, '');
    const s = JSON.parse(out);
    const accepted = cwlRecords.filter((x) => x.action === 'ACCEPT');
    const rejected = cwlRecords.filter((x) => x.action === 'REJECT');
    assert.equal(s.records, cwlRecords.length);
    assert.equal(s.skippedLines, 0);
    assert.deepEqual(s.action, { ACCEPT: accepted.length, REJECT: rejected.length });
    // Each accepted flow is logged on both ENIs and counted once.
    const flowBytes = accepted.filter((x) => x.eni.endsWith('1')).reduce((n, x) => n + x.bytes, 0) + rejected.reduce((n, x) => n + x.bytes, 0);
    assert.equal(s.bytes, flowBytes);
    assert.deepEqual(s.topTalkers[0], { srcaddr: '10.77.1.10', dstaddr: '10.77.1.20', bytes: accepted.filter((x) => x.eni.endsWith('1')).reduce((n, x) => n + x.bytes, 0), packets: 120 });
    assert.deepEqual(s.rejectedByDstPort, [{ dstport: 22, protocol: 6, records: 4 }]);
  });

  it('S3 records summarized through the core (fetch | summarize - equivalent)', async () => {
    const flowLog = await service.getFlowLog(s3Id);
    const lines: string[] = [];
    for await (const b of service.readRecords(flowLog)) lines.push(...b.lines);
    const r = await summarizeInputs(['-'], { stdin: Readable.from([Buffer.from(lines.join('\n') + '\n')]) });
    assert.equal(r.summary.records, 24);
    assert.deepEqual(r.summary.action, { ACCEPT: 18, REJECT: 6 });
    assert.equal(r.summary.bytes, 4 * 500 * (1 + 2 + 3) * 2);
    assert.deepEqual(r.summary.rejectedByDstPort, [{ dstport: 443, protocol: 6, records: 6 }]);
  });

  it('record sources: a log stream per ENI; S3 objects grouped by hour', async () => {
    const cwl = await service.listRecordSources(await service.getFlowLog(cwlId));
    assert.deepEqual(cwl.map((s) => (s.kind === 'log-stream' ? [s.logStreamName, s.interfaceId] : null)), [
      ['eni-0a1b2c3d4e5f60001-all', 'eni-0a1b2c3d4e5f60001'],
      ['eni-0a1b2c3d4e5f60002-all', 'eni-0a1b2c3d4e5f60002'],
    ]);
    const hours = (await service.listRecordSources(await service.getFlowLog(s3Id))) as S3HourSource[];
    assert.deepEqual(hours.map((h) => [h.kind, h.hour - base, h.objects.length]), [['s3-hour', 0, 2], ['s3-hour', HOUR, 2], ['s3-hour', 2 * HOUR, 2]]);
    // Reading one hour reads only its objects.
    const lines: string[] = [];
    for await (const b of service.readRecords(await service.getFlowLog(s3Id), { sources: [hours[2]] })) if (b.kind === 'records') lines.push(...b.lines);
    assert.deepEqual(lines, s3Records.slice(16).map(defaultLine));
  });

  it('reports progress up to 1 and stops with a cancelled error when aborted', async () => {
    const flowLog = await service.getFlowLog(s3Id);
    const seen: ReadProgress[] = [];
    for await (const b of service.readRecords(flowLog, { onProgress: (p) => seen.push(p) })) void b;
    assert.equal(seen.at(-1)?.fraction, 1);
    assert.equal(seen.at(-1)?.done, 6);
    assert.equal(seen.at(-1)?.total, 6);
    assert.equal(seen.at(-1)?.records, 24);

    const ac = new AbortController();
    let batches = 0;
    const err = await (async () => {
      for await (const b of service.readRecords(flowLog, { signal: ac.signal })) {
        if (b.kind === 'records' && ++batches === 1) ac.abort();
      }
    })().then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AwsError, String(err));
    assert.equal(err.kind, 'cancelled');
    assert.equal(batches, 1);
  });

  it('an endpoint that refuses connections: a clear error and exit 1, within the timeout', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    let err = '';
    const t0 = Date.now();
    const code = await run(['flowlogs', 'fetch', cwlId, '--endpoint', `http://127.0.0.1:${port}`, '--region', 'us-east-1', '--timeout', '2000'], { out: () => {}, err: (s) => { err += s; } });
    assert.equal(code, 1);
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(err, `flowscope: cannot connect to the AWS endpoint http://127.0.0.1:${port}: connection refused while listing flow logs\n`);
  });

  it('a flow log asked for in the wrong region: not found, in words, exit 1', async () => {
    let err = '';
    let out = '';
    const code = await run(['flowlogs', 'fetch', cwlId, '--endpoint', sb().awsEndpoint, '--region', 'eu-west-1'], { out: (s) => { out += s; }, err: (s) => { err += s; } });
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.equal(err, `flowscope: flow log ${cwlId} was not found in eu-west-1 at ${sb().awsEndpoint} (check the id, --region and the profile's account)\n`);
  });

  it('bad times are usage errors (exit 2) and nothing is fetched', async () => {
    const r = await cli('flowlogs', 'fetch', cwlId, '--since', '2026-13-01');
    assert.equal(r.code, 2);
    assert.match(r.err, /--since: '2026-13-01' is not a valid date or time/);
    const r2 = await cli('flowlogs', 'fetch', cwlId, '--since', '2026-11-30T10:00Z', '--until', '2026-11-30T09:00Z');
    assert.equal(r2.code, 2);
    assert.match(r2.err, /--since \(2026-11-30T10:00:00\.000Z\) must be before --until/);
    assert.equal(r.out + r2.out, '');
  });
});

describe("the sandbox's S3 flow log", function () {
  before(function () {
    if (!sandbox().sample) this.skip();
  });

  it('fetch reads its gzip objects back; the summary finds the doubly logged flow, the scanner and the NACL-like rejects', async () => {
    const sb = sandbox();
    const sample = sb.sample!.aws.ec2.s3FlowLog;
    const r = await cli('flowlogs', 'fetch', sample.flowLogId);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines[0], DEFAULT_FIELDS.join(' '));
    assert.equal(lines.length - 1, sample.records);
    assert.equal(sample.objects.length, 9);
    assert.equal(new Set(sample.objects.map((o) => o.hour)).size, 3);

    const s = (await summarizeInputs(['-'], { stdin: Readable.from([Buffer.from(r.out)]) })).summary;
    assert.equal(s.records, sample.records);
    assert.deepEqual(s.scanners.map((x) => [x.srcaddr, x.distinctTargets]), [['185.220.101.4', 45]]);
    assert.deepEqual(s.asymmetric.map((a) => [a.client, a.serverPort, a.acceptedRequests, a.rejectedReplies]), [['203.0.113.45', 443, 45, 45]]);
    // web1 -> db is logged on both ENIs: 45 flows, counted once.
    assert.equal(s.topTalkers[0].bytes, Array.from({ length: 45 }, (_, n) => 24000 + 100 * n).reduce((a, b) => a + b, 0));

    const sources = await cli('flowlogs', 'list', '--json');
    const row = (JSON.parse(sources.out) as { flowLogId: string; s3Bucket: string; vpcName: string }[]).find((x) => x.flowLogId === sample.flowLogId);
    assert.deepEqual(row && [row.s3Bucket, row.vpcName], [sample.bucket, 'flowscope-sandbox']);
  });
});
