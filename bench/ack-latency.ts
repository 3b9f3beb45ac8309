/**
 * Slack ack latency of rerun-bot against a bare Bolt app measured in the same run (docs/SPEC.md §7):
 * the same schedule of signed /rerun requests (a mix of help, invalid and valid requests) at a
 * fixed rate, all on 127.0.0.1. Prints p50/p99/max and the p99 ratio; asserts nothing.
 */
import { App, HTTPReceiver } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startTencentEmulator, tencentTargetYaml } from '../src/providers/tencent-batch/emulator.ts';
import { SlackDriver } from '../test/support/driver.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { SIGNING_SECRET, startHarness } from '../test/support/harness.ts';

export interface LatencyResult {
  label: string;
  n: number;
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function drive(label: string, driver: SlackDriver, rate: number, seconds: number): Promise<LatencyResult> {
  const texts = ['help', 'batch-gz job_ids=bad', 'help', 'nope x=1', 'batch-gz job_ids=job-bench001'];
  const total = rate * seconds;
  const latencies: number[] = [];
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const { body } = driver.commandBody(texts[i % texts.length] as string, { user: `U0B${i % 7}` });
    inflight.push(
      (async () => {
        const t0 = performance.now();
        const res = await driver.post(body);
        if (res.status === 200) latencies.push(performance.now() - t0);
      })(),
    );
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return {
    label,
    n: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
  };
}

export async function ackLatency(rate: number, seconds: number): Promise<LatencyResult[]> {
  const slack = await new FakeSlack().start();
  // Its own SecretId: Tencent calls are paced per credential, and this load queues previews
  // at 2/s that must not hold up the other benchmarks.
  const creds = { secretId: 'AKIDBENCHACK', secretKey: 'fake-bench-key' };
  const emu = await startTencentEmulator(creds);
  emu.ratePerSecond = 100_000;
  emu.addJob('job-bench001', 'FAILED');

  // The bare app: the same Bolt version and receiver, a listener that only acks.
  const bareApp = new App({
    receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET }),
    token: 'xoxb-fake',
    clientOptions: { slackApiUrl: slack.apiUrl },
  });
  bareApp.command('/rerun', async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: 'ok' });
  });
  const bareServer = (await bareApp.start(0)) as Server;
  const bare = new SlackDriver(`http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`, SIGNING_SECRET, slack);

  const h = await startHarness(`targets:\n${tencentTargetYaml(emu.url, creds)}`, { LOG_LEVEL: 'warn' }, { slack });

  // Warm both up, then measure bare, bot, bare, bot so drift hits both alike.
  await drive('warm-up', bare, rate, 1);
  await drive('warm-up', h.driver, rate, 1);
  const half = Math.max(1, Math.round(seconds / 2));
  const runs = [
    await drive('bare Bolt', bare, rate, half),
    await drive('rerun-bot', h.driver, rate, half),
    await drive('bare Bolt', bare, rate, half),
    await drive('rerun-bot', h.driver, rate, half),
  ];

  await h.close();
  await bareApp.stop();
  await slack.close();
  await emu.close();

  const merge = (label: string): LatencyResult => {
    const rs = runs.filter((r) => r.label === label);
    return {
      label,
      n: rs.reduce((a, r) => a + r.n, 0),
      p50: Math.max(...rs.map((r) => r.p50)),
      p99: Math.max(...rs.map((r) => r.p99)),
      max: Math.max(...rs.map((r) => r.max)),
    };
  };
  return [merge('bare Bolt'), merge('rerun-bot')];
}
