/**
 * Slack counts message updates per workspace (chat.update, Tier 3): the core keeps ONE update
 * pace for the workspace in the store (core/update-pace.ts), with time in the test's hands. A
 * storm of alerts folding into replies in three channels gives count updates within that pace, at
 * most one per message per coalescing window, each message ending on its latest count; a 429 holds
 * the pace until Retry-After; a click's update goes at once, ahead of the background's backlog.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/compose.ts';
import { RateLimited, type QueuedReply } from '../../src/core/model/reply.ts';
import type { ReplyPoster, ReplyView, Store } from '../../src/core/ports.ts';
import { UPDATE_PACE_KEY } from '../../src/core/update-pace.ts';
import { startTencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { TENCENT_CREDS, tencentConfig, testAsker, testCore, type RecordingNotifier } from '../support/core.ts';

const CHANNELS = ['C0STORMA', 'C0STORMB', 'C0STORMC'];
/** The workspace's update pace and the coalescing window, as the defaults have them. */
const PACE_MS = 1_250;
const COALESCE_MS = 5_000;
const UNIT_MS = 1_000;
const YAML =
  tencentConfig('http://127.0.0.1:9') +
  'alerts:\n' +
  CHANNELS.map(
    (c) => `  - channel: ${c}\n    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'\n    target: batch-gz\n`,
  ).join('');

/** A front end that records each post and update at the test's time, and can turn updates away (429). */
class RecordingPoster implements ReplyPoster {
  readonly posts: ReplyView[] = [];
  readonly updates: { at: number; view: ReplyView }[] = [];
  /** Retry-After (Slack's units) for the next updates, one each. */
  limits: number[] = [];
  readonly limitedAt: number[] = [];
  constructor(private readonly now: () => number) {}
  async post(view: ReplyView): Promise<string> {
    this.posts.push(view);
    return `9.${this.posts.length}`;
  }
  async update(view: ReplyView): Promise<void> {
    const limit = this.limits.shift();
    if (limit !== undefined) {
      this.limitedAt.push(this.now());
      throw new RateLimited(limit);
    }
    this.updates.push({ at: this.now(), view });
  }
  async find(_reply: QueuedReply): Promise<string | undefined> {
    return undefined;
  }
}

