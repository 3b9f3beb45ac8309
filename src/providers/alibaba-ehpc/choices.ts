/**
 * The `jobs` field's pick list: the cluster's live jobs (RUNNING or QUEUED, what RerunJobs can
 * requeue), each labelled `id · name · state`. The label is whole: a front end that must fit it
 * to a size (Slack: 75 characters) cuts the name, its free-text part.
 */
import type { Choice, RawParams } from '../types.ts';
import type { SessionContext } from './context.ts';
import { OPTION_PAGES } from './limits.ts';
import { listJobs } from './listing.ts';
import { msg } from './messages.ts';
import { RERUNNABLE_STATES, type JobInfo } from './model.ts';
import { CLUSTER_ID } from './schema.ts';

function choiceOf(job: JobInfo): Choice {
  return {
    value: job.Id,
    label: msg('alibaba-ehpc.option.job', { id: job.Id, ...(job.Name ? { name: job.Name } : {}), state: job.State }),
  };
}

export async function jobChoices(ctx: SessionContext, key: string, partial: RawParams): Promise<Choice[]> {
  if (key !== 'jobs') return [];
  const typed = typeof partial['cluster'] === 'string' ? partial['cluster'].trim() : '';
  const cluster = typed || ctx.target.clusterId;
  if (!cluster || !CLUSTER_ID.test(cluster)) return [];
  const { found } = await listJobs(ctx, cluster, 'notfinish', null, OPTION_PAGES);
  return [...found.values()].filter((j) => RERUNNABLE_STATES.has(j.State)).map(choiceOf);
}
