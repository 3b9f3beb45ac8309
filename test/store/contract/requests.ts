/**
 * The store contract, requests and their items (RequestStore): stored and read back as they were,
 * upgraded from an older version's shape, claimed exactly once by `transition`, found by item while
 * open or since their call started, and listed as due work or due follow-ups.
 */
import { describe, expect, it } from 'vitest';
import { REQUEST_SCHEMA_VERSION, type Follow, type RerunRequest } from '../../../src/core/model/request.ts';
import type { RequestStore, StoreLifecycle } from '../../../src/core/ports.ts';
import { at, iso, requestAt, sampleRequest, type TestTime } from '../sample.ts';
import {
  ids,
  published,
  sorted,
  started,
  type BulkInsert,
  type Opener,
  type OpenedStore,
  openEachTest,
} from './opened.ts';

/** The store as this concern sees it (with the bulk insert that builds a long history). */
type Seen = RequestStore & BulkInsert & StoreLifecycle;

export function requestsContract(open: Opener<Seen>): void {
  describe('requests', () => {
    let store: Seen;
    let opened: OpenedStore<Seen>;
    let time: TestTime;
    /** The store with its clock at test time `ms`. */
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

    it('stores and reads requests, newest first, filtered by target and requester, limited', async () => {
      await store.insert(sampleRequest('rr-a', { createdAt: '2026-01-01T00:00:00.000Z' }));
      await store.insert(sampleRequest('rr-b', { createdAt: '2026-01-02T00:00:00.000Z', targetId: 'other' }));
      await store.insert(sampleRequest('rr-c', { createdAt: '2026-01-03T00:00:00.000Z', requester: 'U0BOB' }));
      expect((await store.get('rr-a'))?.targetId).toBe('batch-gz');
      expect(await store.get('rr-none')).toBeUndefined();
      expect(ids(await store.list({ limit: 10 }))).toEqual(['rr-c', 'rr-b', 'rr-a']);
      expect(ids(await store.list({ limit: 2 }))).toEqual(['rr-c', 'rr-b']);
      expect(ids(await store.list({ targetId: 'other', limit: 10 }))).toEqual(['rr-b']);
      expect(ids(await store.list({ requester: 'U0BOB', limit: 10 }))).toEqual(['rr-c']);
      expect(ids(await store.list({ targetId: 'batch-gz', requester: 'U0ALICE', limit: 10 }))).toEqual(['rr-a']);
      await expect(store.insert(sampleRequest('rr-a'))).rejects.toThrow(/rr-a exists/);
      expect(ids(await store.list({ limit: 10 }))).toHaveLength(3);
    });

    it('reads back exactly the request it stored, whatever its text holds', async () => {
      const r = sampleRequest('rr-exact', {
        raw: { text: 'job_ids=a\u0000b 重跑 "quoted" \\ 🚀' },
        published,
        execution: { startedAt: iso(5) },
      });
      await store.insert(r);
      expect(await store.get('rr-exact')).toEqual(r);
      expect(await store.list({ limit: 1 })).toEqual([r]);
    });

    it('reads a record written by an older version in the current shape', async () => {
      await store.insert(sampleRequest('rr-old'));
      await store.close();
      const {
        v: _v,
        summary: _s,
        providerName: _p,
        locale: _l,
        askerLocale: _a,
        place: _pl,
        surface: _su,
        ...rest
      } = sampleRequest('rr-old');
      await opened.setBody('rr-old', {
        ...rest,
        providerName: 'Tencent Cloud Batch',
        summary: 'Retry 1 Batch job(s)',
        channel: 'C0OLD',
        messageTs: '1.5',
      });
      store = await opened.reopen();
      expect(await store.get('rr-old')).toMatchObject({
        v: REQUEST_SCHEMA_VERSION,
        summary: { id: 'stored.text', params: { text: 'Retry 1 Batch job(s)' } },
        published: { kind: 'slack', channel: 'C0OLD', ts: '1.5' },
      });
      expect((await store.list({ limit: 1 }))[0]?.v).toBe(REQUEST_SCHEMA_VERSION);
    });

    it('lets exactly one of many concurrent claims win', async () => {
      await store.insert(sampleRequest('rr-claim'));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.transition('rr-claim', ['pending'], (r) => ({
            ...r,
            state: 'sending',
            decisions: [{ userId: `U${i}`, kind: 'approve', at: r.createdAt }],
          })),
        ),
      );
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(await store.get('rr-claim')).toEqual(winners[0]);
      expect(await store.transition('rr-claim', ['pending'], (r) => r)).toBeUndefined();
      expect(await store.transition('rr-claim', ['sending'], () => undefined)).toBeUndefined();
    });

    it('transitions only from the given states, changes nothing when declined, and returns what it stored', async () => {
      await store.insert(requestAt('rr-t', 0));
      expect(await store.transition('rr-none', ['pending'], (r) => r)).toBeUndefined();
      expect(await store.transition('rr-t', ['sending'], (r) => ({ ...r, state: 'refused' }))).toBeUndefined();
      expect(await store.transition('rr-t', ['pending'], () => undefined)).toBeUndefined();
      expect((await store.get('rr-t'))?.state).toBe('pending');

      const seen: string[] = [];
      const running = await store.transition('rr-t', ['pending', 'sending'], (r) => {
        seen.push(r.state);
        return { ...r, state: 'sending', execution: started(10), updatedAt: iso(10) };
      });
      expect(running).toMatchObject({ state: 'sending', execution: { startedAt: iso(10) } });
      const done = await store.transition('rr-t', ['sending'], (r) => {
        seen.push(r.state);
        return { ...r, state: 'accepted', updatedAt: iso(20) };
      });
      expect(seen).toEqual(['pending', 'sending']);
      expect(await store.get('rr-t')).toEqual(done);
      await expect(store.transition('rr-t', ['accepted'], (r) => ({ ...r, id: 'rr-other' }))).rejects.toThrow();
    });

    it('finds open requests holding an item: running, or pending and not expired', async () => {
      await store.insert(
        requestAt('rr-pend', 0, {
          expires: 1000,
          preview: {
            items: [
              { id: 'j1', state: 'FAILED', eligible: true },
              { id: 'j2', state: 'FAILED', eligible: true },
              { id: 'j3', state: 'RUNNING', eligible: false },
            ],
            notes: [],
          },
        }),
      );
      await store.insert(requestAt('rr-run', 1, { items: ['j4'], state: 'sending', expires: 2 }));
      await store.insert(requestAt('rr-expired', 2, { items: ['j1'], expires: 500 }));
      await store.insert(requestAt('rr-done', 3, { items: ['j1'], state: 'accepted' }));
      await store.insert(requestAt('rr-rejected', 4, { items: ['j1'], state: 'rejected' }));
      await store.insert(requestAt('rr-elsewhere', 5, { items: ['j1'], targetId: 'other' }));

      expect(ids(await on(600).openWith('batch-gz', ['j1']))).toEqual(['rr-pend']);
      expect(ids(await on(600).openWith('batch-gz', ['j1', 'j2']))).toEqual(['rr-pend']);
      expect(ids(await on(600).openWith('batch-gz', ['j4']))).toEqual(['rr-run']);
      expect(sorted(await on(600).openWith('batch-gz', ['j1', 'j4', 'j9']))).toEqual(['rr-pend', 'rr-run']);
      expect(await on(600).openWith('batch-gz', ['j3'])).toEqual([]); // not eligible
      expect(await on(600).openWith('batch-gz', ['j9'])).toEqual([]);
      expect(await on(600).openWith('batch-gz', [])).toEqual([]);
      expect(ids(await on(600).openWith('other', ['j1']))).toEqual(['rr-elsewhere']);
      // Expired at `now` (expiresAt <= now) is no longer open, even before anything marks it so.
      expect(ids(await on(1000).openWith('batch-gz', ['j1', 'j4']))).toEqual(['rr-run']);
    });

    it('finds the open request behind 5,000 newer requests on the same target and item', async () => {
      await store.insert(requestAt('rr-open', 0, { items: ['job-1', 'job-2'], expires: 10_000_000 }));
      await store.insertMany(
        Array.from({ length: 5000 }, (_, i) =>
          requestAt(`rr-n${String(i).padStart(4, '0')}`, 1 + i, { items: ['job-1'], state: 'accepted' }),
        ),
      );
      expect(ids(await store.list({ targetId: 'batch-gz', limit: 500 }))).not.toContain('rr-open');
      expect(ids(await on(6000).openWith('batch-gz', ['job-1']))).toEqual(['rr-open']);
      expect(ids(await on(6000).openWith('batch-gz', ['job-2']))).toEqual(['rr-open']);
      expect(await store.list({ limit: 10_000 })).toHaveLength(5001);
    });

    it('stores a request exclusively: not while an open request holds one of its items', async () => {
      await store.insert(requestAt('rr-holder', 0, { items: ['j1', 'j2'], expires: 1000 }));
      const holder = await on(10).insertExclusive(requestAt('rr-second', 10, { items: ['j2', 'j3'] }));
      expect(holder?.id).toBe('rr-holder');
      expect(await store.get('rr-second')).toBeUndefined();
      // Other items, another target, or the holder expired: stored.
      expect(await on(11).insertExclusive(requestAt('rr-other', 11, { items: ['j3'] }))).toBeUndefined();
      expect(
        await on(12).insertExclusive(requestAt('rr-there', 12, { items: ['j1'], targetId: 'other' })),
      ).toBeUndefined();
      const lease = { owner: 'R1', ms: 59_000 }; // taken at 1000: until 60_000
      expect(await on(1000).insertExclusive(requestAt('rr-after', 1000, { items: ['j1'] }), lease)).toBeUndefined();
      expect(ids(await on(1000).openWith('batch-gz', ['j1']))).toEqual(['rr-after']);
      // Its lease is held: another owner may not take it over yet.
      expect(
        await on(1001).transition('rr-after', ['pending'], (r) => r, { onlyIfFree: { owner: 'R2' } }),
      ).toBeUndefined();
    });

    it('of many concurrent requests for one item, stores exactly one', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          on(100).insertExclusive(requestAt(`rr-race${i}`, i, { items: ['job-race', `job-own${i}`] })),
        ),
      );
      expect(results.filter((r) => r === undefined)).toHaveLength(1);
      expect(await on(100).openWith('batch-gz', ['job-race'])).toHaveLength(1);
    });

    it('finds calls started since a time on an item, failed ones aside (cooldown)', async () => {
      await store.insert(requestAt('rr-ok', 0, { items: ['j1'], state: 'accepted', execution: started(1000) }));
      await store.insert(requestAt('rr-failed', 1, { items: ['j1'], state: 'refused', execution: started(1000) }));
      await store.insert(requestAt('rr-before', 2, { items: ['j1'], state: 'sending', execution: started(500) }));
      await store.insert(requestAt('rr-pending', 3, { items: ['j1'] }));
      await store.insert(requestAt('rr-edge', 4, { items: ['j1', 'j2'], state: 'unknown', execution: started(800) }));
      await store.insert(
        requestAt('rr-elsewhere', 5, { items: ['j1'], targetId: 'other', state: 'sending', execution: started(900) }),
      );
      expect(sorted(await store.startedWith('batch-gz', ['j1'], at(800)))).toEqual(['rr-edge', 'rr-ok']);
      expect(ids(await store.startedWith('batch-gz', ['j2', 'j9'], at(800)))).toEqual(['rr-edge']);
      expect(sorted(await store.startedWith('batch-gz', ['j1'], at(0)))).toEqual(['rr-before', 'rr-edge', 'rr-ok']);
      expect(await store.startedWith('batch-gz', ['j1'], at(1001))).toEqual([]);
      expect(await store.startedWith('batch-gz', [], at(0))).toEqual([]);
      // A request that starts later is found from then on.
      await store.transition('rr-pending', ['pending'], (r) => ({ ...r, state: 'sending', execution: started(2000) }));
      expect(ids(await store.startedWith('batch-gz', ['j1'], at(1500)))).toEqual(['rr-pending']);
    });

    it('lists due work, oldest first: abandoned, expired, unpublished and not shown; never leased or settled', async () => {
      const now = 10_000;
      const put = async (id: string, created: number, over: Parameters<typeof requestAt>[2], shown?: string) => {
        await store.insert(requestAt(id, created, over));
        if (shown) await store.markShown(id, shown as RerunRequest['state']);
      };
      await put('d-running', 1, { state: 'sending', published }, 'sending');
      await store.insert(requestAt('n-running-leased', 2, { state: 'sending' }), { owner: 'X', ms: 20_000 });
      await store.insert(requestAt('d-running-lease-out', 3, { state: 'sending' }), { owner: 'X', ms: 5_000 });
      await put('d-pending-expired', 4, { published, expires: 9_000 }, 'pending');
      await put('n-pending-shown', 5, { published, expires: 20_000 }, 'pending');
      await put('d-pending-unpublished', 6, { expires: 20_000 });
      await put('d-pending-not-shown', 7, { published, expires: 20_000 });
      await put('d-done-not-shown', 8, { state: 'sending', published }, 'sending');
      await store.transition('d-done-not-shown', ['sending'], (r) => ({ ...r, state: 'accepted' }));
      await put('n-done-shown', 9, { state: 'accepted', published }, 'accepted');
      await put('n-done-unpublished', 10, { state: 'cancelled' });
      await store.insert(requestAt('n-expired-leased', 11, { published, expires: 9_000 }), {
        owner: 'Y',
        ms: 10_001,
      });

      const due = ids(await on(now).due(100));
      expect(due).toEqual([
        'd-running',
        'd-running-lease-out',
        'd-pending-expired',
        'd-pending-unpublished',
        'd-pending-not-shown',
        'd-done-not-shown',
      ]);
      expect(ids(await on(now).due(2))).toEqual(['d-running', 'd-running-lease-out']);

      // A stale markShown (the request moved on) changes nothing; the current one settles it.
      await store.markShown('d-done-not-shown', 'sending');
      expect(ids(await on(now).due(100))).toContain('d-done-not-shown');
      await store.markShown('d-done-not-shown', 'accepted');
      await store.markShown('d-pending-not-shown', 'pending');
      expect(ids(await on(now).due(100))).toEqual([
        'd-running',
        'd-running-lease-out',
        'd-pending-expired',
        'd-pending-unpublished',
      ]);
      // Leased work comes due when its lease runs out; a request settled and shown never again.
      expect(ids(await on(20_000).due(100))).toEqual([
        'd-running',
        'n-running-leased',
        'd-running-lease-out',
        'd-pending-expired',
        'n-pending-shown',
        'd-pending-unpublished',
        'd-pending-not-shown',
        'n-expired-leased',
      ]);
      // Taking it with a lease takes it off the list for as long as the lease lasts.
      await on(now).transition('d-running', ['sending'], (r) => r, {
        onlyIfFree: { owner: 'Z' },
        lease: { owner: 'Z', ms: 5_000 },
      });
      expect(ids(await on(now).due(1))).toEqual(['d-running-lease-out']);
      expect(await on(now).due(0)).toEqual([]);
    });

    it('schedules follow-ups from the record: due when their next poll comes and no live lease holds them', async () => {
      // Running (a poll due at `next`), or ended with its final reply given (nothing due).
      const follow = (next: number | undefined): Follow =>
        next === undefined
          ? {
              phase: 'ended',
              startedAt: iso(0),
              until: iso(86_400_000),
              polls: 3,
              end: 'succeeded',
              at: iso(1_000),
              reply: { state: 'given', at: iso(1_000) },
            }
          : { phase: 'running', startedAt: iso(0), until: iso(86_400_000), polls: 0, nextAt: iso(next) };
      await store.insert(requestAt('f-later', 0, { state: 'accepted', follow: follow(5_000) }));
      await store.insert(requestAt('f-soon', 1, { state: 'accepted', follow: follow(2_000) }));
      await store.insert(requestAt('f-done', 2, { state: 'accepted', follow: follow(undefined) }));
      await store.insert(requestAt('f-none', 3, { state: 'accepted' }));
      expect(ids(await on(1_999).dueFollowUps(10))).toEqual([]);
      expect(ids(await on(2_000).dueFollowUps(10))).toEqual(['f-soon']);
      expect(ids(await on(9_000).dueFollowUps(10))).toEqual(['f-soon', 'f-later']);
      expect(ids(await on(9_000).dueFollowUps(1))).toEqual(['f-soon']);
      // Targets take turns (each one's soonest, then each one's next), and a target being read
      // already is left out, so one target's backlog hides no other target's.
      await store.insert(requestAt('f-other', 4, { state: 'accepted', targetId: 'batch-sh', follow: follow(3_000) }));
      expect(ids(await on(9_000).dueFollowUps(2))).toEqual(['f-soon', 'f-other']);
      expect(ids(await on(9_000).dueFollowUps(10))).toEqual(['f-soon', 'f-other', 'f-later']);
      expect(ids(await on(9_000).dueFollowUps(2, 0, ['batch-gz']))).toEqual(['f-other']);
      expect(ids(await on(9_000).dueFollowUps(1, 0, ['batch-sh']))).toEqual(['f-soon']);
      expect(ids(await on(9_000).dueFollowUps(10, 0, ['batch-gz', 'batch-sh']))).toEqual([]);
      await store.transition('f-other', ['accepted'], (r) => ({ ...r, follow: follow(undefined) }));

      // Claimed under a lease: out of every other replica's sight until the lease runs out.
      const lease = { owner: 'A', ms: 11_000 }; // until 20_000
      const claimed = await on(9_000).transition('f-soon', ['accepted'], (r) => r, {
        onlyIfFree: { owner: 'A' },
        lease,
      });
      expect(claimed?.id).toBe('f-soon');
      expect(ids(await on(9_000).dueFollowUps(10))).toEqual(['f-later']);
      expect(
        await on(9_000).transition('f-soon', ['accepted'], (r) => r, { onlyIfFree: { owner: 'B' } }),
      ).toBeUndefined();
      expect(ids(await on(20_000).dueFollowUps(10))).toEqual(['f-soon', 'f-later']);

      // The next poll is moved by the same conditional update that writes the record.
      await store.transition('f-soon', ['accepted'], (r) => ({ ...r, follow: follow(30_000) }), { lease: null });
      expect(ids(await on(20_000).dueFollowUps(10))).toEqual(['f-later']);
      expect(ids(await on(30_000).dueFollowUps(10))).toEqual(['f-later', 'f-soon']);
      // Replied: never due again, and it survives a reopen.
      await store.transition('f-later', ['accepted'], (r) => ({ ...r, follow: follow(undefined) }));
      await store.close();
      store = await opened.reopen();
      expect(ids(await on(99_000).dueFollowUps(10))).toEqual(['f-soon']);
      expect((await store.get('f-soon'))?.follow?.nextAt).toBe(iso(30_000));
      // A follow-up is not sweeper work: a finished request that shows its state is not due.
      await store.markShown('f-soon', 'accepted');
      expect(ids(await on(99_000).due(10))).not.toContain('f-soon');
    });
  });
}
