/**
 * The status of a retried subtask, read from the task detail after the rerun: one request's
 * (`status`), or several requests' with one detail read per task (`statusMany`).
 */
import { answerEach, sharedReads } from '../_shared/status-many.ts';
import type { JobStatus, StatusAnswer, StatusItem, StatusQuery } from '../types.ts';
import type { SessionContext } from './context.ts';
import { factsOf, noSubtask, noTask } from './details.ts';
import { msg } from './messages.ts';
import type { RetryParams } from './schema.ts';
import { readTask } from './tasks.ts';
import type { TaskInstance } from './model.ts';

/**
 * Terminal when the subtask is SUCCESSFUL, or FAILED while its task is no longer
 * RUNNING. A FAILED subtask under a RUNNING task is not final: OCP may not have picked
 * the retry up yet, or parallel branches are still going. The task's own end is not
 * waited for (a long task can run for hours); its status is reported alongside.
 *
 * The context's `acceptedAt` is not needed: OCP's retry answer already holds the subtask
 * as READY (OCP Express `retrySubtask` sets it before answering), so no FAILED state read
 * after an accepted retry is a leftover from before it.
 */
export async function status(ctx: SessionContext, params: RetryParams): Promise<JobStatus> {
  return statusOf(params, await readTask(ctx, params.task));
}

/**
 * Every request's subtask with one task detail read per task: the detail holds all of a task's
 * subtasks, so requests retrying subtasks of one task share it.
 */
export function statusMany(ctx: SessionContext, queries: readonly StatusQuery<RetryParams>[]): Promise<StatusAnswer[]> {
  const read = sharedReads(ctx.deps.timing.actionBudgetMs, String, (task: number) => readTask(ctx, task));
  return answerEach(queries, async (params) => statusOf(params, await read(params.task)));
}

/** The subtask's status from its task's detail (undefined: OCP knows no such task). */
function statusOf(params: RetryParams, task: TaskInstance | undefined): JobStatus {
  const id = String(params.subtask);
  const sub = task?.subtasks.find((s) => s.id === params.subtask);
  if (!task || !sub) {
    const detail = task ? noSubtask(params.task, params.subtask) : noTask(params.task);
    return { items: [{ id, state: 'NOT FOUND', terminal: true, detail }], terminal: true };
  }
  const terminal = sub.status === 'SUCCESSFUL' || (sub.status === 'FAILED' && task.status !== 'RUNNING');
  const item: StatusItem = {
    id,
    state: sub.status,
    terminal,
    ...(terminal ? { result: sub.status === 'SUCCESSFUL' ? 'succeeded' : 'failed' } : {}),
    detail: msg('oceanbase-ocp.status.detail', { name: sub.name, facts: factsOf(task, sub) }),
  };
  return { items: [item], terminal };
}
