/**
 * Batch's documented limits and the bot's own bounds for it, in one place: the client paces and
 * splits by them, the schema holds a request to them, messages name them.
 */

/** Documented limit for RetryJobs (intl doc) and the low DescribeJobs figure: 2 requests per second. */
export const REQUESTS_PER_SECOND = 2;
/**
 * Calls are spaced 4% wider than the limit allows, so timer jitter never puts three calls in
 * one second of the server's window; 96% of the allowance stays in use.
 */
export const SPACING_MS = Math.ceil((1000 / REQUESTS_PER_SECOND) * 1.04);
/** RetryJobs and DescribeJobs take at most 100 job ids per call. */
export const MAX_IDS_PER_CALL = 100;
/** Job ids one request may name (the calls are split into MAX_IDS_PER_CALL each). */
export const MAX_JOB_IDS = 1000;
/**
 * Batch may still show FAILED for a moment after accepting RetryJobs; for this long after an
 * accepted retry, FAILED is not taken as the final state.
 */
export const RETRY_PICKUP_GRACE_MS = 2 * 60_000;
