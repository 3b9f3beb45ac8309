/** What a person reads about an E-HPC job, before approving and after. */
import type { Message } from '../../lib/message.ts';
import { msg } from './messages.ts';
import { nodesOf, type JobInfo } from './model.ts';

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
