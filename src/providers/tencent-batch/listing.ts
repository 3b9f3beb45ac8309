/** Reading jobs with DescribeJobs, filtered by their ids, MAX_IDS_PER_CALL ids a call (docs/providers/FACTS.md §2). */
import { chunk } from '../_shared/outcome.ts';
import { retryRead } from '../_shared/retry.ts';
import type { SessionContext } from './context.ts';
import { MAX_IDS_PER_CALL } from './limits.ts';
import type { JobSummary } from './model.ts';

/** The jobs Batch knows among `ids`, by id; an id it does not know is absent. */
export async function describeJobs(ctx: SessionContext, ids: readonly string[]): Promise<Map<string, JobSummary>> {
  const found = new Map<string, JobSummary>();
  for (const part of chunk(ids, MAX_IDS_PER_CALL))
    for (const [id, job] of await describeJobsCall(ctx, part)) found.set(id, job);
  return found;
}

/** One DescribeJobs call for at most MAX_IDS_PER_CALL ids (retried as a read). */
export async function describeJobsCall(
  { client, deps }: SessionContext,
  ids: readonly string[],
): Promise<Map<string, JobSummary>> {
  const res = await retryRead(deps.timing, () =>
    client.call<{ JobSet: JobSummary[] }>({
      action: 'DescribeJobs',
      params: { JobIds: ids, Limit: MAX_IDS_PER_CALL },
      jobIds: ids,
    }),
  );
  return new Map((res.JobSet ?? []).map((job) => [job.JobId, job]));
}
