/**
 * Instance states and what they allow (docs/providers/FACTS.md §1.5: v2 `waiting, running, success, fail,
 * running-exception, pause, manual-stop, skip-by-depend, freeze`; v1 adds `forceSuccess,
 * ignoreSuccess, waiting-confirm`). DataArts does not refuse a rerun of a live instance, it starts
 * a second run, so the preview refuses it here.
 */
import type { Message } from '../../lib/message.ts';
import type { InstanceDetail, JobInstance, NodeInstance } from './client.ts';
import { msg } from './messages.ts';
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
/** Final states that count as a success (the others in TERMINAL are a failure of the run). */
const SUCCEEDED = new Set(['success', 'forceSuccess', 'ignoreSuccess']);
/** How terminal instances ended: succeeded when every one did. */
export function resultOf(statuses: readonly string[]): 'succeeded' | 'failed' {
  return statuses.every((s) => SUCCEEDED.has(s)) ? 'succeeded' : 'failed';
}
/** Node states that mark where an instance failed. */
const FAILED_NODE = new Set(['fail', 'running-exception']);

/** Why this instance may not be rerun with these parameters, or undefined when it may. */
export function refusal(
  instance: JobInstance,
  detail: InstanceDetail | undefined,
  params: RerunParams,
): Message | undefined {
  const s = instance.status;
  if (LIVE.has(s)) return msg('huawei-dataarts.refused.live', { state: s });
  if (s === 'freeze') return msg('huawei-dataarts.refused.frozen', {});
  if (!RERUNNABLE.has(s)) return msg('huawei-dataarts.refused.otherState', { state: s });
  if (params.location === 'errorNode' && s === 'success') return msg('huawei-dataarts.refused.noFailedNode', {});
  const nodes = detail?.nodes;
  if (
    params.location === 'specifiedNode' &&
    params.node !== undefined &&
    nodes &&
    nodes.length > 0 &&
    !nodes.some((n) => n.nodeName === params.node)
  ) {
    return msg('huawei-dataarts.refused.noSuchNode', { node: params.node, nodes: nodes.map((n) => n.nodeName) });
  }
  return undefined;
}

/**
 * Why an instance that the preview saw as `seen` may no longer be sent: its status changed, or
 * it ran again (a new end time) since. Undefined when it is as seen, or nothing was seen.
 */
export function changedSince(
  seen: SeenState | undefined,
  instance: JobInstance,
  timeZone: string,
): Message | undefined {
  if (!seen) return undefined;
  if (seen.status !== instance.status)
    return msg('huawei-dataarts.refused.stateChanged', { was: seen.status, now: instance.status });
  if ((seen.end_time ?? 0) !== (instance.end_time ?? 0)) {
    const when = (ms: number | undefined) => (ms ? formatWallTime(ms, timeZone) : undefined);
    return msg('huawei-dataarts.refused.ranAgain', {
      endedThen: when(seen.end_time),
      endedNow: when(instance.end_time),
    });
  }
  return undefined;
}

/** What the preview saw of `instance`, to carry in `send`. */
export function seenOf(instance: JobInstance): SeenState {
  return { status: instance.status, ...(instance.end_time ? { end_time: instance.end_time } : {}) };
}

function failedNodes(detail: InstanceDetail | undefined): NodeInstance[] {
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
): Message[] {
  // Each time says its zone: the summary beside these lines shows UTC (or the reader's own time on Slack).
  const t = (ms: number) => `${formatWallTime(ms, timeZone)} ${timeZone}`;
  const lines: Message[] = [];
  const failed = failedNodes(detail);
  for (const n of failed) {
    lines.push(
      msg('huawei-dataarts.detail.failedNode', {
        node: n.nodeName,
        state: n.status,
        type: n.type || undefined,
        retries: n.retryTimes || undefined,
      }),
    );
  }
  if (failed.length === 0)
    lines.push(
      detail?.nodes
        ? msg('huawei-dataarts.detail.failedNodeNone', {})
        : msg('huawei-dataarts.detail.failedNodeUnavailable', {}),
    );
  lines.push(msg('huawei-dataarts.detail.planned', { at: t(instance.plan_time) }));
  if (instance.end_time) lines.push(msg('huawei-dataarts.detail.ended', { at: t(instance.end_time) }));
  else if (instance.start_time) lines.push(msg('huawei-dataarts.detail.started', { at: t(instance.start_time) }));
  if (instance.submit_time) lines.push(msg('huawei-dataarts.detail.submitted', { at: t(instance.submit_time) }));
  if (instance.instance_id !== undefined)
    lines.push(msg('huawei-dataarts.detail.instanceId', { id: instance.instance_id }));
  // instance_type 0 is an ordinary scheduled run and goes unmentioned.
  if (instance.instance_type !== undefined && instance.instance_type !== 0)
    lines.push(msg('huawei-dataarts.detail.instanceType', { type: instance.instance_type }));
  return lines;
}

/** `fail×2, success×10`: the statuses of a job's instances in a window. */
export function statusCounts(instances: readonly JobInstance[]): string {
  const counts = new Map<string, number>();
  for (const i of instances) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${s}×${n}`).join(', ');
}
