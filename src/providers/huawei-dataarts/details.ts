/**
 * What a person reads about an instance, or a job's instances, before approving and after; and
 * what the previews of both modes share: the note on the rerun options, the item for an unknown job.
 */
import type { Message } from '../../lib/message.ts';
import type { ProviderError } from '../_shared/errors.ts';
import type { PreviewItem } from '../types.ts';
import { msg } from './messages.ts';
import { FAILED_NODE, type InstanceDetail, type JobInstance, type NodeInstance } from './model.ts';
import type { RerunParams } from './schema.ts';
import { formatWallTime } from './times.ts';

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

export function optionsNote(p: RerunParams): Message {
  return msg('huawei-dataarts.note.options', {
    location: p.location,
    node: p.node,
    version: p.version,
    ignoreObs: p.ignore_obs_monitor,
  });
}

/** The item for a job DataArts does not know: its own error, explained, with its code and request id. */
export function notFoundItem(id: string, name: string | undefined, err: ProviderError): PreviewItem {
  return {
    id,
    ...(name ? { name } : {}),
    state: 'NOT FOUND',
    eligible: false,
    reason: err.detail,
    code: err.code,
    requestId: err.requestId,
  };
}
