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

  beforeEach(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 1000;
    dir = mkdtempSync(join(tmpdir(), 'rerun-follow-batch-'));
    now = new Date();
    // The store judges due follow-ups by its clock: the test's, as the core's.
    store = SqliteStore.open(dir, { clock: { now: () => now } });
    batches.length = 0;
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
        statusMany: (queries) => {
          const params = queries[0]?.params as { job_ids: string[] } | undefined;
          batches.push({
            target: params?.job_ids[0]?.startsWith('job-sh') ? 'batch-sh' : 'batch-gz',
            size: queries.length,
          });
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
});
