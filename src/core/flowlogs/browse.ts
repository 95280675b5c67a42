// Flow-log configurations and CloudWatch Logs records through the AWS SDK (EC2 DescribeVpcs/DescribeFlowLogs,
// CloudWatch Logs DescribeLogStreams/FilterLogEvents): the FlowLogSource the editor uses. Kept small on purpose.
import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand, type LogStream } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, DescribeNetworkInterfacesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, type FlowLog } from '@aws-sdk/client-ec2';
import { createAwsClient, type AwsConnectionOptions } from '../aws/clients';
import { toAwsError } from '../aws/errors';
import { DEFAULT_FIELDS, parseLogFormat } from './fields';
import { CancelledError } from './report';
import type { FlowLogInfo, FlowLogSource, RecordSource, TimeRange, VpcInfo } from './source';

const MAX_STREAMS = 1000;

/** The service part of AWS_ENDPOINT_URL_<SERVICE>. */
export type FlowLogService = 'EC2' | 'CLOUDWATCH_LOGS';

/** Reads through AWS; `optionsFor(region, service)` gives the connection (profile, endpoint, timeout). */
export function awsFlowLogSource(optionsFor: (region: string, service: FlowLogService) => Promise<AwsConnectionOptions>): FlowLogSource {
  const ec2s = new Map<string, Promise<{ client: EC2Client; opts: AwsConnectionOptions }>>();
  const logss = new Map<string, Promise<{ client: CloudWatchLogsClient; opts: AwsConnectionOptions }>>();
  const ec2 = (region: string) => {
    let p = ec2s.get(region);
    if (!p) { p = optionsFor(region, 'EC2').then((opts) => ({ client: createAwsClient(EC2Client, opts), opts })); ec2s.set(region, p); p.catch(() => ec2s.delete(region)); }
    return p;
  };
  const logs = (region: string) => {
    let p = logss.get(region);
    if (!p) { p = optionsFor(region, 'CLOUDWATCH_LOGS').then((opts) => ({ client: createAwsClient(CloudWatchLogsClient, opts), opts })); logss.set(region, p); p.catch(() => logss.delete(region)); }
    return p;
  };
  const fail = (e: unknown, service: string, opts?: AwsConnectionOptions) =>
    toAwsError(e, { service, region: opts?.region, endpoint: opts?.endpoint, profile: opts?.profile, requestTimeoutMs: opts?.requestTimeoutMs });

  return {
    async listVpcs(region) {
      const { client, opts } = await ec2(region);
      const out: VpcInfo[] = [];
      try {
        let token: string | undefined;
        do {
          const r = await client.send(new DescribeVpcsCommand({ NextToken: token }));
          for (const v of r.Vpcs ?? []) {
            out.push({
              vpcId: v.VpcId ?? '?',
              name: v.Tags?.find((t) => t.Key === 'Name')?.Value,
              cidrBlocks: [v.CidrBlock, ...(v.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock)].filter((c, i, all): c is string => !!c && all.indexOf(c) === i),
              isDefault: v.IsDefault ?? false,
            });
          }
          token = r.NextToken;
        } while (token);
      } catch (e) {
        throw fail(e, 'EC2', opts);
      }
      return out.sort((a, b) => (a.name ?? '~' + a.vpcId).localeCompare(b.name ?? '~' + b.vpcId));
    },

    async listFlowLogs(region) {
      const { client, opts } = await ec2(region);
      try {
        const raw: FlowLog[] = [];
        let token: string | undefined;
        do {
          const r = await client.send(new DescribeFlowLogsCommand({ NextToken: token }));
          raw.push(...(r.FlowLogs ?? []));
          token = r.NextToken;
        } while (token);
        // Flow logs on subnets and interfaces belong under their VPC too.
        const vpcOf = new Map<string, string>();
        const subnets = [...new Set(raw.map((f) => f.ResourceId ?? '').filter((id) => id.startsWith('subnet-')))];
        const enis = [...new Set(raw.map((f) => f.ResourceId ?? '').filter((id) => id.startsWith('eni-')))];
        if (subnets.length) for (const s of (await client.send(new DescribeSubnetsCommand({ SubnetIds: subnets }))).Subnets ?? []) if (s.SubnetId && s.VpcId) vpcOf.set(s.SubnetId, s.VpcId);
        if (enis.length) for (const n of (await client.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: enis }))).NetworkInterfaces ?? []) if (n.NetworkInterfaceId && n.VpcId) vpcOf.set(n.NetworkInterfaceId, n.VpcId);
        return raw.map((f) => toInfo(f, region, vpcOf)).sort((a, b) => a.flowLogId.localeCompare(b.flowLogId));
      } catch (e) {
        throw fail(e, 'EC2', opts);
      }
    },

    async listRecordSources(flowLog) {
      if (flowLog.destinationType !== 'cloud-watch-logs' || !flowLog.logGroupName) return [];
      const { client, opts } = await logs(flowLog.region);
      const streams: LogStream[] = [];
      try {
        let token: string | undefined;
        do {
          const r = await client.send(new DescribeLogStreamsCommand({ logGroupName: flowLog.logGroupName, nextToken: token }));
          streams.push(...(r.logStreams ?? []));
          token = streams.length < MAX_STREAMS ? r.nextToken : undefined;
        } while (token);
      } catch (e) {
        throw fail(e, 'CloudWatch Logs', opts);
      }
      return streams.map((s): RecordSource => {
        const name = s.logStreamName ?? '?';
        return {
          kind: 'cloudwatch-stream',
          flowLog,
          label: name,
          logStreamName: name,
          interfaceId: /^eni-[0-9a-f]+/.exec(name)?.[0],
          lastEventTime: s.lastEventTimestamp ?? s.lastIngestionTime,
        };
      });
    },

    async *readRecords(source: RecordSource, range: TimeRange, signal: AbortSignal, onProgress: (records: number) => void) {
      const flowLog = source.flowLog;
      if (flowLog.destinationType !== 'cloud-watch-logs' || !flowLog.logGroupName) {
        throw new Error(`${flowLog.flowLogId} delivers to ${flowLog.destinationType} (${flowLog.destination}); reading those records is not available here yet`);
      }
      const { client, opts } = await logs(flowLog.region);
      let token: string | undefined;
      let n = 0;
      do {
        if (signal.aborted) throw new CancelledError();
        let r;
        try {
          r = await client.send(new FilterLogEventsCommand({
            logGroupName: flowLog.logGroupName,
            ...(source.logStreamName ? { logStreamNames: [source.logStreamName] } : {}),
            ...(range.since !== undefined ? { startTime: range.since * 1000 } : {}),
            ...(range.until !== undefined ? { endTime: range.until * 1000 + 999 } : {}),
            nextToken: token,
          }), { abortSignal: signal });
        } catch (e) {
          if (signal.aborted) throw new CancelledError();
          throw fail(e, 'CloudWatch Logs', opts);
        }
        for (const ev of r.events ?? []) {
          if (ev.message) { n++; yield ev.message.trimEnd(); }
        }
        onProgress(n);
        // A token that does not move on would loop forever.
        token = r.nextToken && r.nextToken !== token ? r.nextToken : undefined;
      } while (token);
    },
  };
}

