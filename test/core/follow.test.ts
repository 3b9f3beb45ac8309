/**
 * Follow-up to the final state, with time in the test's hands: two cores on one store play two
 * replicas; the rerun goes through the Tencent emulator, and what status() answers afterwards is
 * scripted per replica (so a poll can hang, as a replica that dies mid-poll). Success, failure
 * again, a live replica's poll left alone, a dead replica's follow-up taken over, a restart, a
 * replica that died mid-reply (never posted twice), the limit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/compose.ts';
import type { Follow, RerunRequest } from '../../src/core/model/request.ts';
import { followLine, storyOf } from '../../src/core/model/story.ts';
import type { Store } from '../../src/core/ports.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { oneByOne } from '../../src/providers/_shared/status-many.ts';
import type { JobStatus } from '../../src/providers/types.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { TENCENT_CREDS, tencentConfig, testAsker, testCore, type RecordingNotifier } from '../support/core.ts';
import { eventually } from '../support/driver.ts';

const creds = TENCENT_CREDS;
const LEASE_MS = 30_000;
const JOB = 'job-follow01';

const running: JobStatus = { items: [{ id: JOB, state: 'RUNNING', terminal: false }], terminal: false };
const succeeded: JobStatus = {
  items: [{ id: JOB, state: 'SUCCEED', terminal: true, result: 'succeeded' }],
  terminal: true,
};
const failedAgain: JobStatus = {
  items: [
    {
      id: JOB,
      state: 'FAILED',
      terminal: true,
      result: 'failed',
      detail: { id: 'tencent-batch.detail.failedTasks', params: { count: 2 } },
    },
  ],
  terminal: true,
};

describe('follow-up to the final state', () => {
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;
  let now: Date;
  const clock = { now: () => now };
  const later = (ms: number) => (now = new Date(now.getTime() + ms));
  /** The config the next replica reads. */
  let yaml: string;

  interface Replica {
    core: Core;
    notifier: RecordingNotifier;
    /** What this replica's status() answers next (a function may hang). */
    status: () => Promise<JobStatus>;
    reads: number;
  }

  function replica(name: string, follow: { limitMs?: number } = {}): Replica {
    const self: Replica = {
      core: undefined as never,
      notifier: undefined as never,
      status: async () => running,
      reads: 0,
    };
    ({ core: self.core, notifier: self.notifier } = testCore({
      yaml,
      store,
      clock,
      replica: name,
      leases: { leaseMs: LEASE_MS, renewMs: 10_000, sweepMs: 5_000 },
      follow,
      // The rerun goes to the emulator; what status() answers afterwards is the test's script.
      session: (session) => {
        const status = () => {
          self.reads += 1;
          return self.status();
        };
        // The core reads follow-ups in batches: each request of a batch answers the script too.
        return { ...session, status, statusMany: oneByOne(status) };
      },
    }));
    return self;
  }

  /** Asked at `a`, approved, accepted by the emulator: the request as stored once followed. */
  async function accepted(a: Replica): Promise<RerunRequest> {
    emu.addJob(JOB, 'FAILED');
    const r = await a.core.ask('batch-gz', { job_ids: [JOB] }, testAsker);
    if (r.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(r)}`);
    expect((await a.core.decide(r.request.id, 'U0BOB', 'approve')).ok).toBe(true);
    const followed = await eventually(async () => {
      const cur = await store.get(r.request.id);
      return cur?.follow ? cur : undefined;
    });
    // The outcome's notices are posted too before a test scripts the posts that follow.
    await a.core.idle();
    return followed;
  }

  const replies = (...rs: Replica[]) => rs.flatMap((r) => r.notifier.replies);
  /** Moves time to the request's next poll. */
  async function toNextPoll(id: string): Promise<number> {
    const next = (await store.get(id))?.follow?.nextAt;
    if (!next) throw new Error('nothing scheduled');
    const wait = Date.parse(next) - now.getTime();
    now = new Date(Date.parse(next));
    return wait;
  }

  beforeEach(async () => {
    emu = await startTencentEmulator(creds);
    emu.ratePerSecond = 1000;
    dir = mkdtempSync(join(tmpdir(), 'rerun-follow-'));
    now = new Date();
    store = SqliteStore.open(dir, { clock });
    yaml = tencentConfig(emu.url);
  });
  afterEach(async () => {
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows an accepted rerun to success: quick polls, then never more than 20 s apart; the final state in place and one thread reply', async () => {
    const a = replica('a');
    const r = await accepted(a);
    expect(r.state).toBe('accepted');
    expect(r.follow).toMatchObject({ startedAt: r.execution?.finishedAt, polls: 0 });
    expect((await a.core.followUps()).polled).toBe(0);

    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      waits.push(await toNextPoll(r.id));
      expect(await a.core.followUps()).toEqual({ polled: 1, replied: 0 });
    }
    expect(waits.slice(0, 3)).toEqual([3_000, 5_000, 10_000]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(20_000);
    expect(a.reads).toBe(8);
    expect((await store.get(r.id))?.follow?.last).toMatchObject({ status: running });
    // The approval message was updated in place only when what it shows changed (after the update
    // at acceptance): the first state seen (poll 1), then the job's age reaching a minute (poll 6,
    // 63 s after acceptance); the polls that saw nothing new changed nothing.
    const watching = a.notifier.updates.filter((u) => u.follow?.phase === 'running');
    expect(watching.map((u) => u.follow?.polls)).toEqual([0, 1, 6]);
    expect(followLine(watching.at(-1)!)).toMatchObject({ id: 'follow.watching', params: { polls: 6 } });
    expect(storyOf(watching.at(-1)!)).toMatchObject({
      params: { state: 'accepted', job: 'running', elapsedMs: 60_000 },
    });
    a.status = async () => succeeded;
    await toNextPoll(r.id);
    expect(await a.core.followUps()).toEqual({ polled: 1, replied: 1 });

    const done = await store.get(r.id);
    expect(done?.state).toBe('accepted');
    expect(done?.follow).toMatchObject({ phase: 'ended', polls: 9, end: 'succeeded', status: succeeded });
    expect(done?.follow?.nextAt).toBeUndefined();
    expect(done?.follow).toMatchObject({ reply: { state: 'given' } });
    expect(replies(a)).toHaveLength(1);
    expect(replies(a)[0]?.message).toMatchObject({
      id: 'follow.final',
      params: { id: r.id, end: 'succeeded', rerunAgain: false },
    });
    expect(replies(a)[0]?.again).toBeUndefined();
    const elapsed = (replies(a)[0]?.message.params as { elapsedMs: number }).elapsedMs;
    expect(elapsed).toBe(3_000 + 5_000 + 10_000 + 15_000 * 6);
    // The approval message was updated in place with the final state.
    expect(a.notifier.updates.at(-1)?.follow).toMatchObject({ phase: 'ended', end: 'succeeded' });
    expect((await store.auditOf(r.id)).map((e) => e.event)).toContain('follow-final');
    // Nothing is due any more.
    later(3_600_000);
    expect(await a.core.followUps()).toEqual({ polled: 0, replied: 0 });
    expect(replies(a)).toHaveLength(1);
  });

  it('says a rerun failed again, with where it failed, and marks the reply for "Rerun again…"', async () => {
    const a = replica('a');
    const r = await accepted(a);
    a.status = async () => failedAgain;
    await toNextPoll(r.id);
    expect(await a.core.followUps()).toEqual({ polled: 1, replied: 1 });
    expect(replies(a)[0]?.again).toEqual({});
    expect(replies(a)[0]?.message).toMatchObject({
      id: 'follow.final',
      params: {
        end: 'failed-again',
        rerunAgain: true,
        elapsedMs: 3_000,
        items: [
          {
            id: 'follow.item',
            params: {
              id: JOB,
              state: 'FAILED',
              result: 'failed',
              detail: { id: 'tencent-batch.detail.failedTasks', params: { count: 2 } },
            },
          },
        ],
      },
    });
  });

  it('prefills "Rerun again…" with just the jobs that failed again when others succeeded', async () => {
    const a = replica('a');
    const other = 'job-follow02';
    emu.addJob(JOB, 'FAILED');
    emu.addJob(other, 'FAILED');
    const asked = await a.core.ask('batch-gz', { job_ids: [JOB, other] }, testAsker);
    if (asked.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(asked)}`);
    expect((await a.core.decide(asked.request.id, 'U0BOB', 'approve')).ok).toBe(true);
    await eventually(async () => (await store.get(asked.request.id))?.follow);
    const [ok] = succeeded.items;
    const [bad] = failedAgain.items;
    if (!ok || !bad) throw new Error('no sample items');
    a.status = async () => ({ items: [ok, { ...bad, id: other }], terminal: true });
    await toNextPoll(asked.request.id);
    expect(await a.core.followUps()).toEqual({ polled: 1, replied: 1 });
    expect(replies(a)[0]?.again).toEqual({ raw: { job_ids: [other] } });
  });

  it("keeps a second replica away while the first polls, and takes over once the first's lease runs out: one reply", async () => {
    const a = replica('a');
    const b = replica('b');
    const r = await accepted(a);
    let wakeA: (s: JobStatus) => void = () => undefined;
    a.status = () => new Promise((resolve) => (wakeA = resolve));
    b.status = async () => succeeded;
    await toNextPoll(r.id);
    const polling = a.core.followUps();
    await eventually(() => a.reads === 1);

    // A holds the lease while it polls: B does not even read the state.
    expect(await b.core.followUps()).toEqual({ polled: 0, replied: 0 });
    later(LEASE_MS - 1);
    expect(await b.core.followUps()).toEqual({ polled: 0, replied: 0 });
    expect(b.reads).toBe(0);
    // A dies (its poll never ends, its lease is not renewed): B takes over and replies once.
    later(2);
    expect(await b.core.followUps()).toEqual({ polled: 1, replied: 1 });
    expect(replies(a, b)).toHaveLength(1);
    // A wakes up late with what it read: it changes nothing and posts nothing.
    wakeA(failedAgain);
    await polling;
    expect(replies(a, b)).toHaveLength(1);
    expect((await store.get(r.id))?.follow).toMatchObject({ phase: 'ended', end: 'succeeded' });
    later(60_000);
    expect(await a.core.followUps()).toEqual({ polled: 0, replied: 0 });
    expect(await b.core.followUps()).toEqual({ polled: 0, replied: 0 });
  });

  it('goes on after a restart in the middle of polling, from the store: one final reply', async () => {
    const a = replica('a');
    const r = await accepted(a);
    await toNextPoll(r.id);
    await a.core.followUps();
    await toNextPoll(r.id);
    await a.core.followUps();
    await store.close();

    store = SqliteStore.open(dir, { clock });
    const c = replica('c');
    c.status = async () => succeeded;
    expect((await store.get(r.id))?.follow?.polls).toBe(2);
    await toNextPoll(r.id);
    expect(await c.core.followUps()).toEqual({ polled: 1, replied: 1 });
    later(60_000);
    expect(await c.core.followUps()).toEqual({ polled: 0, replied: 0 });
    expect(replies(a, c)).toHaveLength(1);
    expect(c.reads).toBe(1);
  });

  it('posts exactly once: a reply whose replica died mid-post is looked for, then posted by another replica', async () => {
    const a = replica('a');
    const b = replica('b');
    const r = await accepted(a);
    a.status = async () => failedAgain;
    a.notifier.holdReplies = true;
    await toNextPoll(r.id);
    void a.core.followUps();
    await eventually(async () => {
      const f = (await store.get(r.id))?.follow;
      return f?.phase === 'ended' && f.reply.state === 'giving';
    });
    expect(a.notifier.updates.at(-1)?.follow).toMatchObject({ phase: 'ended', end: 'failed-again' });

    // Not before a's lease runs out; then b looks for it (a's post never landed) and posts it, once.
    expect(await b.core.followUps()).toEqual({ polled: 0, replied: 0 });
    later(LEASE_MS + 1);
    expect(await b.core.followUps()).toEqual({ polled: 0, replied: 1 });
    expect(b.reads).toBe(0);
    expect(replies(a, b)).toHaveLength(1);
    const after = await store.get(r.id);
    expect(after?.follow).toMatchObject({ reply: { state: 'given' } });
    expect(after?.follow?.nextAt).toBeUndefined();
    later(60_000);
    expect(await b.core.followUps()).toEqual({ polled: 0, replied: 0 });
    expect(replies(a, b)).toHaveLength(1);
  });

  it('posts exactly once after a lost answer: the reply that landed is found, not posted again', async () => {
    const a = replica('a');
    const r = await accepted(a);
    a.status = async () => succeeded;
    a.notifier.loseAnswers = 1;
    await toNextPoll(r.id);
    expect(await a.core.followUps()).toEqual({ polled: 1, replied: 0 });
    expect((await store.get(r.id))?.follow).toMatchObject({ reply: { state: 'giving' } });
    // Slack may still be posting it for a lease (30 s) after the lost answer: not looked for yet.
    expect(await toNextPoll(r.id)).toBe(15_000);
    expect(await a.core.followUps()).toEqual({ polled: 0, replied: 0 });
    expect(replies(a)).toHaveLength(1);
    expect(await toNextPoll(r.id)).toBe(15_000);
    expect(await a.core.followUps()).toEqual({ polled: 0, replied: 1 });
    expect(replies(a)).toHaveLength(1);
    expect((await store.get(r.id))?.follow).toMatchObject({ reply: { state: 'given' } });
    expect(await store.getPost({ request: r.id, kind: 'final', key: 'final' })).toMatchObject({
      state: 'posted',
      ts: replies(a)[0]?.ts,
      attempts: 2,
    });
  });

  it('tries a reply Slack turned away for now (a 429) again at the next poll, without reading the state again', async () => {
    const a = replica('a');
    const r = await accepted(a);
    a.status = async () => succeeded;
    a.notifier.limitReplies = 1;
    await toNextPoll(r.id);
    expect(await a.core.followUps()).toEqual({ polled: 1, replied: 0 });
    expect(await toNextPoll(r.id)).toBe(15_000);
    expect(await a.core.followUps()).toEqual({ polled: 0, replied: 1 });
    expect(a.reads).toBe(1);
    expect(replies(a)).toHaveLength(1);
    expect((await store.get(r.id))?.follow).toMatchObject({ reply: { state: 'given' } });
    expect(replies(a)[0]?.message).toMatchObject({ id: 'follow.final', params: { end: 'succeeded' } });
  });

  it("stops watching at the limit the request's policy names (followFor), else the default", async () => {
    yaml = tencentConfig(emu.url).replace('expiresAfter: 10m', 'expiresAfter: 10m\n    followFor: 2m');
    const a = replica('a', { limitMs: 60_000 });
    const r = await accepted(a);
    expect(Date.parse(r.follow?.until ?? '') - Date.parse(r.follow?.startedAt ?? '')).toBe(120_000);
  });

  it('stops watching at the limit, saying the last known state', async () => {
    const a = replica('a', { limitMs: 60_000 });
    const r = await accepted(a);
    let polls = 0;
    const settled = (f: Follow | undefined) => f?.phase === 'ended' && f.reply.state === 'given';
    while (!settled((await store.get(r.id))?.follow)) {
      await toNextPoll(r.id);
      polls += (await a.core.followUps()).polled;
      if (polls > 20) throw new Error('did not stop');
    }
    expect(now.getTime() - Date.parse(r.follow?.startedAt ?? '')).toBe(60_000);
    expect(replies(a)).toHaveLength(1);
    expect(replies(a)[0]?.message).toMatchObject({
      id: 'follow.final',
      params: { end: 'unwatched', elapsedMs: 60_000, items: [{ params: { id: JOB, state: 'RUNNING' } }] },
    });
    later(3_600_000);
    expect(await a.core.followUps()).toEqual({ polled: 0, replied: 0 });
  });
});
