import * as assert from 'node:assert/strict';
import {
  atDlqLimit,
  checkSend,
  describeEncryption,
  linkDeadLetterQueues,
  parseQueueArn,
  peekPreflight,
  queueInfoFromAttributes,
  wouldReachDlqLimit,
} from '../../../src/core/sqs/model';

const base = 'https://sqs.eu-west-1.amazonaws.com/123456789012';
const arn = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;

describe('SQS peek preflight (DLQ risk)', () => {
  it('asks before peeking a queue with a redrive policy, naming the DLQ and the limit', () => {
    const p = peekPreflight({ name: 'orders', redrivePolicy: { deadLetterTargetArn: arn('orders-dlq'), maxReceiveCount: 3 } });
    assert.equal(p.needsConfirmation, true);
    assert.match(p.warning, /orders has a redrive policy \(maxReceiveCount 3, dead-letter queue orders-dlq\)/);
    assert.match(p.warning, /a message already received 2 times will be moved to orders-dlq on its next receive/);
  });

  it('with maxReceiveCount 1 says every message is at risk', () => {
    const p = peekPreflight({ name: 'strict', redrivePolicy: { deadLetterTargetArn: arn('strict-dlq'), maxReceiveCount: 1 } });
    assert.match(p.warning, /after the peek, every message will be moved to strict-dlq/);
  });

  it('lets a queue without a redrive policy be peeked without asking', () => {
    const p = peekPreflight({ name: 'plain', redrivePolicy: null });
    assert.equal(p.needsConfirmation, false);
    assert.equal(p.warning, '');
  });

  it('flags a message whose next receive reaches maxReceiveCount, and only those', () => {
    // Before a peek: received twice, limit 3: the peek is the third receive, the consumer's would be the fourth.
    assert.equal(wouldReachDlqLimit(2, 3), true);
    assert.equal(wouldReachDlqLimit(1, 3), false);
    assert.equal(wouldReachDlqLimit(0, 1), true);
    // After a peek, SQS's count already includes the peek.
    assert.equal(atDlqLimit(3, 3), true);
    assert.equal(atDlqLimit(2, 3), false);
    assert.equal(atDlqLimit(5, null), false, 'no redrive policy: never at risk');
    assert.equal(atDlqLimit(null, 3), false);
  });
});

describe('SQS attribute mapping', () => {
  it('turns the string attributes into numbers, FIFO, encryption and the redrive policy', () => {
    const q = queueInfoFromAttributes(`${base}/pay.fifo`, {
      QueueArn: arn('pay.fifo'),
      ApproximateNumberOfMessages: '12',
      ApproximateNumberOfMessagesNotVisible: '2',
      ApproximateNumberOfMessagesDelayed: '1',
      VisibilityTimeout: '45',
      MessageRetentionPeriod: '1209600',
      MaximumMessageSize: '262144',
      ReceiveMessageWaitTimeSeconds: '20',
      DelaySeconds: '0',
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      KmsMasterKeyId: 'alias/aws/sqs',
      // SQS has returned maxReceiveCount as a string in some regions and eras.
      RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:123456789012:pay-dlq.fifo","maxReceiveCount":"5"}',
      CreatedTimestamp: '1767268800',
    });
    assert.equal(q.name, 'pay.fifo');
    assert.deepEqual([q.visible, q.inFlight, q.delayed], [12, 2, 1]);
    assert.equal(q.fifo, true);
    assert.equal(q.contentBasedDeduplication, true);
    assert.deepEqual(q.redrivePolicy, { deadLetterTargetArn: arn('pay-dlq.fifo'), maxReceiveCount: 5 });
    assert.equal(describeEncryption(q.encryption), 'SSE-KMS (alias/aws/sqs)');
    assert.equal(q.createdAt, Date.UTC(2026, 0, 1, 12));
    assert.deepEqual([q.visibilityTimeoutSeconds, q.retentionSeconds, q.maxMessageBytes, q.receiveWaitSeconds], [45, 1209600, 262144, 20]);
  });

  it('reports absent counts and an unreadable redrive policy as null, not 0 or a crash', () => {
    const q = queueInfoFromAttributes(`${base}/odd`, { QueueArn: arn('odd'), RedrivePolicy: 'not json' });
    assert.equal(q.visible, null);
    assert.equal(q.redrivePolicy, null);
    assert.equal(describeEncryption(q.encryption), 'unknown');
    assert.equal(q.fifo, false);
  });

  it('links DLQs both ways from the listing', () => {
    const rp = (dlq: string, max: number) => JSON.stringify({ deadLetterTargetArn: arn(dlq), maxReceiveCount: max });
    const qs = linkDeadLetterQueues([
      queueInfoFromAttributes(`${base}/orders`, { QueueArn: arn('orders'), RedrivePolicy: rp('dlq', 3) }),
      queueInfoFromAttributes(`${base}/refunds`, { QueueArn: arn('refunds'), RedrivePolicy: rp('dlq', 5) }),
      queueInfoFromAttributes(`${base}/dlq`, { QueueArn: arn('dlq') }),
      queueInfoFromAttributes(`${base}/lonely`, { QueueArn: arn('lonely'), RedrivePolicy: rp('elsewhere', 2) }),
    ]);
    const byName = Object.fromEntries(qs.map((q) => [q.name, q]));
    assert.deepEqual(byName.dlq.deadLetterSourceUrls, [`${base}/orders`, `${base}/refunds`]);
    assert.deepEqual(byName.orders.deadLetterSourceUrls, []);
    assert.equal(byName.lonely.redrivePolicy?.deadLetterTargetArn, arn('elsewhere'), 'a DLQ outside the listing is still shown');
  });

  it('parses queue ARNs, FIFO names included, and rejects other ARNs', () => {
    assert.deepEqual(parseQueueArn('arn:aws:sqs:us-east-1:123456789012:pay.fifo'), { region: 'us-east-1', accountId: '123456789012', name: 'pay.fifo' });
    assert.equal(parseQueueArn('arn:aws:sns:us-east-1:123456789012:topic'), null);
  });
});

describe('SQS send checks', () => {
  it('requires a group id for FIFO, and a dedup id unless content-based deduplication is on', () => {
    assert.match(checkSend(true, {}) ?? '', /message group id is required/);
    assert.match(checkSend(true, { groupId: 'g', contentBasedDeduplication: false }) ?? '', /deduplication id is required/);
    assert.equal(checkSend(true, { groupId: 'g', contentBasedDeduplication: true }), null);
    assert.match(checkSend(true, { groupId: 'g', dedupId: 'd', delaySeconds: 5 }) ?? '', /do not support a per-message delay/);
  });

  it('rejects FIFO ids on a standard queue and delays beyond 15 minutes', () => {
    assert.match(checkSend(false, { groupId: 'g' }) ?? '', /only to FIFO queues/);
    assert.match(checkSend(false, { delaySeconds: 901 }) ?? '', /0 to 900/);
    assert.equal(checkSend(false, { delaySeconds: 900 }), null);
  });
});
