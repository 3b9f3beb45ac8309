/**
 * A DataArts Studio target bound to its credentials: preview reads the named instances (v2 list,
 * plus the v1 instance detail for node statuses when it answers), rerun reads them again just
 * before sending and sends POST …/instances/retry once for what is still as previewed (again
 * only after APIG.0308), status reads the instances again.
 *
 * Items: in mode=instance each instance is its own item, with the job name as id (the unit the
 * core's cooldown and open-request checks count, as in mode=chain) and its planned time as name;
 * in mode=chain each job is an item.
 */
import { TransportError } from '../_shared/http.ts';
import { outcomeFromError, ProviderError, provesNotExecuted, withIds } from '../_shared/errors.ts';
import { mergeOutcomes } from '../_shared/outcome.ts';
import { retryRead, sendRerun } from '../_shared/retry.ts';
import type {
  Choice,
  ItemOutcome,
  PreviewItem,
  ProviderDeps,
  ProviderSession,
  RawParams,
  RerunOutcome,
  StatusItem,
} from '../types.ts';
import { retryBody } from './body.ts';
import { DlfClient, RETRY_PATH, type DlfCall, type JobInstance } from './client.ts';
import { IamError } from './iam.ts';
import {
  changedSince,
  describeInstance,
  LIVE,
  refusal,
  RERUNNABLE,
  seenOf,
  statusCounts,
  TERMINAL,
} from './instances.ts';
import {
  instancesOf,
  instanceValue,
  isForbiddenName,
  normalizeParams,
  splitJobRef,
  type ChainParams,
  type HuaweiTarget,
  type InstanceParams,
  type InstanceRef,
  type RerunParams,
} from './schema.ts';
import { acceptedKey, stateFor } from './state.ts';
import { formatTime, formatWallTime } from './times.ts';

/** The list API's page size (it allows up to 1000) and how many instances one job's window reads at most. */
const PAGE_SIZE = 100;
const MAX_LISTED = 1000;
/**
 * List calls one preview, one status or one pre-send check makes in all, across every job and
 * instance it reads (at 10 calls per second, about ten seconds). What is left unread when it
 * runs out is refused (preview, pre-send check) or reported as not final (status), and said so.
 */
export const MAX_LIST_CALLS = 100;
/** The list API reads at most about a month per query; longer windows are read in slices. */
const SLICE_MS = 30 * 86_400_000;
/** The `instance` choices: failed instances planned in the last week, newest first, at most 100 (a Slack select's limit). */
const OPTIONS_WINDOW_MS = 7 * 86_400_000;
const OPTIONS_LIMIT = 100;
const CHOICE_MAX = 75;
/** Instances listed per job in a chain preview item before "… and N more". */
const CHAIN_LINES = 10;
/**
 * After DataArts accepts a rerun, the list may still show the previous run's final state for a
 * moment; for this long status() reports such an instance as not final yet.
 */
const RESTART_GRACE_MS = 10 * 60_000;

const LOCATION_TEXT = {
  firstNode: 'its first node',
  errorNode: 'the node that failed',
  specifiedNode: 'node',
} as const;

/** How many list calls are still allowed in one preview, status or pre-send check. */
interface ListBudget {
  left: number;
  /** Set when a read stopped because the budget ran out. */
  exhausted: boolean;
}

const newBudget = (): ListBudget => ({ left: MAX_LIST_CALLS, exhausted: false });

interface Listed {
  instances: JobInstance[];
  /** False when the window holds more than was read (MAX_LISTED, or the budget ran out). */
  complete: boolean;
}

const BUDGET_SENTENCE = `this check stops after ${MAX_LIST_CALLS} list calls`;

