/** The status of requeued jobs, read from ListJobs after the rerun. */
import type { JobStatus, StatusItem } from '../types.ts';
import { jobDetails, LIST_LIMIT, type JobListing } from './jobs.ts';
import { msg } from './messages.ts';
import type { RerunParams } from './schema.ts';

/**
 * The status of the jobs of `params` from the listing of the live ones (RUNNING and QUEUED).
 * Jobs no longer listed as running or queued have finished or left the scheduler: both
 * are terminal for a requeue, and reported as FINISHED.
 */
export function jobStatus(params: RerunParams, now: JobListing): JobStatus {
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
