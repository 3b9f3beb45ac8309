/**
 * The store contract, the App Home's viewers (HomeViewerStore): who opened their Home, when by the
 * store's clock and in what language, the most recent first, bounded; those not seen for `keepMs`
 * are neither listed nor kept.
 */
import { describe, expect, it } from 'vitest';
import type { HomeViewerStore, StoreLifecycle } from '../../../src/core/ports.ts';
import { T0, type TestTime } from '../sample.ts';
import { openEachTest, type Opener } from './opened.ts';

const DAY = 24 * 3_600_000;
const KEEP = 30 * DAY;

export function homeViewersContract(open: Opener<HomeViewerStore & StoreLifecycle>): void {
  describe('App Home viewers', () => {
    let store: HomeViewerStore & StoreLifecycle;
    let time: TestTime;

    openEachTest(
      open,
      (o, t) => {
        time = t;
        store = o.store;
      },
      () => store,
    );

    const users = async (limit = 100) => (await store.homeViewers(KEEP, limit)).map((v) => v.user);

    it('lists the people who opened their Home, the most recently seen first, with their language, by the store’s clock', async () => {
      expect(await store.homeViewers(KEEP, 10)).toEqual([]);
      await store.sawHome('U0ALICE', 'en', KEEP);
      time.set(1_000);
      await store.sawHome('U0BOB', 'zh-CN', KEEP);
      time.set(2_000);
      await store.sawHome('U0CAROL', undefined, KEEP);
      expect(await store.homeViewers(KEEP, 10)).toEqual([
        { user: 'U0CAROL', locale: undefined, seenAt: T0 + 2_000 },
        { user: 'U0BOB', locale: 'zh-CN', seenAt: T0 + 1_000 },
        { user: 'U0ALICE', locale: 'en', seenAt: T0 },
      ]);
      // At most `limit`, the most recent kept.
      expect(await users(2)).toEqual(['U0CAROL', 'U0BOB']);

      // Seen again: moved to the front; a language not known this time keeps the one known.
      time.set(3_000);
      await store.sawHome('U0ALICE', undefined, KEEP);
      time.set(4_000);
      await store.sawHome('U0BOB', 'en', KEEP);
      expect(await store.homeViewers(KEEP, 10)).toEqual([
        { user: 'U0BOB', locale: 'en', seenAt: T0 + 4_000 },
        { user: 'U0ALICE', locale: 'en', seenAt: T0 + 3_000 },
        { user: 'U0CAROL', locale: undefined, seenAt: T0 + 2_000 },
      ]);
    });

    it('forgets people not seen for keepMs: not listed, and deleted at the next opening', async () => {
      await store.sawHome('U0ALICE', 'en', KEEP);
      time.set(10 * DAY);
      await store.sawHome('U0BOB', 'zh-CN', KEEP);
      time.set(KEEP);
      expect(await users()).toEqual(['U0BOB', 'U0ALICE']);
      time.set(KEEP + 1);
      expect(await users()).toEqual(['U0BOB']);
      // A shorter keep at an opening forgets everyone else not seen within it, for good.
      await store.sawHome('U0CAROL', 'en', DAY);
      expect(await users()).toEqual(['U0CAROL']);
      // Deleted, not only unlisted: at an earlier time, when both were recent, neither is there.
      time.set(10 * DAY);
      expect(await users()).toEqual(['U0CAROL']);
      // Someone forgotten who opens their Home again is back, as new.
      time.set(KEEP + 2);
      await store.sawHome('U0ALICE', undefined, KEEP);
      expect(await store.homeViewers(KEEP, 10)).toContainEqual({
        user: 'U0ALICE',
        locale: undefined,
        seenAt: T0 + KEEP + 2,
      });
    });

    it('keeps every opening of people opening at once', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.sawHome(`U0P${i}`, i % 2 ? 'en' : 'zh-CN', KEEP)));
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.sawHome(`U0P${i}`, undefined, KEEP)));
      const seen = await store.homeViewers(KEEP, 100);
      expect(seen.map((v) => v.user).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `U0P${i}`).sort());
      expect(seen.filter((v) => v.locale === 'zh-CN')).toHaveLength(10);
    });
  });
}
