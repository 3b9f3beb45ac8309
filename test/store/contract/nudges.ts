/**
 * The store contract, reminders and escalation (RequestStore.dueNudges): a waiting, published
 * request is due when its next nudge (`nudges.nextAt`) comes by the store's clock and no live lease
 * holds it; a decision, or the last nudge given, takes it off the list in the same write.
 */
import { describe, expect, it } from 'vitest';
import type { Nudges, RerunRequest } from '../../../src/core/model/request.ts';
import type { RequestStore, StoreLifecycle } from '../../../src/core/ports.ts';
import { iso, requestAt, type TestTime } from '../sample.ts';
import { ids, published, type OpenedStore, type Opener, openEachTest } from './opened.ts';

type Seen = RequestStore & StoreLifecycle;

const nudges = (next: number | undefined): Nudges => ({
  reminded: 0,
  escalated: false,
  ...(next === undefined ? {} : { nextAt: iso(next) }),
});

export function nudgesContract(open: Opener<Seen>): void {
  describe('nudges', () => {
    let store: Seen;
    let opened: OpenedStore<Seen>;
    let time: TestTime;
    const on = (ms: number): Seen => {
      time.set(ms);
      return store;
    };

    openEachTest(
      open,
      (o, t) => {
        opened = o;
        time = t;
        store = o.store;
      },
      () => store,
    );

    const waiting = (id: string, created: number, next: number | undefined, over: Partial<RerunRequest> = {}) =>
      requestAt(id, created, { items: [id], expires: 3_600_000, published, nudges: nudges(next), ...over });

    it('lists waiting, published requests whose next nudge has come, soonest first, limited', async () => {
      await store.insert(waiting('n-later', 0, 20_000));
      await store.insert(waiting('n-soon', 1, 10_000));
      await store.insert(waiting('n-none-left', 2, undefined));
      await store.insert(waiting('n-unposted', 3, 5_000, { published: undefined }));
      await store.insert(requestAt('n-plain', 4, { items: ['n-plain'], published }));
      expect(ids(await on(9_999).dueNudges(10))).toEqual([]);
      expect(ids(await on(10_000).dueNudges(10))).toEqual(['n-soon']);
      expect(ids(await on(30_000).dueNudges(10))).toEqual(['n-soon', 'n-later']);
      expect(ids(await on(30_000).dueNudges(1))).toEqual(['n-soon']);
      // Posted later: due from then on, with the schedule it had.
      await store.transition('n-unposted', ['pending'], (r) => ({ ...r, published }));
      expect(ids(await on(30_000).dueNudges(10))).toEqual(['n-unposted', 'n-soon', 'n-later']);
    });

    it('hides a nudge held under a live lease, moves it with the record, and stops it at a decision', async () => {
      await store.insert(waiting('n-a', 0, 10_000));
      await store.insert(waiting('n-b', 1, 10_000));
      const held = await on(10_000).transition('n-a', ['pending'], (r) => r, {
        onlyIfFree: { owner: 'A' },
        lease: { owner: 'A', ms: 5_000 },
      });
      expect(held?.id).toBe('n-a');
      expect(ids(await on(10_000).dueNudges(10))).toEqual(['n-b']);
      // Another replica cannot take it while A's lease lives; once it ran out (A died), it is due again.
      expect(await on(12_000).transition('n-a', ['pending'], (r) => r, { onlyIfFree: { owner: 'B' } })).toBeUndefined();
      expect(ids(await on(15_000).dueNudges(10))).toEqual(['n-a', 'n-b']);

      // Given: the next one is scheduled by the same write.
      await store.transition('n-a', ['pending'], (r) => ({ ...r, nudges: nudges(40_000) }), { lease: null });
      expect(ids(await on(20_000).dueNudges(10))).toEqual(['n-b']);
      // Decided: off the list at once, though its record still names a time.
      await store.transition('n-b', ['pending'], (r) => ({ ...r, state: 'rejected' }));
      expect(ids(await on(20_000).dueNudges(10))).toEqual([]);
      await store.close();
      store = await opened.reopen();
      expect(ids(await on(40_000).dueNudges(10))).toEqual(['n-a']);
    });
  });
}
