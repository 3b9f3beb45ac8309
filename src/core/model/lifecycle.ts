/**
 * A rerun request's lifecycle, every state and every transition, as pure functions (the call's
 * outcome and the job's half in following.ts; a step and its refusals in step.ts). Use cases
 * call these inside the store's conditional update (`Store.transition`): a transition the
 * lifecycle does not allow is refused here, and then nothing is stored.
 *
 * A request's story has two halves, kept apart (docs/SPEC.md §4):
 *
 *   the request and its call                          the job, after an accepted call
 *
 *   pending ──approve (enough)──▶ sending ──▶ accepted ─┐   running ──▶ succeeded
 *      │                            │        partial  ──┘──▶   │    ──▶ failed again
 *      ├──reject──▶ rejected        │──▶ refused               │    ──▶ ended (without saying how)
 *      ├──cancel──▶ cancelled       │──▶ not sent              └──────▶ no longer watched (the limit)
 *      └──time out──▶ expired       └──▶ outcome unknown
 *                  (or, by the policy's `onTimeout`: rejected, or approved ──▶ sending)
 *
 * "Accepted" says what the provider did with the call; whether the job then succeeded is the
 * job's half (`Follow`). Only `pending → sending` leads to a call, and it is the store's atomic
 * claim, or a timeout the policy approves. While it waits, its reminders and escalation (`nudges`)
 * come due one at a time and are recorded as given. After the job ends, its final reply is due, being given, given, or lost (a replica died
 * mid-post: never posted twice).
 */
import type { JobStatus, PreviewItem, RawParams, RerunOutcome } from '../../providers/types.ts';
import type { Message } from '../../lib/message.ts';
import { andThen, no, ok, type Step } from './step.ts';

export { orNothing, type Refusal, type Step } from './step.ts';

