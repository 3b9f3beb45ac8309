/**
 * The store contract, leases and pace slots (LeaseStore, PaceStore): a live lease of another owner
 * keeps a request, named leases have one holder at a time, an owner renews or gives back all it
 * holds at once, and a credential's pace slots are shared by every caller.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeaseStore, PaceStore, RequestStore, StoreLifecycle } from '../../../src/core/ports.ts';
import { T0, at, iso, requestAt } from '../sample.ts';
import type { Opener, OpenedStore } from './opened.ts';

/** The store as this concern sees it: leases are held on requests too. */
type Seen = RequestStore & LeaseStore & PaceStore & StoreLifecycle;

export function leasesContract(open: Opener<Seen>): void {
  describe('leases and pace slots', () => {
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

    it("reserves a credential's pace: slots intervalMs apart, never before now, shared by concurrent callers", async () => {
      expect(await store.reservePace('batch-gz', 500, at(0))).toBe(T0);
      expect(await store.reservePace('batch-gz', 500, at(0))).toBe(T0 + 500);
      expect(await store.reservePace('batch-gz', 500, at(100))).toBe(T0 + 1000);
      expect(await store.reservePace('other', 500, at(100))).toBe(T0 + 100);
      expect(await store.reservePace('batch-gz', 500, at(10_000))).toBe(T0 + 10_000); // idle: now
      const slots = await Promise.all(Array.from({ length: 20 }, () => store.reservePace('burst', 250, at(20_000))));
      expect([...slots].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => T0 + 20_000 + i * 250));
    });
  });
}
