/**
 * `/rerun` → approval request posted, per provider (docs/SPEC.md §7): the time from sending a
 * signed `/rerun <target> …` to the approval message (with the provider's preview) appearing in
 * the fake Slack, for each of the four providers against its emulator (test/e2e/provider-cases.ts).
 * The requester cancels each request before the next, so every ask is a new request; asks are
 * spaced wider than any adapter's pace, so no measurement waits for the previous one's slot.
 *
 * Run on its own: `npx tsx bench/approval-latency.ts` (about 30 s).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { PROVIDER_CASES } from '../test/e2e/provider-cases.ts';
import { messageSaying } from '../test/support/driver.ts';
import { startHarness } from '../test/support/harness.ts';
import { quantiles, type Quantiles } from './stats.ts';

export interface ApprovalLatency extends Quantiles {
  provider: string;
  /** Requests the emulator received per ask (the preview's reads, and any sign-in), on average. */
  callsPerAsk: number;
}

/** Polls every millisecond or two: finer than `eventually`'s 20 ms. */
async function waitFor<T>(check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (performance.now() > until) throw new Error('no approval request in time');
    await delay(1);
  }
}

export async function approvalLatency(n = 10, gapMs = 600): Promise<ApprovalLatency[]> {
  const out: ApprovalLatency[] = [];
  for (const c of PROVIDER_CASES) {
    const running = await c.start();
    const h = await startHarness(`targets:\n${running.yaml}`, { LOG_LEVEL: 'warn' });
    const samples: number[] = [];
    const calls0 = running.server.requests.length;
    try {
      for (let i = 0; i < n; i++) {
        const before = new Set(h.slack.messagesIn('C0INCIDENT').map((m) => m.ts));
        const t0 = performance.now();
        await h.driver.command(c.text, { user: 'U0ALICE' });
        const msg = await waitFor(() =>
          h.slack.messagesIn('C0INCIDENT').find((m) => !before.has(m.ts) && m.text.includes('Rerun request')),
        );
        samples.push(performance.now() - t0);
        await h.driver.click(msg, 'rerun_cancel', { user: 'U0ALICE' });
        await messageSaying(h.slack, msg.ts, 'Cancelled');
        await delay(gapMs);
      }
      out.push({
        provider: c.provider,
        callsPerAsk: (running.server.requests.length - calls0) / n,
        ...quantiles(samples),
      });
    } finally {
      await h.close();
      await running.close();
    }
  }
  return out;
}

export function printApproval(rows: ApprovalLatency[]): void {
  for (const r of rows)
    console.log(
      `${r.provider.padEnd(16)} n=${String(r.n).padStart(3)} p50=${r.p50.toFixed(1).padStart(7)} p99=${r.p99.toFixed(1).padStart(7)} max=${r.max.toFixed(1).padStart(7)} ms (${r.callsPerAsk.toFixed(1)} provider calls per ask)`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('# /rerun -> approval request posted (ms)');
  printApproval(await approvalLatency());
  process.exit(0);
}
