/**
 * The demo target `ehpc-hz` (docs/SPEC.md §3): this folder's emulator, with cluster
 * `ehpc-hz-xxxxxxxx` holding `1.scheduler` (the job id of Alibaba's RerunJobs example,
 * docs/providers/vendor/alibaba-ehpc-rerunjobs.zh.txt) RUNNING and `2.scheduler` QUEUED, the two
 * states RerunJobs requeues. So `/rerun ehpc-hz jobs=1.scheduler,2.scheduler async=true` goes
 * through. A second cluster, `ehpc-hz-FYUr32abcd` (the cluster id the field and its messages
 * show), runs its own `1.scheduler`, so the help's `cluster=` example finds it
 * (test/e2e/examples.test.ts).
 */
import { endRunsAfter, type DemoOptions, type ProviderDemo, type RunningDemo } from '../../emulators/demo.ts';
import type { EhpcEmulator } from './emulator.ts';
import { PROVIDER_ID } from './schema.ts';

export const DEMO_TARGET_ID = 'ehpc-hz';
export const DEMO_REGION = 'cn-hangzhou';
export const DEMO_CLUSTER_ID = 'ehpc-hz-xxxxxxxx';
/** Another cluster of the same account, named with `cluster=` to override the target's. */
export const DEMO_OTHER_CLUSTER_ID = 'ehpc-hz-FYUr32abcd';
/** Obviously fake: the emulator checks the signature against these and nothing else. */
export const DEMO_AUTH = { accessKeyId: 'demo-access-key-id', accessKeySecret: 'demo-access-key-secret' };

/** The documented example jobs on a running cluster: one RUNNING on a node, one QUEUED behind it. */
export function seedDemo(emu: EhpcEmulator): void {
  emu.addCluster(DEMO_CLUSTER_ID);
  emu.addJob(DEMO_CLUSTER_ID, '1.scheduler', 'RUNNING', {
    Name: 'wrf-forecast',
    Owner: 'user1',
    NodeList: ['compute2'],
  });
  emu.addJob(DEMO_CLUSTER_ID, '2.scheduler', 'QUEUED', { Name: 'wrf-postprocess', Owner: 'user1' });
  emu.addCluster(DEMO_OTHER_CLUSTER_ID);
  emu.addJob(DEMO_OTHER_CLUSTER_ID, '1.scheduler', 'RUNNING', {
    Name: 'cfd-mesh',
    Owner: 'user2',
    NodeList: ['compute7'],
  });
}

export const ehpcDemo: ProviderDemo = {
  targetId: DEMO_TARGET_ID,
  async start(options: DemoOptions = {}): Promise<RunningDemo> {
    // Loaded on demand: the bot in Slack mode never starts an emulator, so it need not load one.
    const { startEhpcEmulator } = await import('./emulator.ts');
    const emu = await startEhpcEmulator({ ...DEMO_AUTH });
    seedDemo(emu);
    // In the demo the requeued jobs run to their end.
    const stopRuns = endRunsAfter(emu.rerunCalls, options.runMs, (call) => {
      for (const id of call.requeued) {
        const job = emu.job(call.cluster, id);
        if (job) job.State = 'FINISHED';
      }
    });
    return {
      url: emu.url,
      target: {
        provider: PROVIDER_ID,
        endpoint: emu.url,
        region: DEMO_REGION,
        clusterId: DEMO_CLUSTER_ID,
        auth: { ...DEMO_AUTH },
      },
      auth: { ...DEMO_AUTH },
      rerunCalls: () => emu.rerunCalls.length,
      close: () => {
        stopRuns();
        return emu.close();
      },
    };
  },
};
