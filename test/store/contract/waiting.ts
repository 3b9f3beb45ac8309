/**
 * The store contract, what waits for a decision (RequestStore.waiting, the App Home's and
 * `pending`'s source): pending requests not expired by the store's clock, oldest first, limited;
 * a decision or the expiry takes a request off the list, whatever else the history holds.
 */
import { describe, expect, it } from 'vitest';
import type { RequestStore, StoreLifecycle } from '../../../src/core/ports.ts';
import { requestAt, type TestTime } from '../sample.ts';
import { ids, published, type Opener, openEachTest } from './opened.ts';

type Seen = RequestStore & StoreLifecycle;

export function waitingContract(open: Opener<Seen>): void {
  describe('waiting', () => {
    let store: Seen;
    let time: TestTime;
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

    it('lists pending requests not expired by the store clock, oldest first, limited', async () => {
      await store.insert(requestAt('w-later', 20, { items: ['a'], expires: 50_000, published }));
      await store.insert(requestAt('w-first', 10, { items: ['b'], expires: 10_000 }));
      await store.insert(requestAt('w-sent', 5, { items: ['c'], state: 'sending', published }));
      await store.insert(requestAt('w-rejected', 6, { items: ['d'], state: 'rejected', published }));
      expect(ids(await on(0).waiting(10))).toEqual(['w-first', 'w-later']);
      expect(ids(await on(0).waiting(1))).toEqual(['w-first']);
      // Past its expiry by the store's clock, before any sweep: no longer waiting.
      expect(ids(await on(10_000).waiting(10))).toEqual(['w-later']);
    });

    it('drops a request once it is decided, in the same write', async () => {
      await store.insert(requestAt('w-a', 0, { items: ['a'], expires: 60_000 }));
      await store.insert(requestAt('w-b', 1, { items: ['b'], expires: 60_000 }));
      await store.transition('w-a', ['pending'], (r) => ({ ...r, state: 'rejected' }));
      expect(ids(await on(0).waiting(10))).toEqual(['w-b']);
    });
  });
}
