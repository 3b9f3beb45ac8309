/**
 * Every port method is measured: the measured store (src/metrics/store.ts) keeps no list of them,
 * so this calls each one through it, on a real SQLite store, and reads what the observer was told.
 * The table of calls is typed by the port: a method added to `Store` and not called here is a type
 * error, and one called but not timed fails the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PostRecord } from '../../src/core/model/post.ts';
import type { QueuedReply } from '../../src/core/model/reply.ts';
import type { Store } from '../../src/core/ports.ts';
import { measuredStore, type StoreObserver } from '../../src/metrics/store.ts';
import { isStoreError } from '../../src/store/errors.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { at, T0, requestAt } from '../store/sample.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function recording() {
  const operations: { name: string; failed: boolean }[] = [];
  const observer: StoreObserver = {
    operation: (name, _ms, failed) => operations.push({ name, failed }),
    asked: () => undefined,
    changed: () => undefined,
  };
  return { operations, observer };
}

function openSqlite(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), 'rerun-measured-'));
  dirs.push(dir);
  return SqliteStore.open(dir);
}

const reply: QueuedReply = {
  id: 'rp-1',
  channel: 'C1',
  collapseKey: 'k',
  createdAt: T0,
  body: { kind: 'alert', threadTs: '1.1', targetId: 'batch-gz', raw: {}, items: ['job-1'], locale: 'en' },
  state: 'pending',
  count: 1,
  shownCount: 0,
  attempts: 0,
};
const lease = { owner: 'A', ms: 60_000 };
const post: PostRecord = {
  request: 'rr-1',
  kind: 'announce',
  key: 'outcome',
  channel: 'C1',
  startedAt: T0,
  state: 'posting',
  owner: 'A',
  until: T0 + 60_000,
  attempts: 0,
  body: { kind: 'dm', message: { id: 'x', params: {} } },
};

/** One call of every port method (in an order that makes each meaningful); `close` comes last, on its own. */
const CALLS: { [K in Exclude<keyof Store, 'close'>]: (s: Store) => Promise<unknown> } = {
  insert: (s) => s.insert(requestAt('rr-1', 0), lease),
  insertExclusive: (s) => s.insertExclusive(requestAt('rr-2', 1, { items: ['job-2'] })),
  get: (s) => s.get('rr-1'),
  transition: (s) => s.transition('rr-1', ['pending'], (r) => ({ ...r, state: 'sending' })),
  list: (s) => s.list({ limit: 10 }),
  openWith: (s) => s.openWith('batch-gz', ['job-2']),
  startedWith: (s) => s.startedWith('batch-gz', ['job-2'], at(0)),
  due: (s) => s.due(10),
  dueFollowUps: (s) => s.dueFollowUps(10),
  dueNudges: (s) => s.dueNudges(10),
  waiting: (s) => s.waiting(10),
  markShown: (s) => s.markShown('rr-1', 'sending'),
  now: (s) => s.now(),
  claimLease: (s) => s.claimLease('sweeper', lease),
  releaseLease: (s) => s.releaseLease('rr-1', 'A'),
  renewLeases: (s) => s.renewLeases('A', 90_000),
  releaseLeases: (s) => s.releaseLeases('A'),
  reservePace: (s) => s.reservePace('batch-gz', 500, at(0)),
  firstTime: (s) => s.firstTime('Ev1', at(0), 1000),
  enqueueReply: (s) => s.enqueueReply(reply, 0),
  replyWork: (s) => s.replyWork('C1', 10),
  replyChannels: (s) => s.replyChannels(10),
  getReplies: (s) => s.getReplies(['rp-1']),
  replyForThread: (s) => s.replyForThread('C1', '1.1'),
  updateReply: (s) => s.updateReply('rp-1', ['pending'], { state: 'sending' }),
  claimPost: (s) => s.claimPost(post, at(0)),
  settlePost: (s) => s.settlePost(post, 'A', { state: 'maybe', until: T0 }),
  adoptPost: (s) => s.adoptPost(post, '1.2'),
  getPost: (s) => s.getPost(post),
  duePosts: (s) => s.duePosts(at(0), 10),
  sawHome: (s) => s.sawHome('U0ALICE', 'en', 60_000),
  homeViewers: (s) => s.homeViewers(60_000, 10),
  appendAudit: (s) =>
    s.appendAudit({ at: 'now', requestId: 'rr-1', event: 'requested', actor: 'U0ALICE', targetId: 'batch-gz' }),
  auditOf: (s) => s.auditOf('rr-1'),
  watch: (s) => s.watch('rr-1', 'U0BOB', 'now'),
  watchersOf: (s) => s.watchersOf('rr-1'),
  ping: (s) => s.ping(),
};

describe('the measured store', () => {
  it('times every port method under its own name, and close not at all', async () => {
    const { operations, observer } = recording();
    const store = measuredStore(openSqlite(), observer);
    for (const [name, call] of Object.entries(CALLS)) {
      const before = operations.length;
      await call(store);
      expect(operations.slice(before), name).toEqual([{ name, failed: false }]);
    }
    const before = operations.length;
    await store.close();
    expect(operations.slice(before)).toEqual([]);
  });

  it('times a call that fails as failed, and passes its coded error on as it was', async () => {
    const { operations, observer } = recording();
    const raw = openSqlite();
    const store = measuredStore(raw, observer);
    await store.close();
    const err = await store.get('rr-1').catch((e: unknown) => e);
    expect(isStoreError(err, 'closed')).toBe(true);
    expect(operations).toEqual([{ name: 'get', failed: true }]);
  });

  it("leaves what is not a method as the store's own", () => {
    const raw = openSqlite();
    const store = measuredStore(raw, recording().observer) as unknown as SqliteStore;
    expect(store.file).toBe(raw.file);
    // Nothing makes the store look like a promise: awaiting it gives the store itself.
    expect((store as unknown as { then?: unknown }).then).toBeUndefined();
    return raw.close();
  });
});
