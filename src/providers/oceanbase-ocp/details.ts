/** What a person reads about a task and its subtasks, before approving and after. */
import type { Message } from '../../lib/message.ts';
import { msg } from './messages.ts';
import type { SubtaskInstance, TaskInstance } from './model.ts';

export const noTask = (task: number): Message => msg('oceanbase-ocp.noTask', { task });
export const noSubtask = (task: number, subtask: number): Message => msg('oceanbase-ocp.noSubtask', { task, subtask });
export const refs = (subtasks: readonly SubtaskInstance[]): Message[] =>
  subtasks.map((s) => msg('oceanbase-ocp.subtaskRef', { id: s.id, name: s.name }));

/** What a person wants to know about a subtask before approving, and after. */
export function factsOf(task: TaskInstance, s: SubtaskInstance): Message[] {
  return [
    msg('oceanbase-ocp.fact.task', { task: task.id, name: task.name, state: task.status }),
    ...(s.operation ? [msg('oceanbase-ocp.fact.operation', { operation: s.operation })] : []),
    ...(s.executor ? [msg('oceanbase-ocp.fact.executor', { executor: s.executor })] : []),
    ...(s.runTime !== undefined ? [msg('oceanbase-ocp.fact.runs', { runs: s.runTime })] : []),
    ...(s.startTime ? [msg('oceanbase-ocp.fact.started', { at: s.startTime })] : []),
    ...(s.finishTime ? [msg('oceanbase-ocp.fact.finished', { at: s.finishTime })] : []),
    ...(s.parallelIdx !== undefined && s.parallelIdx >= 0
      ? [msg('oceanbase-ocp.fact.parallel', { index: s.parallelIdx })]
      : []),
  ];
}