export const REQUEST_STATES = [
  'pending',
  'sending',
  'accepted',
  'partial',
  'refused',
  'not-sent',
  'unknown',
  'rejected',
  'cancelled',
  'expired',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** Waiting for a decision, or its call under way: a request that holds its jobs. */
export const OPEN_STATES = ['pending', 'sending'] as const satisfies readonly RequestState[];
/** The states a call ends in: what the provider answered, or why nothing (or nothing known) was sent. */
export const CALL_ENDS = [
  'accepted',
  'partial',
  'refused',
  'not-sent',
  'unknown',
] as const satisfies readonly RequestState[];
export type CallEnd = (typeof CALL_ENDS)[number];
/** A call the provider accepted, all or in part: its job is followed. */
export const FOLLOWED_STATES = ['accepted', 'partial'] as const satisfies readonly RequestState[];

/** How a followed job ended: succeeded, failed again, ended without saying how, or the bot stopped watching. */
export type JobEnd = 'succeeded' | 'failed-again' | 'ended' | 'unwatched';
export type JobPhase = 'running' | JobEnd;

/** The final reply of a followed job: due (retried after a refused post), being given, given, or lost. */
export type FinalReply =
  | { state: 'due'; failures: number }
  | { state: 'giving'; at: string; by: string; failures: number }
  | { state: 'given'; at: string }
  | { state: 'lost'; at: string };

export type PollSeen = { at: string; status: JobStatus } | { at: string; error: Message };

export interface FollowCommon {
  /** When the call was accepted: the follow-up's start. */
  startedAt: string;
  /** When the bot stops watching (the policy's `followFor`, 24 h by default). */
  until: string;
  polls: number;
  /** What the last poll saw, and when. */
  last?: PollSeen;
}

/**
 * The job's half, after an accepted call. The store schedules it through `nextAt` (its
 * `follow_at` column): the next poll while the job runs, then the final reply while it is due.
 */
export type Follow =
  | (FollowCommon & { phase: 'running'; nextAt: string })
  | (FollowCommon & {
      phase: 'ended';
      end: JobEnd;
      /** When the end was seen (or the limit reached). */
      at: string;
      status?: JobStatus;
      reply: FinalReply;
      /** When the final reply is due (absent once it is given, lost, or being given). */
      nextAt?: string;
    });

export type EndedFollow = Extract<Follow, { phase: 'ended' }>;

/** The fields of a request the lifecycle reads and writes; RerunRequest extends it. */
export interface Lifecycle {
  state: RequestState;
  decisions: Decision[];
  expiresAt: string;
  updatedAt: string;
  published?: unknown;
  createdAt: string;
  policy: LifecyclePolicy;
  execution?: Execution;
  follow?: Follow;
  nudges?: Nudges;
  breakGlass?: BreakGlass;
}

/**
 * A break-glass approval (issue 19 item 3): the requester approved their own request, with a reason,
 * under a policy that allows it; any approver may acknowledge it afterwards (`review`).
 */
export interface BreakGlass {
  by: string;
  at: string;
  reason: string;
  review?: { by: string; at: string };
}

/** What the lifecycle reads of the request's policy snapshot (model/request.ts, PolicySnapshot). */
interface LifecyclePolicy {
  name?: string;
  minApprovals: number;
  remindMs?: number;
  remindTimes?: number;
  escalate?: { afterMs: number };
  onTimeout?: 'reject' | 'approve';
}

export type DecisionKind = 'approve' | 'reject' | 'cancel';

/** A person's click. */
export interface PersonDecision {
  userId: string;
  kind: DecisionKind;
  at: string;
}

/** The policy's own decision when nobody decided in time (`onTimeout`): no person is its author. */
export interface PolicyDecision {
  kind: 'approve' | 'reject';
  at: string;
  /** The policy's name (its key in `policies:`). */
  policy: string;
  timeout: true;
}

export type Decision = PersonDecision | PolicyDecision;

/** Who made a decision: a person's id, or undefined when the policy did at timeout. */
export const deciderOf = (d: Decision): string | undefined => ('userId' in d ? d.userId : undefined);

/**
 * A waiting request's reminders and escalation: how many reminders were given, whether the
 * escalation was, and when the next of them is due (the store's `nudge_at` column). Absent when the
 * policy asks for neither.
 */
export interface Nudges {
  reminded: number;
  escalated: boolean;
  nextAt?: string;
}

/** What comes due: the `n`-th reminder (from 1), or the escalation. */
export type Nudge = { kind: 'reminder'; n: number } | { kind: 'escalation' };

/** The refused items of a rerun, and the raw parameters of a new request naming exactly them. */
export interface Remainder {
  items: string[];
  raw: RawParams;
}

export interface Execution {
  startedAt: string;
  finishedAt?: string;
  outcome?: RerunOutcome;
  /** Items the check just before sending left out, because their state had changed. */
  leftOut?: PreviewItem[];
  /** After an unknown outcome: the state read just then, or why it could not be read. */
  after?: { status: JobStatus } | { error: Message };
  /** What "Rerun the N remaining…" asks for (use-cases/remainder.ts); absent when nothing may be offered. */
  remainder?: Remainder;
}

const ms = (iso: string) => Date.parse(iso);

export function approvalsOf(r: Pick<Lifecycle, 'decisions'>): Decision[] {
  return r.decisions.filter((d) => d.kind === 'approve');
}

/** The people who approved (never the policy, which approves only at timeout). */
export function approversOf(r: Pick<Lifecycle, 'decisions'>): string[] {
  return approvalsOf(r).flatMap((d) => ('userId' in d ? [d.userId] : []));
}

/** Where its approval request was posted: recorded once, whatever the state (a click may have come first). */
export function publish<R extends Lifecycle>(r: R, ref: NonNullable<R['published']>): Step<R> {
  if (r.published !== undefined) return no('already-published');
  return ok({ ...r, published: ref });
}

/** One more approval; the request stays pending until `claim` finds enough of them. */
export function approve<R extends Lifecycle>(r: R, userId: string, at: string): Step<R> {
  if (r.state !== 'pending') return no('not-pending');
  if (ms(at) >= ms(r.expiresAt)) return no('past-expiry');
  if (approversOf(r).includes(userId)) return no('already-approved');
  return ok({ ...r, decisions: [...r.decisions, { userId, kind: 'approve', at }], updatedAt: at });
}

/** Enough approvals: the request is claimed for sending (the only way to a call). */
export function claim<R extends Lifecycle>(r: R, at: string): Step<R> {
  if (r.state !== 'pending') return no('not-pending');
  if (approvalsOf(r).length < r.policy.minApprovals) return no('approvals-missing');
  return ok({ ...r, state: 'sending', execution: { startedAt: at }, updatedAt: at });
}

/** An approval, and the claim when it was the last one needed. */
export function approveAndClaim<R extends Lifecycle>(r: R, userId: string, at: string): Step<R> {
  return andThen(approve(r, userId, at), (a) => {
    const claimed = claim(a, at);
    return claimed.ok ? claimed : ok(a);
  });
}

/**
 * Break-glass: the requester's own approval, with a reason, claims the request for sending at once,
 * however many approvals the policy names. The same conditional update as any claim: of a
 * break-glass and any number of peer clicks, one wins. Whether the policy allows it is policy.ts's.
 */
export function breakGlass<R extends Lifecycle>(r: R, userId: string, reason: string, at: string): Step<R> {
  if (r.state !== 'pending') return no('not-pending');
  if (ms(at) >= ms(r.expiresAt)) return no('past-expiry');
  return ok({
    ...r,
    state: 'sending',
    decisions: [...r.decisions, { userId, kind: 'approve', at }],
    breakGlass: { by: userId, at, reason },
    execution: { startedAt: at },
    updatedAt: at,
  });
}

/** An approver acknowledges a break-glass approval afterwards, once, whatever the request's state. */
export function review<R extends Lifecycle>(r: R, userId: string, at: string): Step<R> {
  if (!r.breakGlass) return no('no-break-glass');
  if (r.breakGlass.review) return no('already-reviewed');
  return ok({ ...r, breakGlass: { ...r.breakGlass, review: { by: userId, at } }, updatedAt: at });
}

function closeBy<R extends Lifecycle>(
  r: R,
  kind: 'reject' | 'cancel',
  state: 'rejected' | 'cancelled',
  userId: string,
  at: string,
): Step<R> {
  if (r.state !== 'pending') return no('not-pending');
  return ok({ ...r, state, decisions: [...r.decisions, { userId, kind, at }], updatedAt: at });
}

export const reject = <R extends Lifecycle>(r: R, userId: string, at: string) =>
  closeBy(r, 'reject', 'rejected', userId, at);
export const cancel = <R extends Lifecycle>(r: R, userId: string, at: string) =>
  closeBy(r, 'cancel', 'cancelled', userId, at);

/** Nobody decided in time. Written once, here, for the click that comes too late and the sweeper alike. */
export function expire<R extends Lifecycle>(r: R, at: string): Step<R> {
  if (r.state !== 'pending') return no('not-pending');
  if (ms(at) < ms(r.expiresAt)) return no('not-expired');
  return ok({ ...r, state: 'expired', updatedAt: at });
}

/**
 * Nobody decided in time: what the policy's `onTimeout` says. Expired (the default); rejected by
 * the policy; or approved by the policy and claimed for sending, with no person as approver.
 */
export function timeOut<R extends Lifecycle>(r: R, at: string): Step<R> {
  const onTimeout = r.policy.onTimeout;
  if (!onTimeout) return expire(r, at);
  if (r.state !== 'pending') return no('not-pending');
  if (ms(at) < ms(r.expiresAt)) return no('not-expired');
  const decision: PolicyDecision = { kind: onTimeout, at, policy: r.policy.name ?? 'default', timeout: true };
  const decided = { ...r, decisions: [...r.decisions, decision], updatedAt: at };
  return onTimeout === 'reject'
    ? ok({ ...decided, state: 'rejected' })
    : ok({ ...decided, state: 'sending', execution: { startedAt: at } });
}

/** The policy's decision at timeout, if that is how the request was decided. */
export function timeoutDecision(r: Pick<Lifecycle, 'decisions'>): PolicyDecision | undefined {
  const last = r.decisions.at(-1);
  return last && 'timeout' in last ? last : undefined;
}

/** When each reminder and the escalation fall, from asking; only those before the expiry come. */
function nudgePlan(r: Lifecycle): { at: number; nudge: Nudge }[] {
  const start = ms(r.createdAt);
  const { remindMs, remindTimes = 0, escalate } = r.policy;
  const plan: { at: number; nudge: Nudge }[] = [];
  if (remindMs)
    for (let n = 1; n <= remindTimes; n++) plan.push({ at: start + n * remindMs, nudge: { kind: 'reminder', n } });
  if (escalate) plan.push({ at: start + escalate.afterMs, nudge: { kind: 'escalation' } });
  // At one moment the escalation comes first: a reminder then already speaks to a larger group.
  return plan
    .filter((p) => p.at < ms(r.expiresAt))
    .sort((a, b) => a.at - b.at || (a.nudge.kind === 'escalation' ? -1 : 1));
}

/** The nudges not given yet, soonest first. */
function nudgesLeft(r: Lifecycle, given: Nudges): { at: number; nudge: Nudge }[] {
  return nudgePlan(r).filter((p) => (p.nudge.kind === 'escalation' ? !given.escalated : p.nudge.n > given.reminded));
}

/** How many reminders the request gets in all: those of `remindTimes` that fall before its expiry. */
export function remindersPlanned(r: Lifecycle): number {
  return nudgePlan(r).filter((p) => p.nudge.kind === 'reminder').length;
}

/** A new request's schedule of reminders and escalation; undefined when its policy asks for neither. */
export function planNudges(r: Lifecycle): Nudges | undefined {
  const first = nudgePlan(r)[0];
  return first ? { reminded: 0, escalated: false, nextAt: new Date(first.at).toISOString() } : undefined;
}

/** The nudge due at `at` (the soonest not given yet), if one is: only while waiting, with a message to reply under. */
export function dueNudge(r: Lifecycle, at: string): Nudge | undefined {
  if (r.state !== 'pending' || r.published === undefined || !r.nudges) return undefined;
  const next = nudgesLeft(r, r.nudges)[0];
  return next && next.at <= ms(at) ? next.nudge : undefined;
}

/** `nudge` was given: recorded, and the next one scheduled (none left: nothing more is due). */
export function recordNudge<R extends Lifecycle>(r: R, nudge: Nudge, at: string): Step<R> {
  if (r.state !== 'pending') return no('not-pending');
  if (r.published === undefined) return no('not-published');
  const due = dueNudge(r, at);
  if (!due || due.kind !== nudge.kind || (due.kind === 'reminder' && nudge.kind === 'reminder' && due.n !== nudge.n))
    return no('nothing-due');
  const before = r.nudges as Nudges;
  const given: Nudges = nudge.kind === 'escalation' ? { ...before, escalated: true } : { ...before, reminded: nudge.n };
  const next = nudgesLeft(r, given)[0];
  const { nextAt: _n, ...rest } = given;
  return ok({ ...r, nudges: next ? { ...rest, nextAt: new Date(next.at).toISOString() } : rest });
}
