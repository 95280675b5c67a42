import * as assert from 'node:assert/strict';
import { awsFlowLogSource } from '../../src/core/flowlogs/editorsource';
import { buildReport, CancelledError } from '../../src/core/flowlogs/report';
import { recordsInput, takeRecords, wholeFlowLog, type FlowLogSource } from '../../src/core/flowlogs/source';
import { sandbox } from './sandbox';

/* The editor's FlowLogSource (over FlowLogsService) against moto_server's sample VPC: CloudWatch Logs and S3. */

describe('the editor\'s flow-log source over FlowLogsService (moto_server)', () => {
  let src: FlowLogSource;
  before(() => {
    src = awsFlowLogSource(async (region) => ({ region, endpoint: sandbox().awsEndpoint, requestTimeoutMs: 5000 }));
  });
  after(() => src.close());
  const signal = () => new AbortController().signal;

  it('lists the sample VPC with its Name tag and CIDR, and its three flow logs with their formats and region', async () => {
    const sb = sandbox();
    const ec2 = sb.sample!.aws.ec2;
    const vpc = (await src.listVpcs(sb.region)).find((v) => v.vpcId === ec2.vpcId);
    assert.deepEqual([vpc?.name, vpc?.cidrBlocks, vpc?.isDefault], ['flowscope-sandbox', ['10.20.0.0/16'], false]);
    const logs = (await src.listFlowLogs(sb.region)).filter((f) => f.vpcId === ec2.vpcId);
    assert.deepEqual(logs.map((f) => f.flowLogId).sort(), [ec2.flowLogs[0].flowLogId, ec2.flowLogs[1].flowLogId, ec2.s3FlowLog.flowLogId].sort());
    assert.ok(logs.every((f) => f.region === sb.region));
    const custom = logs.find((f) => f.flowLogId === ec2.flowLogs[0].flowLogId)!;
    const dflt = logs.find((f) => f.flowLogId === ec2.flowLogs[1].flowLogId)!;
    const s3 = logs.find((f) => f.flowLogId === ec2.s3FlowLog.flowLogId)!;
    assert.equal(custom.fields.length, 29);
    assert.equal(custom.maxAggregationInterval, 60);
    assert.deepEqual([dflt.resourceId, dflt.trafficType, dflt.logGroupName, dflt.fields[2]], [ec2.subnetIds[1], 'REJECT', '/flowscope/vpc-flow-logs-default', 'interface-id']);
    assert.deepEqual([s3.destinationType, s3.s3?.bucket], ['s3', ec2.s3FlowLog.bucket]);
  });

  it('lists one stream per ENI and reads their records, also the whole flow log at once', async () => {
    const sb = sandbox();
    const ec2 = sb.sample!.aws.ec2;
    const custom = (await src.listFlowLogs(sb.region)).find((f) => f.flowLogId === ec2.flowLogs[0].flowLogId)!;
    const streams = await src.listRecordSources(custom);
    assert.deepEqual(streams.map((s) => (s.part?.kind === 'log-stream' ? s.part.interfaceId : null)).sort(), [...ec2.networkInterfaceIds].sort());
    let total = 0;
    for (const s of streams) total += (await takeRecords(src, s, {}, 10_000, signal())).lines.length;
    assert.equal(total, ec2.flowLogs[0].records);
    const limited = await takeRecords(src, streams[0], {}, 3, signal());
    assert.deepEqual([limited.lines.length, limited.more], [3, true]);
    const model = await buildReport(recordsInput(src, wholeFlowLog(custom), {}), {}, signal());
    assert.equal(model.summary.records, ec2.flowLogs[0].records);
    assert.equal(model.summary.skippedLines, 0);
  });

  it('lists the S3 flow log\'s objects by hour and reads exactly each hour\'s records, without the header lines', async () => {
    const sb = sandbox();
    const sample = sb.sample!.aws.ec2.s3FlowLog;
    const flowLog = (await src.listFlowLogs(sb.region)).find((f) => f.flowLogId === sample.flowLogId)!;
    const hours = await src.listRecordSources(flowLog, { since: Math.floor(Date.now() / 1000) - 86400 });
    const expected = new Map<string, number>();
    for (const o of sample.objects) expected.set(o.hour, (expected.get(o.hour) ?? 0) + o.records);
    assert.deepEqual(hours.map((h) => (h.part?.kind === 's3-hour' ? new Date(h.part.hour).toISOString() : null)), [...expected.keys()]);
    for (const h of hours) {
      const got = await takeRecords(src, h, {}, 10_000, signal());
      const hour = h.part?.kind === 's3-hour' ? new Date(h.part.hour).toISOString() : '';
      assert.equal(got.lines.length, expected.get(hour), `records of ${h.label}`);
      assert.ok(got.lines.every((l) => /^2 \d{12} eni-/.test(l)), `only records in ${h.label}`);
    }
    assert.deepEqual(await src.listRecordSources(flowLog, { until: Math.floor(Date.now() / 1000) - 7 * 86400 }), [], 'no objects a week ago');
  });

  it('analyzes the S3 flow log with progress, and stops when cancelled', async () => {
    const sb = sandbox();
    const sample = sb.sample!.aws.ec2.s3FlowLog;
    const flowLog = (await src.listFlowLogs(sb.region)).find((f) => f.flowLogId === sample.flowLogId)!;
    const fractions: number[] = [];
    const model = await buildReport(recordsInput(src, wholeFlowLog(flowLog), {}), {}, signal(), (p) => { if (p.fraction !== undefined) fractions.push(p.fraction); });
    assert.equal(model.summary.records, sample.records);
    assert.equal(model.summary.skippedLines, 0);
    assert.equal(model.details.duplicateRecords, sample.records / 5, 'web → db flows are logged on both ENIs');
    assert.equal(fractions.at(-1), 1);
    const ac = new AbortController();
    const reading = takeRecords(src, wholeFlowLog(flowLog), {}, 10_000, ac.signal, (p) => { if (p.records > 0) ac.abort(); });
    await assert.rejects(reading, CancelledError);
  });

  it('says in words when the endpoint does not answer', async () => {
    const dead = awsFlowLogSource(async (region) => ({ region, endpoint: 'http://127.0.0.1:9', requestTimeoutMs: 2000, maxAttempts: 1 }));
    try {
      await assert.rejects(dead.listVpcs('us-east-1'), /cannot connect to the AWS endpoint http:\/\/127\.0\.0\.1:9: connection refused/);
    } finally {
      dead.close();
    }
  });
});
