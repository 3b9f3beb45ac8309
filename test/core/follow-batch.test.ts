/**
 * Follow-ups read together: the core claims every due follow-up, then reads each target's in one
 * `statusMany` (two targets: two batched reads, side by side), and each request goes on with its
 * own answer: a job the provider no longer knows ends that request only, the others go on until
 * their jobs end, each with one final reply. Real Tencent emulator, time in the test's hands.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/compose.ts';
import type { Store } from '../../src/core/ports.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { TENCENT_CREDS, testAsker, testCore, type RecordingNotifier } from '../support/core.ts';
import { eventually } from '../support/driver.ts';
import { followedRequest } from '../support/followed.ts';

const { secretId, secretKey } = TENCENT_CREDS;
const target = (id: string, region: string, url: string) =>
  `  ${id}:\n    provider: tencent-batch\n    region: ${region}\n    endpoint: ${url}\n    timeout: 2s\n` +
  `    auth: { secretId: ${secretId}, secretKey: ${secretKey} }\n`;

describe('follow-ups read together, per target', () => {
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;
  let now: Date;
  let core: Core;
  let notifier: RecordingNotifier;
  /** The size of each statusMany the core asked for, by target. */
  const batches: { target: string; size: number }[] = [];
  /** A target's batched reads wait for this before they go (a slow provider), while set. */
  const holds = new Map<string, Promise<void>>();

  beforeEach(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 1000;
    dir = mkdtempSync(join(tmpdir(), 'rerun-follow-batch-'));
    now = new Date();
    // The store judges due follow-ups by its clock: the test's, as the core's.
    store = SqliteStore.open(dir, { clock: { now: () => now } });
    batches.length = 0;
    holds.clear();
    const yaml =
      `targets:\n${target('batch-gz', 'ap-guangzhou', emu.url)}${target('batch-sh', 'ap-shanghai', emu.url)}` +
      'policies:\n  default:\n    approval: peer\n    expiresAfter: 10m\n';
    ({ core, notifier } = testCore({
      yaml,
      store,
      clock: { now: () => now },
      replica: 'a',
      follow: { firstMs: [1_000], everyMs: 1_000 },
      // The pace is another test's subject: the emulator admits these calls at once.
      pacers: createPacers({ sleep: async () => undefined }),
      session: (session) => ({
        ...session,
        statusMany: async (queries) => {
          const params = queries[0]?.params as { job_ids: string[] } | undefined;
          const target = params?.job_ids[0]?.startsWith('job-sh') ? 'batch-sh' : 'batch-gz';
          batches.push({ target, size: queries.length });
          await holds.get(target);
          return session.statusMany(queries);
        },
      }),
    }));
  });
  afterEach(async () => {
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function accepted(targetId: string, job: string): Promise<string> {
    emu.addJob(job, 'FAILED');
    const r = await core.ask(targetId, { job_ids: [job] }, testAsker);
    if (r.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(r)}`);
    expect((await core.decide(r.request.id, 'U0BOB', 'approve')).ok).toBe(true);
    await eventually(async () => ((await store.get(r.request.id))?.follow ? true : undefined));
    return r.request.id;
  }
  const later = (ms: number) => (now = new Date(now.getTime() + ms));

  it("reads each target's due follow-ups in one batched read, and each request goes on with its own answer", async () => {
    const gz = ['job-gz0001', 'job-gz0002', 'job-gz0003'];
    const ids = [];
    for (const job of gz) ids.push(await accepted('batch-gz', job));
    ids.push(await accepted('batch-sh', 'job-sh0001'));
    // One of them is gone from Batch (deleted): NOT FOUND ends that request, and no other.
    emu.jobs.delete('job-gz0003');
    const described = emu.describedIds.length;

    later(1_000);
    expect(await core.followUps()).toEqual({ polled: 4, replied: 1 });
    expect(batches.map((b) => `${b.target}:${b.size}`).sort()).toEqual(['batch-gz:3', 'batch-sh:1']);
    // Two DescribeJobs calls, one per target (each target has its own region), not one per request.
    expect(
      emu.describedIds
        .slice(described)
        .map((c) => c.length)
        .sort(),
    ).toEqual([1, 3]);
    expect(notifier.replies.map((r) => r.request.id)).toEqual([ids[2]]);
    expect(notifier.replies[0]?.message).toMatchObject({ params: { end: 'ended' } });

    // The jobs end at different moments: each request replies once, when its own job ends.
    emu.finish('job-gz0001', 'SUCCEED');
    later(1_000);
    expect(await core.followUps()).toEqual({ polled: 3, replied: 1 });
    emu.finish('job-gz0002', 'FAILED');
    emu.finish('job-sh0001', 'SUCCEED');
    later(1_000);
    expect(await core.followUps()).toEqual({ polled: 2, replied: 2 });
    later(60_000);
    expect(await core.followUps()).toEqual({ polled: 0, replied: 0 });
    const ends = Object.fromEntries(
      notifier.replies.map((r) => [r.request.id, (r.message.params as { end: string }).end]),
    );
    expect(ends).toEqual({
      [ids[0]!]: 'succeeded',
      [ids[1]!]: 'failed-again',
      [ids[2]!]: 'ended',
      [ids[3]!]: 'succeeded',
    });
  });

  it("holds up no other target while one target's read is slow, and reads that target once at a time", async () => {
    const gz = await accepted('batch-gz', 'job-gz0001');
    const sh = await accepted('batch-sh', 'job-sh0001');
    let answer!: () => void;
    holds.set('batch-gz', new Promise<void>((resolve) => (answer = resolve)));
    const polls = async (id: string) => (await store.get(id))?.follow?.polls;

    later(1_000);
    const slow = core.followUps();
    // Shanghai's follow-up is read and written while Guangzhou's provider keeps its read.
    await eventually(async () => ((await polls(sh)) === 1 ? true : undefined));
    expect(await polls(gz)).toBe(0);
    // The next ticks serve Shanghai again, and leave Guangzhou to the read under way. Shanghai's
    // batch is over only once its message is shown too: until then a tick finds it still being
    // read (busy) and reads nothing, so the first tick is taken as soon as that batch has ended.
    later(1_000);
    const tick = async () => {
      const report = await core.followUps();
      return report.polled ? report : undefined;
    };
    expect(await eventually(tick)).toEqual({ polled: 1, replied: 0 });
    later(1_000);
    expect(await core.followUps()).toEqual({ polled: 1, replied: 0 });
    expect(await polls(sh)).toBe(3);
    expect(batches.filter((b) => b.target === 'batch-gz')).toHaveLength(1);

    answer();
    expect(await slow).toEqual({ polled: 2, replied: 0 });
    expect(await polls(gz)).toBe(1);
    // Its read ended: Guangzhou is due again and read at the next tick, with Shanghai.
    later(1_000);
    expect(await core.followUps()).toEqual({ polled: 2, replied: 0 });
    expect(batches.filter((b) => b.target === 'batch-gz')).toHaveLength(2);
  });

  it('stretches the interval evenly when a tick cannot take every due follow-up: the oldest due first, none starved', async () => {
    // 250 followed reruns due at once, more than one tick takes (200).
    const jobs = Array.from({ length: 250 }, (_, i) => `job-gz${String(i).padStart(4, '0')}`);
    for (const [i, job] of jobs.entries()) {
      emu.addJob(job, 'RUNNING');
      await store.insert(followedRequest(i, job, now.getTime(), `1700000000.${String(i).padStart(6, '0')}`));
    }
    /** How many times each request has been read, by id. */
    const polls = async () =>
      new Map(
        (await store.dueFollowUps(1_000, 3_600_000)).map((r) => [
          r.id,
          r.follow?.phase === 'running' ? r.follow.polls : -1,
        ]),
      );
    const snapshots = [new Map(jobs.map((_, i) => [followedRequest(i, '', 0, '').id, 0]))];
    for (let tick = 1; tick <= 6; tick++) {
      if (tick > 1) later(1_000);
      expect((await core.followUps()).polled).toBe(200);
      snapshots.push(await polls());
    }
    expect([...(snapshots[1]?.values() ?? [])].filter((n) => n === 0)).toHaveLength(50);
    // Each request is read at least once in any two ticks in a row (the 50 left over at the first
    // are the oldest due at the second, so they go first): the interval stretches by 250/200 for all.
    for (let k = 2; k < snapshots.length; k++)
      for (const [id, n] of snapshots[k] ?? []) expect(n, id).toBeGreaterThan(snapshots[k - 2]?.get(id) ?? -1);
    const total = [...(snapshots.at(-1)?.values() ?? [])];
    expect(total.reduce((a, b) => a + b, 0)).toBe(1_200);
    expect(Math.max(...total) - Math.min(...total)).toBeLessThanOrEqual(1);
  });
});
