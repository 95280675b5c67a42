import * as assert from 'node:assert/strict';
import { awsFlowLogSource } from '../../src/core/flowlogs/browse';
import { buildReport } from '../../src/core/flowlogs/report';
import { recordsInput, takeRecords, wholeFlowLog } from '../../src/core/flowlogs/source';
import { sandbox } from './sandbox';

/* The editor's FlowLogSource (EC2 + CloudWatch Logs through the AWS SDK) against moto_server's sample VPC. */

describe('flow-log browsing through the AWS SDK (moto_server)', () => {
  const source = () => awsFlowLogSource(async (region) => ({ region, endpoint: sandbox().awsEndpoint, requestTimeoutMs: 5000 }));

  it('lists the sample VPC with its Name tag and CIDR, and both flow logs under it with their formats', async () => {
    const sb = sandbox();
    const ec2 = sb.sample!.aws.ec2;
    const src = source();
    const vpc = (await src.listVpcs(sb.region)).find((v) => v.vpcId === ec2.vpcId);
    assert.deepEqual(vpc, { vpcId: ec2.vpcId, name: 'flowscope-sandbox', cidrBlocks: ['10.20.0.0/16'], isDefault: false });
    const logs = (await src.listFlowLogs(sb.region)).filter((f) => f.vpcId === ec2.vpcId);
    const custom = logs.find((f) => f.flowLogId === ec2.flowLogs[0].flowLogId);
    const dflt = logs.find((f) => f.flowLogId === ec2.flowLogs[1].flowLogId);
    assert.ok(custom && dflt, JSON.stringify(logs));
    assert.equal(custom.fields.length, 29);
    assert.equal(custom.maxAggregationInterval, 60);
    assert.deepEqual([dflt.resourceId, dflt.trafficType, dflt.logGroupName, dflt.fields[2]], [ec2.subnetIds[1], 'REJECT', '/flowscope/vpc-flow-logs-default', 'interface-id']);
  });

  it('lists one stream per ENI and reads their records, also the whole flow log at once', async () => {
    const sb = sandbox();
    const ec2 = sb.sample!.aws.ec2;
    const src = source();
    const custom = (await src.listFlowLogs(sb.region)).find((f) => f.flowLogId === ec2.flowLogs[0].flowLogId)!;
    const streams = await src.listRecordSources(custom);
    assert.deepEqual(streams.map((s) => s.interfaceId).sort(), [...ec2.networkInterfaceIds].sort());
    let total = 0;
    for (const s of streams) total += (await takeRecords(src, s, {}, 10_000, new AbortController().signal)).lines.length;
    assert.equal(total, ec2.flowLogs[0].records);
    const limited = await takeRecords(src, streams[0], {}, 3, new AbortController().signal);
    assert.deepEqual([limited.lines.length, limited.more], [3, true]);
    const model = await buildReport(recordsInput(src, wholeFlowLog(custom), {}), {}, new AbortController().signal);
    assert.equal(model.summary.records, ec2.flowLogs[0].records);
    assert.equal(model.summary.skippedLines, 0);
  });

  it('says in words when the endpoint does not answer', async () => {
    const src = awsFlowLogSource(async (region) => ({ region, endpoint: 'http://127.0.0.1:9', requestTimeoutMs: 2000, maxAttempts: 1 }));
    await assert.rejects(src.listVpcs('us-east-1'), /cannot connect to the AWS endpoint http:\/\/127\.0\.0\.1:9: connection refused/);
  });
});
