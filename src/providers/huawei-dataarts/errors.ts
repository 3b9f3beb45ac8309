/**
 * DataArts Factory (DLF) and API Gateway (APIG) error codes → kind and a message a person can
 * act on (docs/providers/FACTS.md §1.6). Errors arrive as HTTP 4xx/5xx with `{error_code, error_msg}`; the
 * gateway adds `request_id`, and every answer carries an `X-Request-Id` header. The vendor's
 * error_msg travels as the message's `said`; the code and request id travel on the error itself.
 */
import type { Message } from '../../lib/message.ts';
import { ProviderError, type ErrorKind } from '../_shared/errors.ts';
import { msg } from './messages.ts';
import { REQUESTS_PER_SECOND } from './limits.ts';

export interface DlfErrorContext {
  /** The job named in the call's path, when there is one. */
  job?: string;
  workspace: string;
  region: string;
  host: string;
}

/**
 * `said` is the vendor's error_msg; `httpStatus` is named only for an answer without a code
 * (the uncoded rules at the end are the ones it can reach).
 */
function rule(code: string, httpStatus: number, ctx: DlfErrorContext, said: string | undefined): [ErrorKind, Message] {
  const { job } = ctx;
  switch (code) {
    case 'APIG.0308':
      return ['throttled', msg('huawei-dataarts.error.throttled', { said, perSecond: REQUESTS_PER_SECOND })];
    case 'APIG.0301':
      return ['auth', msg('huawei-dataarts.error.credentials', { said })];
    case 'APIG.0307':
      return ['auth', msg('huawei-dataarts.error.tokenExpired', { said })];
    case 'APIG.0101':
      return ['not-found', msg('huawei-dataarts.error.apiNotFound', { said, host: ctx.host, region: ctx.region })];
    case 'APIG.0106':
      return ['invalid', msg('huawei-dataarts.error.missingParameter', { said })];
    case 'APIG.0201':
      return ['server', msg('huawei-dataarts.error.backendTimeout', { said })];
    case 'DLF.0100':
    case 'DLF.1000':
      return ['not-found', msg('huawei-dataarts.error.noJob', { said, job, workspace: ctx.workspace })];
    case 'DLF.0137':
    case 'DLF.30137':
      return ['not-found', msg('huawei-dataarts.error.noInstance', { said, job })];
    case 'DLF.0810':
      return ['not-found', msg('huawei-dataarts.error.noTask', { said, job })];
    case 'DLF.0136':
      return ['invalid', msg('huawei-dataarts.error.notBatch', { said, job })];
    case 'DLF.3018':
      return ['invalid', msg('huawei-dataarts.error.badJobName', { said, job })];
    case 'DLF.6888':
      return ['auth', msg('huawei-dataarts.error.noPermission', { said, workspace: ctx.workspace })];
  }
  const uncoded = { said, httpStatus: code ? undefined : httpStatus };
  if (httpStatus >= 500) return ['server', msg('huawei-dataarts.error.internal', uncoded)];
  if (code.startsWith('APIG.03')) return ['auth', msg('huawei-dataarts.error.refusedCredentials', uncoded)];
  if (httpStatus === 429) return ['throttled', msg('huawei-dataarts.error.throttledHttp', uncoded)];
  if (httpStatus === 401 || httpStatus === 403) return ['auth', msg('huawei-dataarts.error.forbidden', uncoded)];
  if (httpStatus === 404) return ['not-found', msg('huawei-dataarts.error.notFound', uncoded)];
  return ['invalid', msg('huawei-dataarts.error.refused', uncoded)];
}

export function dlfError(
  code: string,
  vendorMessage: string,
  requestId: string | undefined,
  httpStatus: number,
  ctx: DlfErrorContext,
  retryAfterMs?: number,
): ProviderError {
  const [kind, detail] = rule(code, httpStatus, ctx, vendorMessage || undefined);
  return new ProviderError(kind, detail, {
    code,
    requestId,
    httpStatus,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** An answer without a vendor code: classified by its HTTP status alone. */
export function httpError(
  httpStatus: number,
  requestId: string | undefined,
  ctx: DlfErrorContext,
  retryAfterMs?: number,
): ProviderError {
  const [kind, detail] = rule('', httpStatus, ctx, undefined);
  return new ProviderError(kind, detail, {
    requestId,
    httpStatus,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}
