/**
 * One time budget for a whole approval (core/use-cases/execute.ts, lib/budget.ts): the re-check,
 * the rerun and any read after it share it, so a provider slow to answer the re-check leaves no
 * time for the rerun, and the rerun is then not sent at all (never sent late, never half-sent).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { TENCENT_CREDS, tencentConfig, testAsker, testCore } from '../support/core.ts';
import { eventually } from '../support/driver.ts';

const JOB = 'job-budget01';

describe("an approval's time budget", () => {
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 1000;
    emu.addJob(JOB, 'FAILED');
    dir = mkdtempSync(join(tmpdir(), 'rerun-budget-'));
    store = SqliteStore.open(dir);
  });
  afterEach(async () => {
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function replica(budgetMs: number, slowRecheck: boolean) {
    let previews = 0;
    return testCore({
      yaml: tencentConfig(emu.url),
      store,
      clock: { now: () => new Date() },
      replica: 'a',
      actionBudgetMs: budgetMs,
      // The re-check at approval (the second preview) answers after the whole budget is spent.
      session: (session) => ({
        ...session,
        preview: async (p) => {
          const r = await session.preview(p);
          if (slowRecheck && ++previews === 2) await delay(budgetMs + 20);
          return r;
        },
      }),
    }).core;
  }

  async function approve(core: ReturnType<typeof replica>) {
    const asked = await core.ask('batch-gz', { job_ids: [JOB] }, testAsker);
    if (asked.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(asked)}`);
    expect((await core.decide(asked.request.id, 'U0BOB', 'approve')).ok).toBe(true);
    return eventually(async () => {
      const r = await store.get(asked.request.id);
      return r && r.state !== 'sending' && r.state !== 'pending' ? r : undefined;
    });
  }

  it('sends nothing once the re-check has used the whole budget, and says why', async () => {
    const done = await approve(replica(60, true));
    expect(done.state).toBe('not-sent');
    expect(done.execution?.outcome?.calls).toBe(0);
    expect(JSON.stringify(done.execution?.outcome?.message)).toContain('provider.budgetSpent');
    expect(emu.retryCalls).toEqual([]);
  });

  it('sends the rerun when the re-check leaves time for it', async () => {
    const done = await approve(replica(5_000, false));
    expect(done.state).toBe('accepted');
    expect(emu.retryCalls).toEqual([[JOB]]);
  });
});
