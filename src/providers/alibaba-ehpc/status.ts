/**
 * The status of requeued jobs, read from ListJobs after the rerun: one request's jobs
 * (`status`), or several requests' together, one paging pass per cluster (`statusMany`).
 */
import { answerEach, sharedReads } from '../_shared/status-many.ts';
import type { JobStatus, StatusAnswer, StatusItem, StatusQuery } from '../types.ts';
import type { SessionContext } from './context.ts';
import { jobDetails } from './details.ts';
import { LIST_LIMIT } from './limits.ts';
import { liveJobs, type JobListing } from './listing.ts';
import { msg } from './messages.ts';
import type { RerunParams } from './schema.ts';

/**
 * No accepted-at is needed (nor was any kept in memory): after an accepted requeue a job is
 * RUNNING (not yet requeued, e.g. async) or QUEUED again, neither of them final, so no state
 * right after the rerun can read as final too early and there is no grace to wait out.
 */
export async function status(ctx: SessionContext, params: RerunParams): Promise<JobStatus> {
  return jobStatus(params, await liveJobs(ctx, params.cluster, params.jobs));
}

/**
 * Every request's jobs with one pass through each cluster's live jobs: ListJobs cannot filter by
 * job id, so one pass that looks for every request's jobs of a cluster (paging until all are
 * found, or the listing ends) serves them all, where one pass per request would page the same
 * listing again for each.
 */
export function statusMany(ctx: SessionContext, queries: readonly StatusQuery<RerunParams>[]): Promise<StatusAnswer[]> {
  const wanted = new Map<string, string[]>();
  for (const { params } of queries) wanted.set(params.cluster, [...(wanted.get(params.cluster) ?? []), ...params.jobs]);
  const read = sharedReads(ctx.deps.timing.actionBudgetMs, String, (cluster: string) =>
    liveJobs(ctx, cluster, wanted.get(cluster) ?? []),
  );
  return answerEach(queries, async (params) => jobStatus(params, await read(params.cluster)));
}

/**
 * The status of the jobs of `params` from the listing of the live ones (RUNNING and QUEUED).
 * Jobs no longer listed as running or queued have finished or left the scheduler: both
 * are terminal for a requeue, and reported as FINISHED.
 */
function jobStatus(params: RerunParams, now: JobListing): JobStatus {
  const items: StatusItem[] = params.jobs.map((id) => {
    const job = now.found.get(id);
    if (job) {
      const details = jobDetails(job);
      return {
        id,
        state: job.State,
        terminal: job.State === 'FINISHED',
        ...(details.length ? { detail: msg('alibaba-ehpc.status.job', { details }) } : {}),
      };
    }
    if (!now.complete)
      return {
        id,
        state: 'UNKNOWN',
        terminal: false,
        detail: msg('alibaba-ehpc.status.beyondLimit', { limit: LIST_LIMIT }),
      };
    return { id, state: 'FINISHED', terminal: true, detail: msg('alibaba-ehpc.status.gone', {}) };
  });
  return { items, terminal: items.every((i) => i.terminal) };
}
