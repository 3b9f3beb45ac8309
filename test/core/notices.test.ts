/**
 * What the core tells beyond the approval message (use-cases/notices.ts), with time in the test's
 * hands: the requester is told of an expiry once however often the sweep runs; their own approval
 * under `confirm` is not news to them, but the announce line is; a refused announce line changes
 * nothing else and is not posted again; when the final reply is given up, the channel and the
 * requester still hear of the end, once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { TENCENT_CREDS, tencentConfig, testAsker, testCore } from '../support/core.ts';
import { eventually } from '../support/driver.ts';

const JOB = 'job-notice01';

describe('notices: announce lines and the requester told', () => {
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;
  let now: Date;
  const clock = { now: () => now };

  /** `batch-gz` announcing in C0ANNOUNCE, under `approval`. */
  const core = (approval = 'peer') =>
    testCore({
      yaml: tencentConfig(emu.url)
        .replace('    timeout: 2s\n', '    timeout: 2s\n    announce: C0ANNOUNCE\n    locale: zh-CN\n')
        .replace('approval: peer', `approval: ${approval}`),
      store,
      clock,
      replica: 'a',
      follow: { firstMs: [1_000], everyMs: 1_000 },
    });

  beforeEach(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 1000;
    emu.addJob(JOB, 'FAILED');
    dir = mkdtempSync(join(tmpdir(), 'rerun-notices-'));
    now = new Date();
    store = SqliteStore.open(dir, { clock });
  });
  afterEach(async () => {
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells the requester of an expiry once, however often the sweep runs', async () => {
    const { core: c, notifier } = core();
    const asked = await c.ask('batch-gz', { job_ids: [JOB] }, testAsker);
    if (asked.kind !== 'posted') throw new Error('not posted');
    now = new Date(now.getTime() + 11 * 60_000);
    expect((await c.sweep()).expired).toBe(1);
    await c.sweep();
    expect(notifier.told.map((t) => t.message)).toEqual([
      { id: 'dm.expired', params: { id: asked.request.id, target: 'batch-gz' } },
    ]);
    expect(notifier.announced).toHaveLength(0);
  });

  it('under confirm, announces the outcome (in the target language) but does not tell the requester of their own click', async () => {
    const { core: c, notifier } = core('confirm');
    const asked = await c.ask('batch-gz', { job_ids: [JOB] }, testAsker);
    if (asked.kind !== 'posted') throw new Error('not posted');
    expect((await c.decide(asked.request.id, 'U0ALICE', 'approve')).ok).toBe(true);
    const line = await eventually(() => notifier.announced[0]);
    expect(line.to).toEqual({ channel: 'C0ANNOUNCE', locale: 'zh-CN' });
    expect(line.message).toEqual({
      id: 'announce.outcome',
      params: { target: 'batch-gz', requester: 'U0ALICE', id: asked.request.id, state: 'accepted' },
    });
    expect(notifier.told).toHaveLength(0);
  });

  it('a refused announce line changes nothing else; a given-up final reply is still announced and told once', async () => {
    const { core: c, notifier } = core();
    notifier.failAnnounces = 1;
    const asked = await c.ask('batch-gz', { job_ids: [JOB] }, testAsker);
    if (asked.kind !== 'posted') throw new Error('not posted');
    expect((await c.decide(asked.request.id, 'U0BOB', 'approve')).ok).toBe(true);
    // The outcome is stored and shown, and the requester told, although its announce line was refused.
    await eventually(() => notifier.told[0]);
    const accepted = await store.get(asked.request.id);
    expect(accepted?.state).toBe('accepted');
    expect(notifier.updates.at(-1)?.state).toBe('accepted');
    expect(notifier.told[0]?.message).toMatchObject({ id: 'dm.approved', params: { by: ['U0BOB'] } });
    expect(notifier.announced).toHaveLength(0);

    emu.finish(JOB, 'SUCCEED');
    // Slack refuses the reply for good (channel_not_found): given up at once, never tried again.
    notifier.refuseReplies = 1;
    const next = (await store.get(asked.request.id))?.follow?.nextAt;
    now = new Date(Date.parse(next as string));
    await c.followUps();
    const done = await store.get(asked.request.id);
    expect(done?.follow).toMatchObject({ phase: 'ended', reply: { state: 'lost' } });
    expect(notifier.replies).toHaveLength(0);
    expect(notifier.announced.map((a) => a.message.id)).toEqual(['announce.final']);
    expect(notifier.announced[0]?.message.params).toMatchObject({ end: 'succeeded', id: asked.request.id });
    expect(notifier.told.map((t) => t.message.id)).toEqual(['dm.approved', 'dm.final']);
    expect(notifier.told[1]?.message.params['final']).toMatchObject({ id: 'follow.final' });
    await c.followUps();
    expect(notifier.announced).toHaveLength(1);
    expect(notifier.told).toHaveLength(2);
  });
});
