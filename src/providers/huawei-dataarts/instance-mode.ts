/**
 * mode=instance (task_retrys): each named instance is its own item, with the job name as id (the
 * unit the core's cooldown and open-request checks count, as in mode=chain) and, when there are
 * several, its planned time as name. Preview reads each instance (v2 list, plus the v1 instance
 * detail for node statuses when it answers), the pre-send check reads it again, status reads it
 * after the rerun.
 */
import type { Message } from '../../lib/message.ts';
import { ProviderError } from '../_shared/errors.ts';
import type { ItemOutcome, JobStatus, Preview, PreviewItem, StatusContext, StatusItem } from '../types.ts';
import { acceptedWithinGrace, notRestartedYet } from './accepted.ts';
import type { SessionContext } from './context.ts';
import { describeInstance, notFoundItem, optionsNote } from './details.ts';
import { changedSince, refusal, seenOf } from './instances.ts';
import { MAX_LIST_CALLS } from './limits.ts';
import { cutShortNote, newBudget, ownReads, type ListBudget, type WindowReader } from './listing.ts';
import { msg } from './messages.ts';
import { resultOf, TERMINAL, type JobInstance } from './model.ts';
import { instancesOf, type InstanceParams, type InstanceRef, type RerunParams } from './schema.ts';
import { formatTime } from './times.ts';

/** The instance `ref` names, and the others planned at the same time. */
async function findInstance(
  ctx: SessionContext,
  job: string,
  ref: InstanceRef,
  budget: ListBudget,
  read: WindowReader = ownReads(ctx),
): Promise<{ exact?: JobInstance; samePlan: JobInstance[]; complete: boolean }> {
  const { instances, complete } = await read(job, ctx.target.workspace, ref.plan_time, ref.plan_time, budget);
  const samePlan = instances.filter((i) => i.plan_time === ref.plan_time);
  return { exact: samePlan.find((i) => i.submit_time === ref.submit_time), samePlan, complete };
}

/** A reason that names the instance it is about: the core quotes reasons without item names. */
const atInstance = (ctx: SessionContext, ref: InstanceRef, reason: Message): Message =>
  msg('huawei-dataarts.refused.atInstance', { planned: ctx.wall(ref.plan_time), reason });

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
  // too. One instance is named by the notes.
  const named = several ? { name: wall(ref.plan_time) } : {};
  const why = (reason: Message) => (several ? atInstance(ctx, ref, reason) : reason);
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
          reason: why(msg('huawei-dataarts.refused.notRead', { maxCalls: MAX_LIST_CALLS })),
        },
      };
    }
    const other = found.samePlan[0];
    const reason = other
      ? msg('huawei-dataarts.refused.otherSubmit', {
          planned: formatTime(ref.plan_time, tz),
          submitTime: other.submit_time,
          submitted: other.submit_time ? formatTime(other.submit_time, tz) : undefined,
          given: ref.submit_time,
        })
      : msg('huawei-dataarts.refused.noInstance', {
          job: p.job,
          planned: formatTime(ref.plan_time, tz),
          workspace: target.workspace,
        });
    return {
      item: { id, ...named, state: other ? other.status : 'NOT FOUND', eligible: false, reason: why(reason) },
    };
  }
  const detail =
    inst.instance_id !== undefined ? await client.instanceDetail(p.job, target.workspace, inst.instance_id) : undefined;
  let reason = refusal(inst, detail, p);
  if (!reason && inst.job_id !== undefined && inst.job_id !== ref.job_id)
    reason = msg('huawei-dataarts.refused.wrongJobId', { given: ref.job_id, job: p.job, actual: inst.job_id });
  reason ??= changedSince(ref.seen, inst, tz);
  const item: PreviewItem = {
    id,
    ...named,
    state: inst.status,
    eligible: !reason,
    ...(reason ? { reason: why(reason) } : {}),
    details: describeInstance(inst, detail, tz),
  };
  const send = reason
    ? undefined
    : { job_id: ref.job_id, plan_time: ref.plan_time, submit_time: ref.submit_time, seen: seenOf(inst) };
  return { item, ...(send ? { send } : {}), ...(detail ? {} : { noDetail: true }) };
}

