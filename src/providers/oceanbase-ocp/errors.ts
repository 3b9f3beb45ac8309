/**
 * OCP failures → kind and a message a person can act on (messages.ts: `oceanbase-ocp.error.*`).
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
import type { Message } from '../../lib/message.ts';
import { ProviderError, type ErrorKind } from '../_shared/errors.ts';
import { msg } from './messages.ts';

/** OCP Express `ErrorCodes` values used here. */
const OCP_CODES = {
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

interface OcpAnswer {
  httpStatus: number;
  /** The envelope's own `status`, when the body had one. */
  envelopeStatus?: number;
  code?: string;
  vendorMessage?: string;
  traceId?: string;
  retryAfterMs?: number;
}

/** OCP's own error text, shortened: it is quoted after our sentence, not instead of it. */
const MAX_VENDOR_CHARS = 300;

/** Builds the message of a kind, given what OCP said (its text, if any). */
type Explain = (said: string | undefined) => Message;

function about(ctx: OcpErrorContext): { task: number; subtask: number | undefined } {
  return { task: ctx.task, subtask: ctx.subtask };
}

function auth(ctx: OcpErrorContext): Explain {
  return ctx.authMode === 'basic'
    ? (said) => msg('oceanbase-ocp.error.auth.basic', { said })
    : (said) => msg('oceanbase-ocp.error.auth.accessKey', { said });
}

function permission(ctx: OcpErrorContext): Explain {
  return ctx.op === 'retry'
    ? (said) => msg('oceanbase-ocp.error.permission.retry', { said })
    : (said) => msg('oceanbase-ocp.error.permission.read', { said });
}

/** The retry names a subtask; a read of the task detail does not. */
function notFound(ctx: OcpErrorContext): Explain {
  const { task, subtask } = ctx;
  return subtask === undefined
    ? (said) => msg('oceanbase-ocp.error.notFound.task', { task, said })
    : (said) => msg('oceanbase-ocp.error.notFound.subtask', { task, subtask, said });
}

function byCode(code: string, ctx: OcpErrorContext): [ErrorKind, Explain] | undefined {
  switch (code) {
    case OCP_CODES.TASK_NOT_EXISTS:
    case OCP_CODES.COMMON_NOT_FOUND:
      return ['not-found', notFound(ctx)];
    case OCP_CODES.TASK_STATE_INVALID:
      return ['precondition', (said) => msg('oceanbase-ocp.error.stateInvalid', { ...about(ctx), said })];
    case OCP_CODES.IAM_USER_NOT_AUTHENTICATED:
    case OCP_CODES.IAM_BAD_CREDENTIALS:
      return ['auth', auth(ctx)];
    case OCP_CODES.IAM_OPERATION_NOT_PERMITTED:
      return ['auth', permission(ctx)];
    case OCP_CODES.COMMON_ILLEGAL_ARGUMENT:
      return ['invalid', (said) => msg('oceanbase-ocp.error.illegalArgument', { ...about(ctx), said })];
  }
  return undefined;
}

function byStatus(status: number, ctx: OcpErrorContext, waitMs: number | undefined): [ErrorKind, Explain] {
  if (status === 401) return ['auth', auth(ctx)];
  if (status === 403) return ['auth', permission(ctx)];
  if (status === 404) return ['not-found', notFound(ctx)];
  if (status === 429) return ['throttled', (said) => msg('oceanbase-ocp.error.throttled', { waitMs, said })];
  if (status === 409 || status === 412)
    return ['precondition', (said) => msg('oceanbase-ocp.error.conflict', { ...about(ctx), said })];
  if (status < 400) return ['server', (said) => msg('oceanbase-ocp.error.unsuccessful', { ...about(ctx), said })];
  if (status < 500) return ['invalid', (said) => msg('oceanbase-ocp.error.rejected', { ...about(ctx), said })];
  return ['server', (said) => msg('oceanbase-ocp.error.failed', { ...about(ctx), said })];
}

export function ocpError(answer: OcpAnswer, ctx: OcpErrorContext): ProviderError {
  const envelopeStatus =
    answer.envelopeStatus !== undefined && answer.envelopeStatus >= 400 ? answer.envelopeStatus : undefined;
  const status = answer.httpStatus >= 400 ? answer.httpStatus : (envelopeStatus ?? answer.httpStatus);
  // Whole seconds, as the Retry-After header counts them.
  const waitMs = answer.retryAfterMs ? Math.ceil(answer.retryAfterMs / 1000) * 1000 : undefined;
  const [kind, explain] = (answer.code ? byCode(answer.code, ctx) : undefined) ?? byStatus(status, ctx, waitMs);
  const said = answer.vendorMessage?.trim().slice(0, MAX_VENDOR_CHARS) || undefined;
  return new ProviderError(kind, explain(said), {
    code: answer.code ?? `HTTP ${status}`,
    requestId: answer.traceId,
    httpStatus: answer.httpStatus,
    retryAfterMs: answer.retryAfterMs,
  });
}
