/**
 * Reading job states with ListJobs (2018-04-12): `ClusterId`, `State` = all | finished |
 * notfinish, `PageNumber` from 1, `PageSize` at most 50 (docs/providers/FACTS.md §3.4; SDK ListJobsRequest).
 *
 * Why ListJobs and not ListJobsWithFilters: the RerunJobs page itself points to ListJobs for
 * the job ids; its `State=notfinish` filter returns exactly the set RerunJobs can act on
 * (RUNNING and QUEUED), so a preview of live jobs reads few pages; and its JobInfo carries
 * everything the preview shows (state, nodes, owner, times). ListJobsWithFilters adds filters
 * by name, user, queue and creation time that a lookup by id does not need, and neither API
 * filters by job id, so both must page.
 */
import { retryRead } from '../_shared/retry.ts';
import type { SessionContext } from './context.ts';
import { LIST_PAGE_SIZE, MAX_LIST_PAGES } from './limits.ts';
import type { JobInfo, ListJobsAnswer, ListState } from './model.ts';

export interface JobListing {
  found: Map<string, JobInfo>;
  /** True when every page was read or every wanted id was found; false when the page bound stopped it. */
  complete: boolean;
  pagesRead: number;
}

/**
 * Pages through ListJobs until every wanted id is found, the listing ends, or `maxPages` pages
 * were read. With `wanted` null, keeps every job of the pages read.
 */
export async function listJobs(
  { client, deps }: SessionContext,
  cluster: string,
  state: ListState,
  wanted: ReadonlySet<string> | null,
  maxPages = MAX_LIST_PAGES,
): Promise<JobListing> {
  const found = new Map<string, JobInfo>();
  let seen = 0;
  for (let page = 1; page <= maxPages; page += 1) {
    const res = await retryRead(deps.timing, () =>
      client.call<ListJobsAnswer>({
        action: 'ListJobs',
        params: { ClusterId: cluster, State: state, PageNumber: String(page), PageSize: String(LIST_PAGE_SIZE) },
        cluster,
        jobIds: wanted ? [...wanted] : [],
      }),
    );
    const jobs = res.Jobs?.JobInfo ?? [];
    seen += jobs.length;
    for (const job of jobs) if (!wanted || wanted.has(job.Id)) found.set(job.Id, job);
    const total = res.TotalCount ?? seen;
    if (wanted && found.size >= wanted.size) return { found, complete: true, pagesRead: page };
    if (jobs.length < LIST_PAGE_SIZE || seen >= total) return { found, complete: true, pagesRead: page };
  }
  return { found, complete: false, pagesRead: maxPages };
}

/** The live jobs (RUNNING or QUEUED) among `ids`: what RerunJobs can act on. */
export function liveJobs(ctx: SessionContext, cluster: string, ids: readonly string[]): Promise<JobListing> {
  return listJobs(ctx, cluster, 'notfinish', new Set(ids));
}
