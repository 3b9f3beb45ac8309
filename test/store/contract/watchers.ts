/**
 * The store contract, watchers (WatchStore, issue 19 item 5): who watches a request, each once
 * however often or however concurrently they click, kept across a reopen, in the order they came.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreLifecycle, WatchStore } from '../../../src/core/ports.ts';
import { iso } from '../sample.ts';
import type { Opener, OpenedStore } from './opened.ts';

export function watchersContract(open: Opener<WatchStore & StoreLifecycle>): void {
  describe('watchers', () => {
    let store: WatchStore & StoreLifecycle;
    let opened: OpenedStore<WatchStore & StoreLifecycle>;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await opened.cleanup();
    });

    it('records each watcher of a request once, in the order they came, and keeps them', async () => {
      expect(await store.watchersOf('rr-a')).toEqual([]);
      expect(await store.watch('rr-a', 'U0CAROL', iso(2))).toBe(true);
      expect(await store.watch('rr-a', 'U0BOB', iso(1))).toBe(true);
      expect(await store.watch('rr-b', 'U0BOB', iso(3))).toBe(true);
      // Watching twice is once; twenty clicks racing record one more watcher.
      expect(await store.watch('rr-a', 'U0BOB', iso(5))).toBe(false);
      const raced = await Promise.all(Array.from({ length: 20 }, () => store.watch('rr-a', 'U0DAVE', iso(6))));
      expect(raced.filter(Boolean)).toHaveLength(1);
      expect(await store.watchersOf('rr-a')).toEqual(['U0BOB', 'U0CAROL', 'U0DAVE']);
      expect(await store.watchersOf('rr-b')).toEqual(['U0BOB']);
      await store.close();
      store = await opened.reopen();
      expect(await store.watchersOf('rr-a')).toEqual(['U0BOB', 'U0CAROL', 'U0DAVE']);
    });
  });
}
