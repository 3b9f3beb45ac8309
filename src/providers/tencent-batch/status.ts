/**
 * The status of retried jobs, read from DescribeJobs after the rerun: one request's jobs
 * (`status`), or several requests' jobs together, MAX_IDS_PER_CALL ids a call (`statusMany`).
 */
import { chunk } from '../_shared/outcome.ts';
import { answerEach, sharedReads } from '../_shared/status-many.ts';
import type { JobStatus, StatusAnswer, StatusContext, StatusItem, StatusQuery } from '../types.ts';
import type { SessionContext } from './context.ts';
import { describeJob } from './details.ts';
import { MAX_IDS_PER_CALL, RETRY_PICKUP_GRACE_MS } from './limits.ts';
import { describeJobs, describeJobsCall } from './listing.ts';
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

/** The status of `params`' jobs from what DescribeJobs answered for them (`jobs`, by id). */
function statusOf(
  ctx: SessionContext,
  params: RetryParams,
  context: StatusContext,
  jobs: ReadonlyMap<string, JobSummary>,
): JobStatus {
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

export async function status(ctx: SessionContext, params: RetryParams, context: StatusContext): Promise<JobStatus> {
  return statusOf(ctx, params, context, await describeJobs(ctx, params.job_ids));
}

/**
 * Every request's jobs in as few DescribeJobs calls as the 100-id limit allows: the distinct ids
 * of all requests, 100 a call. A call that fails is the answer of the requests with an id in it.
 */
export function statusMany(ctx: SessionContext, queries: readonly StatusQuery<RetryParams>[]): Promise<StatusAnswer[]> {
  const ids = [...new Set(queries.flatMap((q) => q.params.job_ids))];
  const parts = chunk(ids, MAX_IDS_PER_CALL);
  const partOf = new Map(parts.flatMap((part, n) => part.map((id) => [id, n] as const)));
  const read = sharedReads(ctx.deps.timing.actionBudgetMs, String, (n: number) =>
    describeJobsCall(ctx, parts[n] ?? []),
  );
  return answerEach(queries, async (params, context) => {
    const needed = [...new Set(params.job_ids.map((id) => partOf.get(id) ?? 0))];
    const jobs = new Map<string, JobSummary>();
    for (const answer of await Promise.all(needed.map(read))) for (const [id, job] of answer) jobs.set(id, job);
    return statusOf(ctx, params, context, jobs);
  });
}
