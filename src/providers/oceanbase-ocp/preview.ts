/** The preview of a subtask retry, read from the task detail: only a FAILED subtask is sent. */
import type { Message } from '../../lib/message.ts';
import type { Preview, PreviewItem } from '../types.ts';
import type { SessionContext } from './context.ts';
import { factsOf, noSubtask, noTask, refs } from './details.ts';
import { msg } from './messages.ts';
import type { SubtaskInstance } from './model.ts';
import type { RetryParams } from './schema.ts';
import { readTask } from './tasks.ts';

/**
 * OCP retries a FAILED subtask unless its last operation was ROLLBACK (OCP Express
 * `SubtaskInstanceManagerImpl.retrySubtask` checks both). The words for each state are in the
 * catalogs (docs/providers/FACTS.md §4.3 states).
 */
function refusal(s: SubtaskInstance): Message | undefined {
  if (s.status === 'FAILED') return s.operation === 'ROLLBACK' ? msg('oceanbase-ocp.refused.rollback', {}) : undefined;
  return msg('oceanbase-ocp.refused.notFailed', { state: s.status });
}

export async function preview(ctx: SessionContext, params: RetryParams): Promise<Preview<RetryParams>> {
  const task = await readTask(ctx, params.task);
  const id = String(params.subtask);
  if (!task) {
    return {
      items: [{ id, state: 'NOT FOUND', eligible: false, reason: noTask(params.task) }],
      notes: [],
      send: null,
    };
  }
  const failed = task.subtasks.filter((s) => s.status === 'FAILED');
  const sub = task.subtasks.find((s) => s.id === params.subtask);
  if (!sub) {
    const hint = failed.length
      ? msg('oceanbase-ocp.note.failedSubtasks', { task: task.id, subtasks: refs(failed) })
      : msg('oceanbase-ocp.note.noFailedSubtask', { task: task.id, name: task.name, state: task.status });
    return {
      items: [{ id, state: 'NOT FOUND', eligible: false, reason: noSubtask(params.task, params.subtask) }],
      notes: [hint],
      send: null,
    };
  }
  const reason = refusal(sub);
  const item: PreviewItem = { id, state: sub.status, eligible: !reason, details: factsOf(task, sub) };
  if (sub.name) item.name = sub.name;
  if (reason) item.reason = reason;
  const others = failed.filter((s) => s.id !== sub.id);
  return {
    items: [item],
    notes: [
      ...(reason
        ? []
        : [msg('oceanbase-ocp.note.retryAlone', { task: task.id, subtask: sub.id, next: sub.downstreams })]),
      ...(others.length ? [msg('oceanbase-ocp.note.otherFailed', { task: task.id, subtasks: refs(others) })] : []),
    ],
    send: reason ? null : { task: params.task, subtask: params.subtask },
  };
}
