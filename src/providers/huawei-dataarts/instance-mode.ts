/**
 * mode=instance (task_retrys): each named instance is its own item, with the job name as id (the
 * unit the core's cooldown and open-request checks count, as in mode=chain) and its planned time
 * as name. Preview reads each instance (v2 list, plus the v1 instance detail for node statuses
 * when it answers), the pre-send check reads it again, status reads it after the rerun.
 */
import { ProviderError } from '../_shared/errors.ts';
import type { ItemOutcome, JobStatus, Preview, PreviewItem, StatusItem } from '../types.ts';
import { notRestartedYet } from './accepted.ts';
import type { JobInstance } from './client.ts';
import type { SessionContext } from './context.ts';
import { changedSince, describeInstance, refusal, seenOf, TERMINAL } from './instances.ts';
import { BUDGET_SENTENCE, cutShortNote, cutShortSuffix, listWindow, newBudget, type ListBudget } from './listing.ts';
import { notFoundItem, optionsNote } from './preview.ts';
import { instancesOf, type InstanceParams, type InstanceRef, type RerunParams } from './schema.ts';
import { acceptedKey } from './state.ts';
import { formatTime } from './times.ts';

const plannedName = (ctx: SessionContext, ref: InstanceRef) => `planned ${ctx.wall(ref.plan_time)}`;

/** The instance `ref` names, and the others planned at the same time. */
async function findInstance(
  ctx: SessionContext,
  job: string,
  ref: InstanceRef,
  budget: ListBudget,
): Promise<{ exact?: JobInstance; samePlan: JobInstance[]; complete: boolean }> {
  const { instances, complete } = await listWindow(
    ctx,
    job,
    ctx.target.workspace,
    ref.plan_time,
    ref.plan_time,
    budget,
  );
  const samePlan = instances.filter((i) => i.plan_time === ref.plan_time);
  return { exact: samePlan.find((i) => i.submit_time === ref.submit_time), samePlan, complete };
}

/** One instance's preview item, and what to send for it when it is eligible. */
async function previewOne(
  ctx: SessionContext,
  p: InstanceParams,
  ref: InstanceRef,
  several: boolean,
  budget: ListBudget,
): Promise<{ item: PreviewItem; send?: InstanceRef; noDetail?: boolean }> {
  const { target, client, tz, wall } = ctx;
  const id = p.job;
  // With several instances each item is named by its planned time, and each reason names it
  // too (the core quotes reasons without names). One instance is named by the notes.
  const named = several ? { name: plannedName(ctx, ref) } : {};
  const tail = several ? ` (instance planned ${wall(ref.plan_time)})` : '';
  const found = await findInstance(ctx, p.job, ref, budget);
  const inst = found.exact;
  if (!inst) {
    if (!found.complete) {
      return {
        item: {
          id,
          ...named,
          state: 'NOT READ',
          eligible: false,
          reason: `not checked: ${BUDGET_SENTENCE}; name fewer instances${tail}`,
        },
      };
    }
    const other = found.samePlan[0];
    const reason = other
      ? `the instance planned ${formatTime(ref.plan_time, tz)} was submitted at ${other.submit_time ?? 'an unknown time'} (${other.submit_time ? formatTime(other.submit_time, tz) : '?'}), not ${ref.submit_time}: pick it from the instance list`
      : `no instance of ${p.job} is planned at ${formatTime(ref.plan_time, tz)} in workspace ${target.workspace}: check plan_time or pick the instance from the list`;
    return {
      item: { id, ...named, state: other ? other.status : 'NOT FOUND', eligible: false, reason: `${reason}${tail}` },
    };
  }
  const detail =
    inst.instance_id !== undefined ? await client.instanceDetail(p.job, target.workspace, inst.instance_id) : undefined;
  let reason = refusal(inst, detail, p);
  if (!reason && inst.job_id !== undefined && inst.job_id !== ref.job_id)
    reason = `job_id ${ref.job_id} is not the id of ${p.job} (DataArts says ${inst.job_id})`;
  reason ??= changedSince(ref.seen, inst, tz);
  const item: PreviewItem = {
    id,
    ...named,
    state: inst.status,
    eligible: !reason,
    ...(reason ? { reason: `${reason}${tail}` } : {}),
    details: describeInstance(inst, detail, tz),
  };
  const send = reason
    ? undefined
    : { job_id: ref.job_id, plan_time: ref.plan_time, submit_time: ref.submit_time, seen: seenOf(inst) };
  return { item, ...(send ? { send } : {}), ...(detail ? {} : { noDetail: true }) };
}

