/**
 * The sweeper and the leases, with time in the test's hands: two cores on one store play two
 * replicas. Expiry without a click, a live replica's work left alone, a dead replica's work
 * taken over when its lease runs out (and never sent again), a lost post or update repaired,
 * one sweeper at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/compose.ts';
import type { RerunRequest } from '../../src/core/model/request.ts';
import type { Store } from '../../src/core/ports.ts';
import type { Reserve } from '../../src/providers/_shared/pacing.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { TENCENT_CREDS, tencentConfig, testAsker, testCore, type RecordingNotifier } from '../support/core.ts';
import { eventually } from '../support/driver.ts';

const creds = TENCENT_CREDS;
const LEASE_MS = 30_000;
const EXPIRES_MS = 10 * 60_000;

describe('sweeper and leases', () => {
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;
  let now: Date;
  const clock = { now: () => now };

  function replica(name: string, reserve?: Reserve): { core: Core; notifier: RecordingNotifier } {
    return testCore({
      yaml: tencentConfig(emu.url),
      store,
      clock,
      replica: name,
      ...(reserve ? { reserve } : {}),
      leases: { leaseMs: LEASE_MS, renewMs: 10_000, sweepMs: 5_000 },
    });
  }

  const later = (ms: number) => (now = new Date(now.getTime() + ms));

  async function asked(core: Core, job: string): Promise<RerunRequest> {
    emu.addJob(job, 'FAILED');
    const r = await core.ask('batch-gz', { job_ids: [job] }, testAsker);
    if (r.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(r)}`);
    return r.request;
  }

  beforeEach(async () => {
    emu = await startTencentEmulator(creds);
    emu.ratePerSecond = 1000;
    dir = mkdtempSync(join(tmpdir(), 'rerun-sweep-'));
    now = new Date();
    store = SqliteStore.open(dir, { clock });
  });
  afterEach(async () => {
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('expires a request nobody clicked, updates its message, and frees its job', async () => {
    const { core, notifier } = replica('a');
    const r = await asked(core, 'job-expire01');
    expect((await core.sweep()).expired).toBe(0);
    later(EXPIRES_MS + 1);
    expect(await core.sweep()).toMatchObject({ expired: 1 });
    expect((await store.get(r.id))?.state).toBe('expired');
    expect(notifier.updates.map((u) => u.state)).toEqual(['expired']);
    expect((await store.auditOf(r.id)).map((a) => a.event)).toContain('expired');
    // Its job may be asked for again, and a second sweep has nothing left to do.
    expect((await core.ask('batch-gz', { job_ids: ['job-expire01'] }, testAsker)).kind).toBe('posted');
    expect(await core.sweep()).toEqual({ recovered: 0, expired: 0, posted: 0, repaired: 0, settled: 0 });
  });

  it("leaves a live replica's call alone and takes it over as outcome unknown once its lease runs out", async () => {
    const a = replica('a');
    const b = replica('b');
    const r = await asked(a.core, 'job-inflight');
    emu.inject({ fault: { kind: 'hang' }, match: (q) => q.headers['x-tc-action'] === 'RetryJobs' });
    expect((await a.core.decide(r.id, 'U0BOB', 'approve')).ok).toBe(true);
    await eventually(async () => (await store.auditOf(r.id)).some((e) => e.event === 'call-sent'));
    await eventually(() => emu.requests.some((q) => q.headers['x-tc-action'] === 'RetryJobs'));

    later(LEASE_MS - 1);
    expect((await b.core.sweep()).recovered).toBe(0);
    expect((await store.get(r.id))?.state).toBe('sending');
    later(2);
    expect((await b.core.sweep()).recovered).toBe(1);
    const after = await store.get(r.id);
    expect(after?.state).toBe('unknown');
    expect(after?.execution?.outcome?.message).toEqual({ id: 'recover.inFlight', params: {} });
    expect(b.notifier.updates.map((u) => u.state)).toEqual(['unknown']);
    expect(emu.requests.filter((q) => q.headers['x-tc-action'] === 'RetryJobs')).toHaveLength(1);
  });

  it('is idle only once the call a decision started has its outcome and the work due now is done', async () => {
    const a = replica('a');
    const r = await asked(a.core, 'job-idle0001');
    emu.inject({ fault: { kind: 'slow', ms: 300 }, match: (q) => q.headers['x-tc-action'] === 'RetryJobs' });
    // The click is answered before the call's outcome is known…
    expect((await a.core.decide(r.id, 'U0BOB', 'approve')).ok).toBe(true);
    expect((await store.get(r.id))?.state).toBe('sending');
    // …and idle waits for it.
    await a.core.idle();
    expect((await store.get(r.id))?.state).toBe('accepted');
    // A request past its expiry is due now: idle sweeps it like the timer would.
    const q = await asked(a.core, 'job-idle0002');
    later(EXPIRES_MS + 1);
    await a.core.idle();
    expect((await store.get(q.id))?.state).toBe('expired');
  });

  it('renewed leases keep the work with its replica', async () => {
    const a = replica('a');
    const b = replica('b');
    const r = await asked(a.core, 'job-renewed');
    emu.inject({ fault: { kind: 'hang' }, match: (q) => q.headers['x-tc-action'] === 'RetryJobs' });
    await a.core.decide(r.id, 'U0BOB', 'approve');
    await eventually(() => emu.requests.some((q) => q.headers['x-tc-action'] === 'RetryJobs'));
    for (let i = 0; i < 5; i++) {
      later(LEASE_MS / 2);
      await a.core.renewLeases();
      expect((await b.core.sweep()).recovered).toBe(0);
    }
    expect((await store.get(r.id))?.state).toBe('sending');
  });

  it('recovers a call that was still waiting for the pace as not sent', async () => {
    // Replica a's pace is taken for the next hour: its call waits in the rate limiter.
    const a = replica('a', async () => now.getTime() + 3_600_000);
    const b = replica('b');
    const r = await asked(b.core, 'job-queued01');
    await a.core.decide(r.id, 'U0BOB', 'approve');
    later(LEASE_MS + 1);
    expect((await b.core.sweep()).recovered).toBe(1);
    const after = await store.get(r.id);
    expect(after?.state).toBe('not-sent');
    expect(after?.execution?.outcome).toMatchObject({ calls: 0, message: { id: 'recover.notSent' } });
    expect((await store.auditOf(r.id)).map((e) => e.event)).not.toContain('call-sent');
    expect(emu.requests.filter((q) => q.headers['x-tc-action'] === 'RetryJobs')).toHaveLength(0);
  });

  it('posts a request whose replica died in the middle of posting it, once its lease runs out', async () => {
    const a = replica('a');
    const b = replica('b');
    a.notifier.holdPosts = true;
    emu.addJob('job-midpost1', 'FAILED');
    void a.core.ask('batch-gz', { job_ids: ['job-midpost1'] }, testAsker);
    const stored = await eventually(async () => (await store.list({ limit: 1 }))[0]);
    expect((await b.core.sweep()).posted).toBe(0);
    later(LEASE_MS + 1);
    expect((await b.core.sweep()).posted).toBe(1);
    expect(b.notifier.published.map((p) => p.id)).toEqual([stored.id]);
    expect((await store.get(stored.id))?.published).toEqual({ kind: 'test', n: 1 });
    expect((await b.core.sweep()).posted).toBe(0);
  });

  it('repairs a message whose update was lost, once', async () => {
    const { core, notifier } = replica('a');
    const r = await asked(core, 'job-lostupd');
    notifier.failUpdates = 1;
    await core.decide(r.id, 'U0ALICE', 'cancel');
    expect(notifier.updates).toHaveLength(0);
    expect((await core.sweep()).repaired).toBe(1);
    expect(notifier.updates.map((u) => u.state)).toEqual(['cancelled']);
    expect((await core.sweep()).repaired).toBe(0);
  });

  it('lets one replica sweep at a time', async () => {
    const a = replica('a');
    const b = replica('b');
    await a.core.sweep();
    await asked(a.core, 'job-onesweep');
    later(EXPIRES_MS + 1);
    // a holds the sweeper lease (until LEASE_MS after its sweep, long gone now): b may sweep.
    expect((await b.core.sweep()).expired).toBe(1);
    await asked(a.core, 'job-onesweep2');
    later(EXPIRES_MS + 1 - LEASE_MS / 2);
    await b.core.renewLeases();
    later(LEASE_MS / 2);
    // b holds it and renewed it: a finds the expired request but may not touch it.
    expect((await a.core.sweep()).expired).toBe(0);
    expect((await b.core.sweep()).expired).toBe(1);
  });

  it('takes no new work once stopping, and gives its leases back', async () => {
    const a = replica('a');
    const b = replica('b');
    const r = await asked(a.core, 'job-stopping');
    await a.core.stop(1_000);
    expect(await a.core.ask('batch-gz', { job_ids: ['job-other01'] }, testAsker)).toMatchObject({
      kind: 'refused',
      message: { id: 'core.stopping' },
    });
    expect(await a.core.decide(r.id, 'U0BOB', 'approve')).toMatchObject({ ok: false });
    // Another replica goes on with it.
    expect((await b.core.decide(r.id, 'U0BOB', 'approve')).ok).toBe(true);
  });
});
