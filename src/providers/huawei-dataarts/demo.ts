/**
 * The demo target `dlf-prod` (docs/SPEC.md §3): this folder's emulator, seeded with the instance
 * of Huawei's "rerun job instances" example (docs/providers/vendor/huawei-dataarts-rerun-job-instances.en.txt):
 * job `test_job_name`, job id 917567, planned 1732601580000 (2024-11-26 14:13 in Asia/Shanghai,
 * the target's zone), submitted 1732239754684, failed at its second node. So
 * `/rerun dlf-prod job=test_job_name mode=instance location=errorNode version=original job_id=917567
 * plan_time="2024-11-26 14:13" submit_time=1732239754684` goes through. The other examples of
 * `/rerun help` and README.md find what they name here too (test/e2e/examples.test.ts runs them):
 * a second failed instance of `test_job_name`, `job_test_smn2` (the vendor's chain example) and
 * `daily_etl`, whose last run failed a few hours before the demo started.
 */
import { endRunsAfter, type DemoOptions, type ProviderDemo, type RunningDemo } from '../../emulators/demo.ts';
import type { HuaweiEmulator } from './emulator.ts';
import { PROVIDER_ID } from './schema.ts';

export const DEMO_TARGET_ID = 'dlf-prod';
export const DEMO_REGION = 'cn-north-4';
export const DEMO_PROJECT_ID = '62099355b894428e8916573ae635f1f9';
export const DEMO_WORKSPACE = '62fbba734e634c5087656fc3ff7adf34';
/** Where people who type `plan_time="2024-11-26 14:13"` are. */
export const DEMO_TIME_ZONE = 'Asia/Shanghai';
/** Obviously fake: the emulator checks the signature against these and nothing else. */
export const DEMO_AUTH = { accessKey: 'demo-access-key', secretKey: 'demo-secret-key' };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEMO_JOB = 'test_job_name';
export const DEMO_JOB_ID = 917567;
export const DEMO_PLAN_TIME = 1732601580000;
export const DEMO_SUBMIT_TIME = 1732239754684;
/** The next hour's run of the same job, also failed: the help's `instance=a,b` example names both. */
export const DEMO_NEXT_PLAN_TIME = DEMO_PLAN_TIME + HOUR;
export const DEMO_NEXT_SUBMIT_TIME = DEMO_SUBMIT_TIME + 1;
/** The job of the vendor's chain example, failed in its window (2024-11-26 16:08:40 to 17:08:40 in Shanghai). */
export const DEMO_CHAIN_JOB = 'job_test_smn2';
export const DEMO_CHAIN_PLAN_TIME = DEMO_PLAN_TIME + 2 * HOUR;
/** A daily job whose runs are relative to the demo's start, so a window like `begin=-6h end=-1h` finds its last one. */
export const DEMO_DAILY_JOB = 'daily_etl';
/** How long before the demo's start (rounded down to the hour) `daily_etl`'s last run was planned. */
const DAILY_LAST_RUN_AGO = 3 * HOUR;

/**
 * The documented example: one instance, failed at `clean_orders` (after `extract_orders`, before
 * `load_orders`); beside it what the other examples name. `now` places `daily_etl`'s runs.
 */
export function seedDemo(emu: HuaweiEmulator, now = Date.now()): void {
  emu.addJob(DEMO_JOB, { id: DEMO_JOB_ID, nodes: ['extract_orders', 'clean_orders', 'load_orders'] });
  emu.addInstance(DEMO_JOB, {
    plan_time: DEMO_PLAN_TIME,
    submit_time: DEMO_SUBMIT_TIME,
    status: 'fail',
    failedNode: 'clean_orders',
    // The vendor's 917567 is the job_id the retry sends; SPEC calls it the instance, so it is both.
    instance_id: DEMO_JOB_ID,
  });
  emu.addInstance(DEMO_JOB, {
    plan_time: DEMO_NEXT_PLAN_TIME,
    submit_time: DEMO_NEXT_SUBMIT_TIME,
    status: 'fail',
    failedNode: 'load_orders',
  });
  emu.addJob(DEMO_CHAIN_JOB, { nodes: ['collect', 'notify'] });
  emu.addInstance(DEMO_CHAIN_JOB, { plan_time: DEMO_CHAIN_PLAN_TIME, status: 'fail', failedNode: 'notify' });
  // Three daily runs: two succeeded, the last one failed.
  emu.addJob(DEMO_DAILY_JOB, { nodes: ['extract', 'transform', 'load'] });
  const lastRun = Math.floor(now / HOUR) * HOUR - DAILY_LAST_RUN_AGO;
  for (const daysAgo of [2, 1, 0]) {
    emu.addInstance(DEMO_DAILY_JOB, {
      plan_time: lastRun - daysAgo * DAY,
      status: daysAgo === 0 ? 'fail' : 'success',
      ...(daysAgo === 0 ? { failedNode: 'transform' } : {}),
    });
  }
}

export const huaweiDemo: ProviderDemo = {
  targetId: DEMO_TARGET_ID,
  async start(options: DemoOptions = {}): Promise<RunningDemo> {
    // Loaded on demand: the bot in Slack mode never starts an emulator, so it need not load one.
    const { startHuaweiEmulator } = await import('./emulator.ts');
    const emu = await startHuaweiEmulator({
      projectId: DEMO_PROJECT_ID,
      workspaces: [DEMO_WORKSPACE],
      aksk: { ...DEMO_AUTH },
    });
    seedDemo(emu);
    // In the demo a rerun instance succeeds (instance mode names its instances by plan time;
    // a chain rerun's instances keep the state the rerun gave them).
    const stopRuns = endRunsAfter(emu.retryCalls, options.runMs, (call) => {
      const tasks = (call.body as { task_retrys?: { plan_time?: number }[] }).task_retrys ?? [];
      for (const t of tasks)
        if (typeof t.plan_time === 'number') emu.finishRun(call.job, t.plan_time, 'success', call.workspace);
    });
    return {
      url: emu.url,
      target: {
        provider: PROVIDER_ID,
        endpoint: emu.url,
        region: DEMO_REGION,
        projectId: DEMO_PROJECT_ID,
        workspace: DEMO_WORKSPACE,
        timeZone: DEMO_TIME_ZONE,
        auth: { ...DEMO_AUTH },
      },
      auth: { ...DEMO_AUTH },
      rerunCalls: () => emu.retryCalls.length,
      close: () => {
        stopRuns();
        return emu.close();
      },
    };
  },
};
