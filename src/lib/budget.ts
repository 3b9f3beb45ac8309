/**
 * The time budget of one user action (a form's preview, an approval's re-check, rerun and the
 * reads after it), retries included: a hostile or broken provider otherwise costs each read its
 * full timeout once per retry, and the person waits for all of it.
 *
 * The deadline is carried in an AsyncLocalStorage, so it follows the work through the pacer and
 * every await without anyone passing it along: the providers' HTTP client shortens each call's
 * timeout to what is left, and their retry loops stop when what is left cannot cover the next
 * wait. A nested scope never extends its parent's deadline: the core bounds a whole approval, and
 * each provider operation inside it is bounded again (providers/_shared/budget.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/** The current operation's budget: its length, and when it ends in `performance.now()` ms (monotonic). */
interface Budget {
  ms: number;
  endsAt: number;
}

/**
 * 30 s per action, retries included: well under a minute a person waits for an answer, and twice
 * the default per-call timeout (15 s), so one slow answer and a retry still fit.
 */
export const DEFAULT_ACTION_BUDGET_MS = 30_000;

const scope = new AsyncLocalStorage<Budget>();

/** Runs `fn` with at most `ms` left for everything it sends (less if an enclosing scope has less). */
export function withBudget<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const outer = scope.getStore();
  const endsAt = performance.now() + ms;
  return scope.run(outer && outer.endsAt <= endsAt ? outer : { ms, endsAt }, fn);
}

/**
 * Runs `fn` outside any operation's budget: for work shared by several operations (one read asked
 * for many previews at once), which would otherwise be cut short by whichever asked first. Each
 * operation still bounds its own wait for that work (providers/_shared/budget.ts, `withinBudget`).
 */
export function unbudgeted<T>(fn: () => T): T {
  return scope.exit(fn);
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
