import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createAwsClient } from '../../src/core/aws/clients';
import { toAwsError } from '../../src/core/aws/errors';
import { sandbox, uniqueName } from './sandbox';

/* createAwsClient against moto_server, and the sandbox's AWS sample data. */

describe('AWS through createAwsClient (moto_server)', function () {
  it('lists a queue it created (explicit endpoint)', async () => {
    const sb = sandbox();
    const sqs = createAwsClient(SQSClient, { region: sb.region, endpoint: sb.awsEndpoint, requestTimeoutMs: 5000 });
    try {
      const name = uniqueName('itest-queue');
      const created = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      const listed = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'itest-queue' }));
      assert.ok(created.QueueUrl?.endsWith(`/${name}`), created.QueueUrl);
      assert.ok(listed.QueueUrls?.includes(created.QueueUrl ?? ''), JSON.stringify(listed.QueueUrls));
    } finally {
      sqs.destroy();
    }
  });

  it('reaches moto through AWS_ENDPOINT_URL and the default credential chain alone', async () => {
    // The root hooks set AWS_ENDPOINT_URL and dummy keys, as a user would in a shell.
    const sqs = createAwsClient(SQSClient, { region: sandbox().region, requestTimeoutMs: 5000 });
    try {
      const listed = await sqs.send(new ListQueuesCommand({}));
      assert.ok(listed.QueueUrls?.some((u) => u.endsWith('/orders-events')), JSON.stringify(listed.QueueUrls));
    } finally {
      sqs.destroy();
    }
  });

  it('a closed endpoint port gives a clear error within the timeout', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    const endpoint = `http://127.0.0.1:${port}`;
    const sqs = createAwsClient(SQSClient, { region: 'us-east-1', endpoint, requestTimeoutMs: 1000 });
    const t0 = Date.now();
    const err = await sqs.send(new ListQueuesCommand({})).then(() => null, (e: unknown) => e);
    const elapsed = Date.now() - t0;
    sqs.destroy();
    assert.ok(err, 'the call should fail');
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
    const mapped = toAwsError(err, { service: 'SQS', endpoint, requestTimeoutMs: 1000 });
    assert.equal(mapped.kind, 'unreachable');
    assert.equal(mapped.message, `cannot connect to the AWS endpoint ${endpoint}: connection refused`);
  });
});

describe('the sandbox AWS sample data', function () {
  before(function () {
    if (!sandbox().sample) this.skip();
  });

  it('has a standard queue that redrives to a DLQ, and a FIFO queue, each with messages', async () => {
    const sb = sandbox();
    const sample = sb.sample!.aws.sqs;
    const sqs = createAwsClient(SQSClient, { region: sb.region, endpoint: sb.awsEndpoint });
    try {
      const attrs = async (q: string) =>
        (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: sample.queues[q], AttributeNames: ['All'] }))).Attributes ?? {};
      const orders = await attrs('orders-events');
      const dlq = await attrs('orders-dlq');
      const fifo = await attrs('payments.fifo');
      assert.deepEqual(JSON.parse(orders.RedrivePolicy ?? '{}'), { deadLetterTargetArn: dlq.QueueArn, maxReceiveCount: 3 });
      assert.equal(fifo.FifoQueue, 'true');
      assert.equal(Number(orders.ApproximateNumberOfMessages), sample.messages['orders-events']);
      assert.equal(Number(dlq.ApproximateNumberOfMessages), sample.messages['orders-dlq']);
      assert.equal(Number(fifo.ApproximateNumberOfMessages), sample.messages['payments.fifo']);
    } finally {
      sqs.destroy();
    }
  });

  it('has a VPC flow log with a custom format whose records, REJECTs included, are in CloudWatch Logs', async () => {
    const sb = sandbox();
    const ec2Sample = sb.sample!.aws.ec2;
    const ec2 = createAwsClient(EC2Client, { region: sb.region, endpoint: sb.awsEndpoint });
    const logs = createAwsClient(CloudWatchLogsClient, { region: sb.region, endpoint: sb.awsEndpoint });
    try {
      const { FlowLogs = [] } = await ec2.send(new DescribeFlowLogsCommand({}));
      const custom = FlowLogs.find((f) => f.ResourceId === ec2Sample.vpcId && f.LogDestinationType === 'cloud-watch-logs');
      assert.ok(custom, 'the VPC has a flow log');
      assert.equal(custom.LogDestinationType, 'cloud-watch-logs');
      assert.equal(custom.LogFormat, ec2Sample.flowLogs[0].logFormat);
      const group = custom.LogGroupName ?? '';
      const events = await logs.send(new FilterLogEventsCommand({ logGroupName: group }));
      assert.equal(events.events?.length, ec2Sample.flowLogs[0].records);
      const fields = (ec2Sample.flowLogs[0].logFormat ?? '').split(' ').length;
      const rejects = (events.events ?? []).map((e) => (e.message ?? '').split(' ')).filter((f) => f[12] === 'REJECT');
      assert.ok(rejects.length > 0, 'some records are REJECTs');
      for (const r of rejects) {
        assert.equal(r.length, fields);
        assert.equal(r[0], '5');
        assert.ok(ec2Sample.networkInterfaceIds.includes(r[2]), r[2]);
      }
      const streams = new Set((events.events ?? []).map((e) => e.logStreamName));
      assert.deepEqual([...streams].sort(), ec2Sample.networkInterfaceIds.map((id) => `${id}-all`).sort());
    } finally {
      ec2.destroy();
      logs.destroy();
    }
  });
});
