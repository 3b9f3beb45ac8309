/**
 * Reminders across replicas, with time in the test's hands: two cores on one store play two
 * replicas sharing one Slack (`landed`). However many replicas look at a due reminder, one gives
 * it; one that dies mid-post loses it to another once its lease runs out, and the reminder is still
 * given once; a decision stops what is left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/compose.ts';
import type { Store } from '../../src/core/ports.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { TENCENT_CREDS, tencentConfig, testAsker, testCore, type RecordingNotifier } from '../support/core.ts';

const LEASE_MS = 30_000;
const MINUTE = 60_000;
const JOB = 'job-remind01';

describe('reminders across replicas', () => {
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;
  let now: Date;
  const clock = { now: () => now };
  const later = (ms: number) => (now = new Date(now.getTime() + ms));
  const landed = new Map<string, string[]>();
  const yaml = () =>
    tencentConfig(emu.url).replace('expiresAfter: 10m', 'expiresAfter: 2h\n    remind: 15m\n    remindTimes: 2');

  const replica = (name: string): { core: Core; notifier: RecordingNotifier } =>
    testCore({
      yaml: yaml(),
      store,
      clock,
      replica: name,
      landed,
      leases: { leaseMs: LEASE_MS, renewMs: 10_000, sweepMs: 5_000 },
    });

  /** How many times each post of a kind landed, by key (`reminder/1` → 1). */
  const posts = (kind: string) =>
    Object.fromEntries(
      [...landed]
        .filter(([key]) => key.split('/')[1] === kind)
        .map(([key, ts]) => [key.split('/').slice(1).join('/'), ts.length]),
    );

  beforeEach(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 1000;
    emu.addJob(JOB, 'FAILED');
    dir = mkdtempSync(join(tmpdir(), 'rerun-remind-'));
    now = new Date();
    store = SqliteStore.open(dir, { clock });
    landed.clear();
  });
  afterEach(async () => {
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function asked(a: Core): Promise<string> {
    const r = await a.ask('batch-gz', { job_ids: [JOB] }, testAsker);
    if (r.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(r)}`);
    return r.request.id;
  }

  it('gives a due reminder once however many replicas look at once', async () => {
    const [a, b, c] = [replica('a'), replica('b'), replica('c')];
    await asked(a.core);
    later(15 * MINUTE);
    const reports = await Promise.all([a.core.reminders(), b.core.reminders(), c.core.reminders(), a.core.reminders()]);
    expect(reports.reduce((n, r) => n + r.reminded, 0)).toBe(1);
    expect(posts('reminder')).toEqual({ 'reminder/1': 1 });
    // Under peer the requester is told too, once.
    expect(posts('dm')).toEqual({ 'dm/reminder-1': 1 });
    await Promise.all([a.core.reminders(), b.core.reminders()]);
    expect(posts('reminder')).toEqual({ 'reminder/1': 1 });
  });

  it('takes over a reminder whose replica died mid-post once its lease runs out, and gives it once', async () => {
    const a = replica('a');
    const b = replica('b');
    const id = await asked(a.core);
    a.notifier.holdNudges = true;
    later(15 * MINUTE);
    void a.core.reminders();
    // A holds it: B leaves it alone while A's lease lives.
    await expect.poll(async () => (await store.get(id)) && (await store.dueNudges(10)).length).toBe(0);
    expect(await b.core.reminders()).toEqual({ reminded: 0, escalated: 0 });
    later(LEASE_MS + 1);
    expect(await b.core.reminders()).toEqual({ reminded: 1, escalated: 0 });
    expect(posts('reminder')).toEqual({ 'reminder/1': 1 });
    const stored = await store.get(id);
    const second = new Date(Date.parse(stored?.createdAt ?? '') + 30 * MINUTE).toISOString();
    expect(stored?.nudges).toMatchObject({ reminded: 1, nextAt: second });

    // The second comes on time; a decision then stops what is left.
    later(15 * MINUTE);
    expect((await b.core.reminders()).reminded).toBe(1);
    expect(posts('reminder')).toEqual({ 'reminder/1': 1, 'reminder/2': 1 });
    expect(await store.dueNudges(10)).toEqual([]);
  });

  it('stops the schedule the moment the request is decided', async () => {
    const a = replica('a');
    const id = await asked(a.core);
    expect((await a.core.decide(id, 'U0BOB', 'reject')).ok).toBe(true);
    later(60 * MINUTE);
    expect(await a.core.reminders()).toEqual({ reminded: 0, escalated: 0 });
    expect(posts('reminder')).toEqual({});
  });
});
