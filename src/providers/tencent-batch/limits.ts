/**
 * Batch's documented limits and the bot's own bounds for it, in one place: the client paces and
 * splits by them, the schema holds a request to them, messages name them.
 */

import type { Allowances } from '../_shared/allowances.ts';

/** The operations the bot calls, by Batch's action names. */
export type BatchAction = 'RetryJobs' | 'DescribeJobs';

/**
 * Batch counts its limits per API (docs/providers/FACTS.md §2.5): RetryJobs 2 requests/s (intl
 * doc; the CN doc says 10), DescribeJobs 2 requests/s (intl doc, 2023). The low figures, each its
 * own pace: a rerun never waits behind the reads. A target with another quota sets `limits:`.
 */
export const ALLOWANCES: Allowances<BatchAction> = { operations: { RetryJobs: 2, DescribeJobs: 2 } };
/** RetryJobs' documented limit, which help and the throttling message name. */
export const REQUESTS_PER_SECOND = ALLOWANCES.operations.RetryJobs;
/** RetryJobs and DescribeJobs take at most 100 job ids per call. */
export const MAX_IDS_PER_CALL = 100;
/** Job ids one request may name (the calls are split into MAX_IDS_PER_CALL each). */
export const MAX_JOB_IDS = 1000;
/**
 * Batch may still show FAILED for a moment after accepting RetryJobs; for this long after an
 * accepted retry, FAILED is not taken as the final state.
 */
export const RETRY_PICKUP_GRACE_MS = 2 * 60_000;
