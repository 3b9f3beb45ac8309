/**
 * OCP failures → kind and a sentence a person can act on.
 *
 * OCP publishes no error-code table for the task APIs (docs/providers/FACTS.md §4.4). The error envelope
 * and codes below are INFERRED from OceanBase's open-source OCP Express, which shares OCP's
 * server framework (github.com/oceanbase/ocp-express: `RestExceptionHandler`,
 * `ErrorResponse`, `core/i18n/ErrorCodes.java`):
 *   HTTP 4xx/5xx, body {successful:false, status, timestamp, duration, traceId, server,
 *                       error: {code: <int>, message, debugMessage?, target?}}
 * Known codes win over the HTTP status, which may differ between OCP versions. Anything
 * else is read from the HTTP status, which then serves as the code (`HTTP 404`). An answer
 * that says nothing clear about a write is 'server', so the rerun's outcome stays unknown
 * rather than being reported as refused.
 */
import { ProviderError, type ErrorKind } from '../_shared/errors.ts';

/** OCP Express `ErrorCodes` values used here. */
export const OCP_CODES = {
  COMMON_ILLEGAL_ARGUMENT: '10001',
  COMMON_NOT_FOUND: '10002',
  TASK_NOT_EXISTS: '20000',
  TASK_STATE_INVALID: '20003',
  IAM_USER_NOT_AUTHENTICATED: '30000',
  IAM_BAD_CREDENTIALS: '30004',
  IAM_OPERATION_NOT_PERMITTED: '30014',
} as const;

export interface OcpErrorContext {
  /** A read of the task detail, or the retry call itself. */
  op: 'read' | 'retry';
  task: number;
  subtask?: number;
  authMode: 'basic' | 'accessKey';
}

export interface OcpAnswer {
  httpStatus: number;
  /** The envelope's own `status`, when the body had one. */
  envelopeStatus?: number;
  code?: string;
  vendorMessage?: string;
  traceId?: string;
  retryAfterMs?: number;
}

function what(ctx: OcpErrorContext): string {
  return ctx.subtask === undefined ? `task ${ctx.task}` : `subtask ${ctx.subtask} of task ${ctx.task}`;
}

function authSentence(ctx: OcpErrorContext): string {
  return ctx.authMode === 'basic'
    ? "OCP refused the target's username or password; check them, and that the OCP user is not locked or expired"
    : "OCP refused the AccessKey signature; check the target's accessKey and secretKey, and that this host's clock is within 15 minutes of OCP's";
}

function permissionSentence(ctx: OcpErrorContext): string {
  return ctx.op === 'retry'
    ? "The target's OCP user may not retry subtasks: it lacks the TASK_MANAGER (task management) permission. Give it a role that includes task management, ideally a custom role scoped to this cluster"
    : "The target's OCP user may not read tasks: it lacks the TASK_VIEWER permission. Give it a role that includes task viewing";
}

function byCode(code: string, ctx: OcpErrorContext): [ErrorKind, string] | undefined {
  switch (code) {
    case OCP_CODES.TASK_NOT_EXISTS:
    case OCP_CODES.COMMON_NOT_FOUND:
      return ['not-found', notFoundSentence(ctx)];
    case OCP_CODES.TASK_STATE_INVALID:
      return [
        'precondition',
        `OCP refused to retry ${what(ctx)}: only a FAILED subtask that is not being rolled back can be retried; check its state with /rerun status`,
      ];
    case OCP_CODES.IAM_USER_NOT_AUTHENTICATED:
    case OCP_CODES.IAM_BAD_CREDENTIALS:
      return ['auth', authSentence(ctx)];
    case OCP_CODES.IAM_OPERATION_NOT_PERMITTED:
      return ['auth', permissionSentence(ctx)];
    case OCP_CODES.COMMON_ILLEGAL_ARGUMENT:
      return ['invalid', `OCP rejected a parameter of the request for ${what(ctx)}`];
  }
  return undefined;
}

function notFoundSentence(ctx: OcpErrorContext): string {
  return ctx.op === 'retry'
    ? `OCP has no subtask ${ctx.subtask} in task ${ctx.task}; check both ids in OCP's task list`
    : `OCP has no task ${ctx.task}; check the id in OCP's task list and that the target points at the right OCP`;
}

function byStatus(status: number, ctx: OcpErrorContext): [ErrorKind, string] {
  if (status === 401) return ['auth', authSentence(ctx)];
  if (status === 403) return ['auth', permissionSentence(ctx)];
  if (status === 404) return ['not-found', notFoundSentence(ctx)];
  if (status === 429) return ['throttled', 'OCP (or a proxy in front of it) throttled the request'];
  if (status === 409 || status === 412)
    return ['precondition', `OCP refused the request for ${what(ctx)} because of its current state`];
  if (status < 400)
    return ['server', `OCP answered that the request for ${what(ctx)} did not succeed, without saying why`];
  if (status < 500) return ['invalid', `OCP rejected the request for ${what(ctx)}`];
  return ['server', `OCP failed to answer the request for ${what(ctx)}`];
}

export function ocpError(answer: OcpAnswer, ctx: OcpErrorContext): ProviderError {
  const envelopeStatus =
    answer.envelopeStatus !== undefined && answer.envelopeStatus >= 400 ? answer.envelopeStatus : undefined;
  const status = answer.httpStatus >= 400 ? answer.httpStatus : (envelopeStatus ?? answer.httpStatus);
  const [kind, base] = (answer.code ? byCode(answer.code, ctx) : undefined) ?? byStatus(status, ctx);
  const wait = kind === 'throttled' && answer.retryAfterMs ? Math.ceil(answer.retryAfterMs / 1000) : undefined;
  const sentence = wait ? `${base}; it asks to wait ${wait} s before trying again` : base;
  const vendor = answer.vendorMessage?.trim();
  const detail = vendor ? `${sentence}. OCP says: "${vendor.slice(0, 300)}"` : sentence;
  return new ProviderError(kind, detail, {
    code: answer.code ?? `HTTP ${status}`,
    requestId: answer.traceId,
    httpStatus: answer.httpStatus,
    retryAfterMs: answer.retryAfterMs,
  });
}
