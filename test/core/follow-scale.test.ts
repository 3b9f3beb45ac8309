/**
 * A poll updates a message only when what it shows changes (model/story.ts), at the scale Slack's
 * limits make it matter: a thousand followed reruns polled every second would ask for thousands of
 * chat.update a minute if every poll rendered its message again, against Slack's ~50 for the whole
 * workspace. Real Tencent emulator, time in the test's hands.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/compose.ts';
import type { Store } from '../../src/core/ports.ts';
import { UPDATE_PACE_KEY } from '../../src/core/update-pace.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { TENCENT_CREDS, tencentConfig, testCore, type RecordingNotifier } from '../support/core.ts';
import { followedRequest } from '../support/followed.ts';

const FOLLOWED = 1_000;
const jobOf = (i: number) => `job-s${String(i).padStart(7, '0')}`;

describe('polls at scale', () => {
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;
  let now: Date;
  let core: Core;
  let notifier: RecordingNotifier;
  const later = (ms: number) => (now = new Date(now.getTime() + ms));

  beforeEach(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 100_000;
    dir = mkdtempSync(join(tmpdir(), 'rerun-follow-scale-'));
    now = new Date();
    store = SqliteStore.open(dir, { clock: { now: () => now } });
    ({ core, notifier } = testCore({
      yaml: tencentConfig(emu.url),
      store,
      clock: { now: () => now },
      replica: 'a',
      follow: { firstMs: [1_000], everyMs: 1_000 },
      // The provider's pace is another test's subject: the emulator admits these reads at once.
      pacers: createPacers({ sleep: async () => undefined }),
    }));
  });
  afterEach(async () => {
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One round: every due follow-up polled (a tick takes at most 200); how many were. */
  async function round(): Promise<number> {
    later(1_000);
    let polled = 0;
    for (;;) {
      const report = await core.followUps();
      if (!report.polled) return polled;
      polled += report.polled;
    }
  }

  const updatesOf = () => {
    const per = new Map<string, number>();
    for (const r of notifier.updates) per.set(r.id, (per.get(r.id) ?? 0) + 1);
    return per;
  };

  it('updates no message while a thousand polls see nothing new, and each once when its job ends', async () => {
    const ids: string[] = [];
    for (let i = 0; i < FOLLOWED; i++) {
      emu.addJob(jobOf(i), 'RUNNING');
      const r = followedRequest(i, jobOf(i), now.getTime(), `1700000000.${String(i).padStart(6, '0')}`);
      await store.insert(r);
      ids.push(r.id);
    }

    // The first poll shows each job's state: one update per message.
    expect(await round()).toBe(FOLLOWED);
    expect(notifier.updates).toHaveLength(FOLLOWED);
    expect(new Set(notifier.updates.map((r) => r.id)).size).toBe(FOLLOWED);

    // Another poll of each (1,000 polls, within the same minute of age): nothing changes in Slack.
    expect(await round()).toBe(FOLLOWED);
    expect(notifier.updates).toHaveLength(FOLLOWED);

    // Every job ends: each message is updated exactly once more, to its final state.
    for (let i = 0; i < FOLLOWED; i++) emu.finish(jobOf(i), 'SUCCEED');
    expect(await round()).toBe(FOLLOWED);
    const per = updatesOf();
    expect([...per.keys()].sort()).toEqual([...ids].sort());
    expect(new Set(per.values())).toEqual(new Set([2]));
    const last = new Map(notifier.updates.map((r) => [r.id, r]));
    expect([...last.values()].every((r) => r.follow?.phase === 'ended')).toBe(true);
    expect(notifier.lanes.every((l) => l === 'paced')).toBe(true);
    await core.stop(1_000);
    // Three thousand polls and their writes.
  }, 120_000);

  it("shows a running job's age only when the workspace's update pace has room", async () => {
    const r = followedRequest(0, jobOf(0), now.getTime(), '1700000000.000000');
    emu.addJob(jobOf(0), 'RUNNING');
    await store.insert(r);
    expect(await round()).toBe(1);
    expect(notifier.updates).toHaveLength(1);

    // A minute on, the job's age moves a step, while the background's updates fill the next minute.
    later(59_000);
    for (let i = 0; i < 48; i++) await store.reservePace(UPDATE_PACE_KEY, 1_250, now);
    expect(await round()).toBe(1);
    expect(notifier.updates).toHaveLength(1);

    // Another minute on, the pace has room again: the age is shown.
    later(64_000);
    expect(await round()).toBe(1);
    expect(notifier.updates).toHaveLength(2);
    expect(notifier.lanes).toEqual(['paced', 'paced']);
    await core.stop(1_000);
  });
});
