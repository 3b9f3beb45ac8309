/**
 * The alert reply queue (core/use-cases/replies/) with time in the test's hands: the pace is
 * kept by the store's slots and the core's sleep, which here moves the test's clock instead of
 * waiting. Two cores on one store play two replicas (or one before and after a restart).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/compose.ts';
import { RateLimited, type QueuedReply } from '../../src/core/model/reply.ts';
import type { ReplyPoster, ReplyView, Store } from '../../src/core/ports.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { tencentConfig, testCore } from '../support/core.ts';
import { eventually } from '../support/driver.ts';

const CH = 'C0ALERTS';
const PACE_MS = 1_000;
const UNIT_MS = 1_000;
const YAML =
  tencentConfig('http://127.0.0.1:9') +
  `alerts:\n  - channel: ${CH}\n    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'\n    target: batch-gz\n`;

/** A front end that records what it posts and when (the test's clock), and can refuse or hang. */
class RecordingPoster implements ReplyPoster {
  readonly posts: { at: number; view: ReplyView }[] = [];
  readonly updates: { ts: string; view: ReplyView }[] = [];
  /** Retry-After (in Slack's units) for the next posts, one each. */
  limits: number[] = [];
  /** Posts never finish (the replica dies mid-post). */
  hold = false;
  /** Posts wait for this (Slack is slow to answer). */
  gate: Promise<void> | undefined;
  /** What `find` answers for a row left mid-post. */
  landed = new Map<string, string>();
  finds: string[] = [];
  constructor(private readonly now: () => number) {}
  async post(view: ReplyView): Promise<string> {
    if (this.hold) await new Promise<void>(() => undefined);
    if (this.gate) await this.gate;
    const limit = this.limits.shift();
    if (limit !== undefined) throw new RateLimited(limit);
    this.posts.push({ at: this.now(), view });
    return `9.${this.posts.length}`;
  }
  async update(view: ReplyView, ts: string): Promise<void> {
    this.updates.push({ ts, view });
  }
  async find(reply: QueuedReply): Promise<string | undefined> {
    this.finds.push(reply.id);
    return this.landed.get(reply.id);
  }
}

const jobsOf = (v: ReplyView) => (v.kind === 'alert' ? v.reply.body.items : []);

