/**
 * Sending again, in one place. Reads are retried with p-retry's backoff; a rerun call is sent
 * again only after an answer that proves it did not run, a few times, waiting out Retry-After.
 * Neither waits past the operation's budget (lib/budget.ts): when what is left cannot cover the next
 * wait, the last failure is the answer.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import { remainingMs } from '../../lib/budget.ts';
import { isRetryableRead, provesNotExecuted, ProviderError } from './errors.ts';
import { carryingRerun, NotSentError } from './http.ts';
import type { ProviderTiming } from '../types.ts';

export async function retryRead<T>(timing: ProviderTiming, read: () => Promise<T>): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await read();
      } catch (err) {
        if (!isRetryableRead(err)) throw new AbortError(err as Error);
        throw err;
      }
    },
    {
      retries: timing.readRetries,
      minTimeout: timing.retryBaseMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error, retriesConsumed }) =>
        !(error instanceof ProviderError && error.kind === 'throttled' && (error.retryAfterMs ?? 0) > 60_000) &&
        // The longest this wait can be (randomize doubles at most), with time left for the call.
        remainingMs() > 2 * timing.retryBaseMs * 2 ** retriesConsumed,
    },
  );
}

/** Times a rerun call is sent again at most, after answers that prove it did not run. */
const MAX_RESENDS = 3;

interface ResendRules {
  /**
   * Whether this failure may be sent again; `attempt` counts from 1. Defaults to
   * provesNotExecuted (throttled, or refused before delivery); a provider widens it only
   * with answers its API documents as "nothing ran".
   */
  resendable?: (err: unknown, attempt: number) => boolean;
  /** A wait longer than this (a long Retry-After) ends the loop: the person is told instead. */
  maxWaitMs?: number;
  /** Called before each wait, to log why the call goes again. */
  onResend?: (err: unknown, attempt: number, waitMs: number) => void;
}

/** `attempts` counts the attempts handed to the network: one the rerun's hook stopped is not one. */
type Sent<T> = { ok: true; value: T; attempts: number } | { ok: false; error: unknown; attempts: number };

/**
 * Sends a rerun call, and again only under `rules`, with exponential backoff from
 * `timing.retryBaseMs` or the server's Retry-After, whichever is longer. Never throws: the
 * last failure comes back for the provider to turn into an outcome. Each attempt's requests
 * carry the rerun (the caller's `sending` hook is awaited before each); when the hook fails,
 * that attempt was not sent and none follows.
 */
export async function sendRerun<T>(
  timing: ProviderTiming,
  send: (attempt: number) => Promise<T>,
  rules: ResendRules = {},
): Promise<Sent<T>> {
  const resendable = rules.resendable ?? provesNotExecuted;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { ok: true, value: await carryingRerun(() => send(attempt)), attempts: attempt };
    } catch (error) {
      if (error instanceof NotSentError) return { ok: false, error, attempts: attempt - 1 };
      const retryAfter = error instanceof ProviderError ? (error.retryAfterMs ?? 0) : 0;
      const waitMs = Math.max(retryAfter, timing.retryBaseMs * 2 ** (attempt - 1));
      const tooLong = waitMs > (rules.maxWaitMs ?? Infinity) || waitMs >= remainingMs();
      if (attempt > MAX_RESENDS || tooLong || !resendable(error, attempt))
        return { ok: false, error, attempts: attempt };
      rules.onResend?.(error, attempt, waitMs);
      await sleep(waitMs);
    }
  }
}
