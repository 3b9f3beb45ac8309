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
import type { Message } from '../../lib/message.ts';
import { retryRead } from '../_shared/retry.ts';
import type { ProviderTiming } from '../types.ts';
import type { EhpcClient } from './client.ts';
import { msg } from './messages.ts';

/** One job as ListJobs returns it (Jobs.JobInfo[]). Times are scheduler-local, like 2018-07-18T17:46:48. */
export interface JobInfo {
  Id: string;
  Name?: string;
  Owner?: string;
  /** FINISHED, RUNNING or QUEUED. */
  State: string;
  /** JSON text listing the compute nodes, like ["compute2", "compute3"]. */
  NodeList?: string;
  Priority?: number | string;
  SubmitTime?: string;
  StartTime?: string;
  LastModifyTime?: string;
  ArrayRequest?: string;
  Comment?: string;
}

interface ListJobsAnswer {
  Jobs?: { JobInfo?: JobInfo[] };
  TotalCount?: number;
  PageNumber?: number;
  PageSize?: number;
}

export type ListState = 'all' | 'finished' | 'notfinish';

/** The largest page ListJobs serves. */
export const LIST_PAGE_SIZE = 50;
/** Pages read per pass at most (2,000 jobs): a bound on a preview's time and calls. */
export const MAX_LIST_PAGES = 40;
/** The jobs read per state at most, for the sentences that say where the search stopped. */
export const LIST_LIMIT = MAX_LIST_PAGES * LIST_PAGE_SIZE;
/** The states RerunJobs accepts (seed doc: "需要重新运行的作业状态必须为RUNNING或QUEUED"). */
export const RERUNNABLE_STATES: ReadonlySet<string> = new Set(['RUNNING', 'QUEUED']);

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
  client: EhpcClient,
  timing: ProviderTiming,
  cluster: string,
  state: ListState,
  wanted: ReadonlySet<string> | null,
  maxPages = MAX_LIST_PAGES,
): Promise<JobListing> {
  const found = new Map<string, JobInfo>();
  let seen = 0;
  for (let page = 1; page <= maxPages; page += 1) {
    const res = await retryRead(timing, () =>
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

/** The compute nodes of a job, read from NodeList (JSON text) or a plain comma list. */
export function nodesOf(job: JobInfo): string[] {
  const raw = job.NodeList?.trim();
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed.map(String).filter(Boolean);
  } catch {
    // Some schedulers report a plain list.
  }
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * What a person wants to see before approving: where it runs, since when, whose it is. The times
 * are the scheduler's local text without a zone, so they are shown as ListJobs gives them.
 */
export function jobDetails(job: JobInfo): Message[] {
  const details: Message[] = [];
  const nodes = nodesOf(job);
  if (nodes.length) details.push(msg('alibaba-ehpc.detail.nodes', { nodes }));
  if (job.Owner) details.push(msg('alibaba-ehpc.detail.owner', { owner: job.Owner }));
  if (job.SubmitTime) details.push(msg('alibaba-ehpc.detail.submitted', { at: job.SubmitTime }));
  if (job.StartTime && job.State === 'RUNNING')
    details.push(msg('alibaba-ehpc.detail.runningSince', { at: job.StartTime }));
  if (job.LastModifyTime) details.push(msg('alibaba-ehpc.detail.lastChanged', { at: job.LastModifyTime }));
  return details;
}
