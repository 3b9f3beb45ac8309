/** The store contract, remembered deliveries (DeliveryStore): a duplicate is told apart while remembered. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStore, StoreLifecycle } from '../../../src/core/ports.ts';
import { at } from '../sample.ts';
import type { Opener, OpenedStore } from './opened.ts';

export function deliveriesContract(open: Opener<DeliveryStore & StoreLifecycle>): void {
  describe('remembered deliveries', () => {
    let store: DeliveryStore & StoreLifecycle;
    let opened: OpenedStore<DeliveryStore & StoreLifecycle>;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await opened.cleanup();
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
  });
}
