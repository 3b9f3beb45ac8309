/** Retries for provider reads (never for rerun calls), with exponential backoff from p-retry. */
import pRetry, { AbortError } from 'p-retry';
import { isRetryableRead, ProviderError } from './errors.ts';
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
      shouldRetry: ({ error }) => !(error instanceof ProviderError && error.kind === 'throttled' && (error.retryAfterMs ?? 0) > 60_000),
    },
  );
}