export async function previewInstances(ctx: SessionContext, p: InstanceParams): Promise<Preview<RerunParams>> {
  const { client, tz } = ctx;
  const refs = instancesOf(p);
  const several = refs.length > 1;
  const first = refs[0];
  const notes = [
    several || !first
      ? `Reruns ${refs.length} instances of ${p.job} in one call; each is listed with its own verdict and only the eligible ones are sent. ${optionsNote(p)}`
      : `Reruns one instance of ${p.job} (planned ${formatTime(first.plan_time, tz)}, submitted ${formatTime(first.submit_time, tz)}). ${optionsNote(p)}`,
    `Times are in ${tz}. DataArts answers an accepted rerun with an empty body; the instance then shows as waiting or running again. Each instance is read again just before sending, and left out if it changed.`,
  ];
  const budget = newBudget();
  const items: PreviewItem[] = [];
  const eligible: InstanceRef[] = [];
  let noDetail = false;
  for (const ref of refs) {
    let one;
    try {
      one = await previewOne(ctx, p, ref, several, budget);
    } catch (err) {
      // No such job: every instance of it is refused for the same reason, read once.
      if (err instanceof ProviderError && err.kind === 'not-found') {
        return {
          items: refs.map((r) => notFoundItem(p.job, several ? plannedName(ctx, r) : undefined, err)),
          notes,
          send: null,
        };
      }
      throw err;
    }
    items.push(one.item);
    if (one.send) eligible.push(one.send);
    noDetail ||= one.noDetail === true;
  }
  if (noDetail)
    notes.push(
      `Node details could not be read (the v1 instance-detail API on ${client.v1Host} did not answer), so the failed node is not shown.`,
    );
  notes.push(...cutShortNote(budget, 'some instances were'));
  return { items, notes, send: eligible.length > 0 ? { ...p, instances: eligible } : null };
}

/**
 * The pre-send check: each instance read again, left out when it is no longer listed as
 * previewed, is live now, or changed since the preview (its `seen`).
 */
export async function recheckInstances(
  ctx: SessionContext,
  send: InstanceParams,
): Promise<{ send: InstanceParams | null; refused: ItemOutcome[] }> {
  const { tz, wall } = ctx;
  const budget = newBudget();
  const refused: ItemOutcome[] = [];
  const keep: InstanceRef[] = [];
  for (const ref of instancesOf(send)) {
    const found = await findInstance(ctx, send.job, ref, budget);
    const inst = found.exact;
    let reason: string | undefined;
    if (!inst) {
      reason = found.complete
        ? `it is no longer listed with submit time ${formatTime(ref.submit_time, tz)} (it may have been rerun since the preview): ask again`
        : `it could not be read again (${BUDGET_SENTENCE})`;
    } else {
      reason = refusal(inst, undefined, send) ?? changedSince(ref.seen, inst, tz);
    }
    if (reason)
      refused.push({
        id: send.job,
        result: 'refused',
        reason: `instance planned ${wall(ref.plan_time)}: ${reason}`,
      });
    else keep.push(ref);
  }
  return { send: keep.length > 0 ? { ...send, instances: keep } : null, refused };
}

async function statusOne(
  ctx: SessionContext,
  p: InstanceParams,
  ref: InstanceRef,
  several: boolean,
  budget: ListBudget,
): Promise<{ item: StatusItem; line: string }> {
  const { target, tz, wall } = ctx;
  const id = p.job;
  const planned = formatTime(ref.plan_time, tz);
  const where = several ? [`planned ${wall(ref.plan_time)}`] : [];
  const { exact, samePlan, complete } = await findInstance(ctx, p.job, ref, budget);
  // A rerun may give the instance a new submit time: fall back to the latest submitted at this plan time.
  const inst = exact ?? [...samePlan].sort((a, b) => (b.submit_time ?? 0) - (a.submit_time ?? 0))[0];
  if (!inst) {
    if (!complete)
      return {
        item: {
          id,
          state: 'NOT READ',
          terminal: false,
          detail: [...where, `not read: ${BUDGET_SENTENCE}`].join(', '),
        },
        line: `planned ${planned}: not read`,
      };
    return {
      item: { id, state: 'NOT FOUND', terminal: true, detail: `no instance planned ${planned}` },
      line: `no instance planned ${planned}`,
    };
  }
  const pending = notRestartedYet(ctx, acceptedKey(target.workspace, p.job, ref.plan_time), inst);
  const detail = [
    ...where,
    pending ? 'rerun accepted; DataArts still shows the previous run' : undefined,
    inst.start_time ? `started ${formatTime(inst.start_time, tz)}` : undefined,
    inst.end_time ? `ended ${formatTime(inst.end_time, tz)}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const terminal = !pending && TERMINAL.has(inst.status);
  return {
    item: { id, state: inst.status, terminal, ...(detail ? { detail } : {}) },
    line: `planned ${planned}: ${inst.status}${pending ? ' (rerun not started yet)' : ''}`,
  };
}

export async function statusInstances(ctx: SessionContext, p: InstanceParams): Promise<JobStatus> {
  const refs = instancesOf(p);
  const several = refs.length > 1;
  const budget = newBudget();
  const items: StatusItem[] = [];
  const lines: string[] = [];
  for (const ref of refs) {
    const one = await statusOne(ctx, p, ref, several, budget);
    items.push(one.item);
    lines.push(one.line);
  }
  const terminal = items.every((i) => i.terminal);
  const cut = cutShortSuffix(budget);
  if (!several) {
    const only = items[0];
    const summary = only?.state === 'NOT FOUND' ? `${p.job}: ${lines[0]}` : `${p.job} instance ${lines[0]}`;
    return { items, terminal, summary: `${summary}${cut}` };
  }
  return { items, terminal, summary: `${p.job}, ${refs.length} instances: ${lines.join('; ')}${cut}` };
}