export async function previewInstances(ctx: SessionContext, p: InstanceParams): Promise<Preview<RerunParams>> {
  const { client, tz, wall } = ctx;
  const refs = instancesOf(p);
  const several = refs.length > 1;
  const first = refs[0];
  const notes: Message[] = [
    several || !first
      ? msg('huawei-dataarts.note.instances', { job: p.job, count: refs.length })
      : msg('huawei-dataarts.note.instance', {
          job: p.job,
          planned: formatTime(first.plan_time, tz),
          submitted: formatTime(first.submit_time, tz),
        }),
    optionsNote(p),
    msg('huawei-dataarts.note.instanceTimes', { timeZone: tz }),
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
          items: refs.map((r) => notFoundItem(p.job, several ? wall(r.plan_time) : undefined, err)),
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
  if (noDetail) notes.push(msg('huawei-dataarts.note.noDetail', { host: client.v1Host }));
  notes.push(...cutShortNote(budget, 'instances'));
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
  const { tz } = ctx;
  const budget = newBudget();
  const refused: ItemOutcome[] = [];
  const keep: InstanceRef[] = [];
  for (const ref of instancesOf(send)) {
    const found = await findInstance(ctx, send.job, ref, budget);
    const inst = found.exact;
    let reason: Message | undefined;
    if (!inst) {
      reason = found.complete
        ? msg('huawei-dataarts.refused.noLongerListed', { submitted: formatTime(ref.submit_time, tz) })
        : msg('huawei-dataarts.refused.notReadAgain', { maxCalls: MAX_LIST_CALLS });
    } else {
      reason = refusal(inst, undefined, send) ?? changedSince(ref.seen, inst, tz);
    }
    // Outcome items are all named by the job: each reason names its instance.
    if (reason) refused.push({ id: send.job, result: 'refused', reason: atInstance(ctx, ref, reason) });
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
  acceptedAt: number | undefined,
  read: WindowReader,
): Promise<StatusItem> {
  const { tz, wall } = ctx;
  const id = p.job;
  const planned = several ? wall(ref.plan_time) : undefined;
  const { exact, samePlan, complete } = await findInstance(ctx, p.job, ref, budget, read);
  // A rerun may give the instance a new submit time: fall back to the latest submitted at this plan time.
  const inst = exact ?? [...samePlan].sort((a, b) => (b.submit_time ?? 0) - (a.submit_time ?? 0))[0];
  if (!inst) {
    if (!complete) {
      const detail = msg('huawei-dataarts.status.notRead', { planned, maxCalls: MAX_LIST_CALLS });
      return { id, state: 'NOT READ', terminal: false, detail };
    }
    const detail = msg('huawei-dataarts.status.noInstance', { planned: formatTime(ref.plan_time, tz) });
    return { id, state: 'NOT FOUND', terminal: true, detail };
  }
  const pending = notRestartedYet(acceptedAt, inst);
  const started = inst.start_time ? formatTime(inst.start_time, tz) : undefined;
  const ended = inst.end_time ? formatTime(inst.end_time, tz) : undefined;
  const terminal = !pending && TERMINAL.has(inst.status);
  const said = planned || pending || started || ended;
  return {
    id,
    state: inst.status,
    terminal,
    ...(terminal ? { result: resultOf([inst.status]) } : {}),
    ...(said ? { detail: msg('huawei-dataarts.status.instance', { planned, pending, started, ended }) } : {}),
  };
}

export async function statusInstances(
  ctx: SessionContext,
  p: InstanceParams,
  context: StatusContext,
  read: WindowReader = ownReads(ctx),
): Promise<JobStatus> {
  const refs = instancesOf(p);
  const several = refs.length > 1;
  const budget = newBudget();
  const acceptedAt = acceptedWithinGrace(ctx, context);
  const items: StatusItem[] = [];
  for (const ref of refs) items.push(await statusOne(ctx, p, ref, several, budget, acceptedAt, read));
  return { items, terminal: items.every((i) => i.terminal) };
}