describe("the workspace's one pace of message updates", () => {
  let dir: string;
  let store: Store;
  let now: number;
  const clock = { now: () => new Date(now) };
  /**
   * Pace waits on the test's time: each ends once the test has moved its clock to the wait's end
   * (`tick`), so concurrent waits end in their order, each at its own moment, as on a real clock.
   */
  const sleepers = new Set<{ at: number; wake: () => void }>();
  const sleep = (ms: number) => new Promise<void>((wake) => sleepers.add({ at: now + ms, wake }));
  function tick(ms: number): void {
    now += ms;
    for (const s of sleepers)
      if (s.at <= now) {
        sleepers.delete(s);
        s.wake();
      }
  }
  /** Moves the test's time on in small steps until `done` says so. */
  async function until(done: () => boolean | Promise<boolean>): Promise<void> {
    for (let step = 0; step < 5_000; step++) {
      if (await done()) return;
      tick(50);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    throw new Error('not done after 250 s of test time');
  }

  function replica(): { core: Core; poster: RecordingPoster; notifier: RecordingNotifier } {
    const poster = new RecordingPoster(() => now);
    const { core, notifier } = testCore({
      yaml: YAML,
      store,
      clock,
      replica: 'a',
      replyPoster: poster,
      replies: { paceMs: 1_000, retryAfterUnitMs: UNIT_MS, digestAfter: 100, collapseMs: 600_000, tickMs: 3_600_000 },
      updates: { paceMs: PACE_MS, coalesceMs: COALESCE_MS },
      sleep,
    });
    return { core, poster, notifier };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rerun-update-pace-'));
    now = Date.parse('2026-11-28T09:00:00.000Z');
    store = SqliteStore.open(dir, { clock });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Drains every channel until nothing is left, the test's time moving on meanwhile. */
  async function drainAll(core: Core): Promise<void> {
    for (let pass = 0; pass < 50; pass++) {
      let drained = false;
      void core.replies().then(() => (drained = true));
      await until(() => drained);
      const left = await Promise.all(CHANNELS.map((c) => store.replyWork(c, 10)));
      if (left.every((rows) => rows.length === 0)) return;
      tick(500);
    }
    throw new Error('replies still waiting after 50 passes');
  }

  const countOf = (v: ReplyView) => (v.kind === 'alert' ? v.reply.count : 0);

  it('keeps a storm’s count updates within the workspace’s pace, one per message per window, each ending on its latest count', async () => {
    const { core, poster } = replica();
    let seq = 0;
    const alert = (channel: string) => core.answerAlert({ id: channel }, `1.${++seq}`, 'Batch job job-aaaaaaa1 failed');
    for (const c of CHANNELS) await alert(c);
    await drainAll(core);
    expect(poster.posts).toHaveLength(3);

    // The storm: 40 more alerts in each channel over 8 s, each folding into its channel's reply.
    const start = now;
    for (let round = 0; round < 40; round++) {
      for (const c of CHANNELS) await alert(c);
      tick(200);
    }
    await drainAll(core);

    const updates = poster.updates;
    // Each message ends on its latest count: 41 alerts.
    for (const [i] of CHANNELS.entries()) {
      const mine = updates.filter((u) => u.view.reply.channel === CHANNELS[i]);
      expect(countOf(mine.at(-1)!.view)).toBe(41);
      // At most one update per message per window.
      for (let k = 1; k < mine.length; k++) expect(mine[k]!.at - mine[k - 1]!.at).toBeGreaterThanOrEqual(COALESCE_MS);
    }
    // 120 alerts folded into 3 messages: a few updates, not one per alert.
    expect(updates.length).toBeLessThanOrEqual(CHANNELS.length * 3);
    // Within the workspace's pace, across channels: the k-th update no sooner than k paces in.
    const times = updates.map((u) => u.at).sort((a, b) => a - b);
    times.forEach((t, k) => expect(t - start).toBeGreaterThanOrEqual(k * PACE_MS));
    await core.stop(1_000);
  });

  it('holds every count update of the workspace until a 429’s Retry-After has passed', async () => {
    const { core, poster } = replica();
    let seq = 0;
    const alert = (channel: string) => core.answerAlert({ id: channel }, `1.${++seq}`, 'Batch job job-bbbbbbb1 failed');
    for (const c of CHANNELS.slice(0, 2)) await alert(c);
    await drainAll(core);
    tick(COALESCE_MS);

    // The first count update is turned away with Retry-After 7; the other channel's waits too.
    poster.limits = [7];
    await alert(CHANNELS[0]!);
    await until(() => poster.limitedAt.length === 1);
    const limitedAt = poster.limitedAt[0]!;
    await alert(CHANNELS[1]!);
    await drainAll(core);

    expect(poster.updates.map((u) => u.view.reply.channel).sort()).toEqual(CHANNELS.slice(0, 2));
    for (const u of poster.updates) expect(u.at - limitedAt).toBeGreaterThanOrEqual(7 * UNIT_MS);
    expect(poster.updates.every((u) => countOf(u.view) === 2)).toBe(true);
    await core.stop(1_000);
  });

  it("sends a click's update at once, ahead of the background's backlog, which makes room for it", async () => {
    const waits: number[] = [];
    const emu = await startTencentEmulator(TENCENT_CREDS);
    emu.addJob('job-ccccccc1', 'FAILED');
    const { core, notifier } = testCore({
      yaml: tencentConfig(emu.url),
      store,
      clock,
      replica: 'a',
      updates: { paceMs: PACE_MS, coalesceMs: COALESCE_MS },
      // A background update's wait never ends here: only what does not wait is sent.
      sleep: (ms) => {
        waits.push(ms);
        return new Promise<void>(() => undefined);
      },
    });
    const asked = await core.ask('batch-gz', { job_ids: ['job-ccccccc1'] }, testAsker);
    if (asked.kind !== 'posted') throw new Error(`not posted: ${asked.kind}`);
    // The background has a minute of updates waiting for their slots.
    for (let i = 0; i < 48; i++) await store.reservePace(UPDATE_PACE_KEY, PACE_MS, clock.now());
    const backlogEnd = now + 48 * PACE_MS;

    // Rejected by a click: the message says so at once, with no wait for a slot.
    expect((await core.decide(asked.request.id, 'U0ALICE', 'cancel')).ok).toBe(true);
    expect(notifier.updates.map((r) => r.state)).toEqual(['cancelled']);
    expect(notifier.lanes).toEqual(['now']);
    expect(waits).toEqual([]);
    // It took a slot: the background's next one comes a pace later than the backlog's end.
    expect(await store.reservePace(UPDATE_PACE_KEY, 0, clock.now())).toBe(backlogEnd + PACE_MS);
    await core.stop(1_000);
    await emu.close();
  });
});
