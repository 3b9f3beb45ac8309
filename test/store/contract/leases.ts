/**
 * The store contract, leases and pace slots (LeaseStore, PaceStore): a live lease of another owner
 * keeps a request, named leases have one holder at a time, an owner renews or gives back all it
 * holds at once, and a credential's pace slots are shared by every caller. Leases, expiry and
 * follow-ups are judged by the store's clock (a TestTime the test sets; and, last, the store's own).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Follow } from '../../../src/core/model/request.ts';
import type { LeaseStore, PaceStore, RequestStore, StoreLifecycle } from '../../../src/core/ports.ts';
import { T0, at, iso, requestAt, sampleRequest, type TestTime } from '../sample.ts';
import { ids, published, type Opener, type OpenedStore, openEachTest } from './opened.ts';

/** The store as this concern sees it: leases are held on requests too. */
type Seen = RequestStore & LeaseStore & PaceStore & StoreLifecycle;

export function leasesContract(open: Opener<Seen>): void {
  describe('leases and pace slots', () => {
    let store: Seen;
    let time: TestTime;
    /** The store with its clock at test time `ms`. */
    const on = (ms: number): Seen => {
      time.set(ms);
      return store;
    };

    openEachTest(
      open,
      (o, t) => {
        time = t;
        store = o.store;
      },
      () => store,
    );

    it('with onlyIfFree, leaves a live lease of another owner alone and takes over one that ran out', async () => {
      await store.insert(requestAt('rr-l', 0, { state: 'sending' }), { owner: 'A', ms: 1000 });
      const touch = (owner: string, now: number, lease?: { owner: string; ms: number } | null) =>
        on(now).transition('rr-l', ['sending'], (r) => ({ ...r, updatedAt: iso(now) }), {
          onlyIfFree: { owner },
          ...(lease !== undefined ? { lease } : {}),
        });
      expect(await touch('B', 500)).toBeUndefined();
      expect(await touch('A', 500)).toBeDefined(); // its own; the lease option omitted keeps the lease
      expect(await touch('B', 999)).toBeUndefined();
      expect(await touch('B', 1000, { owner: 'B', ms: 4000 })).toBeDefined(); // A's ran out
      expect(await touch('A', 2000)).toBeUndefined();
      expect(await touch('B', 2000, null)).toBeDefined(); // B releases it
      expect(await touch('A', 2000, { owner: 'A', ms: 7000 })).toBeDefined();
      expect(await touch('B', 3000)).toBeUndefined();
      // Without onlyIfFree the lease is not consulted (the owner's own steps, a person's click).
      expect(await store.transition('rr-l', ['sending'], (r) => ({ ...r, state: 'accepted' }))).toBeDefined();
    });

    it('renews and releases every lease an owner holds, named or on a request', async () => {
      await store.insert(requestAt('rr-a', 0, { state: 'sending' }), { owner: 'A', ms: 1000 });
      await store.insert(requestAt('rr-b', 1, { state: 'sending' }), { owner: 'B', ms: 1000 });
      expect(await store.claimLease('sweeper', { owner: 'A', ms: 1000 })).toBe(true);
      await store.renewLeases('A', 5000);
      const take = (id: string, owner: string, now: number) =>
        on(now).transition(id, ['sending'], (r) => ({ ...r, updatedAt: iso(now) }), { onlyIfFree: { owner } });
      expect(await take('rr-a', 'B', 2000)).toBeUndefined();
      expect(await store.claimLease('sweeper', { owner: 'B', ms: 7000 })).toBe(false);
      expect(await take('rr-b', 'A', 2000)).toBeDefined(); // B did not renew
      await store.releaseLeases('A');
      expect(await take('rr-a', 'B', 2000)).toBeDefined();
      expect(await store.claimLease('sweeper', { owner: 'B', ms: 7000 })).toBe(true);
      // Renewed leases last from the store's clock when renewed: B's, at 2000 for 1000, until 3000.
      await on(2000).renewLeases('B', 1000);
      expect(await on(2999).claimLease('sweeper', { owner: 'A', ms: 1000 })).toBe(false);
      expect(await on(3000).claimLease('sweeper', { owner: 'A', ms: 1000 })).toBe(true);
      // Renewing an owner with nothing to renew, or releasing twice, is harmless.
      await store.renewLeases('nobody', 1);
      await store.releaseLeases('A');
    });

    it('claims a named lease: one holder at a time, renewed by its owner, free once it runs out', async () => {
      expect(await on(0).claimLease('sweeper', { owner: 'A', ms: 1000 })).toBe(true);
      expect(await on(500).claimLease('sweeper', { owner: 'B', ms: 1500 })).toBe(false);
      expect(await on(900).claimLease('sweeper', { owner: 'A', ms: 600 })).toBe(true); // until 1500
      expect(await on(1499).claimLease('sweeper', { owner: 'B', ms: 1501 })).toBe(false);
      expect(await on(1500).claimLease('sweeper', { owner: 'B', ms: 1500 })).toBe(true);
      expect(await on(2000).claimLease('sweeper', { owner: 'A', ms: 2000 })).toBe(false);
      expect(await on(2000).claimLease('other', { owner: 'A', ms: 2000 })).toBe(true);
      time.set(0);
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.claimLease('race', { owner: `R${i}`, ms: 9000 })),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it("reads the store's clock: the time its leases and due work are judged by", async () => {
      expect(await on(1234).now()).toEqual(at(1234));
      // A lease taken for 0 ms runs out at once: free when the store's clock has reached its end.
      await store.insert(requestAt('rr-z', 0, { state: 'sending' }), { owner: 'A', ms: 0 });
      expect(await store.transition('rr-z', ['sending'], (r) => r, { onlyIfFree: { owner: 'B' } })).toBeDefined();
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

    it('reads where the next slot is with a reservation of no length, without moving it (core/update-pace.ts)', async () => {
      expect(await store.reservePace('slack-update', 1_250, at(0))).toBe(T0);
      expect(await store.reservePace('slack-update', 0, at(100))).toBe(T0 + 1_250);
      expect(await store.reservePace('slack-update', 0, at(100))).toBe(T0 + 1_250);
      expect(await store.reservePace('slack-update', 1_250, at(100))).toBe(T0 + 1_250);
      // Past the last slot: now, and the next reservation starts there.
      expect(await store.reservePace('slack-update', 0, at(9_000))).toBe(T0 + 9_000);
      expect(await store.reservePace('slack-update', 1_250, at(9_000))).toBe(T0 + 9_000);
    });
  });

  // The store's own clock, as in service (PostgreSQL: the server's statement_timestamp()). A replica
  // whose clock is 90 s ahead once took over live work after 20 s and expired a 2-minute request
  // after 34 s, because it judged leases and expiry by its own clock; the port no longer lets a
  // caller's clock into that judgement at all, and these cases show the store's clock deciding.
  describe("leases, expiry and follow-ups judged by the store's own clock", () => {
    let store: Seen;
    let opened: OpenedStore<Seen>;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await opened.cleanup();
    });

    it('a caller whose clock is 90 s ahead cannot take over a lease renewed by the store clock', async () => {
      // Replica B's clock reads 90 s past the store's: past the end of every lease A holds below.
      // Nothing B says carries its clock into the store's judgement, so nothing of A's is free to it.
      await store.insert(requestAt('rr-live', 0, { state: 'sending' }), { owner: 'A', ms: 30_000 });
      expect(await store.claimLease('sweeper', { owner: 'A', ms: 30_000 })).toBe(true);
      await store.renewLeases('A', 30_000);
      expect(await store.transition('rr-live', ['sending'], (r) => r, { onlyIfFree: { owner: 'B' } })).toBeUndefined();
      expect(await store.claimLease('sweeper', { owner: 'B', ms: 30_000 })).toBe(false);
      expect(ids(await store.due(10))).toEqual([]);
      // A stops renewing (a lease renewed for 0 ms ends at the store's time): B may go on at once.
      await store.renewLeases('A', 0);
      expect(ids(await store.due(10))).toEqual(['rr-live']);
      expect(await store.claimLease('sweeper', { owner: 'B', ms: 30_000 })).toBe(true);
      expect(await store.transition('rr-live', ['sending'], (r) => r, { onlyIfFree: { owner: 'B' } })).toBeDefined();
    });

    it("expiry and follow-up polls come by the store's clock, not a caller's 90 s ahead", async () => {
      const now = (await store.now()).getTime();
      const isoAt = (ms: number) => new Date(ms).toISOString();
      const asked = (id: string, expires: number) =>
        sampleRequest(id, {
          createdAt: isoAt(now),
          expiresAt: isoAt(expires),
          preview: { items: [{ id: `job-${id}`, state: 'FAILED', eligible: true }], notes: [] },
          published,
        });
      // Asked for 2 minutes: a caller 90 s ahead would call it expired 30 s from now; the store does not.
      await store.insert(asked('rr-2min', now + 120_000));
      await store.markShown('rr-2min', 'pending');
      await store.insert(asked('rr-past', now - 1));
      await store.markShown('rr-past', 'pending');
      expect(ids(await store.due(10))).toEqual(['rr-past']);
      expect(ids(await store.openWith('batch-gz', ['job-rr-2min', 'job-rr-past']))).toEqual(['rr-2min']);
      const follow = (nextAt: number): Follow => ({
        phase: 'running',
        startedAt: isoAt(now),
        until: isoAt(now + 86_400_000),
        polls: 0,
        nextAt: isoAt(nextAt),
      });
      await store.insert(sampleRequest('rr-poll-later', { state: 'accepted', follow: follow(now + 60_000) }));
      await store.insert(sampleRequest('rr-poll-due', { state: 'accepted', follow: follow(now - 1) }));
      expect(ids(await store.dueFollowUps(10))).toEqual(['rr-poll-due']);
      expect(ids(await store.dueFollowUps(10, 61_000))).toEqual(['rr-poll-due', 'rr-poll-later']);
    });
  });
}
