/**
 * The store contract, the alert reply queue (ReplyQueueStore): identical alerts collapse into one
 * row that counts them, a reply moves only from the given states, and the work list holds what
 * still needs a post or an update.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplyQueueStore, StoreLifecycle } from '../../../src/core/ports.ts';
import type { Opener, OpenedStore } from './opened.ts';
import { reply } from './opened.ts';

export function repliesContract(open: Opener<ReplyQueueStore & StoreLifecycle>): void {
  describe('reply queue', () => {
    let store: ReplyQueueStore & StoreLifecycle;
    let opened: OpenedStore<ReplyQueueStore & StoreLifecycle>;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await opened.cleanup();
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

    it("finds the latest reply queued for an alert's thread, whatever its state, and nothing for a thread it never answered", async () => {
      const inThread = (id: string, channel: string, threadTs: string, at: number) => {
        const r = reply(id, channel, `key ${id}`, at);
        return { ...r, body: { ...r.body, threadTs } } as typeof r;
      };
      await store.enqueueReply(inThread('rp-1', 'C1', '100.1', 1_000), 0);
      await store.enqueueReply(inThread('rp-2', 'C1', '100.2', 1_500), 0);
      // A mention asked again in the same thread: a newer row for the same alert.
      await store.enqueueReply(inThread('rp-3', 'C1', '100.1', 2_000), 0);
      await store.enqueueReply(inThread('rp-4', 'C2', '100.1', 3_000), 0);
      expect((await store.replyForThread('C1', '100.1'))?.id).toBe('rp-3');
      await store.updateReply('rp-3', ['pending'], { state: 'failed' });
      expect((await store.replyForThread('C1', '100.1'))?.state).toBe('failed');
      expect((await store.replyForThread('C2', '100.1'))?.id).toBe('rp-4');
      expect((await store.replyForThread('C1', '100.2'))?.body).toMatchObject({ kind: 'alert', targetId: 'batch-gz' });
      expect(await store.replyForThread('C1', '100.9')).toBeUndefined();
      expect(await store.replyForThread('C9', '100.2')).toBeUndefined();
    });

    it('counts every one of many identical alerts enqueued at once', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.enqueueReply(reply(`rp-${i}`, 'C1', 'same', 1_000 + i), 0)),
      );
      const rows = await store.replyWork('C1', 50);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.count).toBe(20);
    });
  });
}
