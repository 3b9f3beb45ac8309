/** Backoff knobs for provider reads: the production values and a fast variant for tests. */
import type { ProviderTiming } from '../types.ts';

export const DEFAULT_TIMING: ProviderTiming = { retryBaseMs: 500, readRetries: 3 };
export const FAST_TIMING: ProviderTiming = { retryBaseMs: 5, readRetries: 2 };