describe('the alert reply queue', () => {
  let dir: string;
  let store: Store;
  let now: number;
  const clock = { now: () => new Date(now) };
  const sleep = async (ms: number) => {
    now += ms;
  };

  function replica(
    name: string,
    o: { digestAfter?: number; tickMs?: number; sleep?: (ms: number) => Promise<void> } = {},
  ): { core: Core; poster: RecordingPoster } {
    const poster = new RecordingPoster(() => now);
    const { core } = testCore({
      yaml: YAML,
      store,
      clock,
      replica: name,
      leases: { leaseMs: 30_000, renewMs: 10_000, sweepMs: 5_000 },
      replyPoster: poster,
      replies: {
        paceMs: PACE_MS,
        retryAfterUnitMs: UNIT_MS,
        digestAfter: o.digestAfter ?? 10,
        collapseMs: 600_000,
        ...(o.tickMs ? { tickMs: o.tickMs } : {}),
      },
      sleep: o.sleep ?? sleep,
    });
    return { core, poster };
  }
  const alert = (core: Core, ts: string, job: string) => core.answerAlert({ id: CH }, ts, `Batch job ${job} failed`);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rerun-replies-'));
    now = Date.parse('2026-11-28T09:00:00.000Z');
    store = SqliteStore.open(dir, { clock });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts one reply per pace slot, and nothing before a Retry-After has passed', async () => {
    const a = replica('a');
    a.poster.limits = [3];
    for (const [i, job] of ['job-aaaaaaa1', 'job-aaaaaaa2', 'job-aaaaaaa3'].entries()) {
      expect(await alert(a.core, `1.${i}`, job)).toBe(true);
      now += 10;
    }
    await eventually(() => a.poster.posts.length === 3);
    const at = a.poster.posts.map((p) => p.at);
    // The first try was refused with Retry-After 3: the first post is at least 3 s after it.
    expect(at[0]! - Date.parse('2026-11-28T09:00:00.000Z')).toBeGreaterThanOrEqual(3 * UNIT_MS);
    expect(at[0]! - Date.parse('2026-11-28T09:00:00.000Z')).toBeLessThan(3 * UNIT_MS + 2 * PACE_MS);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(PACE_MS);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(PACE_MS);
    expect(a.poster.posts.map((p) => jobsOf(p.view))).toEqual([['job-aaaaaaa1'], ['job-aaaaaaa2'], ['job-aaaaaaa3']]);
    await a.core.stop(1_000);
  });

  it('counts identical alerts on one reply, and updates a posted reply to show the new count', async () => {
    const a = replica('a');
    await alert(a.core, '1.1', 'job-bbbbbbb1');
    await eventually(() => a.poster.posts.length === 1);
    await alert(a.core, '1.2', 'job-bbbbbbb1');
    await alert(a.core, '1.3', 'job-bbbbbbb1');
    await eventually(() => a.poster.updates.at(-1)?.view.reply.count === 3);
    expect(a.poster.posts).toHaveLength(1);
    expect(a.poster.updates.every((u) => u.ts === '9.1')).toBe(true);
    // The same alert delivered again is not counted twice.
    await alert(a.core, '1.3', 'job-bbbbbbb1');
    await a.core.replies();
    expect((await store.replyWork(CH, 10)).length).toBe(0);
    expect((await store.getReplies([a.poster.posts[0]!.view.reply.id]))[0]?.count).toBe(3);
    await a.core.stop(1_000);
  });

  it('folds a backlog into a digest that answers every waiting alert', async () => {
    // The test drains by hand: the replies timer (every 2 s of real time) would drain between the
    // re-alerts below on a busy machine, and update the digest once per re-alert.
    const a = replica('a', { digestAfter: 3, tickMs: 3_600_000 });
    // Slack is slow to answer the first post, long enough for a backlog to build behind it.
    let answer!: () => void;
    a.poster.gate = new Promise<void>((resolve) => (answer = resolve));
    const jobs = Array.from({ length: 8 }, (_, i) => `job-ccccccc${i}`);
    for (const [i, job] of jobs.entries()) await alert(a.core, `1.${i}`, job);
    a.poster.gate = undefined;
    answer();
    await eventually(() => a.poster.posts.some((p) => p.view.kind === 'digest'));
    // The drain that posted it ends before the re-alerts below (it would otherwise see the first).
    await a.core.idle();
    const digests = a.poster.posts.filter((p) => p.view.kind === 'digest');
    expect(digests).toHaveLength(1);
    const inReplies = a.poster.posts.flatMap((p) => jobsOf(p.view));
    const inDigests = digests.flatMap((d) =>
      d.view.kind === 'digest' ? d.view.entries.flatMap((e) => e.reply.body.items) : [],
    );
    expect(inReplies).toEqual(['job-ccccccc0']);
    expect([...inReplies, ...inDigests].sort()).toEqual(jobs);

    // Three of the digest's jobs alert again (queued as the alert path queues them, before any
    // drain runs): the digest is updated once, for all three counts.
    const digest = digests[0]!.view;
    const listed = digest.kind === 'digest' ? await store.getReplies(digest.reply.body.replies.slice(2, 5)) : [];
    for (const [i, r] of listed.entries()) await store.enqueueReply({ ...r, id: `rp-again${i}`, createdAt: now }, 0);
    await a.core.replies();
    await eventually(async () => (await store.replyWork(CH, 10)).length === 0);
    const updates = a.poster.updates.filter(
      (u) => u.ts === digest.reply.postedTs || u.view.reply.id === digest.reply.id,
    );
    expect(updates).toHaveLength(1);
    const shown = updates[0]?.view;
    const counts = shown?.kind === 'digest' ? shown.entries.map((e) => e.reply.count) : [];
    expect(counts.filter((c) => c === 2)).toHaveLength(3);
    await a.core.stop(1_000);
  });

  it('loses nothing across a restart: what one replica queued, the next posts, each once', async () => {
    // Replica a is waiting out a long Retry-After when it is killed (its wait never ends; the test
    // moves time on only once a is in it, or a loaded machine would let a post after the move).
    let asleep = false;
    const a = replica('a', {
      sleep: () => {
        asleep = true;
        return new Promise<void>(() => undefined);
      },
    });
    a.poster.limits = [600];
    for (const [i, job] of ['job-ddddddd1', 'job-ddddddd2'].entries()) {
      await alert(a.core, `1.${i}`, job);
      now += 10;
    }
    await eventually(async () => {
      const rows = await store.replyWork(CH, 10);
      return asleep && rows.length === 2 && rows.every((r) => r.state === 'pending') && a.poster.limits.length === 0;
    });
    expect(a.poster.posts).toHaveLength(0);

    now += 600 * UNIT_MS;
    const b = replica('b');
    await b.core.replies();
    await eventually(() => b.poster.posts.length === 2);
    await b.core.replies();
    expect(b.poster.posts.map((p) => jobsOf(p.view)).flat()).toEqual(['job-ddddddd1', 'job-ddddddd2']);
    await b.core.stop(1_000);
  });

  it('after a replica died mid-post, looks in Slack before posting again: never twice, never lost', async () => {
    const a = replica('a');
    a.poster.hold = true;
    await alert(a.core, '1.1', 'job-eeeeeee1');
    await eventually(async () => (await store.replyWork(CH, 10))[0]?.state === 'sending');
    // Replica a is gone (its post never returns); its channel lease runs out.
    now += 31_000;
    const [left] = await store.replyWork(CH, 10);
    const b = replica('b');
    b.poster.landed.set(left!.id, '9.77');
    await b.core.replies();
    await eventually(async () => (await store.getReplies([left!.id]))[0]?.state === 'posted');
    expect(b.poster.finds).toEqual([left!.id]);
    expect(b.poster.posts).toHaveLength(0);
    expect((await store.getReplies([left!.id]))[0]?.postedTs).toBe('9.77');

    // A post that did not land (replica c died mid-post) is posted once by the replica that took over.
    now += 31_000;
    const c = replica('c');
    c.poster.hold = true;
    await alert(c.core, '1.2', 'job-eeeeeee2');
    await eventually(async () => (await store.replyWork(CH, 10))[0]?.state === 'sending');
    now += 31_000;
    await b.core.replies();
    await eventually(() => b.poster.posts.length === 1);
    expect(jobsOf(b.poster.posts[0]!.view)).toEqual(['job-eeeeeee2']);
    await b.core.stop(1_000);
  });
});
