/** Reading a task instance with its subtasks: `GET /api/v2/tasks/instances/{taskInstanceId}` (docs/providers/FACTS.md §4). */
import { ProviderError } from '../_shared/errors.ts';
import { retryRead } from '../_shared/retry.ts';
import { taskPath } from './client.ts';
import type { SessionContext } from './context.ts';
import { msg } from './messages.ts';
import { parseTask, type TaskInstance } from './model.ts';

/** The task detail, or undefined when OCP says there is no such task. */
export async function readTask({ client, deps }: SessionContext, task: number): Promise<TaskInstance | undefined> {
  let res;
  try {
    res = await retryRead(deps.timing, () => client.call('GET', taskPath(task), { op: 'read', task }));
  } catch (err) {
    if (err instanceof ProviderError && err.kind === 'not-found') return undefined;
    throw err;
  }
  const parsed = parseTask(res.data, task);
  if (!parsed)
    throw new ProviderError('server', msg('oceanbase-ocp.error.noReadableTask', { task }), {
      requestId: res.traceId,
    });
  return parsed;
}
