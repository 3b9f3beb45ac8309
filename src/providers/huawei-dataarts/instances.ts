/**
 * What an instance's state allows (its states: model.ts). DataArts does not refuse a rerun of a
 * live instance, it starts a second run, so the preview refuses it here.
 */
import type { Message } from '../../lib/message.ts';
import { msg } from './messages.ts';
import { LIVE, RERUNNABLE, type InstanceDetail, type JobInstance } from './model.ts';
import type { RerunParams, SeenState } from './schema.ts';
import { formatWallTime } from './times.ts';

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
