/**
 * Tencent Cloud error codes → kind and a message a person can act on.
 * Errors arrive as HTTP 200 with Response.Error {Code, Message} (docs/providers/FACTS.md §2.5); codes from
 * the RetryJobs page, the SDK's batch errors.go and the common error code list.
 */
import type { Message } from '../../lib/message.ts';
import { ProviderError, type ErrorKind } from '../_shared/errors.ts';
import { MAX_IDS_PER_CALL, REQUESTS_PER_SECOND } from './limits.ts';
import { msg } from './messages.ts';
import { JOB_ID_EXAMPLE } from './schema.ts';

interface TencentErrorContext {
  region: string;
  jobIds: readonly string[];
}

/** `vendor` is Tencent Cloud's own text, carried into every message as its parameter. */
function rule(code: string, ctx: TencentErrorContext, vendor: string | undefined): [ErrorKind, Message] {
  const jobIds = [...ctx.jobIds];
  const region = ctx.region;
  switch (code) {
    case 'AuthFailure.SignatureFailure':
      return ['auth', msg('tencent-batch.error.signature', { vendor })];
    case 'AuthFailure.SignatureExpire':
      return ['auth', msg('tencent-batch.error.signatureExpire', { vendor })];
    case 'AuthFailure.SecretIdNotFound':
    case 'AuthFailure.InvalidSecretId':
      return ['auth', msg('tencent-batch.error.secretId', { vendor })];
    case 'AuthFailure.TokenFailure':
      return ['auth', msg('tencent-batch.error.token', { vendor })];
    case 'AuthFailure.UnauthorizedOperation':
    case 'UnauthorizedOperation.UserNotAllowedToUseBatch':
      return ['auth', msg('tencent-batch.error.notAllowed', { vendor })];
    case 'InvalidParameter.JobIdMalformed':
      return ['invalid', msg('tencent-batch.error.jobIdMalformed', { jobIds, example: JOB_ID_EXAMPLE, vendor })];
    case 'ResourceNotFound.Job':
      return ['not-found', msg('tencent-batch.error.jobNotFound', { jobIds, region, vendor })];
    case 'UnsupportedOperation':
      return ['precondition', msg('tencent-batch.error.notFailed', { jobIds, vendor })];
    case 'ResourceInUse.Job':
      return ['precondition', msg('tencent-batch.error.busy', { jobIds, vendor })];
    case 'UnsupportedRegion':
      return ['invalid', msg('tencent-batch.error.region', { region, vendor })];
    case 'InvalidParameterValue.LimitExceeded':
      return ['invalid', msg('tencent-batch.error.tooManyIds', { max: MAX_IDS_PER_CALL, vendor })];
    case 'InternalError':
    case 'ServiceUnavailable':
      return ['server', msg('tencent-batch.error.internal', { vendor })];
  }
  if (code.startsWith('RequestLimitExceeded'))
    return ['throttled', msg('tencent-batch.error.throttled', { perSecond: REQUESTS_PER_SECOND, vendor })];
  if (code.startsWith('InvalidParameter') || code.startsWith('MissingParameter') || code === 'InvalidFilter') {
    return ['invalid', msg('tencent-batch.error.parameter', { vendor })];
  }
  if (code.startsWith('AuthFailure') || code.startsWith('UnauthorizedOperation')) {
    return ['auth', msg('tencent-batch.error.credential', { vendor })];
  }
  if (code.startsWith('ResourceNotFound'))
    return ['not-found', msg('tencent-batch.error.resourceNotFound', { region, vendor })];
  if (code.startsWith('InternalError')) return ['server', msg('tencent-batch.error.internal', { vendor })];
  return ['invalid', msg('tencent-batch.error.refused', { vendor })];
}

export function tencentError(
  code: string,
  vendorMessage: string,
  requestId: string | undefined,
  ctx: TencentErrorContext,
): ProviderError {
  const [kind, detail] = rule(code, ctx, vendorMessage || undefined);
  return new ProviderError(kind, detail, { code, requestId });
}
