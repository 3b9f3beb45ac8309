/**
 * mode=chain (jobs + begin/end + concurrent): each job is an item, and DataArts reruns every
 * instance of it planned in the window with their upstream and downstream instances. Preview,
 * the pre-send check and status each read the jobs' windows; a job is refused while any
 * instance in its window is live, as a rerun would start a second run beside it.
 */
import type { Message } from '../../lib/message.ts';
import { ProviderError } from '../_shared/errors.ts';
import type { ItemOutcome, JobStatus, Preview, PreviewItem, StatusContext, StatusItem } from '../types.ts';
import { acceptedWithinGrace, notRestartedYet } from './accepted.ts';
import type { SessionContext } from './context.ts';
import { notFoundItem, optionsNote, statusCounts } from './details.ts';
import { MAX_LIST_CALLS, MAX_LISTED } from './limits.ts';
import { cutShortNote, listWindow, newBudget, ownReads, type Listed, type WindowReader } from './listing.ts';
import { msg } from './messages.ts';
import { LIVE, RERUNNABLE, resultOf, TERMINAL } from './model.ts';
import { splitJobRef, type ChainParams, type RerunParams } from './schema.ts';
import { formatTime, formatWallTime } from './times.ts';

/** Instances listed per job in a chain preview item before "… and N more". */
const CHAIN_LINES = 10;

/**
 * Chain items are jobs (the policy's cooldown counts reruns per item id): the job name, with
 * `@workspace` when it is not the target's workspace.
 */
export function jobItemId({ target }: SessionContext, ref: string): string {
  const { job_name, workspace_id } = splitJobRef(ref, target.workspace);
  return workspace_id === target.workspace ? job_name : `${job_name}@${workspace_id}`;
}

/** The window's bounds as people read them, in the target's zone. */
const windowOf = ({ tz }: SessionContext, p: ChainParams) => ({
  from: formatTime(p.begin, tz),
  to: formatTime(p.end, tz),
});

/** A job's instances in the window: why the job may not be sent (undefined when it may), and what was read. */
function chainRefusal(
  { tz }: SessionContext,
  listed: Listed,
  window: { from: string; to: string },
  seenCounts: string | undefined,
): Message | undefined {
  const { instances, complete } = listed;
  if (!complete) {
    return msg('huawei-dataarts.refused.chain.incomplete', {
      ...window,
      maxListed: MAX_LISTED,
      maxCalls: MAX_LIST_CALLS,
    });
  }
  const blocking = instances.filter((i) => !RERUNNABLE.has(i.status));
  const first = blocking[0];
  if (first) {
    return msg('huawei-dataarts.refused.chain.live', {
      count: blocking.length,
      state: first.status,
      planned: formatTime(first.plan_time, tz),
    });
  }
  const counts = statusCounts(instances);
  if (seenCounts !== undefined && seenCounts !== counts)
    return msg('huawei-dataarts.refused.chain.changed', { seen: seenCounts, now: counts });
  return undefined;
}

