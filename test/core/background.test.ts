/**
 * The replica's timers on their own: when every run fails (here the store is gone), each timer
 * logs its failure and tries again at its next tick; nothing becomes an unhandled rejection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { TENCENT_CREDS, tencentConfig, testCore } from '../support/core.ts';
import { watchCrashes, type CrashWatch } from '../support/crashes.ts';
import { eventually } from '../support/driver.ts';

describe('background timers', () => {
  let emu: TencentEmulator;
  let dir: string;
  let crashes: CrashWatch;

  beforeEach(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    dir = mkdtempSync(join(tmpdir(), 'rerun-background-'));
    crashes = watchCrashes();
  });
  afterEach(async () => {
    crashes.stop();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('log a failing sweep and follow-up tick and go on ticking, with no unhandled rejection', async () => {
    const store = SqliteStore.open(dir);
    const { core, logs } = testCore({
      yaml: tencentConfig(emu.url),
      store,
      clock: { now: () => new Date() },
      replica: 'r1',
      leases: { leaseMs: 3_000, renewMs: 1_000, sweepMs: 20 },
      follow: { tickMs: 20 },
    });
    await core.start();
    // The store goes away under the running replica: every sweep and follow-up now throws.
    await store.close();
    const failures = (what: string) => logs.lines.filter((l) => l.includes(`"msg":"${what} failed`)).length;
    await eventually(() => failures('sweep') >= 3 && failures('following reruns') >= 3);
    await core.stop(1_000);
    expect(crashes.seen).toEqual([]);
    expect(logs.text()).not.toContain('unhandled');
  });
});
