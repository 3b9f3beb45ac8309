/**
 * The store contract, the store as a whole (StoreLifecycle): every concern's data survives a
 * reopen, ping answers while open, and a closed store says so.
 */
import { describe, expect, it } from 'vitest';
import { REQUEST_SCHEMA_VERSION } from '../../../src/core/model/request.ts';
import type { Store } from '../../../src/core/ports.ts';
import { T0, at, sampleRequest, type TestTime } from '../sample.ts';
import { ids, published, type Opener, type OpenedStore, openEachTest } from './opened.ts';

export function lifecycleContract(open: Opener<Store>): void {
  describe('lifecycle', () => {
    let store: Store;
    let opened: OpenedStore<Store>;

    let time: TestTime;

    openEachTest(
      open,
      (o, t) => {
        opened = o;
        time = t;
        store = o.store;
      },
      () => store,
    );

    it('keeps requests, audit, leases, remembered keys, paces and Home viewers across a reopen', async () => {
      await store.insert(sampleRequest('rr-keep'), { owner: 'A', ms: 10_000 });
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
      expect(await store.claimLease('sweeper', { owner: 'A', ms: 10_000 })).toBe(true);
      expect(await store.reservePace('batch-gz', 500, at(0))).toBe(T0);
      await store.sawHome('U0BOB', 'zh-CN', 60_000);
      await store.close();
      store = await opened.reopen();
      time.set(1);
      expect(await store.get('rr-keep')).toMatchObject({
        v: REQUEST_SCHEMA_VERSION,
        published,
        summary: { id: 'tencent-batch.summary' },
      });
      expect(await store.auditOf('rr-keep')).toHaveLength(1);
      expect(await store.firstTime('Ev1', at(1), 60_000)).toBe(false);
      expect(await store.claimLease('sweeper', { owner: 'B', ms: 20_000 })).toBe(false);
      expect(await store.reservePace('batch-gz', 500, at(0))).toBe(T0 + 500);
      expect(await store.homeViewers(60_000, 10)).toEqual([{ user: 'U0BOB', locale: 'zh-CN', seenAt: T0 }]);
      expect(await store.transition('rr-keep', ['pending'], (r) => r, { onlyIfFree: { owner: 'B' } })).toBeUndefined();
      time.set(-T0); // the epoch: long before the sample request expires
      expect(ids(await store.openWith('batch-gz', ['job-rybewp57']))).toEqual(['rr-keep']);
      await store.ping();
    });

    it('answers ping while open; closing twice is harmless, and a closed store says so', async () => {
      await store.ping();
      await store.close();
      await store.close();
      await expect(store.ping()).rejects.toMatchObject({ name: 'StoreError', code: 'closed' });
      await expect(store.get('rr-a')).rejects.toMatchObject({ name: 'StoreError', code: 'closed' });
      store = await opened.reopen();
    });
  });
}
