/** Batch's documented limits, in one place: the client paces and splits by them, messages name them. */

/** Documented limit for RetryJobs (intl doc) and the low DescribeJobs figure: 2 requests per second. */
export const REQUESTS_PER_SECOND = 2;
/** RetryJobs and DescribeJobs take at most 100 job ids per call. */
export const MAX_IDS_PER_CALL = 100;
