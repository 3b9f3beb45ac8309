/**
 * Reruns DataArts accepted, remembered per target (state.ts) so that status() does not report the
 * run before the rerun as final.
 */
import type { JobInstance } from './client.ts';
import type { SessionContext } from './context.ts';
import { TERMINAL } from './instances.ts';
import { instancesOf, splitJobRef, type RerunParams } from './schema.ts';
import { acceptedKey } from './state.ts';

/**
 * After DataArts accepts a rerun, the list may still show the previous run's final state for a
 * moment; for this long status() reports such an instance as not final yet.
 */
const RESTART_GRACE_MS = 10 * 60_000;

export function recordAccepted({ target, deps, state }: SessionContext, send: RerunParams): void {
  const now = deps.clock.now().getTime();
  if (send.mode === 'instance') {
    for (const ref of instancesOf(send))
      state.accepted.set(acceptedKey(target.workspace, send.job, ref.plan_time), now);
  } else {
    for (const ref of send.jobs) {
      const { job_name, workspace_id } = splitJobRef(ref, target.workspace);
      state.accepted.set(acceptedKey(workspace_id, job_name, `${send.begin}-${send.end}`), now);
    }
  }
}

/** True while a just-accepted rerun may not show yet: the list still holds the old run's end. */
export function notRestartedYet({ deps, state }: SessionContext, key: string, inst: JobInstance): boolean {
  const at = state.accepted.get(key);
  if (at === undefined) return false;
  const now = deps.clock.now().getTime();
  if (now - at > RESTART_GRACE_MS) {
    state.accepted.delete(key);
    return false;
  }
  return TERMINAL.has(inst.status) && (inst.end_time ?? 0) < at;
}
