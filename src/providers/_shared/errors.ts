/**
 * Provider failures, coded and classified once (docs/STYLE.md: "retryability classified once").
 * Every provider maps its vendor codes to one of these kinds and a sentence a person can act on.
 */
import { TransportError } from './http.ts';
import type { ItemOutcome, RerunOutcome } from '../types.ts';

export type ErrorKind =
  | 'invalid' // the request itself is wrong: fix the parameters
  | 'auth' // credentials, signature, permission
  | 'not-found'
  | 'precondition' // the thing is not in a state that allows the operation
  | 'throttled' // rate limited: proves the call was not executed
  | 'transient' // temporary trouble that proves nothing ran (e.g. a conflicting operation)
  | 'server'; // the provider failed: whether it executed is unknown

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ErrorKind;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(
    kind: ErrorKind,
    message: string,
    extra: { code?: string; requestId?: string; httpStatus?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.kind = kind;
    this.code = extra.code;
    this.requestId = extra.requestId;
    this.httpStatus = extra.httpStatus;
    this.retryAfterMs = extra.retryAfterMs;
  }
}

/** A read may be retried after these; a write only after those that prove nothing ran. */
export function isRetryableRead(err: unknown): boolean {
  if (err instanceof TransportError) return true;
  return (
    err instanceof ProviderError && (err.kind === 'throttled' || err.kind === 'transient' || err.kind === 'server')
  );
}

/** Answers that prove the rerun was not executed, so sending it again is safe. */
export function provesNotExecuted(err: unknown): boolean {
  if (err instanceof TransportError) return !err.maybeDelivered;
  return err instanceof ProviderError && err.kind === 'throttled';
}

/** Appends the vendor code and request id so support can trace the call. */
export function withIds(sentence: string, code?: string, requestId?: string): string {
  const ids = [code && `code ${code}`, requestId && `request id ${requestId}`].filter(Boolean).join(', ');
  return ids ? `${sentence} (${ids})` : sentence;
}

/**
 * Turns a failure of the rerun call into an outcome. A transport failure after the request
 * may have reached the server, and a 5xx, leave the outcome unknown.
 */
export function outcomeFromError(err: unknown, ids: readonly string[], calls: number): RerunOutcome {
  if (err instanceof TransportError) {
    if (!err.maybeDelivered) {
      return {
        status: 'rejected',
        items: ids.map((id): ItemOutcome => ({ id, result: 'refused', reason: err.message })),
        message: `The provider could not be reached (${err.message}); nothing was sent. Check the target's endpoint and try again.`,
        calls,
      };
    }
    return {
      status: 'unknown',
      items: ids.map((id): ItemOutcome => ({ id, result: 'unknown', reason: err.message })),
      message: `Outcome unknown: ${err.message}. The rerun may or may not have started; it will not be sent again automatically. Check the job's state with /rerun status.`,
      calls,
    };
  }
  if (err instanceof ProviderError) {
    const unknown = err.kind === 'server';
    return {
      status: unknown ? 'unknown' : 'rejected',
      items: ids.map((id): ItemOutcome => ({ id, result: unknown ? 'unknown' : 'refused', reason: err.message })),
      message: unknown
        ? `Outcome unknown: ${withIds(err.message, err.code, err.requestId)}. It will not be sent again automatically; check the job's state with /rerun status.`
        : withIds(err.message, err.code, err.requestId),
      code: err.code,
      requestId: err.requestId,
      calls,
    };
  }
  throw err;
}