export async function previewChain(ctx: SessionContext, p: ChainParams): Promise<Preview<RerunParams>> {
  const { target, tz } = ctx;
  const window = windowOf(ctx, p);
  const notes: Message[] = [
    msg('huawei-dataarts.note.chain', { jobs: p.jobs.length, ...window, concurrent: p.concurrent }),
    optionsNote(p),
    msg('huawei-dataarts.note.chainRefusal', { timeZone: tz }),
  ];
  const budget = newBudget();
  const items: PreviewItem[] = [];
  const eligible: string[] = [];
  const seen: Record<string, string> = {};
  for (const ref of p.jobs) {
    const { job_name, workspace_id } = splitJobRef(ref, target.workspace);
    const id = jobItemId(ctx, ref);
    if (budget.left <= 0) {
      budget.exhausted = true;
      items.push({
        id,
        state: 'NOT READ',
        eligible: false,
        reason: msg('huawei-dataarts.refused.chain.notRead', { maxCalls: MAX_LIST_CALLS }),
      });
      continue;
    }
    let listed;
    try {
      listed = await listWindow(ctx, job_name, workspace_id, p.begin, p.end, budget);
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not-found') {
        items.push(notFoundItem(id, workspace_id === target.workspace ? undefined : job_name, err));
        continue;
      }
      throw err;
    }
    const { instances } = listed;
    if (instances.length === 0 && listed.complete) {
      items.push({
        id,
        state: 'NO INSTANCES',
        eligible: false,
        reason: msg('huawei-dataarts.refused.chain.noInstances', { job: job_name, workspace: workspace_id, ...window }),
      });
      continue;
    }
    const reason = chainRefusal(ctx, listed, window, p.seen?.[ref]);
    const lines = instances
      .slice(-CHAIN_LINES)
      .map((i) =>
        msg('huawei-dataarts.detail.chain.instance', { planned: formatWallTime(i.plan_time, tz), state: i.status }),
      );
    if (instances.length > CHAIN_LINES)
      lines.unshift(msg('huawei-dataarts.detail.chain.earlier', { count: instances.length - CHAIN_LINES }));
    items.push({
      id,
      state: statusCounts(instances) || 'NOT READ',
      eligible: !reason,
      ...(reason ? { reason } : {}),
      details: [
        msg('huawei-dataarts.detail.chain.count', { count: instances.length, more: !listed.complete }),
        ...lines,
      ],
    });
    if (!reason) {
      eligible.push(ref);
      seen[ref] = statusCounts(instances);
    }
  }
  notes.push(...cutShortNote(budget, 'jobs'));
  return { items, notes, send: eligible.length > 0 ? { ...p, jobs: eligible, seen } : null };
}

/**
 * The pre-send check: each job's window read again, the job left out when it is gone, holds a
 * live instance now, or changed since the preview (the status counts `seen` records).
 */
export async function recheckChain(
  ctx: SessionContext,
  send: ChainParams,
): Promise<{ send: ChainParams | null; refused: ItemOutcome[] }> {
  const { target } = ctx;
  const budget = newBudget();
  const refused: ItemOutcome[] = [];
  const window = windowOf(ctx, send);
  const keep: string[] = [];
  for (const ref of send.jobs) {
    const { job_name, workspace_id } = splitJobRef(ref, target.workspace);
    let listed;
    try {
      listed = await listWindow(ctx, job_name, workspace_id, send.begin, send.end, budget);
    } catch (err) {
      if (!(err instanceof ProviderError && err.kind === 'not-found')) throw err;
      refused.push({ id: jobItemId(ctx, ref), result: 'refused', reason: err.detail });
      continue;
    }
    const reason =
      listed.instances.length === 0 && listed.complete
        ? msg('huawei-dataarts.refused.chain.nothingPlanned', window)
        : chainRefusal(ctx, listed, window, send.seen?.[ref]);
    if (reason) refused.push({ id: jobItemId(ctx, ref), result: 'refused', reason });
    else keep.push(ref);
  }
  return { send: keep.length > 0 ? { ...send, jobs: keep } : null, refused };
}

export async function statusChain(
  ctx: SessionContext,
  p: ChainParams,
  context: StatusContext,
  read: WindowReader = ownReads(ctx),
): Promise<JobStatus> {
  const { target } = ctx;
  const budget = newBudget();
  const acceptedAt = acceptedWithinGrace(ctx, context);
  const items: StatusItem[] = [];
  for (const ref of p.jobs) {
    const { job_name, workspace_id } = splitJobRef(ref, target.workspace);
    const { instances, complete } = await read(job_name, workspace_id, p.begin, p.end, budget);
    const pending = instances.some((i) => notRestartedYet(acceptedAt, i));
    const terminal = complete && !pending && instances.every((i) => TERMINAL.has(i.status));
    const live = instances.filter((i) => LIVE.has(i.status)).length;
    const detail = pending
      ? msg('huawei-dataarts.status.chain.pending', {})
      : live
        ? msg('huawei-dataarts.status.chain.live', { count: live })
        : complete
          ? undefined
          : msg('huawei-dataarts.status.chain.incomplete', { maxListed: MAX_LISTED, maxCalls: MAX_LIST_CALLS });
    items.push({
      id: jobItemId(ctx, ref),
      state: instances.length ? statusCounts(instances) : complete ? 'NO INSTANCES' : 'NOT READ',
      terminal,
      ...(terminal && instances.length ? { result: resultOf(instances.map((i) => i.status)) } : {}),
      ...(detail ? { detail } : {}),
    });
  }
  return { items, terminal: items.every((i) => i.terminal) };
}
