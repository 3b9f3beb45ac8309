/** Backoff knobs for provider reads and the budget of one operation: production values and a fast variant for tests. */
import { DEFAULT_ACTION_BUDGET_MS } from '../../lib/budget.ts';
import type { ProviderTiming } from '../types.ts';

export const DEFAULT_TIMING: ProviderTiming = {
  retryBaseMs: 500,
  readRetries: 3,
  actionBudgetMs: DEFAULT_ACTION_BUDGET_MS,
};
/** Short backoffs; the budget stays the production one (a test of the budget sets its own). */
export const FAST_TIMING: ProviderTiming = { retryBaseMs: 5, readRetries: 2, actionBudgetMs: DEFAULT_ACTION_BUDGET_MS };
