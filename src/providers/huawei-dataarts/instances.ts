/**
 * Instance states and what they allow (docs/providers/FACTS.md §1.5: v2 `waiting, running, success, fail,
 * running-exception, pause, manual-stop, skip-by-depend, freeze`; v1 adds `forceSuccess,
 * ignoreSuccess, waiting-confirm`). DataArts does not refuse a rerun of a live instance, it starts
 * a second run, so the preview refuses it here.
 */
import type { InstanceDetail, JobInstance, NodeInstance } from './client.ts';
import type { RerunParams, SeenState } from './schema.ts';
import { formatWallTime } from './times.ts';

/** In progress (or held mid-run): a rerun would start a second run beside it. */
export const LIVE = new Set(['waiting', 'running', 'pause', 'waiting-confirm']);
/** Finished one way or another: a rerun is a new run of the same instance. */
export const RERUNNABLE = new Set([
  'fail',
  'running-exception',
  'manual-stop',
  'success',
  'skip-by-depend',
  'forceSuccess',
  'ignoreSuccess',
]);
/** States an instance does not leave by itself. `pause` and `freeze` wait for a person, and are reported as not final. */
export const TERMINAL = RERUNNABLE;
/** Node states that mark where an instance failed. */
const FAILED_NODE = new Set(['fail', 'running-exception']);

/** instance_type (list API): 0 is an ordinary scheduled run and goes unmentioned. */
const INSTANCE_TYPES: Record<number, string> = {
  2: 'manual run',
  5: 'patch-data run',
  6: 'sub-job run',
  7: 'one-off run',
};

/** Why this instance may not be rerun with these parameters, or undefined when it may. */
export function refusal(
  instance: JobInstance,
  detail: InstanceDetail | undefined,
  params: RerunParams,
): string | undefined {
  const s = instance.status;
  if (LIVE.has(s))
    return `the instance is ${s}; rerunning it now would start a second run beside it. Wait for it to finish, or stop it in DataArts first`;
  if (s === 'freeze') return 'the instance is frozen; unfreeze it in DataArts Factory first';
  if (!RERUNNABLE.has(s)) return `the instance is in state ${s}, which this bot does not rerun`;
  if (params.location === 'errorNode' && s === 'success')
    return 'the instance succeeded, so it has no failed node to restart from: use location=firstNode or location=specifiedNode';
  const nodes = detail?.nodes;
  if (
    params.location === 'specifiedNode' &&
    params.node !== undefined &&
    nodes &&
    nodes.length > 0 &&
    !nodes.some((n) => n.nodeName === params.node)
  ) {
    return `the job has no node "${params.node}" (its nodes: ${nodes.map((n) => n.nodeName).join(', ')})`;
  }
  return undefined;
}

/**
 * Why an instance that the preview saw as `seen` may no longer be sent: its status changed, or
 * it ran again (a new end time) since. Undefined when it is as seen, or nothing was seen.
 */
export function changedSince(seen: SeenState | undefined, instance: JobInstance, timeZone: string): string | undefined {
  if (!seen) return undefined;
  if (seen.status !== instance.status)
    return `its state changed since the preview (it was ${seen.status}, it is ${instance.status} now): ask again to see it as it is`;
  if ((seen.end_time ?? 0) !== (instance.end_time ?? 0)) {
    const when = (ms: number | undefined) => (ms ? `ended ${formatWallTime(ms, timeZone)}` : 'not ended');
    return `it ran again since the preview (${when(seen.end_time)} then, ${when(instance.end_time)} now): ask again to see it as it is`;
  }
  return undefined;
}

/** What the preview saw of `instance`, to carry in `send`. */
export function seenOf(instance: JobInstance): SeenState {
  return { status: instance.status, ...(instance.end_time ? { end_time: instance.end_time } : {}) };
}

export function failedNodes(detail: InstanceDetail | undefined): NodeInstance[] {
  return (detail?.nodes ?? []).filter((n) => FAILED_NODE.has(n.status));
}

/**
 * The facts a person wants before approving, most important first (the approval message shows
 * about 300 characters): where it failed, when it was planned and ended. Times are wall times
 * in the target's zone, which the preview notes name once.
 */
export function describeInstance(
  instance: JobInstance,
  detail: InstanceDetail | undefined,
  timeZone: string,
): string[] {
  const t = (ms: number) => formatWallTime(ms, timeZone);
  const lines: string[] = [];
  const failed = failedNodes(detail);
  for (const n of failed) {
    const retries = n.retryTimes ? `, retried automatically ${n.retryTimes} time(s)` : '';
    lines.push(`failed node: ${n.nodeName} (${n.status}${n.type ? `, ${n.type}` : ''}${retries})`);
  }
  if (failed.length === 0) lines.push(detail?.nodes ? 'failed node: none reported' : 'failed node: not available');
  lines.push(`planned ${t(instance.plan_time)}`);
  if (instance.end_time) lines.push(`ended ${t(instance.end_time)}`);
  else if (instance.start_time) lines.push(`started ${t(instance.start_time)}`);
  if (instance.submit_time) lines.push(`submitted ${t(instance.submit_time)}`);
  if (instance.instance_id !== undefined) lines.push(`instance ${instance.instance_id}`);
  if (instance.instance_type !== undefined && instance.instance_type !== 0)
    lines.push(INSTANCE_TYPES[instance.instance_type] ?? `type ${instance.instance_type}`);
  return lines;
}

/** `fail×2, success×10`: the statuses of a job's instances in a window. */
export function statusCounts(instances: readonly JobInstance[]): string {
  const counts = new Map<string, number>();
  for (const i of instances) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${s}×${n}`).join(', ');
}
