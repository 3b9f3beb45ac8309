/**
 * The demo target `ocp-main` (docs/SPEC.md §3): this folder's emulator, seeded with the task of
 * the README's and SPEC's example: task 100 whose subtask 1000 FAILED on its own (not in a
 * rollback, so OCP's "retry a subtask" takes it), between a SUCCESSFUL and a PENDING one. So
 * `/rerun ocp-main task=100 subtask=1000` goes through.
 */
import { endRunsAfter, type DemoOptions, type ProviderDemo, type RunningDemo } from '../../emulators/demo.ts';
import type { OcpEmulator } from './emulator.ts';
import { PROVIDER_ID } from './schema.ts';

export const DEMO_TARGET_ID = 'ocp-main';
/** Obviously fake: the emulator checks HTTP Basic against these and nothing else. */
export const DEMO_AUTH = { username: 'demo-user', password: 'demo-password' };

/** Task 100: subtask 999 SUCCESSFUL, 1000 FAILED (last operation EXECUTE), 1001 PENDING. */
export function seedDemo(emu: OcpEmulator): void {
  emu.addTask({
    id: 100,
    name: 'Add tenant t1',
    subtasks: [
      { id: 999, name: 'Create resource pool', status: 'SUCCESSFUL', downstreams: [1000] },
      {
        id: 1000,
        name: 'Create tenant',
        status: 'FAILED',
        operation: 'EXECUTE',
        upstreams: [999],
        downstreams: [1001],
      },
      { id: 1001, name: 'Set tenant parameters', status: 'PENDING', upstreams: [1000] },
    ],
  });
}

export const ocpDemo: ProviderDemo = {
  targetId: DEMO_TARGET_ID,
  async start(options: DemoOptions = {}): Promise<RunningDemo> {
    // The demo user holds TASK_MANAGER, which OCP requires to retry a subtask.
    // Loaded on demand: the bot in Slack mode never starts an emulator, so it need not load one.
    const { startOcpEmulator } = await import('./emulator.ts');
    const emu = await startOcpEmulator({ users: [{ ...DEMO_AUTH, taskManager: true }] });
    seedDemo(emu);
    // In the demo a retried subtask succeeds, and the task goes on to its end.
    const stopRuns = endRunsAfter(emu.retryCalls, options.runMs, (call) => {
      emu.finishSubtask(call.task, call.subtask, 'SUCCESSFUL');
      for (const sub of emu.tasks.get(call.task)?.subtasks ?? [])
        if (sub.status !== 'SUCCESSFUL') emu.finishSubtask(call.task, sub.id, 'SUCCESSFUL');
    });
    return {
      url: emu.url,
      target: { provider: PROVIDER_ID, endpoint: emu.url, auth: { ...DEMO_AUTH } },
      auth: { ...DEMO_AUTH },
      rerunCalls: () => emu.retryCalls.length,
      close: () => {
        stopRuns();
        return emu.close();
      },
    };
  },
};
