/** Reading jobs with DescribeJobs, filtered by their ids, MAX_IDS_PER_CALL ids a call (docs/providers/FACTS.md §2). */
import { chunk } from '../_shared/outcome.ts';
import { retryRead } from '../_shared/retry.ts';
import type { SessionContext } from './context.ts';
import { MAX_IDS_PER_CALL } from './limits.ts';
import type { JobSummary } from './model.ts';

/** The jobs Batch knows among `ids`, by id; an id it does not know is absent. */
export async function describeJobs(
  { client, deps }: SessionContext,
  ids: readonly string[],
): Promise<Map<string, JobSummary>> {
  const found = new Map<string, JobSummary>();
  for (const part of chunk(ids, MAX_IDS_PER_CALL)) {
    const res = await retryRead(deps.timing, () =>
      client.call<{ JobSet: JobSummary[] }>({
        action: 'DescribeJobs',
        params: { JobIds: part, Limit: MAX_IDS_PER_CALL },
        jobIds: part,
      }),
    );
    for (const job of res.JobSet ?? []) found.set(job.JobId, job);
  }
  return found;
}
