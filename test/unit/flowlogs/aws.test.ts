import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, DescribeNetworkInterfacesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsError } from '../../../src/core/aws/errors';
import { flowLogInfo, FlowLogsService, FlowLogSourceError, lineBatches, streamInterfaceId, type FlowLogInfo } from '../../../src/core/flowlogs/aws';
import { DEFAULT_FIELDS, DEFAULT_LOG_FORMAT } from '../../../src/core/flowlogs/fields';
import { accountFolder, DELIVERY_MARGIN_MS, keyInRange, keyRange, objectHour, parseObjectKey, parseS3Destination } from '../../../src/core/flowlogs/s3layout';
import { parseIsoTime, RecordTimeFilter, TimeRangeError } from '../../../src/core/flowlogs/timerange';

/*
 * The flow-log AWS reader's own logic: S3 key layouts, time range → keys, formats, pagination and
 * headers against a stubbed SDK (aws-sdk-client-mock). The real protocol is covered by the
 * integration tier against moto (test/integration/flowlogs.test.ts).
 */

const T = (iso: string) => Date.parse(iso);

describe('flow logs in S3: key layout', () => {
  it('reads the plain layout, with and without the hour folder, and a key prefix', () => {
    const k = parseObjectKey('logs/AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/11/30/123456789012_vpcflowlogs_eu-west-1_fl-0abc123_20261130T1025Z_fe12ab.log.gz');
    assert.deepEqual(k && { ...k, key: undefined }, {
      key: undefined, accountId: '123456789012', region: 'eu-west-1', hive: false, day: '2026-11-30', hour: null,
      flowLogId: 'fl-0abc123', writtenAt: T('2026-11-30T10:25:00Z'), format: 'text',
    });
    const h = parseObjectKey('AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/11/30/09/123456789012_vpcflowlogs_eu-west-1_fl-0abc123_20261130T0955Z_1.log.gz');
    assert.equal(h?.hour, 9);
    assert.equal(h && objectHour(h), T('2026-11-30T09:00:00Z'));
  });

  it('reads the Hive-compatible layout', () => {
    const k = parseObjectKey('AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=01/day=02/hour=23/123456789012_vpcflowlogs_us-east-1_fl-9_20260102T2359Z_a.log.gz');
    assert.deepEqual(k && [k.hive, k.day, k.hour, k.flowLogId, k.region], [true, '2026-01-02', 23, 'fl-9', 'us-east-1']);
  });

  it('knows Parquet files and ignores what is not a flow-log file', () => {
    assert.equal(parseObjectKey('AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/11/30/123456789012_vpcflowlogs_eu-west-1_fl-1_20261130T1025Z_a.log.parquet')?.format, 'parquet');
    assert.equal(parseObjectKey('AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/11/30/'), null);
    assert.equal(parseObjectKey('AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2026/11/30/x.log.gz'), null);
    assert.equal(parseObjectKey('AWSLogs/123456789012/vpcflowlogs/eu-west-1/README.txt'), null);
  });

  it('takes bucket and prefix from the destination ARN', () => {
    assert.deepEqual(parseS3Destination('arn:aws:s3:::my-bucket'), { bucket: 'my-bucket', prefix: '' });
    assert.deepEqual(parseS3Destination('arn:aws:s3:::my-bucket/flow/logs'), { bucket: 'my-bucket', prefix: 'flow/logs/' });
    assert.deepEqual(parseS3Destination('arn:aws-cn:s3:::b/p/'), { bucket: 'b', prefix: 'p/' });
    assert.equal(parseS3Destination('arn:aws:logs:us-east-1:1:log-group:x'), null);
  });

  it('finds the region folder of an account folder, plain or Hive', () => {
    const dest = { bucket: 'b', prefix: 'p/' };
    assert.deepEqual(accountFolder('p/AWSLogs/123456789012/', dest, 'eu-west-1'), { prefix: 'p/AWSLogs/123456789012/vpcflowlogs/eu-west-1/', accountId: '123456789012', region: 'eu-west-1', hive: false });
    assert.equal(accountFolder('p/AWSLogs/aws-account-id=123456789012/', dest, 'eu-west-1')?.prefix, 'p/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=eu-west-1/');
    assert.equal(accountFolder('p/AWSLogs/notes/', dest, 'eu-west-1'), null);
  });

  it('turns a time range into one listing from the first day on, ending a delivery margin after the range', () => {
    const plain = { prefix: 'AWSLogs/123456789012/vpcflowlogs/eu-west-1/', accountId: '123456789012', region: 'eu-west-1', hive: false };
    assert.deepEqual(keyRange(plain, T('2026-11-29T23:30:00Z'), T('2026-11-30T23:30:00Z')), {
      prefix: plain.prefix,
      startAfter: `${plain.prefix}2026/11/29`,
      // Files written up to an hour after 23:30 are in the next day's folder.
      lastDay: '2026-12-01',
    });
    const hive = { prefix: 'AWSLogs/aws-account-id=1/aws-service=vpcflowlogs/aws-region=eu-west-1/', accountId: '1', region: 'eu-west-1', hive: true };
    assert.equal(keyRange(hive, T('2026-02-03T04:00:00Z')).startAfter, `${hive.prefix}year=2026/month=02/day=03`);
    assert.deepEqual(keyRange(plain), { prefix: plain.prefix });
    // Every key of the first day sorts after startAfter, every key of the day before sorts before it.
    const start = keyRange(plain, T('2026-11-29T23:30:00Z')).startAfter ?? '';
    assert.ok(`${plain.prefix}2026/11/29/x.log.gz` > start && `${plain.prefix}2026/11/28/x.log.gz` < start);
  });

  it('keeps the keys of the flow log that can hold records of the range', () => {
    const key = (t: string, id = 'fl-1') => parseObjectKey(`AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/11/30/123456789012_vpcflowlogs_eu-west-1_${id}_${t}_a.log.gz`)!;
    const since = T('2026-11-30T10:00:00Z');
    const until = T('2026-11-30T11:00:00Z');
    assert.equal(keyInRange(key('20261130T0959Z'), 'fl-1', since, until), false, 'written before the range began');
    assert.equal(keyInRange(key('20261130T1000Z'), 'fl-1', since, until), true, 'written in the minute the range begins');
    assert.equal(keyInRange(key('20261130T1130Z'), 'fl-1', since, until), true, 'delivered late');
    assert.equal(keyInRange(key('20261130T1200Z'), 'fl-1', since, until), false, `more than ${DELIVERY_MARGIN_MS / 60000} minutes after the range`);
    assert.equal(keyInRange(key('20261130T1030Z', 'fl-2'), 'fl-1', since, until), false, 'another flow log');
    assert.equal(keyInRange(key('20261130T1030Z'), 'fl-1'), true);
  });
});

