/**
 * The background's message updates wait for the workspace's update pace without holding up the
 * final replies: a storm that ends a hundred followed jobs at once posts every final reply at
 * once, while the hundred updates go out in turn at Slack's pace (~50 a minute), each showing the
 * request as it stands when its turn comes. Real Tencent emulator, time in the test's hands.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/compose.ts';
import type { Store } from '../../src/core/ports.ts';
import { DEFAULT_UPDATES } from '../../src/core/timings.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { TENCENT_CREDS, tencentConfig, testCore, type RecordingNotifier } from '../support/core.ts';
import { followedRequest } from '../support/followed.ts';

const FOLLOWED = 100;
const jobOf = (i: number) => `job-p${String(i).padStart(7, '0')}`;

describe('paced updates of a storm', () => {
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;
  let now: Date;
  let core: Core;
  let notifier: RecordingNotifier;
  /** The update pace's waits: each moves the test's clock, once the test lets them go. */
  let release!: () => void;
  let released: Promise<void>;
  const later = (ms: number) => (now = new Date(now.getTime() + ms));
  /** When each update was sent, by the test's clock. */
  const sentAt: number[] = [];

  beforeEach(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 100_000;
    dir = mkdtempSync(join(tmpdir(), 'rerun-paced-shows-'));
    now = new Date();
    released = new Promise<void>((resolve) => (release = resolve));
    sentAt.length = 0;
    store = SqliteStore.open(dir, { clock: { now: () => now } });
    ({ core, notifier } = testCore({
      yaml: tencentConfig(emu.url),
      store,
      clock: { now: () => now },
      replica: 'a',
      follow: { firstMs: [1_000], everyMs: 1_000 },
      pacers: createPacers({ sleep: async () => undefined }),
      updates: DEFAULT_UPDATES,
      sleep: async (ms) => {
        await released;
        later(ms);
      },
    }));
    const update = notifier.update.bind(notifier);
    notifier.update = async (request, lane) => {
      sentAt.push(now.getTime());
      return update(request, lane);
    };
  });
  afterEach(async () => {
    await core.stop(1_000);
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts every final reply at once while the updates wait their turn, each message updated once to its end', async () => {
    const ids: string[] = [];
    for (let i = 0; i < FOLLOWED; i++) {
      // Polled before: their messages show the running jobs, so the end is their next change.
      emu.addJob(jobOf(i), 'SUCCEED');
      const r = followedRequest(i, jobOf(i), now.getTime(), `1700000000.${String(i).padStart(6, '0')}`);
      await store.insert(r);
      await store.markShown(r.id, r.state);
      ids.push(r.id);
    }
    later(1_000);
    const start = now.getTime();
    let polled = 0;
    for (let report = await core.followUps(); report.polled; report = await core.followUps()) polled += report.polled;
    expect(polled).toBe(FOLLOWED);

    // Every final reply is posted with no time passing, though the pace has room for one update.
    expect(new Set(notifier.replies.map((r) => r.request.id))).toEqual(new Set(ids));
    expect(notifier.replies).toHaveLength(FOLLOWED);
    expect(now.getTime()).toBe(start);
    expect(notifier.updates.length).toBeLessThanOrEqual(1);

    // Let the pace go: the rest follow in turn, one slot apart, each message once, showing its end.
    release();
    await core.idle();
    const per = new Map<string, number>();
    for (const r of notifier.updates) per.set(r.id, (per.get(r.id) ?? 0) + 1);
    expect([...per.keys()].sort()).toEqual([...ids].sort());
    expect(new Set(per.values())).toEqual(new Set([1]));
    expect(notifier.updates.every((r) => r.follow?.phase === 'ended')).toBe(true);
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(DEFAULT_UPDATES.paceMs);
    expect(notifier.replies).toHaveLength(FOLLOWED);
  });

  it('shows a request changed again while it waited once, as it stands when its turn comes', async () => {
    const requests = [0, 1].map((i) => followedRequest(i, jobOf(i), now.getTime(), `1700000000.00000${i}`));
    for (const [i, r] of requests.entries()) {
      emu.addJob(jobOf(i), 'RUNNING');
      await store.insert(r);
      await store.markShown(r.id, r.state);
    }
    // Both first polls change what the messages show (their jobs' state): one goes now, one waits.
    later(1_000);
    expect((await core.followUps()).polled).toBe(2);
    expect(notifier.updates).toHaveLength(1);
    const waiting = requests.find((r) => r.id !== notifier.updates[0]!.id)!;
    // Its job ends before its turn: the one update it gets shows the end, and its reply is posted.
    emu.finish(jobOf(requests.indexOf(waiting)), 'SUCCEED');
    later(1_000);
    await core.followUps();
    expect(notifier.replies.map((r) => r.request.id)).toContain(waiting.id);
    release();
    await core.idle();
    const shown = notifier.updates.filter((r) => r.id === waiting.id);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.follow?.phase).toBe('ended');
  });
});
