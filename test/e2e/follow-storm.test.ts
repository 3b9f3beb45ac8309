/**
 * A storm's follow-ups, end to end on test time shared by the bot and the Tencent emulator: a
 * hundred reruns on one credential, each asked and approved on its own, followed together. Their
 * jobs all end at one moment; the follow-up reads them in DescribeJobs calls of up to 100 ids
 * (not one call per request), so every request gets its one final reply well within 30 s of
 * test time at Batch's documented 2 calls a second, and none of those reads is refused for the rate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/driver.ts';
import { PEER_POLICIES, startTencentBot, type TencentBot } from '../support/tencent-bot.ts';

const N = 100;
/** Requests asked and approved at once (each on its own): a storm, within what the fake Slack serves quickly. */
const AT_ONCE = 1;
const JOBS = Array.from({ length: N }, (_, i) => `job-storm${String(i).padStart(3, '0')}`);
const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
/** The bot's default poll interval, in test time (the first poll too, so asking is not slowed by polls). */
const EVERY_MS = 15_000;

describe('a storm of followed reruns on one Tencent credential', () => {
  let bot: TencentBot;
  beforeEach(async () => {
    bot = await startTencentBot({
      rest: PEER_POLICIES,
      jobs: JOBS.map((id) => [id, 'FAILED'] as const),
      follow: { tickMs: 50, firstMs: [EVERY_MS], everyMs: EVERY_MS },
    });
  });
  afterEach(() => bot.close());

  /** Asks for `job`'s rerun as Alice, approves it as Bob, and returns the approval message's ts. */
  async function askAndApprove(job: string): Promise<string> {
    const { h } = bot;
    await h.driver.command(`batch-gz job_ids=${job}`, ALICE);
    const msg = await eventually(
      () =>
        h.slack
          .messagesIn('C0INCIDENT')
          .find((m) => !m.thread_ts && m.text.includes('Rerun request') && JSON.stringify(m.blocks).includes(job)),
      30_000,
    );
    await h.driver.click(msg, 'rerun_approve', BOB);
    return msg.ts;
  }

  it('reads a hundred followed requests in DescribeJobs calls of many ids: one final reply each, within 30 s', async () => {
    const { emu, h, clock } = bot;
    const approvals: string[] = [];
    // While a hundred are asked, the bot's pace waits are on test time, and concurrent waits each
    // move the shared clock: calls the bot spaced out can reach the emulator at one test instant.
    // Asking is not this test's subject (test/e2e/pacing.test.ts is): the emulator admits it freely,
    // then keeps Batch's 2 a second for the reads after the jobs end, none of which may be refused.
    emu.ratePerSecond = 1_000;
    for (let i = 0; i < N; i += AT_ONCE)
      approvals.push(...(await Promise.all(JOBS.slice(i, i + AT_ONCE).map(askAndApprove))));
    await eventually(() => emu.retryCalls.length === N, 30_000);
    await eventually(async () => {
      const followed = await h.store.dueFollowUps(1_000, 3_600_000);
      return followed.length === N;
    }, 30_000);

    // Every job ends at one moment; the bot learns of it at its next polls.
    const described = () => emu.requests.filter((r) => r.headers['x-tc-action'] === 'DescribeJobs').length;
    const before = emu.describedIds.length;
    const sentBefore = described();
    const endedAt = clock.now().getTime();
    emu.ratePerSecond = 2;
    for (const job of JOBS) emu.finish(job, 'SUCCEED');
    clock.advance(EVERY_MS);
    const threadOf = (ts: string) => h.slack.messagesIn('C0INCIDENT').filter((m) => m.thread_ts === ts);
    await eventually(() => approvals.every((ts) => threadOf(ts).some((m) => m.text.includes('succeeded'))), 30_000);
    // Test time from the end of the jobs to the last final reply: the wait for the next poll and the pace of the reads.
    expect(clock.now().getTime() - endedAt).toBeLessThanOrEqual(30_000);

    // Exactly one reply each, however many polls and sweeps follow.
    for (let round = 0; round < 2; round++) await h.bot.idle();
    for (const ts of approvals) expect(threadOf(ts)).toHaveLength(1);

    // The reads after the jobs ended: a few calls of many ids (at most 100 each), not one per request.
    const reads = emu.describedIds.slice(before);
    expect(reads.length).toBeLessThanOrEqual(5);
    expect(Math.max(...reads.map((ids) => ids.length))).toBeGreaterThanOrEqual(N / 2);
    expect(reads.every((ids) => ids.length <= 100)).toBe(true);
    // Those reads stayed within Batch's allowance: each one sent was answered, none refused for the rate.
    expect(described() - sentBefore).toBe(reads.length);
  }, 120_000);
});