describe('flow logs: time ranges', () => {
  it('parses ISO dates and times, UTC without a zone, and refuses others in words', () => {
    assert.equal(parseIsoTime('2026-11-30', '--since'), T('2026-11-30T00:00:00Z'));
    assert.equal(parseIsoTime('2026-11-30T10:15', '--since'), T('2026-11-30T10:15:00Z'));
    assert.equal(parseIsoTime('2026-11-30T10:15:30+0100', '--since'), T('2026-11-30T09:15:30Z'));
    assert.equal(parseIsoTime('2026-11-30T10:15:30.5Z', '--since'), T('2026-11-30T10:15:30.500Z'));
    assert.throws(() => parseIsoTime('2026-02-31', '--until'), (e: Error) => e instanceof TimeRangeError && e.message === "--until: '2026-02-31' is not a valid date or time");
    assert.throws(() => parseIsoTime('1h', '--since'), /--since expects an ISO 8601 time such as 2026-11-30T10:00:00Z, got '1h'/);
  });

  it('keeps records whose window overlaps [since, until), by the fields of any format', () => {
    const f = new RecordTimeFilter(['srcaddr', 'end', 'start'], { since: 1000_000, until: 2000_000 });
    assert.equal(f.keep('10.0.0.1 1000 940'), true, 'ends at since');
    assert.equal(f.keep('10.0.0.1 999 940'), false, 'ends before since');
    assert.equal(f.keep('10.0.0.1 2060 1999'), true);
    assert.equal(f.keep('10.0.0.1 2060 2000'), false, 'starts at until');
    assert.equal(f.keep('10.0.0.1 - -'), true, 'no times: kept');
    const none = new RecordTimeFilter(['srcaddr'], { since: 1 });
    assert.equal(none.usesRecordTimes, false);
  });
});

