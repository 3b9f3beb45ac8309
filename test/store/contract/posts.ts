/**
 * The store contract, the post ledger (PostStore): a post is claimed by one attempt at a time,
 * settled only by the attempt that holds it, taken over for a look once its hold runs out, and
 * adopted where it was found; what is due to be tried again is found by its time.
 */
import { describe, expect, it } from 'vitest';
import type { PostRecord } from '../../../src/core/model/post.ts';
import type { LeaseStore, PostStore, StoreLifecycle } from '../../../src/core/ports.ts';
import { T0, at, type TestTime } from '../sample.ts';
import { openEachTest, type Opener } from './opened.ts';

type Seen = PostStore & LeaseStore & StoreLifecycle;

const post = (owner: string, until: number, over: Partial<PostRecord> = {}): PostRecord => ({
  request: 'rr-p',
  kind: 'final',
  key: 'final',
  channel: 'C1',
  thread: '1.1',
  startedAt: T0,
  state: 'posting',
  owner,
  until,
  attempts: 0,
  body: { kind: 'final', message: { id: 'follow.final', params: { n: 1 } } as never },
  ...over,
});

export function postsContract(open: Opener<Seen>): void {
  describe('post ledger', () => {
    let store: Seen;
    /** The store's clock (leases are renewed from it), at test time. */
    let time: TestTime;

    openEachTest(
      open,
      (o, t) => {
        time = t;
        store = o.store;
      },
      () => store,
    );

    it('records a new post as being posted, held by one attempt at a time', async () => {
      const first = await store.claimPost(post('A', T0 + 1000), at(0));
      expect(first).toMatchObject({ from: undefined, post: { state: 'posting', owner: 'A', attempts: 1 } });
      // Another replica at the same moment: the hold is live, nothing is claimed.
      expect(await store.claimPost(post('B', T0 + 2000), at(10))).toBeUndefined();
      expect(await store.getPost(post('A', 0))).toMatchObject({
        state: 'posting',
        owner: 'A',
        channel: 'C1',
        thread: '1.1',
        body: { kind: 'final', message: { id: 'follow.final', params: { n: 1 } } },
      });
    });

    it('is settled only by the attempt that holds it; posted and refused are final', async () => {
      await store.claimPost(post('A', T0 + 1000), at(0));
      expect(await store.settlePost(post('A', 0), 'B', { state: 'posted', ts: '9.9' })).toBeUndefined();
      expect(await store.settlePost(post('A', 0), 'A', { state: 'posted', ts: '1.5' })).toMatchObject({
        state: 'posted',
        ts: '1.5',
      });
      expect((await store.getPost(post('A', 0)))?.owner).toBeUndefined();
      expect(await store.claimPost(post('B', T0 + 9000), at(5000))).toBeUndefined();
      await store.claimPost(post('A', T0 + 1000, { key: 'other' }), at(0));
      await store.settlePost(post('A', 0, { key: 'other' }), 'A', { state: 'refused', error: 'channel_not_found' });
      expect(await store.getPost(post('A', 0, { key: 'other' }))).toMatchObject({
        state: 'refused',
        error: 'channel_not_found',
      });
      expect(await store.claimPost(post('B', T0 + 9000, { key: 'other' }), at(5000))).toBeUndefined();
    });

    it('a post that may have landed is due at its time and claimed from `maybe`, keeping its start and body', async () => {
      await store.claimPost(post('A', T0 + 1000), at(0));
      await store.settlePost(post('A', 0), 'A', { state: 'maybe', until: T0 + 3000, error: 'timeout' });
      expect(await store.duePosts(at(2999), 10)).toEqual([]);
      expect((await store.duePosts(at(3000), 10)).map((p) => [p.state, p.key])).toEqual([['maybe', 'final']]);
      expect(await store.claimPost(post('B', T0 + 5000), at(2000))).toBeUndefined();
      const claim = await store.claimPost(post('B', T0 + 9000, { startedAt: T0 + 3000, channel: 'C9' }), at(3000));
      expect(claim).toMatchObject({
        from: 'maybe',
        post: { state: 'posting', owner: 'B', attempts: 2, startedAt: T0, channel: 'C1' },
      });
      expect(claim?.post.error).toBeUndefined();
    });

    it('a post whose attempt died is due once its hold runs out; the heartbeat keeps a live one', async () => {
      await store.claimPost(post('A', T0 + 1000), at(0));
      // The heartbeat at test time 0 holds it 5 s from the store's clock.
      time.set(0);
      await store.renewLeases('A', 5000);
      expect(await store.duePosts(at(2000), 10)).toEqual([]);
      expect(await store.claimPost(post('B', T0 + 9000), at(2000))).toBeUndefined();
      expect((await store.duePosts(at(5000), 10)).map((p) => p.owner)).toEqual(['A']);
      expect(await store.claimPost(post('B', T0 + 9000), at(5000))).toMatchObject({ from: 'posting' });
      // A graceful stop ends its holds at once.
      await store.claimPost(post('C', T0 + 90_000, { key: 'k2' }), at(5000));
      await store.releaseLeases('C');
      expect((await store.duePosts(at(5001), 10)).map((p) => p.key)).toContain('k2');
    });

    it('adopts a post found in Slack whatever its state, and never moves a posted one', async () => {
      // Never recorded (a click on a message posted by an older version): recorded as posted.
      expect(await store.adoptPost(post('A', 0, { key: 'new' }), '7.7')).toMatchObject({ state: 'posted', ts: '7.7' });
      await store.claimPost(post('A', T0 + 1000), at(0));
      expect(await store.adoptPost(post('A', 0), '1.9')).toMatchObject({ state: 'posted', ts: '1.9' });
      // The attempt that was posting finds its post adopted: its settle changes nothing.
      expect(await store.settlePost(post('A', 0), 'A', { state: 'maybe', until: T0 })).toBeUndefined();
      expect(await store.adoptPost(post('A', 0), '2.0')).toMatchObject({ ts: '1.9' });
      expect(await store.duePosts(at(10_000), 10)).toEqual([]);
    });
  });
}
