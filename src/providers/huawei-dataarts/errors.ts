/**
 * DataArts Factory (DLF) and API Gateway (APIG) error codes → kind and a sentence a person can
 * act on (docs/providers/FACTS.md §1.6). Errors arrive as HTTP 4xx/5xx with `{error_code, error_msg}`; the
 * gateway adds `request_id`, and every answer carries an `X-Request-Id` header.
 */
import { ProviderError, type ErrorKind } from '../_shared/errors.ts';

export interface DlfErrorContext {
  /** The job named in the call's path, when there is one. */
  job?: string;
  workspace: string;
  region: string;
  host: string;
}

function rule(code: string, httpStatus: number, ctx: DlfErrorContext): [ErrorKind, string] {
  const job = ctx.job ? `"${ctx.job}"` : 'the job';
  switch (code) {
    case 'APIG.0308':
      return [
        'throttled',
        'DataArts throttled the request (DataArts Factory allows 10 requests per second per user); it was not executed and may be sent again',
      ];
    case 'APIG.0301':
      return [
        'auth',
        "Huawei Cloud refused the request's credentials: check the target's accessKey/secretKey (or token), and that this host's clock is within 15 minutes of the real time",
      ];
    case 'APIG.0307':
      return [
        'auth',
        'The IAM token has expired or was revoked (a password, key or permission change invalidates it): put a fresh token in the target, or use AK/SK or password auth',
      ];
    case 'APIG.0101':
      return [
        'not-found',
        `The API was not found on ${ctx.host}: check the target's endpoint and region (${ctx.region})`,
      ];
    case 'APIG.0106':
      return ['invalid', 'The API gateway says a required parameter or header is missing'];
    case 'APIG.0201':
      return ['server', 'The API gateway timed out waiting for DataArts (backend timeout)'];
    case 'DLF.0100':
    case 'DLF.1000':
      return [
        'not-found',
        `No job ${job} in workspace ${ctx.workspace}: check the job name (as shown in DataArts Factory) and the target's workspace`,
      ];
    case 'DLF.0137':
    case 'DLF.30137':
      return [
        'not-found',
        `No such instance of job ${job}: check job_id, plan_time and submit_time, or pick the instance from the list`,
      ];
    case 'DLF.0810':
      return [
        'not-found',
        `DataArts found no such task for job ${job}; list the job's instances again and pick a current one`,
      ];
    case 'DLF.0136':
      return ['invalid', `Only batch jobs can be rerun this way; ${job} is not a batch job`];
    case 'DLF.3018':
      return ['invalid', `DataArts says the job name ${job} is invalid; type it exactly as DataArts Factory shows it`];
    case 'DLF.6888':
      return [
        'auth',
        `The target's IAM user lacks permission in workspace ${ctx.workspace}: give it a DataArts Studio role (developer or admin) in that workspace`,
      ];
  }
  if (httpStatus >= 500) return ['server', 'DataArts had an internal error'];
  if (code.startsWith('APIG.03')) return ['auth', "Huawei Cloud refused the target's credentials"];
  if (httpStatus === 429)
    return ['throttled', 'DataArts throttled the request; it was not executed and may be sent again'];
  if (httpStatus === 401 || httpStatus === 403)
    return ['auth', "Huawei Cloud refused the target's credentials or permissions"];
  if (httpStatus === 404) return ['not-found', 'DataArts found no such resource'];
  return ['invalid', 'DataArts refused the request'];
}

export function dlfError(
  code: string,
  vendorMessage: string,
  requestId: string | undefined,
  httpStatus: number,
  ctx: DlfErrorContext,
  retryAfterMs?: number,
): ProviderError {
  const [kind, sentence] = rule(code, httpStatus, ctx);
  const detail = vendorMessage ? `${sentence}. DataArts says: "${vendorMessage}"` : sentence;
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
  const [kind, sentence] = rule('', httpStatus, ctx);
  return new ProviderError(kind, `${sentence} (HTTP ${httpStatus} without an error code)`, {
    requestId,
    httpStatus,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}