export function createSession(target: HuaweiTarget, deps: ProviderDeps): ProviderSession<RerunParams> {
  const client = new DlfClient(target, deps);
  const state = stateFor(target);
  const tz = target.timeZone;
  const wall = (ms: number) => formatWallTime(ms, tz);

  /** Instances of `job` planned in [from, to] (inclusive), at most MAX_LISTED, read page by page within `budget`. */
  async function listWindow(
    job: string,
    workspace: string,
    from: number,
    to: number,
    budget: ListBudget,
    status?: string,
  ): Promise<Listed> {
    const found = new Map<string, JobInstance>();
    const result = (complete: boolean): Listed => ({
      instances: [...found.values()].sort((a, b) => a.plan_time - b.plan_time),
      complete,
    });
    for (let sliceStart = from; sliceStart <= to; sliceStart += SLICE_MS) {
      const sliceEnd = Math.min(to, sliceStart + SLICE_MS - 1);
      for (let offset = 0; ; offset += PAGE_SIZE) {
        if (found.size >= MAX_LISTED) return result(false);
        if (budget.left <= 0) {
          budget.exhausted = true;
          return result(false);
        }
        budget.left -= 1;
        // The API's bounds are exclusive ("greater than min_plan_time"), hence the ±1 ms.
        const page = await retryRead(deps.timing, () =>
          client.listInstances(job, workspace, {
            minPlanTime: sliceStart - 1,
            maxPlanTime: sliceEnd + 1,
            status,
            limit: PAGE_SIZE,
            offset,
          }),
        );
        for (const i of page.instances) {
          if (i.plan_time >= sliceStart && i.plan_time <= sliceEnd)
            found.set(`${i.instance_id ?? ''}/${i.plan_time}/${i.submit_time ?? ''}`, i);
        }
        if (page.instances.length < PAGE_SIZE || offset + PAGE_SIZE >= page.total) break;
      }
    }
    return result(true);
  }

  function retryCall(send: RerunParams): DlfCall {
    return {
      api: 'v2',
      method: 'POST',
      pathTemplate: RETRY_PATH,
      pathParams: { job_name: send.job },
      body: retryBody(send, target.workspace),
      workspace: target.workspace,
      job: send.job,
    };
  }

  /**
   * Chain items are jobs (the policy's cooldown counts reruns per item id): the job name, with
   * `@workspace` when it is not the target's workspace.
   */
  function jobItemId(ref: string): string {
    const { job_name, workspace_id } = splitJobRef(ref, target.workspace);
    return workspace_id === target.workspace ? job_name : `${job_name}@${workspace_id}`;
  }

  /** Outcome item ids: one per instance (each the job's name) or one per job. */
  function itemIds(send: RerunParams): string[] {
    return send.mode === 'instance' ? instancesOf(send).map(() => send.job) : send.jobs.map(jobItemId);
  }

  const plannedName = (ref: InstanceRef) => `planned ${wall(ref.plan_time)}`;

  /** The instance `ref` names, and the others planned at the same time. */
  async function findInstance(
    job: string,
    ref: InstanceRef,
    budget: ListBudget,
  ): Promise<{ exact?: JobInstance; samePlan: JobInstance[]; complete: boolean }> {
    const { instances, complete } = await listWindow(job, target.workspace, ref.plan_time, ref.plan_time, budget);
    const samePlan = instances.filter((i) => i.plan_time === ref.plan_time);
    return { exact: samePlan.find((i) => i.submit_time === ref.submit_time), samePlan, complete };
  }

  function notFoundItem(id: string, name: string | undefined, err: ProviderError): PreviewItem {
    return {
      id,
      ...(name ? { name } : {}),
      state: 'NOT FOUND',
      eligible: false,
      reason: withIds(err.message, err.code, err.requestId),
    };
  }

  function optionsNote(p: RerunParams): string {
    const from = p.location === 'specifiedNode' ? `node ${p.node}` : LOCATION_TEXT[p.location];
    const params = p.version === 'original' ? 'the parameters of the original run' : "the job's current parameters";
    const obs = p.ignore_obs_monitor ? 'OBS listening is ignored' : 'OBS listening is honoured';
    return `Restarts from ${from}, with ${params}; ${obs}.`;
  }

  function cutShortNote(budget: ListBudget, what: string): string[] {
    return budget.exhausted
      ? [
          `The preview was cut short after ${MAX_LIST_CALLS} list calls: ${what} not read in full and refused. Name fewer, or a shorter window, per request.`,
        ]
      : [];
  }

  /** One instance's preview item, and what to send for it when it is eligible. */
  async function previewOne(
    p: InstanceParams,
    ref: InstanceRef,
    several: boolean,
    budget: ListBudget,
  ): Promise<{ item: PreviewItem; send?: InstanceRef; noDetail?: boolean }> {
    const id = p.job;
    // With several instances each item is named by its planned time, and each reason names it
    // too (the core quotes reasons without names). One instance is named by the notes.
    const named = several ? { name: plannedName(ref) } : {};
    const tail = several ? ` (instance planned ${wall(ref.plan_time)})` : '';
    const found = await findInstance(p.job, ref, budget);
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
      inst.instance_id !== undefined
        ? await client.instanceDetail(p.job, target.workspace, inst.instance_id)
        : undefined;
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

  async function previewInstances(p: InstanceParams) {
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
        one = await previewOne(p, ref, several, budget);
      } catch (err) {
        // No such job: every instance of it is refused for the same reason, read once.
        if (err instanceof ProviderError && err.kind === 'not-found') {
          return {
            items: refs.map((r) => notFoundItem(p.job, several ? plannedName(r) : undefined, err)),
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

  /** A job's instances in the window: why the job may not be sent (undefined when it may), and what was read. */
  function chainRefusal(listed: Listed, window: string, seenCounts: string | undefined): string | undefined {
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

  async function previewChain(p: ChainParams) {
    const window = `${formatTime(p.begin, tz)} and ${formatTime(p.end, tz)}`;
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
      const id = jobItemId(ref);
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
        listed = await listWindow(job_name, workspace_id, p.begin, p.end, budget);
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
      const reason = chainRefusal(listed, window, p.seen?.[ref]);
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
   * Reads what `send` names again, just before the POST: leaves out what is live now or changed
   * since the preview (as `seen` in `send` records it). Read failures propagate: nothing is sent.
   */
  async function recheck(send: RerunParams): Promise<{ send: RerunParams | null; refused: ItemOutcome[] }> {
    const budget = newBudget();
    const refused: ItemOutcome[] = [];
    if (send.mode === 'instance') {
      const keep: InstanceRef[] = [];
      for (const ref of instancesOf(send)) {
        const found = await findInstance(send.job, ref, budget);
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
    const window = `${formatTime(send.begin, tz)} and ${formatTime(send.end, tz)}`;
    const keep: string[] = [];
    for (const ref of send.jobs) {
      const { job_name, workspace_id } = splitJobRef(ref, target.workspace);
      let listed;
      try {
        listed = await listWindow(job_name, workspace_id, send.begin, send.end, budget);
      } catch (err) {
        if (!(err instanceof ProviderError && err.kind === 'not-found')) throw err;
        refused.push({ id: jobItemId(ref), result: 'refused', reason: withIds(err.message, err.code, err.requestId) });
        continue;
      }
      const reason =
        listed.instances.length === 0 && listed.complete
          ? `no instance is planned between ${window} any more`
          : chainRefusal(listed, window, send.seen?.[ref]);
      if (reason) refused.push({ id: jobItemId(ref), result: 'refused', reason });
      else keep.push(ref);
    }
    return { send: keep.length > 0 ? { ...send, jobs: keep } : null, refused };
  }

  /** True while a just-accepted rerun may not show yet: the list still holds the old run's end. */
  function notRestartedYet(key: string, inst: JobInstance): boolean {
    const at = state.accepted.get(key);
    if (at === undefined) return false;
    const now = deps.clock.now().getTime();
    if (now - at > RESTART_GRACE_MS) {
      state.accepted.delete(key);
      return false;
    }
    return TERMINAL.has(inst.status) && (inst.end_time ?? 0) < at;
  }

  async function statusOne(
    p: InstanceParams,
    ref: InstanceRef,
    several: boolean,
    budget: ListBudget,
  ): Promise<{ item: StatusItem; line: string }> {
    const id = p.job;
    const planned = formatTime(ref.plan_time, tz);
    const where = several ? [`planned ${wall(ref.plan_time)}`] : [];
    const { exact, samePlan, complete } = await findInstance(p.job, ref, budget);
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
    const pending = notRestartedYet(acceptedKey(target.workspace, p.job, ref.plan_time), inst);
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

  async function statusInstances(p: InstanceParams) {
    const refs = instancesOf(p);
    const several = refs.length > 1;
    const budget = newBudget();
    const items: StatusItem[] = [];
    const lines: string[] = [];
    for (const ref of refs) {
      const one = await statusOne(p, ref, several, budget);
      items.push(one.item);
      lines.push(one.line);
    }
    const terminal = items.every((i) => i.terminal);
    const cut = budget.exhausted ? ` (cut short after ${MAX_LIST_CALLS} list calls)` : '';
    if (!several) {
      const only = items[0];
      const summary = only?.state === 'NOT FOUND' ? `${p.job}: ${lines[0]}` : `${p.job} instance ${lines[0]}`;
      return { items, terminal, summary: `${summary}${cut}` };
    }
    return { items, terminal, summary: `${p.job}, ${refs.length} instances: ${lines.join('; ')}${cut}` };
  }

  async function statusChain(p: ChainParams) {
    const budget = newBudget();
    const items: StatusItem[] = [];
    for (const ref of p.jobs) {
      const { job_name, workspace_id } = splitJobRef(ref, target.workspace);
      const { instances, complete } = await listWindow(job_name, workspace_id, p.begin, p.end, budget);
      const key = acceptedKey(workspace_id, job_name, `${p.begin}-${p.end}`);
      const pending = instances.some((i) => notRestartedYet(key, i));
      const terminal = complete && !pending && instances.every((i) => TERMINAL.has(i.status));
      const live = instances.filter((i) => LIVE.has(i.status)).length;
      items.push({
        id: jobItemId(ref),
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
    const cut = budget.exhausted ? ` (cut short after ${MAX_LIST_CALLS} list calls)` : '';
    return {
      items,
      terminal: items.every((i) => i.terminal),
      summary: `${items.map((i) => `${i.id}: ${i.state}`).join('; ')}${cut}`,
    };
  }

  function recordAccepted(send: RerunParams): void {
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

  function sentWhat(send: RerunParams): string {
    if (send.mode === 'chain') return `${send.jobs.length} job(s) with their upstream and downstream instances`;
    const refs = instancesOf(send);
    if (refs.length === 1) return `the instance of ${send.job} planned ${formatTime(refs[0]?.plan_time ?? 0, tz)}`;
    return `${refs.length} instances of ${send.job} (planned ${refs.map((r) => wall(r.plan_time)).join(', ')}, ${tz})`;
  }

  /** POST …/instances/retry once (again only after APIG.0308, which proves it did not run). */
  async function sendRetry(send: RerunParams): Promise<RerunOutcome> {
    const ids = itemIds(send);
    const call = retryCall(send);
    // Counts the HTTP calls made, including a resend after an IAM token refresh inside the client.
    const counter = { calls: 0 };
    const sent = await sendRerun(deps.timing, () => client.call(call, counter), {
      resendable: (err) => !(err instanceof IamError) && provesNotExecuted(err),
      onResend: (err, attempt) => {
        const pe = err as ProviderError;
        deps.logger.warn(
          { job: send.job, code: pe.code, requestId: pe.requestId, calls: counter.calls, attempt },
          'DataArts rerun not executed (throttled); sending again',
        );
      },
    });
    if (!sent.ok) {
      if (sent.error instanceof IamError) return nothingSent(ids, sent.error, counter.calls);
      deps.logger.warn(
        { job: send.job, err: (sent.error as Error).message, calls: counter.calls },
        'DataArts rerun not accepted',
      );
      return outcomeFromError(sent.error, ids, counter.calls);
    }
    recordAccepted(send);
    const answer = sent.value;
    return {
      status: 'accepted',
      items: ids.map((id) => ({ id, result: 'accepted' as const })),
      message: `DataArts accepted the rerun of ${sentWhat(send)}${answer.requestId ? ` (request id ${answer.requestId})` : ''}.`,
      ...(answer.requestId ? { requestId: answer.requestId } : {}),
      calls: counter.calls,
    } satisfies RerunOutcome;
  }

  /** Nothing reached DataArts's rerun API: the token could not be had, or the state could not be read. */
  function nothingSent(
    ids: string[],
    err: ProviderError | TransportError,
    calls: number,
    beforeSending = false,
  ): RerunOutcome {
    const code = err instanceof ProviderError ? err.code : undefined;
    const requestId = err instanceof ProviderError ? err.requestId : undefined;
    const why =
      beforeSending && !(err instanceof IamError) ? 'the state could not be read again just before sending. ' : '';
    return {
      status: 'rejected',
      items: ids.map((id) => ({ id, result: 'refused' as const, reason: err.message })),
      message: `Nothing was sent to DataArts: ${why}${withIds(err.message, code, requestId)}`,
      ...(code ? { code } : {}),
      ...(requestId ? { requestId } : {}),
      calls,
    };
  }

  const refusedText = (refused: ItemOutcome[]) => refused.map((i) => `${i.id}: ${i.reason}`).join('; ');

  return {
    preview: (input) => {
      const params = normalizeParams(input);
      return params.mode === 'instance' ? previewInstances(params) : previewChain(params);
    },

    describeCall(input) {
      const req = client.build(retryCall(normalizeParams(input)), deps.clock.now(), undefined, true);
      return [
        {
          method: req.method,
          url: req.url,
          headers: req.headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
        },
      ];
    },

    async rerun(input) {
      const send = normalizeParams(input);
      let checked;
      try {
        checked = await recheck(send);
      } catch (err) {
        if (err instanceof ProviderError || err instanceof TransportError) {
          deps.logger.warn(
            { job: send.job, err: err.message },
            'DataArts state could not be read just before sending; nothing sent',
          );
          return nothingSent(itemIds(send), err, 0, true);
        }
        throw err;
      }
      if (checked.send === null) {
        deps.logger.info(
          { job: send.job, refused: checked.refused.length },
          'DataArts rerun not sent: nothing is still as previewed',
        );
        return {
          status: 'rejected',
          items: checked.refused,
          message: `Nothing was sent to DataArts: read again just before sending, ${refusedText(checked.refused)}.`,
          calls: 0,
        };
      }
      const outcome = await sendRetry(checked.send);
      if (checked.refused.length === 0) return outcome;
      return mergeOutcomes([
        outcome,
        {
          status: 'rejected',
          items: checked.refused,
          message: `Left out, as read again just before sending: ${refusedText(checked.refused)}.`,
          calls: 0,
        },
      ]);
    },

    status: (input) => {
      const params = normalizeParams(input);
      return params.mode === 'instance' ? statusInstances(params) : statusChain(params);
    },

    async options(key: string, partial: RawParams): Promise<Choice[]> {
      const job = typeof partial['job'] === 'string' ? partial['job'].trim() : '';
      if (key !== 'instance' || !job || isForbiddenName(job)) return [];
      const now = deps.clock.now().getTime();
      let listed;
      try {
        listed = await listWindow(job, target.workspace, now - OPTIONS_WINDOW_MS, now, newBudget(), 'fail');
      } catch (err) {
        if (err instanceof ProviderError && err.kind === 'not-found') return [];
        throw err;
      }
      return listed.instances
        .filter((i) => i.job_id !== undefined && i.submit_time !== undefined)
        .sort((a, b) => b.plan_time - a.plan_time)
        .slice(0, OPTIONS_LIMIT)
        .map((i) => {
          const value = instanceValue({
            job_id: i.job_id as number,
            plan_time: i.plan_time,
            submit_time: i.submit_time as number,
          });
          const label = `${formatTime(i.plan_time, tz, false)} · ${i.status}${i.instance_id !== undefined ? ` · #${i.instance_id}` : ''}`;
          return { value, label: label.length > CHOICE_MAX ? `${label.slice(0, CHOICE_MAX - 1)}…` : label };
        });
    },
  };
}
