/**
 * Every provider operation (a preview, a rerun with the reads around it, a status read, a form's
 * choices) runs within a time budget, retries included (lib/budget.ts carries the deadline).
 */
import { budgetMs, remainingMs, withBudget } from '../../lib/budget.ts';
import type { ProviderSession } from '../types.ts';
import { NotSentError } from './http.ts';
import { sharedMsg } from './messages.ts';

/**
 * A moment past the end of the budget: work that runs within this operation's own budget ends by
 * itself at the same deadline, with its own error (a timeout says more than "time ran out").
 */
const OWN_END_FIRST_MS = 100;

/**
 * `work` (shared with other operations, so maybe bounded by a longer budget than this one's), or
 * the error a request sent too late gets once what is left of the current operation's budget has
 * passed.
 */
export async function withinBudget<T>(work: Promise<T>): Promise<T> {
  const left = remainingMs();
  if (left === Infinity) return work;
  let timer: NodeJS.Timeout | undefined;
  const spent = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new NotSentError(sharedMsg('provider.budgetSpent', { ms: budgetMs() }))),
      left + OWN_END_FIRST_MS,
    );
  });
  try {
    return await Promise.race([work, spent]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A session whose every operation runs within `ms`. `describeCall` is pure (no I/O) and stays
 * as it is; `statusMany` budgets each of its shared reads instead (status-many.ts). Applied once to every provider (define.ts, defineProvider), so no provider can forget.
 */
export function boundedSession<P>(
  session: Omit<ProviderSession<P>, 'statusMany'>,
  ms: number,
): Omit<ProviderSession<P>, 'statusMany'> {
  const bound =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      withBudget(ms, () => f(...args));
  const options = session.options?.bind(session);
  return {
    preview: bound(session.preview.bind(session)),
    describeCall: session.describeCall.bind(session),
    rerun: bound(session.rerun.bind(session)),
    status: bound(session.status.bind(session)),
    ...(options ? { options: bound(options) } : {}),
  };
}
