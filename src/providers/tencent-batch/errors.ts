/**
 * Tencent Cloud error codes → kind and a sentence a person can act on.
 * Errors arrive as HTTP 200 with Response.Error {Code, Message} (docs/providers/FACTS.md §2.5); codes from
 * the RetryJobs page, the SDK's batch errors.go and the common error code list.
 */
import { ProviderError, type ErrorKind } from '../_shared/errors.ts';

export interface TencentErrorContext {
  region: string;
  jobIds: readonly string[];
}

function rule(code: string, ctx: TencentErrorContext): [ErrorKind, string] {
  const jobs = ctx.jobIds.join(', ');
  switch (code) {
    case 'AuthFailure.SignatureFailure':
      return ['auth', "Tencent Cloud refused the request signature; check the target's secretKey"];
    case 'AuthFailure.SignatureExpire':
      return ['auth', "Tencent Cloud says the request time is more than 5 minutes off; check this host's clock"];
    case 'AuthFailure.SecretIdNotFound':
    case 'AuthFailure.InvalidSecretId':
      return ['auth', "Tencent Cloud does not know the target's secretId; check that the key exists and is enabled"];
    case 'AuthFailure.TokenFailure':
      return ['auth', "The temporary credential's token is invalid or expired; refresh the target's token"];
    case 'AuthFailure.UnauthorizedOperation':
    case 'UnauthorizedOperation.UserNotAllowedToUseBatch':
      return [
        'auth',
        "The target's credential is not allowed to use Batch; grant it batch:RetryJobs and batch:DescribeJobs in CAM",
      ];
    case 'InvalidParameter.JobIdMalformed':
      return ['invalid', `Tencent Cloud says a job id is malformed (${jobs}); job ids look like job-rybewp57`];
    case 'ResourceNotFound.Job':
      return ['not-found', `No job ${jobs} in ${ctx.region}; check the id and the target's region`];
    case 'UnsupportedOperation':
      return [
        'precondition',
        `Tencent Cloud refused to retry ${jobs}: only jobs in state FAILED can be retried; check the job's state`,
      ];
    case 'ResourceInUse.Job':
      return ['precondition', `Job ${jobs} is busy with another operation; wait for it to finish and ask again`];
    case 'UnsupportedRegion':
      return ['invalid', `Batch is not available in region ${ctx.region}; fix the target's region`];
    case 'InvalidParameterValue.LimitExceeded':
      return ['invalid', 'Too many job ids in one call (at most 100)'];
    case 'InternalError':
    case 'ServiceUnavailable':
      return ['server', 'Tencent Cloud Batch had an internal error'];
  }
  if (code.startsWith('RequestLimitExceeded'))
    return ['throttled', 'Tencent Cloud throttled the request (RetryJobs allows 2 per second)'];
  if (code.startsWith('InvalidParameter') || code.startsWith('MissingParameter') || code === 'InvalidFilter') {
    return ['invalid', 'Tencent Cloud rejected a parameter'];
  }
  if (code.startsWith('AuthFailure') || code.startsWith('UnauthorizedOperation')) {
    return ['auth', "Tencent Cloud refused the target's credential"];
  }
  if (code.startsWith('ResourceNotFound'))
    return ['not-found', `Tencent Cloud found no such resource in ${ctx.region}`];
  if (code.startsWith('InternalError')) return ['server', 'Tencent Cloud Batch had an internal error'];
  return ['invalid', 'Tencent Cloud refused the request'];
}

export function tencentError(
  code: string,
  vendorMessage: string,
  requestId: string | undefined,
  ctx: TencentErrorContext,
): ProviderError {
  const [kind, sentence] = rule(code, ctx);
  const detail =
    vendorMessage && !sentence.includes(vendorMessage) ? `${sentence}. Tencent says: "${vendorMessage}"` : sentence;
  return new ProviderError(kind, detail, { code, requestId });
}
