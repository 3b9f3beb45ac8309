/**
 * mode=chain (jobs + begin/end + concurrent): each job is an item, and DataArts reruns every
 * instance of it planned in the window with their upstream and downstream instances. Preview,
 * the pre-send check and status each read the jobs' windows; a job is refused while any
 * instance in its window is live, as a rerun would start a second run beside it.
 */
import { ProviderError, withIds } from '../_shared/errors.ts';
import type { ItemOutcome, JobStatus, Preview, PreviewItem, StatusItem } from '../types.ts';
import { notRestartedYet } from './accepted.ts';
import type { SessionContext } from './context.ts';
import { LIVE, RERUNNABLE, statusCounts, TERMINAL } from './instances.ts';
import {
  BUDGET_SENTENCE,
  cutShortNote,
  cutShortSuffix,
  listWindow,
  MAX_LISTED,
  newBudget,
  type Listed,
} from './listing.ts';
import { notFoundItem, optionsNote } from './preview.ts';
import { splitJobRef, type ChainParams, type RerunParams } from './schema.ts';
import { acceptedKey } from './state.ts';
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

const windowText = ({ tz }: SessionContext, p: ChainParams) =>
  `${formatTime(p.begin, tz)} and ${formatTime(p.end, tz)}`;

/** A job's instances in the window: why the job may not be sent (undefined when it may), and what was read. */
function chainRefusal(
  { tz }: SessionContext,
  listed: Listed,
  window: string,
  seenCounts: string | undefined,
): string | undefined {
  const { instances, complete } = listed;
  if (!complete) {
    return `not all of its instances planned between ${window} could be read (more than ${MAX_LISTED}, or ${BUDGET_SENTENCE}), so a live one may be among them: narrow the window or name fewer jobs`;
  }
  const blocking = instances.filter((i) => !RERUNNABLE.has(i.status));
  const first = blocking[0];
  if (first) {
    return `${blocking.length} instance(s) in the window are not finished (${first.status}, planned ${formatTime(first.plan_time, tz)}); rerunning now would start a second run beside them. Wait for them to finish or stop them first`;
  }
  const counts = statusCounts(instances);
  if (seenCounts !== undefined && seenCounts !== counts)
    return `its instances changed since the preview (${seenCounts} then, ${counts || 'none'} now): ask again to see them as they are`;
  return undefined;
}

export async function previewChain(ctx: SessionContext, p: ChainParams): Promise<Preview<RerunParams>> {
  const { target, tz } = ctx;
  const window = windowText(ctx, p);
  const notes = [
    `Reruns every instance of ${p.jobs.length === 1 ? 'this job' : 'these jobs'} planned between ${window}, successful ones included, together with their upstream and downstream instances, ${p.concurrent} at a time. ${optionsNote(p)}`,
    `A job is refused when any of its instances in the window is still waiting, running, paused or frozen: a rerun would start a second run beside it. Times are in ${tz}.`,
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
        reason: `not checked: ${BUDGET_SENTENCE}; name fewer jobs or a shorter window`,
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
        reason: `no instance of ${job_name} in workspace ${workspace_id} is planned between ${window}`,
      });
      continue;
    }
    const reason = chainRefusal(ctx, listed, window, p.seen?.[ref]);
    const lines = instances.slice(-CHAIN_LINES).map((i) => `${formatWallTime(i.plan_time, tz)} ${i.status}`);
    if (instances.length > CHAIN_LINES)
      lines.unshift(`… ${instances.length - CHAIN_LINES} earlier instance(s) not shown`);
    items.push({
      id,
      state: statusCounts(instances) || 'NOT READ',
      eligible: !reason,
      ...(reason ? { reason } : {}),
      details: [`${instances.length}${listed.complete ? '' : '+'} instance(s) in the window`, ...lines],
    });
    if (!reason) {
      eligible.push(ref);
      seen[ref] = statusCounts(instances);
    }
  }
  notes.push(...cutShortNote(budget, 'some jobs were'));
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
  const window = windowText(ctx, send);
  const keep: string[] = [];
  for (const ref of send.jobs) {
    const { job_name, workspace_id } = splitJobRef(ref, target.workspace);
    let listed;
    try {
      listed = await listWindow(ctx, job_name, workspace_id, send.begin, send.end, budget);
    } catch (err) {
      if (!(err instanceof ProviderError && err.kind === 'not-found')) throw err;
      refused.push({
        id: jobItemId(ctx, ref),
        result: 'refused',
        reason: withIds(err.message, err.code, err.requestId),
      });
      continue;
    }
    const reason =
      listed.instances.length === 0 && listed.complete
        ? `no instance is planned between ${window} any more`
        : chainRefusal(ctx, listed, window, send.seen?.[ref]);
    if (reason) refused.push({ id: jobItemId(ctx, ref), result: 'refused', reason });
    else keep.push(ref);
  }
  return { send: keep.length > 0 ? { ...send, jobs: keep } : null, refused };
}

export async function statusChain(ctx: SessionContext, p: ChainParams): Promise<JobStatus> {
  const { target } = ctx;
  const budget = newBudget();
  const items: StatusItem[] = [];
  for (const ref of p.jobs) {
    const { job_name, workspace_id } = splitJobRef(ref, target.workspace);
    const { instances, complete } = await listWindow(ctx, job_name, workspace_id, p.begin, p.end, budget);
    const key = acceptedKey(workspace_id, job_name, `${p.begin}-${p.end}`);
    const pending = instances.some((i) => notRestartedYet(ctx, key, i));
    const terminal = complete && !pending && instances.every((i) => TERMINAL.has(i.status));
    const live = instances.filter((i) => LIVE.has(i.status)).length;
    items.push({
      id: jobItemId(ctx, ref),
      state: instances.length ? statusCounts(instances) : complete ? 'NO INSTANCES' : 'NOT READ',
      terminal,
      detail: pending
        ? 'rerun accepted; DataArts still shows the previous runs'
        : live
          ? `${live} instance(s) still waiting or running`
          : complete
            ? undefined
            : `not all instances in the window were read (more than ${MAX_LISTED}, or ${BUDGET_SENTENCE})`,
    });
  }
  return {
    items,
    terminal: items.every((i) => i.terminal),
    summary: `${items.map((i) => `${i.id}: ${i.state}`).join('; ')}${cutShortSuffix(budget)}`,
  };
}
