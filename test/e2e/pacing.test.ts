/**
 * A person's rerun before the follow-up polls, end to end: the whole bot on the Tencent emulator,
 * which keeps Batch's allowance per action (2 requests/s each for DescribeJobs and RetryJobs) on
 * the clock the bot paces by. Many followed reruns keep the DescribeJobs pace busy with polls;
 * the test holds each pace wait (SteppedPace) and sees, from /metrics, what waits for the next
 * slot. An approved rerun's re-check takes that slot ahead of every queued poll, its RetryJobs
 * goes on its own pace at once, and no action's allowance is exceeded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import type { RecordedRequest } from '../../src/emulators/server.ts';
import { StoppedClock, SteppedPace } from '../support/clock.ts';
import { eventually } from '../support/driver.ts';
import type { Harness } from '../support/harness.ts';
import { scrape } from '../support/metrics.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';
import { followedRequest } from '../support/followed.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const FOLLOWED = 40;
const URGENT = 'job-urgent01';

const jobOf = (i: number) => `job-f${String(i).padStart(4, '0')}`;

const action = (r: RecordedRequest) => r.headers['x-tc-action'];
const jobsIn = (r: RecordedRequest): string[] => (JSON.parse(r.body || '{}') as { JobIds?: string[] }).JobIds ?? [];
const isPoll = (r: RecordedRequest) => action(r) === 'DescribeJobs' && jobsIn(r).some((j) => j.startsWith('job-f'));

describe('a person before background work, end to end', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let clock: StoppedClock;
  let pace: SteppedPace;
  let close: () => Promise<void>;

  beforeEach(async () => {
    // Time moves only when the test steps the pace: a slot never frees itself while it looks.
    clock = new StoppedClock();
    pace = new SteppedPace(clock);
    ({ emu, h, close } = await startTencentBot({
      clock,
      pace: pace.sleep,
      rest: PEER_POLICIES,
      jobs: [
        [URGENT, 'FAILED', 'urgent'],
        ...Array.from({ length: FOLLOWED }, (_, i) => [jobOf(i), 'RUNNING'] as [string, string]),
      ],
      // Due follow-ups are looked for often; each followed job is polled once here (then in an hour).
      follow: { tickMs: 50, firstMs: [0], everyMs: 3_600_000 },
    }));
  });
  afterEach(() => close());

  const waiting = async (priority: string) =>
    (await scrape(h.driver.botUrl)).sum('rerun_provider_calls_waiting', { priority });

  it("sends an approved rerun's re-check ahead of the queued polls, and its RetryJobs at once, within each action's allowance", async () => {
    // Asked before the storm of polls: its preview finds the DescribeJobs pace free.
    await h.driver.command(`batch-gz job_ids=${URGENT}`, ALICE);
    const msg = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request')));

    // Many followed reruns, due now: the follow-up poll (one batched DescribeJobs for all of them,
    // statusMany) queues at the DescribeJobs pace.
    const now = clock.now().getTime();
    for (let i = 0; i < FOLLOWED; i++) {
      const ts = `1700000000.${String(i).padStart(6, '0')}`;
      h.slack.messages.set(ts, { channel: 'C0INCIDENT', ts, text: 'Rerun request', blocks: [] });
      await h.store.insert(followedRequest(i, jobOf(i), now, ts));
    }
    await eventually(async () => (await waiting('background')) >= 1);

    await h.driver.click(msg, 'rerun_approve', BOB);
    // The re-check waits for the next DescribeJobs slot, with the polls still queued behind it.
    await eventually(async () => (await waiting('rerun')) === 1);
    expect(await waiting('background')).toBeGreaterThanOrEqual(1);
    const marker = emu.requests.length;

    pace.step(); // the next slot
    await eventually(() => emu.retryCalls.length === 1);
    const after = emu.requests.slice(marker);
    const recheck = after.findIndex((r) => action(r) === 'DescribeJobs' && jobsIn(r).includes(URGENT));
    const retry = after.findIndex((r) => action(r) === 'RetryJobs');
    expect(recheck).toBeGreaterThanOrEqual(0);
    // Nothing but the re-check took that slot (a poll already granted may have been on its way).
    expect(after.slice(0, recheck).filter(isPoll).length).toBeLessThanOrEqual(1);
    expect(retry).toBeGreaterThan(recheck);
    // RetryJobs has its own pace: it went without waiting for another DescribeJobs slot.
    expect(after.slice(recheck + 1, retry).filter(isPoll)).toEqual([]);
    expect(emu.retryCalls).toEqual([[URGENT]]);

    // The polls still get every slot after it: each followed job is read. The next slot comes
    // only once the call given the last one has reached the emulator, as on a real clock.
    const polled = () => new Set(emu.requests.filter(isPoll).flatMap(jobsIn)).size;
    // A poll is stepped only once it waits for its slot (the batched read of whatever was due
    // when its tick came), so no step is spent while nothing waits.
    const pollWaits = async () => polled() === FOLLOWED || (await waiting('background')) >= 1;
    while (polled() < FOLLOWED) {
      await eventually(pollWaits);
      if (polled() === FOLLOWED) break;
      const sent = emu.requests.length;
      pace.step();
      await eventually(() => emu.requests.length > sent);
    }
    // No action went over its allowance on the emulator's clock (the bot's).
    expect(emu.throttled).toEqual([]);
    expect(emu.authFailures).toBe(0);
  });
});
