/**
 * Every provider operation (a preview, a rerun with the reads around it, a status read, a form's
 * choices) runs within a time budget, retries included (lib/budget.ts carries the deadline).
 */
import { withBudget } from '../../lib/budget.ts';
import type { ProviderSession } from '../types.ts';

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
