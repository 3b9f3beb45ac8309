/**
 * Follow-up lag (docs/SPEC.md §4 "Follow-up"): from the moment the provider shows a rerun job in
 * its final state to the final reply in the approval message's thread, with the bot's default
 * follow timing (quick first polls, then every 15 s, a 2 s tick). `n` reruns are accepted, then
 * their jobs end at spread-out moments over `spreadMs`; the bar is 30 s.
 *
 * Run on its own: `npx tsx bench/follow-lag.ts` (about a minute).
 */
import { startTencentEmulator, tencentTargetYaml } from '../src/providers/tencent-batch/emulator.ts';
import { eventually } from '../test/support/driver.ts';
import { startHarness } from '../test/support/harness.ts';
import { quantiles, type Quantiles } from './stats.ts';

/** The lag, and the DescribeJobs calls the follow-up made once the jobs began to end (with the most ids one carried). */
export type FollowLag = Quantiles & { describeCalls: number; mostIds: number };

export async function followLag(n = 20, spreadMs = 30_000): Promise<FollowLag> {
  const creds = { secretId: 'AKIDBENCHFOLLOW', secretKey: 'fake-bench-key' };
  const emu = await startTencentEmulator(creds);
  emu.ratePerSecond = 100_000;
  const h = await startHarness(`targets:\n${tencentTargetYaml(emu.url, creds)}`, { LOG_LEVEL: 'warn' });
  const runs: { job: string; ts: string }[] = [];
  for (let i = 0; i < n; i++) {
    const job = `job-follow${String(i).padStart(5, '0')}`;
    emu.addJob(job, 'FAILED');
    await h.driver.command(`batch-gz job_ids=${job}`, { user: 'U0ALICE' });
    const msg = await eventually(() =>
      h.slack
        .messagesIn('C0INCIDENT')
        .find((m) => m.text.includes('Rerun request') && JSON.stringify(m.blocks).includes(job)),
    );
    await h.driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
    await eventually(() => h.slack.messages.get(msg.ts)?.text.includes('Accepted'), 10_000);
    runs.push({ job, ts: msg.ts });
  }
  const described = emu.describedIds.length;
  const samples = await Promise.all(
    runs.map(async ({ job, ts }, i) => {
      await new Promise((r) => setTimeout(r, (spreadMs * i) / n + Math.random() * 1_000));
      emu.finish(job, i % 2 ? 'FAILED' : 'SUCCEED');
      const t0 = performance.now();
      await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.thread_ts === ts), 60_000);
      return performance.now() - t0;
    }),
  );
  const reads = emu.describedIds.slice(described);
  await h.close();
  await emu.close();
  return {
    ...quantiles(samples),
    describeCalls: reads.length,
    mostIds: Math.max(0, ...reads.map((ids) => ids.length)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await followLag();
  const s = (ms: number) => (ms / 1000).toFixed(1).padStart(6);
  console.log(`# provider final state -> final thread reply (s), ${r.n} reruns`);
  console.log(`p50=${s(r.p50)} p99=${s(r.p99)} max=${s(r.max)}; bar 30 s -> ${r.p99 <= 30_000 ? 'within' : 'OVER'}`);
  console.log(`DescribeJobs calls while the jobs ended: ${r.describeCalls} (at most ${r.mostIds} ids in one)`);
  process.exit(0);
}
