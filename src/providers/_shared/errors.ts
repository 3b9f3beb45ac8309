/**
 * Provider failures, coded and classified once (docs/STYLE.md: "retryability classified once").
 * Every provider maps its vendor codes to one of these kinds and a sentence a person can act on.
 */
import type { Message } from '../../lib/message.ts';
import { NotSentError, TransportError } from './http.ts';
import { sharedMsg } from './messages.ts';
import type { ItemOutcome, ProviderFailure, RerunOutcome } from '../types.ts';

export type ErrorKind =
  | 'invalid' // the request itself is wrong: fix the parameters
  | 'auth' // credentials, signature, permission
  | 'not-found'
  | 'precondition' // the thing is not in a state that allows the operation
  | 'throttled' // rate limited: proves the call was not executed
  | 'transient' // temporary trouble that proves nothing ran (e.g. a conflicting operation)
  | 'server'; // the provider failed: whether it executed is unknown

/**
 * A provider's coded answer. `detail` is what a person reads (a message of the provider's own
 * catalog); the Error's `message` is its id and values, for logs.
 */
export class ProviderError extends Error implements ProviderFailure {
  override readonly name = 'ProviderError';
  readonly kind: ErrorKind;
  readonly detail: Message;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(
    kind: ErrorKind,
    detail: Message,
    extra: { code?: string; requestId?: string; httpStatus?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(logText(detail), { cause: extra.cause });
    this.kind = kind;
    this.detail = detail;
    this.code = extra.code;
    this.requestId = extra.requestId;
    this.httpStatus = extra.httpStatus;
    this.retryAfterMs = extra.retryAfterMs;
  }
}

/**
 * A read may be retried after these; a write only after those that prove nothing ran. An answer
 * past the size cap is not: the same read would fetch the same oversized answer again.
 */
export function isRetryableRead(err: unknown): boolean {
  if (err instanceof TransportError) return err.failure !== 'too-large';
  return (
    err instanceof ProviderError && (err.kind === 'throttled' || err.kind === 'transient' || err.kind === 'server')
  );
}

/** Answers that prove the rerun was not executed, so sending it again is safe. */
export function provesNotExecuted(err: unknown): boolean {
  if (err instanceof TransportError) return !err.maybeDelivered;
  return err instanceof ProviderError && err.kind === 'throttled';
}

/** A message as one line for logs: its id and values (nested messages by id). */
export function logText(m: Message): string {
  const values = Object.entries(m.params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null && 'id' in v ? v.id : JSON.stringify(v)}`);
  return values.length ? `${m.id} ${values.join(' ')}` : m.id;
}

/**
 * Turns a failure of the rerun call into an outcome. A transport failure after the request
 * may have reached the server, and a 5xx, leave the outcome unknown; a call the rerun's hook
 * stopped before it left was not sent.
 */
export function outcomeFromError(err: unknown, ids: readonly string[], calls: number): RerunOutcome {
  if (err instanceof NotSentError) {
    return {
      status: 'rejected',
      items: ids.map((id): ItemOutcome => ({ id, result: 'refused', reason: err.detail })),
      message: sharedMsg('provider.notSent', { reason: err.detail }),
      calls,
    };
  }
  if (err instanceof TransportError) {
    if (!err.maybeDelivered) {
      return {
        status: 'rejected',
        items: ids.map((id): ItemOutcome => ({ id, result: 'refused', reason: err.detail })),
        message: sharedMsg('provider.unreachable', { reason: err.detail }),
        calls,
      };
    }
    return {
      status: 'unknown',
      items: ids.map((id): ItemOutcome => ({ id, result: 'unknown', reason: err.detail })),
      message: sharedMsg('provider.outcomeUnknown', { reason: err.detail }),
      calls,
    };
  }
  if (err instanceof ProviderError) {
    const unknown = err.kind === 'server';
    return {
      status: unknown ? 'unknown' : 'rejected',
      items: ids.map((id): ItemOutcome => ({ id, result: unknown ? 'unknown' : 'refused', reason: err.detail })),
      message: unknown ? sharedMsg('provider.outcomeUnknown', { reason: err.detail }) : err.detail,
      code: err.code,
      requestId: err.requestId,
      calls,
    };
  }
  throw err;
}
