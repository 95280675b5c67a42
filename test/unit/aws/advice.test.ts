import * as assert from 'node:assert/strict';
import { adviseAwsFailure } from '../../../src/core/aws/advice';
import { AwsConfigError } from '../../../src/core/aws/clients';
import { AwsError } from '../../../src/core/aws/errors';

function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

const ctx = { service: 'SQS', profile: 'work', region: 'eu-west-1', permissions: ['sqs:ListQueues', 'sqs:GetQueueAttributes'] };

describe('AWS failures: cause and what to do', () => {
  it('an expired SSO session says which aws sso login to run', () => {
    const a = adviseAwsFailure(sdkError('TokenProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login'), ctx);
    assert.equal(a.kind, 'credentials');
    assert.match(a.cause, /SSO session has expired/);
    assert.match(a.action, /aws sso login --profile work/);
  });

  it('expired keys say to renew them', () => {
    const a = adviseAwsFailure(sdkError('ExpiredToken', 'The security token included in the request is expired', { $metadata: { httpStatusCode: 403 } }), ctx);
    assert.equal(a.kind, 'credentials');
    assert.match(a.cause, /expired/);
    assert.match(a.action, /aws sso login --profile work/);
  });

  it('missing credentials point at the profile', () => {
    const a = adviseAwsFailure(sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), ctx);
    assert.equal(a.kind, 'credentials');
    assert.match(a.action, /aws configure list --profile work/);
  });

  it('AccessDenied names the permissions the view needs', () => {
    const a = adviseAwsFailure(sdkError('AccessDeniedException', 'User is not authorized to perform sqs:listqueues', { $metadata: { httpStatusCode: 403 } }), ctx);
    assert.equal(a.kind, 'access-denied');
    assert.match(a.action, /needs sqs:ListQueues, sqs:GetQueueAttributes in eu-west-1/);
  });

  it('a refused endpoint says to start it or fix the setting', () => {
    const a = adviseAwsFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { ...ctx, endpoint: 'http://127.0.0.1:9' });
    assert.equal(a.kind, 'unreachable');
    assert.match(a.cause, /cannot connect to the AWS endpoint http:\/\/127.0.0.1:9: connection refused/);
    assert.match(a.action, /flowscope.aws.endpoint/);
  });

  it('no network to real AWS says to check the connection', () => {
    const a = adviseAwsFailure(Object.assign(new Error('getaddrinfo ENOTFOUND sqs.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' }), ctx);
    assert.match(a.action, /network connection \(proxy, VPN\) to AWS in eu-west-1/);
  });

  it('a made-up region is called out as such', () => {
    const a = adviseAwsFailure(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), { ...ctx, region: 'mars-north-1' });
    assert.match(a.action, /'mars-north-1' does not look like an AWS region/);
  });

  it('a timeout suggests the timeout setting', () => {
    const a = adviseAwsFailure(new AwsError('timeout', 'no answer from AWS SQS in eu-west-1 within 5000 ms'), ctx);
    assert.match(a.action, /flowscope.aws.requestTimeoutMs/);
  });

  it('a configuration error (no region) points at the chooser', () => {
    const a = adviseAwsFailure(new AwsConfigError('no AWS region chosen'), ctx);
    assert.equal(a.kind, 'config');
    assert.match(a.action, /Choose AWS Profile and Region/);
  });
});
