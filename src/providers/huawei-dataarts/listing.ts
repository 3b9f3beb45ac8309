/**
 * The listing window: a job's instances planned in a time window, read from the v2 instance list
 * page by page and in month-long slices, within a budget of list calls shared by everything one
 * preview, status or pre-send check reads. Chain mode reads whole windows, instance mode a
 * window of one planned time, and the `instance` pick list the last week's failed instances.
 */
import type { Message } from '../../lib/message.ts';
import { retryRead } from '../_shared/retry.ts';
import type { SessionContext } from './context.ts';
import { MAX_LIST_CALLS, MAX_LISTED, PAGE_SIZE, SLICE_MS } from './limits.ts';
import { msg } from './messages.ts';
import type { JobInstance } from './model.ts';

/** How many list calls are still allowed in one preview, status or pre-send check. */
export interface ListBudget {
  left: number;
  /** Set when a read stopped because the budget ran out. */
  exhausted: boolean;
}

export const newBudget = (): ListBudget => ({ left: MAX_LIST_CALLS, exhausted: false });

export interface Listed {
  instances: JobInstance[];
  /** False when the window holds more than was read (MAX_LISTED, or the budget ran out). */
  complete: boolean;
}

/** Instances of `job` planned in [from, to] (inclusive), at most MAX_LISTED, read page by page within `budget`. */
export async function listWindow(
  { client, deps }: SessionContext,
  job: string,
  workspace: string,
  from: number,
  to: number,
  budget: ListBudget,
  status?: string,
): Promise<Listed> {
  const found = new Map<string, JobInstance>();
  const result = (complete: boolean): Listed => ({
    instances: [...found.values()].sort((a, b) => a.plan_time - b.plan_time),
    complete,
  });
  for (let sliceStart = from; sliceStart <= to; sliceStart += SLICE_MS) {
    const sliceEnd = Math.min(to, sliceStart + SLICE_MS - 1);
    for (let offset = 0; ; offset += PAGE_SIZE) {
      if (found.size >= MAX_LISTED) return result(false);
      if (budget.left <= 0) {
        budget.exhausted = true;
        return result(false);
      }
      budget.left -= 1;
      // The API's bounds are exclusive ("greater than min_plan_time"), hence the ±1 ms.
      const page = await retryRead(deps.timing, () =>
        client.listInstances(job, workspace, {
          minPlanTime: sliceStart - 1,
          maxPlanTime: sliceEnd + 1,
          status,
          limit: PAGE_SIZE,
          offset,
        }),
      );
      for (const i of page.instances) {
        if (i.plan_time >= sliceStart && i.plan_time <= sliceEnd)
          found.set(`${i.instance_id ?? ''}/${i.plan_time}/${i.submit_time ?? ''}`, i);
      }
      if (page.instances.length < PAGE_SIZE || offset + PAGE_SIZE >= page.total) break;
    }
  }
  return result(true);
}

/**
 * How a job's instances planned in [from, to] are read: `listWindow` itself (`ownReads`), or a
 * share of a listing read once for several followed requests (shared-windows.ts).
 */
export type WindowReader = (
  job: string,
  workspace: string,
  from: number,
  to: number,
  budget: ListBudget,
) => Promise<Listed>;

/** Each window read with its own list calls. */
export const ownReads =
  (ctx: SessionContext): WindowReader =>
  (job, workspace, from, to, budget) =>
    listWindow(ctx, job, workspace, from, to, budget);

/** The preview note when the budget ran out, naming what was left unread. */
export function cutShortNote(budget: ListBudget, what: 'instances' | 'jobs'): Message[] {
  if (!budget.exhausted) return [];
  return [
    what === 'instances'
      ? msg('huawei-dataarts.note.cutShort.instances', { maxCalls: MAX_LIST_CALLS })
      : msg('huawei-dataarts.note.cutShort.jobs', { maxCalls: MAX_LIST_CALLS }),
  ];
}
