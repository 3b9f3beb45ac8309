/**
 * Reading the status of several followed requests at once (`statusMany`, types.ts). A provider
 * that can batch says which shared reads a request needs (a chunk of job ids, a cluster's
 * listing, a job's instance list, a task's detail: whatever one call of its API answers for
 * several requests) with `sharedReads`, so each is read once however many requests need it,
 * and derives each request's status from them with `answerEach`. A provider that cannot batch
 * gets `oneByOne`: one `status` call per request.
 *
 * Budgets: a batched read serves many requests, so the session's operation budget
 * (budget.ts) applies to each shared read, not to the whole batch, which may hold hundreds of
 * requests queued behind one credential's pace.
 */
import { withBudget } from '../../lib/budget.ts';
import type { JobStatus, StatusAnswer, StatusContext, StatusQuery } from '../types.ts';

/**
 * Requests read at once by the one-by-one fallback: its calls share the credential's pace, so
 * more at once only wait longer in the pacer, each within its own budget.
 */
export const ONE_BY_ONE_PARALLEL = 4;

/** Runs `fn` on every item, at most `parallel` at a time, keeping the order of the results. */
export async function mapLimited<T, R>(
  items: readonly T[],
  parallel: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return out;
}

/** Each query's status from `derive`; what `derive` throws is that query's answer, and only its. */
export function answerEach<P>(
  queries: readonly StatusQuery<P>[],
  derive: (params: P, context: StatusContext) => Promise<JobStatus>,
): Promise<StatusAnswer[]> {
  return Promise.all(
    queries.map(async (q): Promise<StatusAnswer> => {
      try {
        return { status: await derive(q.params, q.context) };
      } catch (error) {
        return { error };
      }
    }),
  );
}

/** The fallback: one `status` call per request (each bounded by its own budget, as `status` is). */
export function oneByOne<P>(
  status: (params: P, context: StatusContext) => Promise<JobStatus>,
): (queries: readonly StatusQuery<P>[]) => Promise<StatusAnswer[]> {
  return (queries) =>
    mapLimited(queries, ONE_BY_ONE_PARALLEL, async (q): Promise<StatusAnswer> => {
      try {
        return { status: await status(q.params, q.context) };
      } catch (error) {
        return { error };
      }
    });
}

/**
 * Reads shared by the requests of one `statusMany`: `read(key)` runs once per distinct key (its
 * answer, or its failure, handed to every request that asks for that key), each within
 * `budgetMs`. Made anew for each `statusMany`: nothing read is kept for the next poll.
 */
export function sharedReads<K, V>(
  budgetMs: number,
  keyOf: (key: K) => string,
  read: (key: K) => Promise<V>,
): (key: K) => Promise<V> {
  const reads = new Map<string, Promise<V>>();
  return (key) => {
    const k = keyOf(key);
    let found = reads.get(k);
    if (!found) {
      found = withBudget(budgetMs, () => read(key));
      reads.set(k, found);
    }
    return found;
  };
}
