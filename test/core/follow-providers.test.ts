/**
 * Follow-up against every provider's emulator, over real HTTP through `connectTargets`: the demo
 * example asked and approved, the emulator moving the rerun job to its final state the way the
 * provider would, the core polling the provider's status() until it says so, and one final reply.
 * Time is the test's (the same clock signs the providers' calls, kept within their skew).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/command.ts';
import { rawFromPairs } from '../../src/core/input.ts';
import type { Store } from '../../src/core/ports.ts';
import type { Message } from '../../src/lib/message.ts';
import * as ehpc from '../../src/providers/alibaba-ehpc/demo.ts';
import { startEhpcEmulator } from '../../src/providers/alibaba-ehpc/emulator.ts';
import * as huawei from '../../src/providers/huawei-dataarts/demo.ts';
import { startHuaweiEmulator } from '../../src/providers/huawei-dataarts/emulator.ts';
import { providers } from '../../src/providers/index.ts';
import * as ocp from '../../src/providers/oceanbase-ocp/demo.ts';
import { startOcpEmulator } from '../../src/providers/oceanbase-ocp/emulator.ts';
import * as tencent from '../../src/providers/tencent-batch/demo.ts';
import { startTencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { testAsker, testCore } from '../support/core.ts';
import { eventually } from '../support/driver.ts';

type End = 'succeeded' | 'failed';

interface Running {
  target: Record<string, unknown>;
  /** Moves the rerun job to its final state, as the provider would. */
  finish(end: End): void;
  close(): Promise<void>;
}

interface Case {
  provider: string;
  targetId: string;
  example: string;
  start(): Promise<Running>;
  /** What the final reply says for each end (E-HPC's listing cannot tell success from failure). */
  says: Record<End, string>;
  /** The job id (item) the reply names. */
  item: string;
}

const CASES: Case[] = [
  {
    provider: 'tencent-batch',
    targetId: tencent.DEMO_TARGET_ID,
    example: 'job_ids=job-rybewp57',
    item: 'job-rybewp57',
    says: { succeeded: 'succeeded', failed: 'failed-again' },
    async start() {
      const emu = await startTencentEmulator(tencent.DEMO_AUTH);
      emu.ratePerSecond = 1000;
      tencent.seedDemo(emu);
      return {
        target: { provider: 'tencent-batch', region: tencent.DEMO_REGION, endpoint: emu.url, auth: tencent.DEMO_AUTH },
        finish: (end) => emu.finish('job-rybewp57', end === 'succeeded' ? 'SUCCEED' : 'FAILED'),
        close: () => emu.close(),
      };
    },
  },
  {
    provider: 'huawei-dataarts',
    targetId: huawei.DEMO_TARGET_ID,
    example: `job=${huawei.DEMO_JOB} mode=instance location=errorNode version=original job_id=${huawei.DEMO_JOB_ID} plan_time="2024-11-26 14:13" submit_time=${huawei.DEMO_SUBMIT_TIME}`,
    item: huawei.DEMO_JOB,
    says: { succeeded: 'succeeded', failed: 'failed-again' },
    async start() {
      const emu = await startHuaweiEmulator({
        projectId: huawei.DEMO_PROJECT_ID,
        workspaces: [huawei.DEMO_WORKSPACE],
        aksk: { ...huawei.DEMO_AUTH },
      });
      huawei.seedDemo(emu);
      return {
        target: {
          provider: 'huawei-dataarts',
          endpoint: emu.url,
          region: huawei.DEMO_REGION,
          projectId: huawei.DEMO_PROJECT_ID,
          workspace: huawei.DEMO_WORKSPACE,
          timeZone: huawei.DEMO_TIME_ZONE,
          auth: huawei.DEMO_AUTH,
        },
        finish: (end) => {
          emu.finishRun(huawei.DEMO_JOB, huawei.DEMO_PLAN_TIME, 'running');
          emu.finishRun(huawei.DEMO_JOB, huawei.DEMO_PLAN_TIME, end === 'succeeded' ? 'success' : 'fail');
        },
        close: () => emu.close(),
      };
    },
  },
  {
    provider: 'alibaba-ehpc',
    targetId: ehpc.DEMO_TARGET_ID,
    example: 'jobs=1.scheduler',
    item: '1.scheduler',
    says: { succeeded: 'ended', failed: 'ended' },
    async start() {
      const emu = await startEhpcEmulator({ ...ehpc.DEMO_AUTH });
      ehpc.seedDemo(emu);
      return {
        target: {
          provider: 'alibaba-ehpc',
          endpoint: emu.url,
          region: ehpc.DEMO_REGION,
          clusterId: ehpc.DEMO_CLUSTER_ID,
          auth: ehpc.DEMO_AUTH,
        },
        // The scheduler ends the job either way; ListJobs no longer lists it as running or queued.
        finish: () => {
          const job = emu.job(ehpc.DEMO_CLUSTER_ID, '1.scheduler');
          if (job) job.State = 'FINISHED';
        },
        close: () => emu.close(),
      };
    },
  },
  {
    provider: 'oceanbase-ocp',
    targetId: ocp.DEMO_TARGET_ID,
    example: 'task=100 subtask=1000',
    item: '1000',
    says: { succeeded: 'succeeded', failed: 'failed-again' },
    async start() {
      const emu = await startOcpEmulator({ users: [{ ...ocp.DEMO_AUTH, taskManager: true }] });
      ocp.seedDemo(emu);
      return {
        target: { provider: 'oceanbase-ocp', endpoint: emu.url, auth: ocp.DEMO_AUTH },
        finish: (end) => emu.finishSubtask(100, 1000, end === 'succeeded' ? 'SUCCESSFUL' : 'FAILED'),
        close: () => emu.close(),
      };
    },
  },
];

