/** What a person reads about a Batch job, before approving and after. */
import type { Message } from '../../lib/message.ts';
import { msg } from './messages.ts';
import type { JobSummary } from './model.ts';

/** Batch writes times as ISO 8601 in UTC; one it wrote otherwise is left out rather than misread. */
function isoTime(at: string | null | undefined): string | undefined {
  if (!at) return undefined;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function describeJob(job: JobSummary): Message[] {
  const details: Message[] = [];
  if (job.TaskMetrics?.FailedCount !== undefined)
    details.push(msg('tencent-batch.detail.failedTasks', { count: job.TaskMetrics.FailedCount }));
  const created = isoTime(job.CreateTime);
  if (created) details.push(msg('tencent-batch.detail.created', { at: created }));
  const ended = isoTime(job.EndTime);
  if (ended) details.push(msg('tencent-batch.detail.ended', { at: ended }));
  return details;
}
