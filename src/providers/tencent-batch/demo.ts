/**
 * The demo target `batch-gz` (docs/SPEC.md §3): this folder's emulator, seeded with the two job
 * ids of Tencent's RetryJobs example (docs/providers/vendor/tencent-batch-retryjobs.en.txt),
 * both FAILED, so `/rerun batch-gz job_ids=job-rybewp57,job-97zcl3wt` goes through.
 */
import { endRunsAfter, type DemoOptions, type ProviderDemo, type RunningDemo } from '../../emulators/demo.ts';
import type { TencentEmulator } from './emulator.ts';
import { PROVIDER_ID } from './schema.ts';

export const DEMO_TARGET_ID = 'batch-gz';
export const DEMO_REGION = 'ap-guangzhou';
/** Obviously fake: the emulator checks the signature against these and nothing else. */
export const DEMO_AUTH = { secretId: 'demo-secret-id', secretKey: 'demo-secret-key' };

/** The documented example jobs, both FAILED with one failed task each. */
export function seedDemo(emu: TencentEmulator): void {
  emu.addJob('job-rybewp57', 'FAILED', 'nightly-etl-orders', {
    CreateTime: '2024-11-26T05:00:12Z',
    EndTime: '2024-11-26T05:47:31Z',
    TaskMetrics: {
      SubmittedCount: 0,
      PendingCount: 0,
      RunnableCount: 0,
      RunningCount: 0,
      SucceedCount: 3,
      FailedCount: 1,
    },
  });
  emu.addJob('job-97zcl3wt', 'FAILED', 'nightly-etl-payments', {
    CreateTime: '2024-11-26T05:00:15Z',
    EndTime: '2024-11-26T05:12:02Z',
    TaskMetrics: {
      SubmittedCount: 0,
      PendingCount: 0,
      RunnableCount: 0,
      RunningCount: 0,
      SucceedCount: 0,
      FailedCount: 1,
    },
  });
}

/** How each example job's rerun ends in the demo: the orders job succeeds, the payments job fails again. */
export const DEMO_ENDS: Readonly<Record<string, 'SUCCEED' | 'FAILED'>> = {
  'job-rybewp57': 'SUCCEED',
  'job-97zcl3wt': 'FAILED',
};

export const tencentDemo: ProviderDemo = {
  targetId: DEMO_TARGET_ID,
  async start(options: DemoOptions = {}): Promise<RunningDemo> {
    // Loaded on demand: the bot in Slack mode never starts an emulator, so it need not load one.
    const { startTencentEmulator } = await import('./emulator.ts');
    const emu = await startTencentEmulator(DEMO_AUTH);
    seedDemo(emu);
    const stopRuns = endRunsAfter(emu.retryCalls, options.runMs, (ids) => {
      for (const id of ids) emu.finish(id, DEMO_ENDS[id] ?? 'SUCCEED');
    });
    return {
      url: emu.url,
      target: { provider: PROVIDER_ID, region: DEMO_REGION, endpoint: emu.url, auth: { ...DEMO_AUTH } },
      auth: { ...DEMO_AUTH },
      rerunCalls: () => emu.retryCalls.length,
      close: () => {
        stopRuns();
        return emu.close();
      },
    };
  },
};
