/**
 * The time budget of one provider operation (a preview, a rerun with the reads around it, a status
 * read, a form's choices), retries included. A hostile or broken provider otherwise costs each
 * read its full timeout once per retry (a never-ending body: 4 × 15 s plus backoff), and the person
 * waits for all of it.
 *
 * The deadline is carried in an AsyncLocalStorage, like the rerun's hooks (http.ts), so it follows
 * the work through the pacer and every await without a provider passing it along: the HTTP client
 * shortens each call's timeout to what is left, and the retry loops stop when what is left cannot
 * cover the next wait. A nested scope never extends its parent's deadline.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { ProviderSession } from '../types.ts';

/** The current operation's budget: its length, and when it ends in `performance.now()` ms (monotonic). */
interface Budget {
  ms: number;
  endsAt: number;
}

const scope = new AsyncLocalStorage<Budget>();

/** Runs `fn` with at most `ms` left for everything it sends (less if an enclosing scope has less). */
export function withBudget<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const outer = scope.getStore();
  const endsAt = performance.now() + ms;
  return scope.run(outer && outer.endsAt <= endsAt ? outer : { ms, endsAt }, fn);
}

/** What is left of the current operation's budget, in ms; Infinity outside any budget. */
export function remainingMs(): number {
  const b = scope.getStore();
  return b ? Math.max(0, b.endsAt - performance.now()) : Infinity;
}

/** The whole budget of the current operation, in ms (for the message saying it ran out). */
export function budgetMs(): number {
  return scope.getStore()?.ms ?? Infinity;
}

/**
 * A session whose every operation runs within `ms`. `describeCall` is pure (no I/O) and stays
 * as it is. Applied once to every provider (types.ts, defineProvider), so no provider can forget.
 */
export function boundedSession<P>(session: ProviderSession<P>, ms: number): ProviderSession<P> {
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
