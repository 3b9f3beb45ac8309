/**
 * A Store that measures itself: each operation's latency, and the requests' lifecycle as the
 * store sees it. Wrapping the port measures both stores (SQLite and PostgreSQL) the same way
 * without touching either.
 *
 * Why the lifecycle is read here rather than in each use case: every state change of a request
 * goes through `transition`, the store's exactly-once conditional update, and only the caller
 * whose update won gets the new request back. So counting a change where `transition` returns
 * counts it once across every replica, whichever use case (ask, decide, execute, sweep, recovery)
 * made it, and a new use case cannot forget to.
 */
import { performance } from 'node:perf_hooks';
import type { Store } from '../core/ports.ts';
import type { RerunRequest } from '../core/model/request.ts';

type StoreOperation = Exclude<keyof Store, 'close'>;

export interface StoreObserver {
  /** One store operation took `ms`; `failed` when it threw (the store was unreachable, a conflict…). */
  operation(name: StoreOperation, ms: number, failed: boolean): void;
  /** A new request was stored. */
  asked(request: RerunRequest): void;
  /** A stored request changed (its state, or its job's phase, or anything else). */
  changed(before: RerunRequest, after: RerunRequest): void;
}

/**
 * `store`, each port method timed under its own name. The names are found when a method is called
 * (a Proxy: the port's names exist only as a type), not listed here, so a method added to the port
 * is measured without a word in this file; test/metrics/store.test.ts calls every one, from a table
 * the typecheck holds to the port. `insert`, `insertExclusive` and `transition` also tell the
 * observer what they stored; `close` is not timed (a shutdown, not the bot's work).
 */
export function measuredStore(store: Store, observer: StoreObserver): Store {
  const timed = async <T>(name: StoreOperation, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    let failed = true;
    try {
      const result = await run();
      failed = false;
      return result;
    } finally {
      observer.operation(name, performance.now() - start, failed);
    }
  };
  const observed: Pick<Store, 'insert' | 'insertExclusive' | 'transition' | 'close'> = {
    async insert(request, lease) {
      await timed('insert', () => store.insert(request, lease));
      observer.asked(request);
    },
    async insertExclusive(request, lease) {
      const holder = await timed('insertExclusive', () => store.insertExclusive(request, lease));
      // Undefined: stored. Otherwise an open request already holds a job, and nothing was stored.
      if (!holder) observer.asked(request);
      return holder;
    },
    async transition(id, from, change, options) {
      // A store may call `change` again after a conflict: the last call saw what the update replaced.
      let before: RerunRequest | undefined;
      const after = await timed('transition', () =>
        store.transition(
          id,
          from,
          (current) => {
            before = current;
            return change(current);
          },
          options,
        ),
      );
      if (after && before) observer.changed(before, after);
      return after;
    },
    close: () => store.close(),
  };
  const methods = new Map<PropertyKey, unknown>(Object.entries(observed));
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      let method = methods.get(key);
      if (!method) {
        const name = key as StoreOperation;
        method = (...args: unknown[]) =>
          timed(name, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
        methods.set(key, method);
      }
      return method;
    },
  });
}