describe('flow logs: configurations as DescribeFlowLogs returns them', () => {
  it('parses the format, resolves destinations and tells the resource type', () => {
    const f = flowLogInfo({ FlowLogId: 'fl-1', ResourceId: 'subnet-1', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::b/p', LogFormat: '${version} ${srcaddr} ${tcp-flags} ${ecs-task-id}', MaxAggregationInterval: 60, DestinationOptions: { FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true } });
    assert.deepEqual([f.resourceType, f.vpcId, f.s3, f.fields, f.fileFormat, f.hiveCompatiblePartitions], ['Subnet', null, { bucket: 'b', prefix: 'p/' }, ['version', 'srcaddr', 'tcp-flags', 'ecs-task-id'], 'parquet', true]);
    const cwl = flowLogInfo({ FlowLogId: 'fl-2', ResourceId: 'vpc-1', LogDestination: 'arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flows', LogDestinationType: 'cloud-watch-logs' });
    assert.deepEqual([cwl.logGroupName, cwl.destination, cwl.vpcId, cwl.logFormat, cwl.fields], ['/vpc/flows', '/vpc/flows', 'vpc-1', DEFAULT_LOG_FORMAT, DEFAULT_FIELDS]);
    const bad = flowLogInfo({ FlowLogId: 'fl-3', ResourceId: 'tgw-attach-1', LogFormat: '${srcaddr} ${srcaddr}' });
    assert.deepEqual([bad.resourceType, bad.formatError, bad.fields], ['TransitGatewayAttachment', "the log format names 'srcaddr' twice", DEFAULT_FIELDS]);
  });

  it('reads the ENI from a log stream name', () => {
    assert.equal(streamInterfaceId('eni-0abc123-all'), 'eni-0abc123');
    assert.equal(streamInterfaceId('eni-0abc123-reject'), 'eni-0abc123');
    assert.equal(streamInterfaceId('tgw-attach-0123'), null);
  });
});

describe('FlowLogsService against a stubbed SDK', () => {
  const ec2 = mockClient(EC2Client);
  const logs = mockClient(CloudWatchLogsClient);
  const s3 = mockClient(S3Client);
  let service: FlowLogsService;
  const conn = { region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } };

  beforeEach(() => {
    ec2.reset(); logs.reset(); s3.reset();
    service = FlowLogsService.connect(conn);
  });
  afterEach(() => service.close());

  // Two chunks: the gzip header arrives split, as it may from a socket.
  const body = (data: Buffer) => Readable.from([data.subarray(0, 7), data.subarray(7)]) as never;

  it('lists VPCs with their flow logs across pages; subnet and ENI flow logs find their VPC', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-b', CidrBlock: '10.1.0.0/16', Tags: [{ Key: 'Name', Value: 'prod' }], CidrBlockAssociationSet: [{ CidrBlock: '10.1.0.0/16' }, { CidrBlock: '100.64.0.0/16' }] }, { VpcId: 'vpc-a', CidrBlock: '10.0.0.0/16' }] });
    ec2.on(DescribeFlowLogsCommand, { NextToken: undefined }).resolves({ FlowLogs: [{ FlowLogId: 'fl-1', ResourceId: 'subnet-1' }], NextToken: 'p2' });
    ec2.on(DescribeFlowLogsCommand, { NextToken: 'p2' }).resolves({ FlowLogs: [{ FlowLogId: 'fl-2', ResourceId: 'eni-1' }, { FlowLogId: 'fl-3', ResourceId: 'tgw-1' }] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-b' }] });
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', VpcId: 'vpc-a' }] });
    const net = await service.listNetwork();
    assert.deepEqual(net.vpcs.map((v) => [v.vpcId, v.name, v.cidrBlocks, v.flowLogs.map((f) => f.flowLogId)]), [
      ['vpc-b', 'prod', ['10.1.0.0/16', '100.64.0.0/16'], ['fl-1']],
      ['vpc-a', null, ['10.0.0.0/16'], ['fl-2']],
    ]);
    assert.deepEqual(net.otherFlowLogs.map((f) => f.flowLogId), ['fl-3']);
  });

  it('CloudWatch Logs: follows nextToken, asks at most 100 stream names per call, header first', async () => {
    const fl = flowLogInfo({ FlowLogId: 'fl-1', ResourceId: 'vpc-1', LogDestinationType: 'cloud-watch-logs', LogGroupName: 'g', LogFormat: '${srcaddr} ${dstaddr}' });
    logs.on(FilterLogEventsCommand).callsFake((input: { nextToken?: string; logStreamNames?: string[] }) => {
      const first = input.logStreamNames?.[0] ?? '';
      return input.nextToken ? { events: [{ logStreamName: first, message: `${first} page2` }] } : { events: [{ logStreamName: first, message: `${first} page1` }], nextToken: 't' };
    });
    const sources = Array.from({ length: 150 }, (_, i) => ({ kind: 'log-stream' as const, logGroupName: 'g', logStreamName: `eni-${i}-all`, interfaceId: `eni-${i}`, firstEventTime: null, lastEventTime: null, storedBytes: null }));
    const lines: string[] = [];
    for await (const b of service.readRecords(fl, { sources })) lines.push(...b.lines);
    assert.deepEqual(lines, ['srcaddr dstaddr', 'eni-0-all page1', 'eni-0-all page2', 'eni-100-all page1', 'eni-100-all page2']);
    const calls = logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input.logStreamNames?.length);
    assert.deepEqual(calls, [100, 100, 50, 50]);
  });

  it('lists log streams page by page, leaving out streams with no event in the range', async () => {
    const fl = flowLogInfo({ FlowLogId: 'fl-1', ResourceId: 'vpc-1', LogDestinationType: 'cloud-watch-logs', LogGroupName: 'g' });
    logs.on(DescribeLogStreamsCommand, { nextToken: undefined }).resolves({ logStreams: [{ logStreamName: 'eni-1-all', firstEventTimestamp: T('2026-11-01T00:00:00Z'), lastEventTimestamp: T('2026-11-02T00:00:00Z') }], nextToken: 'n' });
    logs.on(DescribeLogStreamsCommand, { nextToken: 'n' }).resolves({ logStreams: [{ logStreamName: 'eni-2-all', firstEventTimestamp: T('2026-11-20T00:00:00Z'), lastEventTimestamp: T('2026-11-30T00:00:00Z'), storedBytes: 42 }] });
    const all = await service.listRecordSources(fl);
    assert.deepEqual(all.map((s) => s.kind === 'log-stream' && s.interfaceId), ['eni-1', 'eni-2']);
    const recent = await service.listRecordSources(fl, { since: T('2026-11-25T00:00:00Z') });
    assert.deepEqual(recent.map((s) => s.kind === 'log-stream' && s.logStreamName), ['eni-2-all']);
  });

  it('S3: one header for all objects, drops the repeated ones, passes on a different one, ignores other flow logs', async () => {
    const fl = flowLogInfo({ FlowLogId: 'fl-1', ResourceId: 'vpc-1', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::b' });
    const dir = 'AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/11/30/';
    const name = (id: string, t: string) => `${dir}123456789012_vpcflowlogs_eu-west-1_${id}_${t}_a.log.gz`;
    s3.on(ListObjectsV2Command, { Delimiter: '/' }).resolves({ CommonPrefixes: [{ Prefix: 'AWSLogs/123456789012/' }] });
    s3.on(ListObjectsV2Command, { Prefix: 'AWSLogs/123456789012/vpcflowlogs/eu-west-1/', ContinuationToken: undefined }).resolves({
      Contents: [{ Key: name('fl-1', '20261130T1005Z'), Size: 10 }, { Key: name('fl-2', '20261130T1005Z'), Size: 10 }], IsTruncated: true, NextContinuationToken: 'c',
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 'c' }).resolves({ Contents: [{ Key: name('fl-1', '20261130T1010Z'), Size: 10 }] });
    const header = DEFAULT_FIELDS.join(' ');
    s3.on(GetObjectCommand, { Key: name('fl-1', '20261130T1005Z') }).callsFake(() => ({ Body: body(gzipSync(`${header}\nrecord 1\nrecord 2\n`)) }));
    s3.on(GetObjectCommand, { Key: name('fl-1', '20261130T1010Z') }).callsFake(() => ({ Body: body(gzipSync('srcaddr dstaddr\r\n10.0.0.1 10.0.0.2\r\n')) }));
    const batches: [string, string[]][] = [];
    for await (const b of service.readRecords(fl)) batches.push([b.kind, b.lines]);
    assert.deepEqual(batches, [['header', [header]], ['records', ['record 1', 'record 2']], ['header', ['srcaddr dstaddr']], ['records', ['10.0.0.1 10.0.0.2']]]);
    assert.deepEqual(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key), [name('fl-1', '20261130T1005Z'), name('fl-1', '20261130T1010Z')]);
  });

  it('S3: stops listing past the last day of the range', async () => {
    const fl = flowLogInfo({ FlowLogId: 'fl-1', ResourceId: 'vpc-1', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::b' });
    const key = (d: string) => `AWSLogs/123456789012/vpcflowlogs/eu-west-1/${d}/123456789012_vpcflowlogs_eu-west-1_fl-1_${d.replace(/\//g, '')}T0005Z_a.log.gz`;
    s3.on(ListObjectsV2Command, { Delimiter: '/' }).resolves({ CommonPrefixes: [{ Prefix: 'AWSLogs/123456789012/' }] });
    s3.on(ListObjectsV2Command, { StartAfter: 'AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/11/28' }).resolves({ Contents: [{ Key: key('2026/11/28') }, { Key: key('2026/11/29') }, { Key: key('2026/11/30') }], IsTruncated: true, NextContinuationToken: 'more' });
    const sources = await service.listRecordSources(fl, { since: T('2026-11-28T00:00:00Z'), until: T('2026-11-28T12:00:00Z') });
    assert.deepEqual(sources.map((s) => s.kind === 's3-hour' && new Date(s.hour).toISOString()), ['2026-11-28T00:00:00.000Z']);
    assert.equal(s3.commandCalls(ListObjectsV2Command).length, 2, 'no second page after a key past the range');
  });

  it('refuses Parquet and Firehose destinations in words', async () => {
    const parquet = flowLogInfo({ FlowLogId: 'fl-p', ResourceId: 'vpc-1', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::b', DestinationOptions: { FileFormat: 'parquet' } });
    await assert.rejects(service.listRecordSources(parquet), (e: Error) => e instanceof FlowLogSourceError && /writes Parquet files to S3; Flowscope reads plain-text flow logs/.test(e.message));
    const firehose: FlowLogInfo = flowLogInfo({ FlowLogId: 'fl-k', ResourceId: 'vpc-1', LogDestinationType: 'kinesis-data-firehose', LogDestination: 'arn:aws:firehose:eu-west-1:1:deliverystream/x' });
    const it = service.readRecords(firehose);
    await assert.rejects(it.next(), /delivers to Kinesis Data Firehose/);
  });

  it('a cancelled read stops with AwsError "cancelled" before the next call', async () => {
    const fl = flowLogInfo({ FlowLogId: 'fl-1', ResourceId: 'vpc-1', LogDestinationType: 'cloud-watch-logs', LogGroupName: 'g' });
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: 'x' }], nextToken: 'again' });
    const ac = new AbortController();
    const err = await (async () => {
      for await (const b of service.readRecords(fl, { signal: ac.signal })) if (b.kind === 'records') ac.abort();
    })().then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AwsError && err.kind === 'cancelled', String(err));
    assert.equal(logs.commandCalls(FilterLogEventsCommand).length, 1);
  });

  it('a corrupt gzip object is an error naming the object', async () => {
    const broken = gzipSync('a b\n'.repeat(1000)).subarray(0, 30);
    const err = await (async () => { for await (const b of lineBatches(Readable.from([broken]), 's3://b/k.log.gz')) void b; })().then(() => null, (e: unknown) => e);
    assert.ok(err instanceof FlowLogSourceError, String(err));
    assert.match(err.message, /^cannot read s3:\/\/b\/k\.log\.gz: .*\(corrupt or truncated gzip object\?\)$/);
  });
});
