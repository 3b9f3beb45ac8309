/** Backoff knobs for provider reads and the budget of one operation: production values and a fast variant for tests. */
import type { ProviderTiming } from '../types.ts';

/**
 * 30 s per operation, retries included: well under a minute a person waits for an answer, and
 * twice the default per-call timeout (15 s), so one slow answer and a retry still fit.
 */
export const DEFAULT_ACTION_BUDGET_MS = 30_000;

export const DEFAULT_TIMING: ProviderTiming = {
  retryBaseMs: 500,
  readRetries: 3,
  actionBudgetMs: DEFAULT_ACTION_BUDGET_MS,
};
/** Short backoffs; the budget stays the production one (a test of the budget sets its own). */
export const FAST_TIMING: ProviderTiming = { retryBaseMs: 5, readRetries: 2, actionBudgetMs: DEFAULT_ACTION_BUDGET_MS };
