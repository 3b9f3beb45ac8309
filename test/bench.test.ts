/**
 * The benchmarks (bench/) still load and run: each module imports, the report renders, and two
 * tiny measurements run end to end — the SDK comparison (both official SDKs and both adapters
 * against the emulators, every signature accepted) and a few acks of a bare Bolt app. No timing
 * is asserted: `npm run bench` reports figures; nothing here judges them.
 */
import { App, HTTPReceiver } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { drive } from '../bench/ack-latency.ts';
import { Report } from '../bench/report.ts';
import { sdkCost } from '../bench/sdk-cost.ts';
import { quantiles } from '../bench/stats.ts';
import { SlackDriver } from './support/driver.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { SIGNING_SECRET } from './support/harness.ts';

// run.ts runs everything when imported, bare-bolt.ts starts a server and storm-driver.ts sends a
// storm when imported: they are left out.
const MODULES = [
  'ack-latency',
  'alert-burst',
  'approval-latency',
  'bulk',
  'command-storm',
  'emulator-process',
  'follow-lag',
  'footprint',
  'journal-import',
  'rerun-wait',
  'running-latency',
  'sdk-cost',
  'signers',
  'store-growth',
];

describe('benchmarks', () => {
  it('load', async () => {
    for (const m of MODULES) expect(Object.keys(await import(`../bench/${m}.ts`)).length).toBeGreaterThan(0);
  });

  it('report quantiles and a table with a verdict per row', () => {
    expect(quantiles([3, 1, 2])).toEqual({ n: 3, p50: 2, p99: 3, max: 3 });
    const r = new Report();
    r.add('a', '1 ms', '≤ 2 ms', true);
    r.add('b', '3 ms', '≤ 2 ms', false);
    r.add('c', 'x');
    const lines = r.table().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^a\s+1 ms\s+≤ 2 ms\s+within$/);
    expect(lines[3]).toMatch(/OVER$/);
    expect(JSON.parse(r.json({})).rows).toHaveLength(3);
  });

  it('make the same calls through our adapters and the official SDKs, every signature accepted', async () => {
    const rows = await sdkCost(4, 1, 1);
    expect(rows.map((r) => r.call)).toEqual([
      'tencent RetryJobs',
      'tencent DescribeJobs',
      'alibaba RerunJobs',
      'alibaba ListJobs',
    ]);
    for (const r of rows) expect([r.call, r.oursErrors, r.sdkErrors]).toEqual([r.call, 0, 0]);
  });

  it('drive signed /rerun requests at a rate and time the acks', async () => {
    const slack = await new FakeSlack().start();
    const app = new App({
      receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET }),
      token: 'xoxb-fake',
      clientOptions: { slackApiUrl: slack.apiUrl },
    });
    app.command('/rerun', async ({ ack }) => ack());
    const server = (await app.start(0)) as Server;
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await drive('bare', [new SlackDriver(url, SIGNING_SECRET, slack)], 40, 0.1);
      expect([r.n, r.failed]).toEqual([4, 0]);
    } finally {
      await app.stop();
      await slack.close();
    }
  });
});
