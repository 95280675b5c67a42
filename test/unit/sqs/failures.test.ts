import * as assert from 'node:assert/strict';
import { describeAwsFailure, isNotImplemented, isThrottlingError } from '../../../src/core/aws/failures';

function sdkError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

describe('AWS failures in words', () => {
  const ctx = { service: 'SQS', region: 'eu-west-1', what: 'listing SQS queues' };

  it('tells an expired session to log in again with the profile', () => {
    const e = describeAwsFailure(sdkError('ExpiredTokenException', 400, 'The security token included in the request is expired'), { ...ctx, profile: 'dev-sso' });
    assert.equal(e.kind, 'credentials');
    assert.match(e.message, /credentials have expired while listing SQS queues\. If 'dev-sso' is an SSO profile, run: aws sso login --profile dev-sso/);
  });

  it('tells an expired SSO token (from the credential chain) to run aws sso login', () => {
    const err = Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login'), { name: 'CredentialsProviderError' });
    const e = describeAwsFailure(err, { ...ctx, profile: 'corp' });
    assert.equal(e.kind, 'credentials');
    assert.match(e.message, /SSO session has expired.*Run: aws sso login --profile corp/);
  });

  it('reads a 403 that is not AWS JSON (moto with authentication, a proxy) as rejected credentials', () => {
    const err = Object.assign(new SyntaxError('Unexpected token \'<\', "<?xml vers"... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'), { $metadata: { httpStatusCode: 403 } });
    const e = describeAwsFailure(err, { ...ctx, endpoint: 'http://127.0.0.1:5000' });
    assert.equal(e.kind, 'credentials');
    assert.match(e.message, /^the AWS endpoint http:\/\/127\.0\.0\.1:5000 refused the request \(HTTP 403\) while listing SQS queues: the credentials were rejected or access is denied/);
  });

  it('reads SQS RequestThrottled (HTTP 403) as throttling, not as access denied', () => {
    const err = sdkError('RequestThrottled', 403, 'Request is throttled.');
    assert.equal(isThrottlingError(err), true);
    assert.equal(describeAwsFailure(err, ctx).kind, 'throttled');
    assert.equal(isThrottlingError(sdkError('AccessDenied', 403)), false);
  });

  it('explains a purge within 60 seconds of the last one', () => {
    const e = describeAwsFailure(sdkError('PurgeQueueInProgress', 403, 'Only one PurgeQueue operation on q is allowed every 60 seconds.'), ctx);
    assert.match(e.message, /SQS allows one purge per queue every 60 seconds; try again in a minute/);
  });

  it('names the region when a queue does not exist (the usual cause is the wrong region)', () => {
    const e = describeAwsFailure(sdkError('QueueDoesNotExist', 400, 'The specified queue does not exist.'), ctx);
    assert.equal(e.kind, 'not-found');
    assert.match(e.message, /does not exist in eu-west-1.*check the name, --region/);
  });

  it('says access denied with the operation', () => {
    const e = describeAwsFailure(sdkError('AccessDenied', 403, 'User: arn:aws:iam::1:user/x is not authorized to perform: sqs:listqueues'), ctx);
    assert.equal(e.kind, 'access-denied');
    assert.match(e.message, /access denied by AWS SQS in eu-west-1 .*sqs:listqueues while listing SQS queues/);
  });

  it('recognises an operation the endpoint does not implement, and only that', () => {
    const html500 = Object.assign(new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON'), { $metadata: { httpStatusCode: 500 } });
    assert.equal(isNotImplemented(html500), true);
    assert.equal(isNotImplemented(sdkError('UnsupportedOperation', 400)), true);
    assert.equal(isNotImplemented(sdkError('InternalError', 500, 'We encountered an internal error')), false, 'a real AWS 500 is not "not implemented"');
  });

  it('says cancelled and timed out as such', () => {
    assert.equal(describeAwsFailure(new Error('aborted'), ctx, { cancelled: true }).message, 'cancelled while listing SQS queues');
    const t = describeAwsFailure(new Error('aborted'), { ...ctx, endpoint: 'http://10.0.0.1:4566' }, { timedOut: true, timeoutMs: 1500 });
    assert.equal(t.kind, 'timeout');
    assert.match(t.message, /no answer from the AWS endpoint http:\/\/10\.0\.0\.1:4566 within 1500 ms while listing SQS queues/);
  });
});
