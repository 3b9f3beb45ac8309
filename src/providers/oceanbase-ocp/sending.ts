/**
 * Sending: `POST …/subtasks/{subtaskInstanceId}/retry` once, sent again only when OCP's answer
 * proves it did not run, waiting out a Retry-After of at most MAX_RESEND_WAIT_MS.
 */
import { outcomeFromError, type ProviderError } from '../_shared/errors.ts';
import { sendRerun } from '../_shared/retry.ts';
import type { CallDescription, RerunOutcome } from '../types.ts';
import { retryPath } from './client.ts';
import type { SessionContext } from './context.ts';
import { MAX_RESEND_WAIT_MS } from './limits.ts';
import { msg } from './messages.ts';
import { parseSubtask } from './model.ts';
import type { RetryParams } from './schema.ts';

/** The retry request `rerun(send)` makes, credentials redacted. */
export function describeRetry({ client, deps }: SessionContext, send: RetryParams): CallDescription[] {
  const req = client.build('POST', retryPath(send.task, send.subtask), deps.clock.now(), true);
  return [{ method: 'POST', ...req }];
}

/**
 * The shared outcome; when it is unknown, each item says how to tell from the subtask's
 * state whether OCP took the retry (the shared message already says why it is unknown).
 */
function outcomeOf(err: unknown, send: RetryParams, calls: number): RerunOutcome {
  const base = outcomeFromError(err, [String(send.subtask)], calls);
  if (base.status !== 'unknown') return base;
  const check = msg('oceanbase-ocp.outcome.checkState', { task: send.task, subtask: send.subtask });
  return { ...base, items: base.items.map((i) => ({ ...i, reason: check })) };
}

export async function rerun({ client, deps }: SessionContext, send: RetryParams): Promise<RerunOutcome> {
  const ctx = { op: 'retry' as const, task: send.task, subtask: send.subtask };
  const sent = await sendRerun(deps.timing, () => client.call('POST', retryPath(send.task, send.subtask), ctx), {
    maxWaitMs: MAX_RESEND_WAIT_MS,
    onResend: (err, attempt, waitMs) =>
      deps.logger.warn(
        { code: (err as ProviderError).code, calls: attempt, waitMs },
        'OCP subtask retry not executed; sending again',
      ),
  });
  if (!sent.ok) return outcomeOf(sent.error, send, sent.attempts);
  const res = sent.value;
  const sub = parseSubtask(res.data);
  return {
    status: 'accepted',
    items: [{ id: String(send.subtask), result: 'accepted' }],
    message: msg('oceanbase-ocp.outcome.accepted', {
      task: send.task,
      subtask: send.subtask,
      name: sub?.name,
      state: sub?.status,
      runs: sub?.runTime,
    }),
    ...(res.traceId ? { requestId: res.traceId } : {}),
    calls: sent.attempts,
  };
}
