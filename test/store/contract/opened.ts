/**
 * What every concern of the store contract is given: a way to open the store under test (and open
 * it again on the same data), typed by the concern's own port, and the test data they share.
 */
import type { RerunRequest } from '../../../src/core/model/request.ts';
import type { QueuedReply } from '../../../src/core/model/reply.ts';
import type { Clock, Store, StoreLifecycle } from '../../../src/core/ports.ts';
import { afterEach, beforeEach } from 'vitest';
import { iso, TestTime } from '../sample.ts';

/** The stores' own bulk insert (one transaction), used to build a long history quickly. */
export interface BulkInsert {
  insertMany(requests: readonly RerunRequest[]): Promise<void>;
}

/** A store under test, whole: what a store test file opens. */
export type TestStore = Store & BulkInsert;

export interface OpenedStore<S extends StoreLifecycle = TestStore> {
  store: S;
  /** Opens the same data again (after `store.close()`). */
  reopen: () => Promise<S>;
  /** Writes a request's stored JSON as given, as an older version would have (the store is closed). */
  setBody: (id: string, body: unknown) => Promise<void>;
  cleanup: () => Promise<void>;
}

/**
 * Opens a fresh store for one test; a concern's contract sees it through its own port. With
 * `clock`, the store judges leases and due work by it (the test moves it; `reopen` keeps it);
 * without, by its own (PostgreSQL's server clock, the process's for SQLite).
 */
export type Opener<S extends StoreLifecycle = TestStore> = (clock?: Clock) => Promise<OpenedStore<S>>;

/**
 * Opens the store under test on fresh test time before each test of the suite it is called in, and
 * after each closes the store `current` names then (a test may have reopened it) and removes its data.
 */
export function openEachTest<S extends StoreLifecycle>(
  open: Opener<S>,
  opened: (store: OpenedStore<S>, time: TestTime) => void,
  current: () => S,
): void {
  let o: OpenedStore<S>;
  beforeEach(async () => {
    const time = new TestTime();
    o = await open(time);
    opened(o, time);
  });
  afterEach(async () => {
    await current().close();
    await o.cleanup();
  });
}

export const published = { kind: 'slack', channel: 'C0INCIDENT', ts: '1.2' };
export const started = (ms: number) => ({ startedAt: iso(ms) });
export const ids = (rs: RerunRequest[]) => rs.map((r) => r.id);
export const sorted = (rs: RerunRequest[]) => ids(rs).sort();

export const reply = (id: string, channel: string, collapseKey: string, createdAt: number): QueuedReply => ({
  id,
  channel,
  collapseKey,
  createdAt,
  body: {
    kind: 'alert',
    threadTs: '1.1',
    targetId: 'batch-gz',
    raw: { job_ids: ['job-1'] },
    items: ['job-1'],
    locale: 'en',
  },
  state: 'pending',
  count: 1,
  shownCount: 0,
  attempts: 0,
});
