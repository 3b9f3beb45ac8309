/**
 * Time from an Approve click to the approval message showing "approved — sending" (docs/SPEC.md §7: within
 * 300 ms, before the provider answers). The emulator is told to answer RetryJobs slowly, so
 * the update can only come before the provider's answer.
 */
import { startTencentEmulator, tencentTargetYaml } from '../src/providers/tencent-batch/emulator.ts';
import { eventually } from '../test/support/driver.ts';
import { startHarness } from '../test/support/harness.ts';
import { quantiles, type Quantiles } from './stats.ts';

export type RunningLatency = Quantiles;

export async function runningLatency(n = 20): Promise<RunningLatency> {
  const creds = { secretId: 'AKIDBENCHRUN', secretKey: 'fake-bench-key' };
  const emu = await startTencentEmulator(creds);
  emu.ratePerSecond = 100_000;
  const h = await startHarness(`targets:\n${tencentTargetYaml(emu.url, creds)}`, { LOG_LEVEL: 'warn' });
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const job = `job-run${String(i).padStart(5, '0')}`;
    emu.addJob(job, 'FAILED');
    await h.driver.command(`batch-gz job_ids=${job}`, { user: 'U0ALICE' });
    const msg = await eventually(() =>
      h.slack
        .messagesIn('C0INCIDENT')
        .find((m) => m.text.includes('Rerun request') && JSON.stringify(m.blocks).includes(job)),
    );
    emu.inject({ fault: { kind: 'slow', ms: 1500 }, match: (r) => r.headers['x-tc-action'] === 'RetryJobs' });
    const t0 = performance.now();
    await h.driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
    await eventually(() => h.slack.messages.get(msg.ts)?.text.includes('sending'), 10_000);
    samples.push(performance.now() - t0);
    await eventually(() => h.slack.messages.get(msg.ts)?.text.includes('Accepted'), 10_000);
  }
  await h.close();
  await emu.close();
  return quantiles(samples);
}
