/** The `instance` field's pick list: the job's failed instances, read from the listing window. */
import { ProviderError } from '../_shared/errors.ts';
import type { Choice, RawParams } from '../types.ts';
import type { SessionContext } from './context.ts';
import { OPTIONS_LIMIT, OPTIONS_WINDOW_MS } from './limits.ts';
import { listWindow, newBudget } from './listing.ts';
import { msg } from './messages.ts';
import { instanceValue, isForbiddenName } from './schema.ts';
import { formatTime } from './times.ts';

export async function instanceChoices(ctx: SessionContext, key: string, partial: RawParams): Promise<Choice[]> {
  const { target, deps, tz } = ctx;
  const job = typeof partial['job'] === 'string' ? partial['job'].trim() : '';
  if (key !== 'instance' || !job || isForbiddenName(job)) return [];
  const now = deps.clock.now().getTime();
  let listed;
  try {
    listed = await listWindow(ctx, job, target.workspace, now - OPTIONS_WINDOW_MS, now, newBudget(), 'fail');
  } catch (err) {
    if (err instanceof ProviderError && err.kind === 'not-found') return [];
    throw err;
  }
  return listed.instances
    .filter((i) => i.job_id !== undefined && i.submit_time !== undefined)
    .sort((a, b) => b.plan_time - a.plan_time)
    .slice(0, OPTIONS_LIMIT)
    .map((i) => ({
      value: instanceValue({
        job_id: i.job_id as number,
        plan_time: i.plan_time,
        submit_time: i.submit_time as number,
      }),
      // The label is a time, a state code and a number (well under a select option's 75 characters).
      label: msg('huawei-dataarts.choice.instance', {
        planned: formatTime(i.plan_time, tz, false),
        state: i.status,
        instanceId: i.instance_id,
      }),
    }));
}
