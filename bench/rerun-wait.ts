/**
 * How long an approved rerun's call waits behind status reads (docs/SPEC.md §7, follow-up: "an
 * approved rerun's call never waits behind status reads (≤ 1 s)"). `followed` accepted reruns are
 * seeded in the store as a storm leaves them (their jobs still running, polled with the bot's
 * default follow timing), against the Tencent emulator at Batch's documented 2 requests/s per
 * action; after the polls have queued, a person asks for one more rerun and a peer approves it,
 * `samples` times: each figure is from the Approve click to the RetryJobs call reaching the
 * emulator, which includes the re-check read just before sending.
 *
 * Run on its own: `npx tsx bench/rerun-wait.ts [followed…]` (about 20 s per count; default 40 100).
 */
import { startTencentEmulator, tencentTargetYaml } from '../src/providers/tencent-batch/emulator.ts';
import { eventually } from '../test/support/driver.ts';
import { followedRequest } from '../test/support/followed.ts';
import { startHarness } from '../test/support/harness.ts';
import { PEER_POLICIES } from '../test/support/tencent-bot.ts';
import { quantiles, type Quantiles } from './stats.ts';

export interface RerunWait extends Quantiles {
  followed: number;
  /** Requests the emulator refused for the rate (RequestLimitExceeded). */
  throttled: number | undefined;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function rerunWait(followed: number, samples = 3): Promise<RerunWait> {
  const creds = { secretId: 'AKIDBENCHRERUNWAIT', secretKey: 'fake-bench-key' };
  const emu = await startTencentEmulator(creds);
  const jobOf = (i: number) => `job-f${String(i).padStart(4, '0')}`;
  for (let i = 0; i < followed; i++) emu.addJob(jobOf(i), 'RUNNING');
  const urgent = Array.from({ length: samples }, (_, i) => `job-urgent${String(i).padStart(2, '0')}`);
  for (const job of urgent) emu.addJob(job, 'FAILED');
  const h = await startHarness(`targets:\n${tencentTargetYaml(emu.url, creds)}${PEER_POLICIES}`, { LOG_LEVEL: 'warn' });
  const waits: number[] = [];
  try {
    const now = Date.now();
    for (let i = 0; i < followed; i++) {
      const ts = `1700000000.${String(i).padStart(6, '0')}`;
      h.slack.messages.set(ts, { channel: 'C0INCIDENT', ts, text: 'Rerun request', blocks: [] });
      await h.store.insert(followedRequest(i, jobOf(i), now, ts));
    }
    await pause(5_000); // the first polls are due at once: let them queue
    for (const job of urgent) {
      await h.driver.command(`batch-gz job_ids=${job}`, { user: 'U0ALICE' });
      const msg = await eventually(
        () =>
          h.slack
            .messagesIn('C0INCIDENT')
            .find((m) => m.text.includes('Rerun request') && JSON.stringify(m.blocks).includes(job)),
        300_000,
      );
      const before = emu.retryCalls.length;
      const t0 = performance.now();
      await h.driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
      await eventually(() => emu.retryCalls.length > before, 300_000);
      waits.push(performance.now() - t0);
      await pause(2_000);
    }
  } finally {
    await h.close();
    await emu.close();
  }
  // An emulator that counts each action's window reports what it refused.
  const refused = (emu as { throttled?: unknown[] }).throttled;
  return { followed, ...quantiles(waits), throttled: refused?.length };
}

export function printRerunWait(r: RerunWait): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `${String(r.followed).padStart(4)} followed: an approved rerun's call waits p50 ${s(r.p50)}, max ${s(r.max)} (n=${r.n}); refused for the rate: ${r.throttled ?? 'not counted'}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = process.argv.slice(2).map(Number);
  console.log("# an approved rerun's call waits behind reads: Approve click -> RetryJobs at the emulator");
  for (const n of counts.length ? counts : [40, 100]) console.log(printRerunWait(await rerunWait(n)));
  process.exit(0);
}
