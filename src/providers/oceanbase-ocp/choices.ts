/**
 * The `subtask` field's pick list: the FAILED subtasks of the task typed so far, in execution
 * order, each labelled `id · name · FAILED`. The label is whole: a front end that must fit it to
 * a size (Slack: 75 characters) cuts the name, its free-text part.
 */
import { ProviderError } from '../_shared/errors.ts';
import type { Choice, RawParams } from '../types.ts';
import type { SessionContext } from './context.ts';
import { noTask } from './details.ts';
import { msg } from './messages.ts';
import { positiveId } from './schema.ts';
import { readTask } from './tasks.ts';

/** No task id yet gives no choices; an unknown task or one with nothing to retry is said (the form shows it). */
export async function subtaskChoices(ctx: SessionContext, key: string, partial: RawParams): Promise<Choice[]> {
  if (key !== 'subtask') return [];
  const parsed = positiveId('task', '100').safeParse(partial.task);
  if (!parsed.success) return [];
  const task = await readTask(ctx, parsed.data);
  if (!task) throw new ProviderError('not-found', noTask(parsed.data));
  const failed = task.subtasks.filter((s) => s.status === 'FAILED');
  if (!failed.length) {
    throw new ProviderError(
      'precondition',
      msg('oceanbase-ocp.error.noFailedSubtask', { task: task.id, name: task.name, state: task.status }),
    );
  }
  return failed.map((s): Choice => ({
    value: String(s.id),
    label: msg('oceanbase-ocp.choice.failedSubtask', { id: s.id, name: s.name }),
  }));
}