describe('follow-up against each provider emulator', () => {
  let dir: string;
  let store: Store;
  let running: Running | undefined;
  // The test's time, which the store judges the follow-up schedule by too.
  let now = new Date();
  const clock = { now: () => now };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rerun-follow-p-'));
    now = new Date();
    store = SqliteStore.open(dir, { clock });
  });
  afterEach(async () => {
    await store.close();
    await running?.close();
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    for (const end of ['succeeded', 'failed'] as const) {
      it(`${c.provider}: follows an accepted rerun until the job ${end === 'succeeded' ? 'succeeds' : 'fails again'}`, async () => {
        running = await c.start();
        const { core, notifier } = testCore({
          yaml: `targets:\n  ${c.targetId}: ${JSON.stringify(running.target)}\npolicies:\n  default:\n    approval: peer\n    expiresAfter: 10m\n`,
          store,
          clock,
          providerClock: clock,
          replica: 'a',
          follow: { firstMs: [1_000], everyMs: 1_000 },
        });
        const command = parseCommand(`${c.targetId} ${c.example}`);
        if (command.kind !== 'request') throw new Error('not a request');
        const provider = providers.find((p) => p.id === c.provider);
        if (!provider) throw new Error(c.provider);
        const read = rawFromPairs(provider, command.pairs);
        if ('error' in read) throw new Error(JSON.stringify(read.error));
        const asked = await core.ask(c.targetId, read.raw, testAsker);
        if (asked.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(asked)}`);
        expect((await core.decide(asked.request.id, 'U0BOB', 'approve')).ok).toBe(true);
        const accepted = await eventually(async () => {
          const r = await store.get(asked.request.id);
          return r?.follow ? r : undefined;
        });
        expect(accepted.execution?.outcome?.status).toBe('accepted');

        // Running (or queued) after the rerun: not final, however often it is read.
        for (let i = 0; i < 3; i++) {
          now = new Date(now.getTime() + 1_000);
          expect(await core.followUps()).toEqual({ polled: 1, replied: 0 });
        }
        running.finish(end);
        // The next poll sees the final state (Tencent: a FAILED ended after the retry is the new run's).
        now = new Date(now.getTime() + 1_000);
        expect(await core.followUps()).toEqual({ polled: 1, replied: 1 });
        expect(notifier.replies).toHaveLength(1);
        const message = notifier.replies[0]?.message;
        expect(message).toMatchObject({
          id: 'follow.final',
          params: { id: asked.request.id, end: c.says[end], rerunAgain: c.says[end] === 'failed-again' },
        });
        const items = (message?.params as { items: Message[] }).items;
        expect(items.map((i) => (i.params as { id: string }).id)).toEqual([c.item]);
        now = new Date(now.getTime() + 60_000);
        expect(await core.followUps()).toEqual({ polled: 0, replied: 0 });
        expect(notifier.replies).toHaveLength(1);
      });
    }
  }
});
