/** The status of retried jobs, read from DescribeJobs after the rerun. */
import type { JobStatus, StatusContext, StatusItem } from '../types.ts';
import type { SessionContext } from './context.ts';
import { describeJob } from './details.ts';
import { RETRY_PICKUP_GRACE_MS } from './limits.ts';
import { describeJobs } from './listing.ts';
import { msg } from './messages.ts';
import { TERMINAL, type JobSummary } from './model.ts';
import type { RetryParams } from './schema.ts';

/**
 * Whether an accepted retry may not have been picked up yet. `acceptedAt` comes from the store,
 * so the grace holds across a restart of the bot and for any session that reads the status.
 */
function withinPickupGrace(context: StatusContext, now: Date): boolean {
  if (!context.acceptedAt) return false;
  const acceptedMs = Date.parse(context.acceptedAt);
  return !Number.isNaN(acceptedMs) && now.getTime() - acceptedMs < RETRY_PICKUP_GRACE_MS;
}

/**
 * Whether the job's run ended at or after the accepted retry (DescribeJobs' `EndTime`, whole
 * seconds): then a FAILED is the retried run failing again, not the old failure still shown.
 */
function endedSince(job: JobSummary, context: StatusContext): boolean {
  const ended = job.EndTime ? Date.parse(job.EndTime) : NaN;
  const accepted = context.acceptedAt ? Date.parse(context.acceptedAt) : NaN;
  if (Number.isNaN(ended) || Number.isNaN(accepted)) return false;
  return ended >= Math.floor(accepted / 1000) * 1000;
}

export async function status(ctx: SessionContext, params: RetryParams, context: StatusContext): Promise<JobStatus> {
  const jobs = await describeJobs(ctx, params.job_ids);
  const awaitingPickup = withinPickupGrace(context, ctx.deps.clock.now());
  const items: StatusItem[] = params.job_ids.map((id) => {
    const job = jobs.get(id);
    if (!job) return { id, state: 'NOT FOUND', terminal: true };
    if (job.JobState === 'FAILED' && awaitingPickup && !endedSince(job, context)) {
      return { id, state: job.JobState, terminal: false, detail: msg('tencent-batch.status.awaitingPickup', {}) };
    }
    const facts = describeJob(job);
    return {
      id,
      state: job.JobState,
      terminal: TERMINAL.has(job.JobState),
      ...(TERMINAL.has(job.JobState) ? { result: job.JobState === 'SUCCEED' ? 'succeeded' : 'failed' } : {}),
      detail: facts.length ? msg('tencent-batch.detail.facts', { facts }) : undefined,
    };
  });
  return { items, terminal: items.every((i) => i.terminal) };
}
