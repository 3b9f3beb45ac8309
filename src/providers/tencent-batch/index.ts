/**
 * Tencent Cloud Batch: RetryJobs retries the failed task instances of FAILED jobs.
 * Preview and status read DescribeJobs; only FAILED jobs are sent (docs/providers/FACTS.md §2).
 */
import type { Message } from '../../lib/message.ts';
import { outcomeFromError, ProviderError, provesNotExecuted } from '../_shared/errors.ts';
import { chunk, mergeOutcomes } from '../_shared/outcome.ts';
import { retryRead, sendRerun } from '../_shared/retry.ts';
import { defineProvider } from '../_shared/define.ts';
import type { BareSession, PreviewItem, ProviderDeps, RerunOutcome, StatusContext, StatusItem } from '../types.ts';
import { TencentClient, type JobSummary } from './client.ts';
import { tencentDemo } from './demo.ts';
import { MAX_IDS_PER_CALL, REQUESTS_PER_SECOND } from './limits.ts';
import { messages, msg } from './messages.ts';
import { PROVIDER_ID, retryParamsSchema, tencentTargetSchema, type RetryParams, type TencentTarget } from './schema.ts';

const TERMINAL = new Set(['SUCCEED', 'FAILED', 'FAILED_INTERRUPTED']);
/**
 * Batch may still show FAILED for a moment after accepting RetryJobs; for this long after an
 * accepted retry, FAILED is not taken as the final state.
 */
const RETRY_PICKUP_GRACE_MS = 2 * 60_000;

/** Batch writes times as ISO 8601 in UTC; one it wrote otherwise is left out rather than misread. */
function isoTime(at: string | null | undefined): string | undefined {
  if (!at) return undefined;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function describeJob(job: JobSummary): Message[] {
  const details: Message[] = [];
  if (job.TaskMetrics?.FailedCount !== undefined)
    details.push(msg('tencent-batch.detail.failedTasks', { count: job.TaskMetrics.FailedCount }));
  const created = isoTime(job.CreateTime);
  if (created) details.push(msg('tencent-batch.detail.created', { at: created }));
  const ended = isoTime(job.EndTime);
  if (ended) details.push(msg('tencent-batch.detail.ended', { at: ended }));
  return details;
}

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

function session(target: TencentTarget, deps: ProviderDeps): BareSession<RetryParams> {
  const client = new TencentClient(target, deps);

  async function describeJobs(ids: readonly string[]): Promise<Map<string, JobSummary>> {
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

  async function retryChunk(ids: string[]): Promise<RerunOutcome> {
    const sent = await sendRerun(
      deps.timing,
      () => client.call<object>({ action: 'RetryJobs', params: { JobIds: ids }, jobIds: ids }),
      {
        // A stale signature is re-signed once; a second one means a clock problem.
        resendable: (err, attempt) =>
          provesNotExecuted(err) ||
          (err instanceof ProviderError && err.code === 'AuthFailure.SignatureExpire' && attempt === 1),
        onResend: (err, attempt) =>
          deps.logger.warn(
            { code: (err as ProviderError).code, calls: attempt },
            'RetryJobs not executed; sending again',
          ),
      },
    );
    if (!sent.ok) return outcomeFromError(sent.error, ids, sent.attempts);
    return {
      status: 'accepted',
      items: ids.map((id) => ({ id, result: 'accepted' })),
      message: msg('tencent-batch.accepted', { count: ids.length }),
      requestId: sent.value.RequestId,
      calls: sent.attempts,
    };
  }

  return {
    async preview(params) {
      const jobs = await describeJobs(params.job_ids);
      const items: PreviewItem[] = params.job_ids.map((id) => {
        const job = jobs.get(id);
        if (!job)
          return {
            id,
            state: 'NOT FOUND',
            eligible: false,
            reason: msg('tencent-batch.refused.notFound', { region: target.region }),
          };
        const eligible = job.JobState === 'FAILED';
        return {
          id,
          name: job.JobName,
          state: job.JobState,
          eligible,
          reason: eligible ? undefined : msg('tencent-batch.refused.notFailed', { state: job.JobState }),
          details: describeJob(job),
        };
      });
      const eligible = items.filter((i) => i.eligible).map((i) => i.id);
      return {
        items,
        notes: [msg('tencent-batch.note.retryJobs', {})],
        send: eligible.length ? { job_ids: eligible } : null,
      };
    },

    describeCall(send) {
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      return chunk(send.job_ids, MAX_IDS_PER_CALL).map((ids) => {
        const req = client.build({ action: 'RetryJobs', params: { JobIds: ids }, jobIds: ids }, timestamp, true);
        return { method: 'POST', ...req };
      });
    },

    async rerun(send) {
      const parts: RerunOutcome[] = [];
      for (const ids of chunk(send.job_ids, MAX_IDS_PER_CALL)) parts.push(await retryChunk(ids));
      return mergeOutcomes(parts);
    },

    async status(params, context) {
      const jobs = await describeJobs(params.job_ids);
      const awaitingPickup = withinPickupGrace(context, deps.clock.now());
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
    },
  };
}

export const tencentBatch = defineProvider({
  id: PROVIDER_ID,
  displayName: msg('tencent-batch.name', {}),
  targetSchema: tencentTargetSchema,
  paramsSchema: () => retryParamsSchema,
  fields: [
    {
      key: 'job_ids',
      aliases: ['jobs', 'JobIds'],
      label: msg('tencent-batch.field.job_ids.label', {}),
      hint: msg('tencent-batch.field.job_ids.hint', {}),
      example: 'job-rybewp57,job-97zcl3wt',
      kind: 'list',
      required: true,
    },
  ],
  help: {
    summary: msg('tencent-batch.help.summary', { perCall: MAX_IDS_PER_CALL, perSecond: REQUESTS_PER_SECOND }),
    examples: ['job_ids=job-rybewp57,job-97zcl3wt'],
  },
  summarize: (p) => msg('tencent-batch.summary', { jobIds: p.job_ids }),
  selectItems: (raw, items) => ({ ...raw, job_ids: [...items] }),
  messages,
  connect: session,
  demo: tencentDemo,
});
