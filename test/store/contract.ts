/**
 * The store test suite: every Store implementation runs it (SQLite and PostgreSQL), so the core
 * can count on the same answers from both. Time is always passed in (`at`), never waited for.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  REQUEST_SCHEMA_VERSION,
  type AuditEntry,
  type Follow,
  type RerunRequest,
} from '../../src/core/model/request.ts';
import type { QueuedReply } from '../../src/core/model/reply.ts';
import type { Store } from '../../src/core/ports.ts';
import { T0, at, iso, requestAt, sampleRequest } from './sample.ts';

export { T0, at, iso, requestAt, sampleRequest };

/** The stores' own bulk insert (one transaction), used here to build a long history quickly. */
export type TestStore = Store & { insertMany(requests: readonly RerunRequest[]): Promise<void> };

export interface OpenedStore {
  store: TestStore;
  /** Opens the same data again (after `store.close()`). */
  reopen: () => Promise<TestStore>;
  /** Writes a request's stored JSON as given, as an older version would have (the store is closed). */
  setBody: (id: string, body: unknown) => Promise<void>;
  cleanup: () => Promise<void>;
}

const published = { kind: 'slack', channel: 'C0INCIDENT', ts: '1.2' };
const started = (ms: number) => ({ startedAt: iso(ms) });
const ids = (rs: RerunRequest[]) => rs.map((r) => r.id);
const sorted = (rs: RerunRequest[]) => ids(rs).sort();
const reply = (id: string, channel: string, collapseKey: string, createdAt: number): QueuedReply => ({
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

export function storeContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name}: store contract`, () => {
    let store: TestStore;
    let opened: OpenedStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await opened.cleanup();
    });

    it('stores and reads requests, newest first, filtered by target and requester, limited', async () => {
      await store.insert(sampleRequest('rr-a', { createdAt: '2026-01-01T00:00:00.000Z' }));
      await store.insert(sampleRequest('rr-b', { createdAt: '2026-01-02T00:00:00.000Z', targetId: 'other' }));
      await store.insert(sampleRequest('rr-c', { createdAt: '2026-01-03T00:00:00.000Z', requester: 'U0BOB' }));
      expect((await store.get('rr-a'))?.targetId).toBe('batch-gz');
      expect(await store.get('rr-none')).toBeUndefined();
      expect(ids(await store.list({ limit: 10 }))).toEqual(['rr-c', 'rr-b', 'rr-a']);
      expect(ids(await store.list({ limit: 2 }))).toEqual(['rr-c', 'rr-b']);
      expect(ids(await store.list({ targetId: 'other', limit: 10 }))).toEqual(['rr-b']);
      expect(ids(await store.list({ requester: 'U0BOB', limit: 10 }))).toEqual(['rr-c']);
      expect(ids(await store.list({ targetId: 'batch-gz', requester: 'U0ALICE', limit: 10 }))).toEqual(['rr-a']);
      await expect(store.insert(sampleRequest('rr-a'))).rejects.toThrow(/rr-a exists/);
      expect(ids(await store.list({ limit: 10 }))).toHaveLength(3);
    });

    it('reads back exactly the request it stored, whatever its text holds', async () => {
      const r = sampleRequest('rr-exact', {
        raw: { text: 'job_ids=a\u0000b 重跑 "quoted" \\ 🚀' },
        published,
        execution: { startedAt: iso(5) },
      });
      await store.insert(r);
      expect(await store.get('rr-exact')).toEqual(r);
      expect(await store.list({ limit: 1 })).toEqual([r]);
    });

    it('reads a record written by an older version in the current shape', async () => {
      await store.insert(sampleRequest('rr-old'));
      await store.close();
      const {
        v: _v,
        summary: _s,
        providerName: _p,
        locale: _l,
        askerLocale: _a,
        place: _pl,
        surface: _su,
        ...rest
      } = sampleRequest('rr-old');
      await opened.setBody('rr-old', {
        ...rest,
        providerName: 'Tencent Cloud Batch',
        summary: 'Retry 1 Batch job(s)',
        channel: 'C0OLD',
        messageTs: '1.5',
      });
      store = await opened.reopen();
      expect(await store.get('rr-old')).toMatchObject({
        v: REQUEST_SCHEMA_VERSION,
        summary: { id: 'stored.text', params: { text: 'Retry 1 Batch job(s)' } },
        published: { kind: 'slack', channel: 'C0OLD', ts: '1.5' },
      });
      expect((await store.list({ limit: 1 }))[0]?.v).toBe(REQUEST_SCHEMA_VERSION);
    });

    it('lets exactly one of many concurrent claims win', async () => {
      await store.insert(sampleRequest('rr-claim'));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.transition('rr-claim', ['pending'], (r) => ({
            ...r,
            state: 'sending',
            decisions: [{ userId: `U${i}`, kind: 'approve', at: r.createdAt }],
          })),
        ),
      );
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(await store.get('rr-claim')).toEqual(winners[0]);
      expect(await store.transition('rr-claim', ['pending'], (r) => r)).toBeUndefined();
      expect(await store.transition('rr-claim', ['sending'], () => undefined)).toBeUndefined();
    });

    it('transitions only from the given states, changes nothing when declined, and returns what it stored', async () => {
      await store.insert(requestAt('rr-t', 0));
      expect(await store.transition('rr-none', ['pending'], (r) => r)).toBeUndefined();
      expect(await store.transition('rr-t', ['sending'], (r) => ({ ...r, state: 'refused' }))).toBeUndefined();
      expect(await store.transition('rr-t', ['pending'], () => undefined)).toBeUndefined();
      expect((await store.get('rr-t'))?.state).toBe('pending');

      const seen: string[] = [];
      const running = await store.transition('rr-t', ['pending', 'sending'], (r) => {
        seen.push(r.state);
        return { ...r, state: 'sending', execution: started(10), updatedAt: iso(10) };
      });
      expect(running).toMatchObject({ state: 'sending', execution: { startedAt: iso(10) } });
      const done = await store.transition('rr-t', ['sending'], (r) => {
        seen.push(r.state);
        return { ...r, state: 'accepted', updatedAt: iso(20) };
      });
      expect(seen).toEqual(['pending', 'sending']);
      expect(await store.get('rr-t')).toEqual(done);
      await expect(store.transition('rr-t', ['accepted'], (r) => ({ ...r, id: 'rr-other' }))).rejects.toThrow();
    });

    it('with onlyIfFree, leaves a live lease of another owner alone and takes over one that ran out', async () => {
      await store.insert(requestAt('rr-l', 0, { state: 'sending' }), { owner: 'A', until: T0 + 1000 });
      const touch = (owner: string, now: number, lease?: { owner: string; until: number } | null) =>
        store.transition('rr-l', ['sending'], (r) => ({ ...r, updatedAt: iso(now) }), {
          onlyIfFree: { owner, now: at(now) },
          ...(lease !== undefined ? { lease } : {}),
        });
      expect(await touch('B', 500)).toBeUndefined();
      expect(await touch('A', 500)).toBeDefined(); // its own; the lease option omitted keeps the lease
      expect(await touch('B', 999)).toBeUndefined();
      expect(await touch('B', 1000, { owner: 'B', until: T0 + 5000 })).toBeDefined(); // A's ran out
      expect(await touch('A', 2000)).toBeUndefined();
      expect(await touch('B', 2000, null)).toBeDefined(); // B releases it
      expect(await touch('A', 2000, { owner: 'A', until: T0 + 9000 })).toBeDefined();
      expect(await touch('B', 3000)).toBeUndefined();
      // Without onlyIfFree the lease is not consulted (the owner's own steps, a person's click).
      expect(await store.transition('rr-l', ['sending'], (r) => ({ ...r, state: 'accepted' }))).toBeDefined();
    });

    it('renews and releases every lease an owner holds, named or on a request', async () => {
      await store.insert(requestAt('rr-a', 0, { state: 'sending' }), { owner: 'A', until: T0 + 1000 });
      await store.insert(requestAt('rr-b', 1, { state: 'sending' }), { owner: 'B', until: T0 + 1000 });
      expect(await store.claimLease('sweeper', { owner: 'A', until: T0 + 1000 }, at(0))).toBe(true);
      await store.renewLeases('A', T0 + 5000);
      const take = (id: string, owner: string, now: number) =>
        store.transition(id, ['sending'], (r) => ({ ...r, updatedAt: iso(now) }), {
          onlyIfFree: { owner, now: at(now) },
        });
      expect(await take('rr-a', 'B', 2000)).toBeUndefined();
      expect(await store.claimLease('sweeper', { owner: 'B', until: T0 + 9000 }, at(2000))).toBe(false);
      expect(await take('rr-b', 'A', 2000)).toBeDefined(); // B did not renew
      await store.releaseLeases('A');
      expect(await take('rr-a', 'B', 2000)).toBeDefined();
      expect(await store.claimLease('sweeper', { owner: 'B', until: T0 + 9000 }, at(2000))).toBe(true);
      // Renewing an owner with nothing to renew, or releasing twice, is harmless.
      await store.renewLeases('nobody', T0 + 1);
      await store.releaseLeases('A');
    });

    it('claims a named lease: one holder at a time, renewed by its owner, free once it runs out', async () => {
      expect(await store.claimLease('sweeper', { owner: 'A', until: T0 + 1000 }, at(0))).toBe(true);
      expect(await store.claimLease('sweeper', { owner: 'B', until: T0 + 2000 }, at(500))).toBe(false);
      expect(await store.claimLease('sweeper', { owner: 'A', until: T0 + 1500 }, at(900))).toBe(true);
      expect(await store.claimLease('sweeper', { owner: 'B', until: T0 + 3000 }, at(1499))).toBe(false);
      expect(await store.claimLease('sweeper', { owner: 'B', until: T0 + 3000 }, at(1500))).toBe(true);
      expect(await store.claimLease('sweeper', { owner: 'A', until: T0 + 4000 }, at(2000))).toBe(false);
      expect(await store.claimLease('other', { owner: 'A', until: T0 + 4000 }, at(2000))).toBe(true);
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.claimLease('race', { owner: `R${i}`, until: T0 + 9000 }, at(0))),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('finds open requests holding an item: running, or pending and not expired', async () => {
      await store.insert(
        requestAt('rr-pend', 0, {
          expires: 1000,
          preview: {
            items: [
              { id: 'j1', state: 'FAILED', eligible: true },
              { id: 'j2', state: 'FAILED', eligible: true },
              { id: 'j3', state: 'RUNNING', eligible: false },
            ],
            notes: [],
          },
        }),
      );
      await store.insert(requestAt('rr-run', 1, { items: ['j4'], state: 'sending', expires: 2 }));
      await store.insert(requestAt('rr-expired', 2, { items: ['j1'], expires: 500 }));
      await store.insert(requestAt('rr-done', 3, { items: ['j1'], state: 'accepted' }));
      await store.insert(requestAt('rr-rejected', 4, { items: ['j1'], state: 'rejected' }));
      await store.insert(requestAt('rr-elsewhere', 5, { items: ['j1'], targetId: 'other' }));

      expect(ids(await store.openWith('batch-gz', ['j1'], at(600)))).toEqual(['rr-pend']);
      expect(ids(await store.openWith('batch-gz', ['j1', 'j2'], at(600)))).toEqual(['rr-pend']);
      expect(ids(await store.openWith('batch-gz', ['j4'], at(600)))).toEqual(['rr-run']);
      expect(sorted(await store.openWith('batch-gz', ['j1', 'j4', 'j9'], at(600)))).toEqual(['rr-pend', 'rr-run']);
      expect(await store.openWith('batch-gz', ['j3'], at(600))).toEqual([]); // not eligible
      expect(await store.openWith('batch-gz', ['j9'], at(600))).toEqual([]);
      expect(await store.openWith('batch-gz', [], at(600))).toEqual([]);
      expect(ids(await store.openWith('other', ['j1'], at(600)))).toEqual(['rr-elsewhere']);
      // Expired at `now` (expiresAt <= now) is no longer open, even before anything marks it so.
      expect(ids(await store.openWith('batch-gz', ['j1', 'j4'], at(1000)))).toEqual(['rr-run']);
    });

    it('finds the open request behind 5,000 newer requests on the same target and item', async () => {
      await store.insert(requestAt('rr-open', 0, { items: ['job-1', 'job-2'], expires: 10_000_000 }));
      await store.insertMany(
        Array.from({ length: 5000 }, (_, i) =>
          requestAt(`rr-n${String(i).padStart(4, '0')}`, 1 + i, { items: ['job-1'], state: 'accepted' }),
        ),
      );
      expect(ids(await store.list({ targetId: 'batch-gz', limit: 500 }))).not.toContain('rr-open');
      expect(ids(await store.openWith('batch-gz', ['job-1'], at(6000)))).toEqual(['rr-open']);
      expect(ids(await store.openWith('batch-gz', ['job-2'], at(6000)))).toEqual(['rr-open']);
      expect(await store.list({ limit: 10_000 })).toHaveLength(5001);
    });

    it('stores a request exclusively: not while an open request holds one of its items', async () => {
      await store.insert(requestAt('rr-holder', 0, { items: ['j1', 'j2'], expires: 1000 }));
      const holder = await store.insertExclusive(requestAt('rr-second', 10, { items: ['j2', 'j3'] }), at(10));
      expect(holder?.id).toBe('rr-holder');
      expect(await store.get('rr-second')).toBeUndefined();
      // Other items, another target, or the holder expired: stored.
      expect(await store.insertExclusive(requestAt('rr-other', 11, { items: ['j3'] }), at(11))).toBeUndefined();
      expect(
        await store.insertExclusive(requestAt('rr-there', 12, { items: ['j1'], targetId: 'other' }), at(12)),
      ).toBeUndefined();
      const lease = { owner: 'R1', until: T0 + 60_000 };
      expect(
        await store.insertExclusive(requestAt('rr-after', 1000, { items: ['j1'] }), at(1000), lease),
      ).toBeUndefined();
      expect(ids(await store.openWith('batch-gz', ['j1'], at(1000)))).toEqual(['rr-after']);
      // Its lease is held: another owner may not take it over yet.
      expect(
        await store.transition('rr-after', ['pending'], (r) => r, { onlyIfFree: { owner: 'R2', now: at(1001) } }),
      ).toBeUndefined();
    });

    it('of many concurrent requests for one item, stores exactly one', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.insertExclusive(requestAt(`rr-race${i}`, i, { items: ['job-race', `job-own${i}`] }), at(100)),
        ),
      );
      expect(results.filter((r) => r === undefined)).toHaveLength(1);
      expect(await store.openWith('batch-gz', ['job-race'], at(100))).toHaveLength(1);
    });

    it('finds calls started since a time on an item, failed ones aside (cooldown)', async () => {
      await store.insert(requestAt('rr-ok', 0, { items: ['j1'], state: 'accepted', execution: started(1000) }));
      await store.insert(requestAt('rr-failed', 1, { items: ['j1'], state: 'refused', execution: started(1000) }));
      await store.insert(requestAt('rr-before', 2, { items: ['j1'], state: 'sending', execution: started(500) }));
      await store.insert(requestAt('rr-pending', 3, { items: ['j1'] }));
      await store.insert(requestAt('rr-edge', 4, { items: ['j1', 'j2'], state: 'unknown', execution: started(800) }));
      await store.insert(
        requestAt('rr-elsewhere', 5, { items: ['j1'], targetId: 'other', state: 'sending', execution: started(900) }),
      );
      expect(sorted(await store.startedWith('batch-gz', ['j1'], at(800)))).toEqual(['rr-edge', 'rr-ok']);
      expect(ids(await store.startedWith('batch-gz', ['j2', 'j9'], at(800)))).toEqual(['rr-edge']);
      expect(sorted(await store.startedWith('batch-gz', ['j1'], at(0)))).toEqual(['rr-before', 'rr-edge', 'rr-ok']);
      expect(await store.startedWith('batch-gz', ['j1'], at(1001))).toEqual([]);
      expect(await store.startedWith('batch-gz', [], at(0))).toEqual([]);
      // A request that starts later is found from then on.
      await store.transition('rr-pending', ['pending'], (r) => ({ ...r, state: 'sending', execution: started(2000) }));
      expect(ids(await store.startedWith('batch-gz', ['j1'], at(1500)))).toEqual(['rr-pending']);
    });

    it('lists due work, oldest first: abandoned, expired, unpublished and not shown; never leased or settled', async () => {
      const now = 10_000;
      const put = async (id: string, created: number, over: Parameters<typeof requestAt>[2], shown?: string) => {
        await store.insert(requestAt(id, created, over));
        if (shown) await store.markShown(id, shown as RerunRequest['state']);
      };
      await put('d-running', 1, { state: 'sending', published }, 'sending');
      await store.insert(requestAt('n-running-leased', 2, { state: 'sending' }), { owner: 'X', until: T0 + 20_000 });
      await store.insert(requestAt('d-running-lease-out', 3, { state: 'sending' }), { owner: 'X', until: T0 + 5_000 });
      await put('d-pending-expired', 4, { published, expires: 9_000 }, 'pending');
      await put('n-pending-shown', 5, { published, expires: 20_000 }, 'pending');
      await put('d-pending-unpublished', 6, { expires: 20_000 });
      await put('d-pending-not-shown', 7, { published, expires: 20_000 });
      await put('d-done-not-shown', 8, { state: 'sending', published }, 'sending');
      await store.transition('d-done-not-shown', ['sending'], (r) => ({ ...r, state: 'accepted' }));
      await put('n-done-shown', 9, { state: 'accepted', published }, 'accepted');
      await put('n-done-unpublished', 10, { state: 'cancelled' });
      await store.insert(requestAt('n-expired-leased', 11, { published, expires: 9_000 }), {
        owner: 'Y',
        until: T0 + 10_001,
      });

      const due = ids(await store.due(at(now), 100));
      expect(due).toEqual([
        'd-running',
        'd-running-lease-out',
        'd-pending-expired',
        'd-pending-unpublished',
        'd-pending-not-shown',
        'd-done-not-shown',
      ]);
      expect(ids(await store.due(at(now), 2))).toEqual(['d-running', 'd-running-lease-out']);

      // A stale markShown (the request moved on) changes nothing; the current one settles it.
      await store.markShown('d-done-not-shown', 'sending');
      expect(ids(await store.due(at(now), 100))).toContain('d-done-not-shown');
      await store.markShown('d-done-not-shown', 'accepted');
      await store.markShown('d-pending-not-shown', 'pending');
      expect(ids(await store.due(at(now), 100))).toEqual([
        'd-running',
        'd-running-lease-out',
        'd-pending-expired',
        'd-pending-unpublished',
      ]);
      // Leased work comes due when its lease runs out; a request settled and shown never again.
      expect(ids(await store.due(at(20_000), 100))).toEqual([
        'd-running',
        'n-running-leased',
        'd-running-lease-out',
        'd-pending-expired',
        'n-pending-shown',
        'd-pending-unpublished',
        'd-pending-not-shown',
        'n-expired-leased',
      ]);
      // Taking it with a lease takes it off the list for as long as the lease lasts.
      await store.transition('d-running', ['sending'], (r) => r, {
        onlyIfFree: { owner: 'Z', now: at(now) },
        lease: { owner: 'Z', until: T0 + 15_000 },
      });
      expect(ids(await store.due(at(now), 1))).toEqual(['d-running-lease-out']);
      expect(await store.due(at(now), 0)).toEqual([]);
    });

    it('keeps the audit of each request in the order it was written', async () => {
      const entry = (requestId: string, event: AuditEntry['event'], n: number): AuditEntry => ({
        at: iso(0),
        requestId,
        event,
        actor: `U${n}`,
        targetId: 'batch-gz',
        detail: { n },
      });
      const written = [
        entry('rr-a', 'requested', 1),
        entry('rr-b', 'requested', 2),
        entry('rr-a', 'approved', 3),
        entry('rr-a', 'call-started', 4),
        entry('rr-b', 'rejected', 5),
        entry('rr-a', 'call-finished', 6),
      ];
      for (const e of written) await store.appendAudit(e);
      expect(await store.auditOf('rr-a')).toEqual(written.filter((e) => e.requestId === 'rr-a'));
      expect(await store.auditOf('rr-b')).toEqual(written.filter((e) => e.requestId === 'rr-b'));
      expect(await store.auditOf('rr-none')).toEqual([]);
    });

    it('remembers a key for keepMs: a duplicate delivery is told apart, a forgotten key is new again', async () => {
      expect(await store.firstTime('Ev1', at(0), 1000)).toBe(true);
      expect(await store.firstTime('Ev1', at(999), 1000)).toBe(false);
      expect(await store.firstTime('Ev2', at(999), 1000)).toBe(true);
      expect(await store.firstTime('Ev1', at(1000), 1000)).toBe(true);
      expect(await store.firstTime('Ev1', at(1999), 1000)).toBe(false);
      // Many keys later (forgotten ones are purged on the way), the remembered ones still are.
      for (let i = 0; i < 110; i++) expect(await store.firstTime(`k${i}`, at(1000 + i), 100)).toBe(true);
      expect(await store.firstTime('Ev1', at(1999), 1000)).toBe(false);
      expect(await store.firstTime('k109', at(1200), 100)).toBe(false);
      expect(await store.firstTime('k0', at(1300), 100)).toBe(true);
      const deliveries = await Promise.all(Array.from({ length: 20 }, () => store.firstTime('Ev9', at(0), 1000)));
      expect(deliveries.filter(Boolean)).toHaveLength(1);
    });

    it("reserves a credential's pace: slots intervalMs apart, never before now, shared by concurrent callers", async () => {
      expect(await store.reservePace('batch-gz', 500, at(0))).toBe(T0);
      expect(await store.reservePace('batch-gz', 500, at(0))).toBe(T0 + 500);
      expect(await store.reservePace('batch-gz', 500, at(100))).toBe(T0 + 1000);
      expect(await store.reservePace('other', 500, at(100))).toBe(T0 + 100);
      expect(await store.reservePace('batch-gz', 500, at(10_000))).toBe(T0 + 10_000); // idle: now
      const slots = await Promise.all(Array.from({ length: 20 }, () => store.reservePace('burst', 250, at(20_000))));
      expect([...slots].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => T0 + 20_000 + i * 250));
    });

    it('keeps requests, audit, leases, remembered keys and paces across a reopen', async () => {
      await store.insert(sampleRequest('rr-keep'), { owner: 'A', until: T0 + 10_000 });
      await store.transition('rr-keep', ['pending'], (r) => ({ ...r, published }));
      await store.markShown('rr-keep', 'pending');
      await store.appendAudit({
        at: 'now',
        requestId: 'rr-keep',
        event: 'requested',
        actor: 'U0ALICE',
        targetId: 'batch-gz',
      });
      expect(await store.firstTime('Ev1', at(0), 60_000)).toBe(true);
      expect(await store.claimLease('sweeper', { owner: 'A', until: T0 + 10_000 }, at(0))).toBe(true);
      expect(await store.reservePace('batch-gz', 500, at(0))).toBe(T0);
      await store.close();
      store = await opened.reopen();
      expect(await store.get('rr-keep')).toMatchObject({
        v: REQUEST_SCHEMA_VERSION,
        published,
        summary: { id: 'tencent-batch.summary' },
      });
      expect(await store.auditOf('rr-keep')).toHaveLength(1);
      expect(await store.firstTime('Ev1', at(1), 60_000)).toBe(false);
      expect(await store.claimLease('sweeper', { owner: 'B', until: T0 + 20_000 }, at(1))).toBe(false);
      expect(await store.reservePace('batch-gz', 500, at(0))).toBe(T0 + 500);
      expect(
        await store.transition('rr-keep', ['pending'], (r) => r, { onlyIfFree: { owner: 'B', now: at(1) } }),
      ).toBeUndefined();
      expect(ids(await store.openWith('batch-gz', ['job-rybewp57'], new Date(0)))).toEqual(['rr-keep']);
      await store.ping();
    });

    it('schedules follow-ups from the record: due when their next poll comes and no live lease holds them', async () => {
      // Running (a poll due at `next`), or ended with its final reply given (nothing due).
      const follow = (next: number | undefined): Follow =>
        next === undefined
          ? {
              phase: 'ended',
              startedAt: iso(0),
              until: iso(86_400_000),
              polls: 3,
              end: 'succeeded',
              at: iso(1_000),
              reply: { state: 'given', at: iso(1_000) },
            }
          : { phase: 'running', startedAt: iso(0), until: iso(86_400_000), polls: 0, nextAt: iso(next) };
      await store.insert(requestAt('f-later', 0, { state: 'accepted', follow: follow(5_000) }));
      await store.insert(requestAt('f-soon', 1, { state: 'accepted', follow: follow(2_000) }));
      await store.insert(requestAt('f-done', 2, { state: 'accepted', follow: follow(undefined) }));
      await store.insert(requestAt('f-none', 3, { state: 'accepted' }));
      expect(ids(await store.dueFollowUps(at(1_999), 10))).toEqual([]);
      expect(ids(await store.dueFollowUps(at(2_000), 10))).toEqual(['f-soon']);
      expect(ids(await store.dueFollowUps(at(9_000), 10))).toEqual(['f-soon', 'f-later']);
      expect(ids(await store.dueFollowUps(at(9_000), 1))).toEqual(['f-soon']);

      // Claimed under a lease: out of every other replica's sight until the lease runs out.
      const lease = { owner: 'A', until: T0 + 20_000 };
      const claimed = await store.transition('f-soon', ['accepted'], (r) => r, {
        onlyIfFree: { owner: 'A', now: at(9_000) },
        lease,
      });
      expect(claimed?.id).toBe('f-soon');
      expect(ids(await store.dueFollowUps(at(9_000), 10))).toEqual(['f-later']);
      expect(
        await store.transition('f-soon', ['accepted'], (r) => r, { onlyIfFree: { owner: 'B', now: at(9_000) } }),
      ).toBeUndefined();
      expect(ids(await store.dueFollowUps(at(20_000), 10))).toEqual(['f-soon', 'f-later']);

      // The next poll is moved by the same conditional update that writes the record.
      await store.transition('f-soon', ['accepted'], (r) => ({ ...r, follow: follow(30_000) }), { lease: null });
      expect(ids(await store.dueFollowUps(at(20_000), 10))).toEqual(['f-later']);
      expect(ids(await store.dueFollowUps(at(30_000), 10))).toEqual(['f-later', 'f-soon']);
      // Replied: never due again, and it survives a reopen.
      await store.transition('f-later', ['accepted'], (r) => ({ ...r, follow: follow(undefined) }));
      await store.close();
      store = await opened.reopen();
      expect(ids(await store.dueFollowUps(at(99_000), 10))).toEqual(['f-soon']);
      expect((await store.get('f-soon'))?.follow?.nextAt).toBe(iso(30_000));
      // A follow-up is not sweeper work: a finished request that shows its state is not due.
      await store.markShown('f-soon', 'accepted');
      expect(ids(await store.due(at(99_000), 10))).not.toContain('f-soon');
    });

    it('queues alert replies: identical ones within the window collapse into one row that counts them', async () => {
      const first = await store.enqueueReply(reply('rp-1', 'C1', 'batch-gz a', 1_000), 0);
      expect(first).toMatchObject({ id: 'rp-1', count: 1, state: 'pending' });
      // Same channel and key since the window began: counted on rp-1, no new row.
      expect(await store.enqueueReply(reply('rp-2', 'C1', 'batch-gz a', 2_000), 500)).toMatchObject({
        id: 'rp-1',
        count: 2,
      });
      // Outside the window, another key, another channel: rows of their own.
      expect((await store.enqueueReply(reply('rp-3', 'C1', 'batch-gz a', 9_000), 5_000)).id).toBe('rp-3');
      expect((await store.enqueueReply(reply('rp-4', 'C1', 'batch-gz b', 3_000), 0)).id).toBe('rp-4');
      expect((await store.enqueueReply(reply('rp-5', 'C2', 'batch-gz a', 3_000), 0)).id).toBe('rp-5');
      expect((await store.replyWork('C1', 10)).map((r) => [r.id, r.count])).toEqual([
        ['rp-1', 2],
        ['rp-4', 1],
        ['rp-3', 1],
      ]);
      expect((await store.replyWork('C1', 2)).map((r) => r.id)).toEqual(['rp-1', 'rp-4']);
      expect((await store.replyChannels(10)).sort()).toEqual(['C1', 'C2']);
      // A reply refused for good takes no more alerts: the next one is queued again.
      await store.updateReply('rp-5', ['pending'], { state: 'failed' });
      expect((await store.enqueueReply(reply('rp-6', 'C2', 'batch-gz a', 4_000), 0)).id).toBe('rp-6');
    });

    it('moves a reply only from the given states, and keeps in the work list what still needs a post or an update', async () => {
      await store.enqueueReply(reply('rp-1', 'C1', 'k', 1_000), 0);
      expect(await store.updateReply('rp-1', ['sending'], { state: 'posted' })).toBeUndefined();
      expect(await store.updateReply('rp-1', ['pending'], { state: 'sending', attempts: 1 })).toMatchObject({
        state: 'sending',
        attempts: 1,
      });
      const posted = await store.updateReply('rp-1', ['sending'], { state: 'posted', postedTs: '9.1', shownCount: 1 });
      expect(posted).toMatchObject({ state: 'posted', postedTs: '9.1', count: 1, shownCount: 1 });
      expect(await store.replyWork('C1', 10)).toEqual([]);
      expect(await store.replyChannels(10)).toEqual([]);
      // One more identical alert: the posted message must show the new count, so it is work again.
      expect(await store.enqueueReply(reply('rp-2', 'C1', 'k', 2_000), 0)).toMatchObject({ id: 'rp-1', count: 2 });
      expect((await store.replyWork('C1', 10)).map((r) => [r.id, r.count, r.shownCount])).toEqual([['rp-1', 2, 1]]);
      await store.updateReply('rp-1', ['posted'], { shownCount: 2 });
      expect(await store.replyWork('C1', 10)).toEqual([]);
      expect((await store.getReplies(['rp-1', 'rp-none']))[0]).toMatchObject({ id: 'rp-1', postedTs: '9.1' });
      await store.close();
      store = await opened.reopen();
      expect((await store.getReplies(['rp-1'])).map((r) => [r.state, r.count, r.shownCount])).toEqual([
        ['posted', 2, 2],
      ]);
    });

    it('counts every one of many identical alerts enqueued at once', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.enqueueReply(reply(`rp-${i}`, 'C1', 'same', 1_000 + i), 0)),
      );
      const rows = await store.replyWork('C1', 50);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.count).toBe(20);
    });

    it('answers ping while open; closing twice is harmless, and a closed store says so', async () => {
      await store.ping();
      await store.close();
      await store.close();
      await expect(store.ping()).rejects.toThrow(/closed/);
      await expect(store.get('rr-a')).rejects.toThrow(/closed/);
      store = await opened.reopen();
    });
  });
}
