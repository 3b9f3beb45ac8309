/** The preview of a RetryJobs request, read from DescribeJobs: only FAILED jobs are sent. */
import type { Preview, PreviewItem } from '../types.ts';
import type { SessionContext } from './context.ts';
import { describeJob } from './details.ts';
import { describeJobs } from './listing.ts';
import { msg } from './messages.ts';
import { RETRYABLE_STATE } from './model.ts';
import type { RetryParams } from './schema.ts';

export async function preview(ctx: SessionContext, params: RetryParams): Promise<Preview<RetryParams>> {
  const jobs = await describeJobs(ctx, params.job_ids);
  const items: PreviewItem[] = params.job_ids.map((id) => {
    const job = jobs.get(id);
    if (!job)
      return {
        id,
        state: 'NOT FOUND',
        eligible: false,
        reason: msg('tencent-batch.refused.notFound', { region: ctx.target.region }),
      };
    const eligible = job.JobState === RETRYABLE_STATE;
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
}
