/**
 * The store contract, coded errors (core/store-ports.ts, StoreErrorCode): what a caller decides by,
 * the same on both stores. A closed store refuses every concern, a request stored twice is a
 * conflict, and a database out of reach says so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.ts';
import { isStoreError, StoreError, type StoreErrorCode } from '../../../src/store/errors.ts';
import { at, requestAt, sampleRequest } from '../sample.ts';
import { ids, reply, type Opener, type OpenedStore } from './opened.ts';

/** What `run` threw, checked to be a StoreError coded `code`. */
async function coded(code: StoreErrorCode, run: () => Promise<unknown>): Promise<StoreError> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  expect((err as StoreError).code).toBe(code);
  expect(isStoreError(err, code)).toBe(true);
  return err as StoreError;
}

export function errorsContract(open: Opener<Store>, unreachable: () => Promise<unknown>): void {
  describe('coded errors', () => {
    let store: Store;
    let opened: OpenedStore<Store>;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await opened.cleanup();
    });

    it('a closed store refuses a call of every concern, coded closed', async () => {
      await store.close();
      const lease = { owner: 'A', ms: 1000 };
      await coded('closed', () => store.insert(sampleRequest('rr-late')));
      await coded('closed', () => store.insertExclusive(requestAt('rr-late', 0)));
      await coded('closed', () => store.transition('rr-late', ['pending'], (r) => r));
      await coded('closed', () => store.claimLease('sweeper', lease));
      await coded('closed', () => store.reservePace('batch-gz', 500, at(0)));
      await coded('closed', () => store.firstTime('Ev1', at(0), 1000));
      await coded('closed', () => store.sawHome('U0ALICE', 'en', 1000));
      await coded('closed', () => store.homeViewers(1000, 10));
      await coded('closed', () => store.enqueueReply(reply('rp-1', 'C1', 'k', 0), 0));
      await coded('closed', () => store.auditOf('rr-late'));
      await coded('closed', () => store.now());
      await coded('closed', () => store.ping());
      store = await opened.reopen();
      expect(await store.get('rr-late')).toBeUndefined();
    });

    it('a request stored twice is refused, coded conflict, naming it; the first is kept', async () => {
      const first = requestAt('rr-twice', 0);
      await store.insert(first);
      const err = await coded('conflict', () => store.insert(requestAt('rr-twice', 5, { requester: 'U0BOB' })));
      expect(err.message).toContain('rr-twice');
      await coded('conflict', () => store.insertExclusive(requestAt('rr-twice', 6, { items: ['j-other'] })));
      expect(await store.get('rr-twice')).toEqual(first);
      expect(ids(await store.list({ limit: 10 }))).toEqual(['rr-twice']);
    });

    it('a database out of reach says so, coded unreachable', async () => {
      await coded('unreachable', unreachable);
    });
  });
}
