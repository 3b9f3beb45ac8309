/** The status of a retried subtask, read from the task detail after the rerun. */
import type { JobStatus, StatusItem } from '../types.ts';
import type { SessionContext } from './context.ts';
import { factsOf, noSubtask, noTask } from './details.ts';
import { msg } from './messages.ts';
import type { RetryParams } from './schema.ts';
import { readTask } from './tasks.ts';

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
  const id = String(params.subtask);
  const task = await readTask(ctx, params.task);
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