function toInfo(f: FlowLog, region: string, vpcOf: ReadonlyMap<string, string>): FlowLogInfo {
  const resourceId = f.ResourceId ?? '?';
  const logFormat = f.LogFormat ?? DEFAULT_FIELDS.map((n) => '${' + n + '}').join(' ');
  let fields: string[];
  try {
    fields = parseLogFormat(logFormat);
  } catch {
    fields = [...DEFAULT_FIELDS];
  }
  const destinationType = f.LogDestinationType ?? (f.LogGroupName ? 'cloud-watch-logs' : 'unknown');
  return {
    flowLogId: f.FlowLogId ?? '?',
    region,
    resourceId,
    vpcId: resourceId.startsWith('vpc-') ? resourceId : vpcOf.get(resourceId),
    trafficType: f.TrafficType ?? '?',
    destinationType,
    destination: f.LogGroupName ?? f.LogDestination ?? '?',
    ...(f.LogGroupName ? { logGroupName: f.LogGroupName } : {}),
    status: f.DeliverLogsStatus && f.DeliverLogsStatus !== 'SUCCESS' ? `delivery ${f.DeliverLogsStatus}` : (f.FlowLogStatus ?? 'ACTIVE'),
    ...(f.DeliverLogsErrorMessage ? { deliverLogsError: f.DeliverLogsErrorMessage } : {}),
    ...(f.MaxAggregationInterval !== undefined ? { maxAggregationInterval: f.MaxAggregationInterval } : {}),
    logFormat,
    fields,
  };
}
