/**
 * Tencent Cloud Batch: RetryJobs retries the failed task instances of FAILED jobs.
 * Preview and status read DescribeJobs; only FAILED jobs are sent (docs/providers/FACTS.md §2).
 */
import { outcomeFromError, ProviderError, provesNotExecuted } from '../_shared/errors.ts';
import { chunk, mergeOutcomes } from '../_shared/outcome.ts';
import { retryRead, sendRerun } from '../_shared/retry.ts';
import {
  defineProvider,
  type PreviewItem,
  type ProviderDeps,
  type ProviderSession,
  type RerunOutcome,
  type StatusItem,
} from '../types.ts';
import { MAX_IDS_PER_CALL, TencentClient, type JobSummary } from './client.ts';
import { tencentDemo } from './demo.ts';
import { PROVIDER_ID, retryParamsSchema, tencentTargetSchema, type RetryParams, type TencentTarget } from './schema.ts';

const TERMINAL = new Set(['SUCCEED', 'FAILED', 'FAILED_INTERRUPTED']);
/**
 * Batch may still show FAILED for a moment after accepting RetryJobs; for this long after an
 * accepted retry, FAILED is not taken as the final state.
 */
const RETRY_PICKUP_GRACE_MS = 2 * 60_000;

function describeJob(job: JobSummary): string[] {
  const details: string[] = [];
  if (job.TaskMetrics?.FailedCount !== undefined) details.push(`failed tasks: ${job.TaskMetrics.FailedCount}`);
  if (job.CreateTime) details.push(`created ${job.CreateTime}`);
  if (job.EndTime) details.push(`ended ${job.EndTime}`);
  return details;
}

function session(target: TencentTarget, deps: ProviderDeps): ProviderSession<RetryParams> {
  const client = new TencentClient(target, deps);
  /** When this session's last accepted retry of each job was sent. */
  const acceptedAt = new Map<string, number>();

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
    for (const id of ids) acceptedAt.set(id, deps.clock.now().getTime());
    return {
      status: 'accepted',
      items: ids.map((id) => ({ id, result: 'accepted' })),
      message: `Tencent Cloud accepted the retry of ${ids.length} job(s) (request id ${sent.value.RequestId}).`,
      requestId: sent.value.RequestId,
      calls: sent.attempts,
    };
  }

  return {
    async preview(params) {
      const jobs = await describeJobs(params.job_ids);
      const items: PreviewItem[] = params.job_ids.map((id) => {
        const job = jobs.get(id);
        if (!job) return { id, state: 'NOT FOUND', eligible: false, reason: `no such job in ${target.region}` };
        const eligible = job.JobState === 'FAILED';
        return {
          id,
          name: job.JobName,
          state: job.JobState,
          eligible,
          reason: eligible ? undefined : `only FAILED jobs can be retried; this one is ${job.JobState}`,
          details: describeJob(job),
        };
      });
      const eligible = items.filter((i) => i.eligible).map((i) => i.id);
      return {
        items,
        notes: [
          'RetryJobs reruns only the failed task instances of each job, following its DAG; their history is reset.',
        ],
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

    async status(params) {
      const jobs = await describeJobs(params.job_ids);
      const items: StatusItem[] = params.job_ids.map((id) => {
        const job = jobs.get(id);
        if (!job) return { id, state: 'NOT FOUND', terminal: true };
        const retried = acceptedAt.get(id);
        if (
          job.JobState === 'FAILED' &&
          retried !== undefined &&
          deps.clock.now().getTime() - retried < RETRY_PICKUP_GRACE_MS
        ) {
          return {
            id,
            state: job.JobState,
            terminal: false,
            detail: 'retry accepted; waiting for Batch to pick it up',
          };
        }
        return {
          id,
          state: job.JobState,
          terminal: TERMINAL.has(job.JobState),
          detail: describeJob(job).join(', ') || undefined,
        };
      });
      const terminal = items.every((i) => i.terminal);
      const summary = items.map((i) => `${i.id}: ${i.state}`).join(', ');
      return { items, terminal, summary };
    },
  };
}

export const tencentBatch = defineProvider<TencentTarget, RetryParams>({
  id: PROVIDER_ID,
  displayName: 'Tencent Cloud Batch',
  targetSchema: tencentTargetSchema,
  paramsSchema: () => retryParamsSchema,
  fields: [
    {
      key: 'job_ids',
      aliases: ['jobs', 'JobIds'],
      label: 'Job ids',
      hint: 'Comma-separated Batch job ids. Only jobs in state FAILED are retried.',
      example: 'job-rybewp57,job-97zcl3wt',
      kind: 'list',
      required: true,
    },
  ],
  help: {
    summary:
      'RetryJobs: retries the failed task instances of FAILED Batch jobs (up to 100 per call, 2 calls per second).',
    examples: ['job_ids=job-rybewp57,job-97zcl3wt'],
  },
  summarize: (p) => `Retry ${p.job_ids.length} Batch job(s): ${p.job_ids.join(', ')}`,
  connect: session,
  demo: tencentDemo,
});
