/**
 * The preview of a RerunJobs request, read from ListJobs: per job its state and whether RerunJobs
 * can requeue it (RUNNING or QUEUED only), and notes on what the request will do.
 */
import type { Message } from '../../lib/message.ts';
import type { Preview, PreviewItem } from '../types.ts';
import type { SessionContext } from './context.ts';
import { jobDetails } from './details.ts';
import { LIST_LIMIT, MAX_JOBS_PER_CALL, RERUN_CALLS_PER_SECOND } from './limits.ts';
import { listJobs, liveJobs, type JobListing } from './listing.ts';
import { msg } from './messages.ts';
import { RERUNNABLE_STATES, type JobInfo } from './model.ts';
import type { RerunParams } from './schema.ts';

/** Reads the live jobs, then the finished ones among the rest, and decides what may be sent. */
export async function preview(ctx: SessionContext, params: RerunParams): Promise<Preview<RerunParams>> {
  const running = await liveJobs(ctx, params.cluster, params.jobs);
  const missing = params.jobs.filter((id) => !running.found.has(id));
  const finished = missing.length
    ? await listJobs(ctx, params.cluster, 'finished', new Set(missing))
    : { found: new Map<string, JobInfo>(), complete: true, pagesRead: 0 };
  return previewOf(params, running, finished);
}

/**
 * The preview of `params` from two ListJobs readings: `running`, the live jobs (RUNNING and
 * QUEUED), and `finished`, the finished ones among the jobs not live. Only eligible jobs are sent.
 */
function previewOf(params: RerunParams, running: JobListing, finished: JobListing): Preview<RerunParams> {
  const items: PreviewItem[] = params.jobs.map((id) => {
    const job = running.found.get(id) ?? finished.found.get(id);
    if (!job) {
      const { cluster } = params;
      return {
        id,
        state: 'NOT FOUND',
        eligible: false,
        reason:
          running.complete && finished.complete
            ? msg('alibaba-ehpc.refused.notFound', { id, cluster })
            : msg('alibaba-ehpc.refused.notFoundWithinLimit', { id, cluster, limit: LIST_LIMIT }),
      };
    }
    const eligible = RERUNNABLE_STATES.has(job.State);
    return {
      id,
      name: job.Name,
      state: job.State,
      eligible,
      reason: eligible
        ? undefined
        : job.State === 'FINISHED'
          ? msg('alibaba-ehpc.refused.finished', {})
          : msg('alibaba-ehpc.refused.notRunning', { state: job.State }),
      details: jobDetails(job),
    };
  });
  const eligible = items.filter((i) => i.eligible).map((i) => i.id);
  const calls = Math.ceil(eligible.length / MAX_JOBS_PER_CALL);
  const notes: Message[] = [msg('alibaba-ehpc.note.whatItDoes', {})];
  if (eligible.length) {
    notes.push(
      msg('alibaba-ehpc.note.plan', {
        count: eligible.length,
        calls,
        perCall: MAX_JOBS_PER_CALL,
        perSecond: RERUN_CALLS_PER_SECOND,
      }),
    );
  }
  if (params.async) notes.push(msg('alibaba-ehpc.note.async', {}));
  if (!running.complete || !finished.complete) notes.push(msg('alibaba-ehpc.note.listLimit', { limit: LIST_LIMIT }));
  return { items, notes, send: eligible.length ? { ...params, jobs: eligible } : null };
}
