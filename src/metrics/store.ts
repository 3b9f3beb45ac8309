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

interface StoreObserver {
  /** One store operation took `ms`; `failed` when it threw (the store was unreachable, a conflict…). */
  operation(name: StoreOperation, ms: number, failed: boolean): void;
  /** A new request was stored. */
  asked(request: RerunRequest): void;
  /** A stored request changed (its state, or its job's phase, or anything else). */
  changed(before: RerunRequest, after: RerunRequest): void;
}

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
  return {
    async insert(request, lease) {
      await timed('insert', () => store.insert(request, lease));
      observer.asked(request);
    },
    async insertExclusive(request, now, lease) {
      const holder = await timed('insertExclusive', () => store.insertExclusive(request, now, lease));
      // Undefined: stored. Otherwise an open request already holds a job, and nothing was stored.
      if (!holder) observer.asked(request);
      return holder;
    },
    get: (id) => timed('get', () => store.get(id)),
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
    list: (filter) => timed('list', () => store.list(filter)),
    openWith: (targetId, itemIds, now) => timed('openWith', () => store.openWith(targetId, itemIds, now)),
    startedWith: (targetId, itemIds, since) => timed('startedWith', () => store.startedWith(targetId, itemIds, since)),
    due: (now, limit) => timed('due', () => store.due(now, limit)),
    dueFollowUps: (now, limit) => timed('dueFollowUps', () => store.dueFollowUps(now, limit)),
    markShown: (id, state) => timed('markShown', () => store.markShown(id, state)),
    appendAudit: (entry) => timed('appendAudit', () => store.appendAudit(entry)),
    auditOf: (requestId) => timed('auditOf', () => store.auditOf(requestId)),
    firstTime: (key, now, keepMs) => timed('firstTime', () => store.firstTime(key, now, keepMs)),
    claimLease: (name, lease, now) => timed('claimLease', () => store.claimLease(name, lease, now)),
    renewLeases: (owner, until) => timed('renewLeases', () => store.renewLeases(owner, until)),
    releaseLease: (id, owner) => timed('releaseLease', () => store.releaseLease(id, owner)),
    releaseLeases: (owner) => timed('releaseLeases', () => store.releaseLeases(owner)),
    reservePace: (key, intervalMs, now) => timed('reservePace', () => store.reservePace(key, intervalMs, now)),
    enqueueReply: (reply, since) => timed('enqueueReply', () => store.enqueueReply(reply, since)),
    replyWork: (channel, limit) => timed('replyWork', () => store.replyWork(channel, limit)),
    replyChannels: (limit) => timed('replyChannels', () => store.replyChannels(limit)),
    getReplies: (ids) => timed('getReplies', () => store.getReplies(ids)),
    updateReply: (id, from, patch) => timed('updateReply', () => store.updateReply(id, from, patch)),
    ping: () => timed('ping', () => store.ping()),
    close: () => store.close(),
  };
}
