/**
 * The lifecycle's second half (lifecycle.ts draws both): a call's outcome recorded, a dead replica's
 * call recovered, and the job followed after an accepted call, to its end and its one final reply.
 * Pure functions, as the first half's, run inside the store's conditional update.
 */
import type { JobStatus, RerunOutcome } from '../../providers/types.ts';
import type { Message } from '../../lib/message.ts';
import {
  CALL_ENDS,
  FOLLOWED_STATES,
  type CallEnd,
  type Execution,
  type FollowCommon,
  type EndedFollow,
  type FinalReply,
  type Follow,
  type JobEnd,
  type JobPhase,
  type Lifecycle,
  type PollSeen,
  type RequestState,
} from './lifecycle.ts';
import { no, ok, type Step } from './step.ts';

const ms = (iso: string) => Date.parse(iso);

/** The state a call's outcome leaves the request in: a rejection with no call at all is "not sent". */
export function callEnd(outcome: RerunOutcome): CallEnd {
  switch (outcome.status) {
    case 'accepted':
      return 'accepted';
    case 'partial':
      return 'partial';
    case 'unknown':
      return 'unknown';
    case 'rejected':
      return outcome.calls === 0 ? 'not-sent' : 'refused';
  }
}

/** When the first poll is due and when the bot stops watching, decided by the use case. */
export interface FollowPlan {
  firstPollAt: string;
  until: string;
}

/** The call ended: its outcome is recorded, and an accepted job starts being followed (`plan`). */
export function recordOutcome<R extends Lifecycle>(
  r: R,
  outcome: RerunOutcome,
  at: string,
  extra: Pick<Execution, 'leftOut' | 'after' | 'remainder'> = {},
  plan?: FollowPlan,
): Step<R> {
  if (r.state !== 'sending') return no('not-sending');
  const next: R = {
    ...r,
    state: callEnd(outcome),
    execution: { startedAt: r.execution?.startedAt ?? at, finishedAt: at, outcome, ...extra },
    updatedAt: at,
  };
  return plan && isFollowed(next.state) ? startFollowing(next, at, plan) : ok(next);
}

/**
 * A call whose replica died (its lease ran out): never sent again. Handed to the network: the
 * outcome is unknown; still waiting for the pace: not sent.
 */
export function recoverCall<R extends Lifecycle>(r: R, sent: boolean, message: Message, at: string): Step<R> {
  const outcome: RerunOutcome = sent
    ? { status: 'unknown', items: [], message, calls: 1 }
    : { status: 'rejected', items: [], message, calls: 0 };
  return recordOutcome(r, outcome, at);
}

export function isCallEnd(state: RequestState): state is CallEnd {
  return (CALL_ENDS as readonly RequestState[]).includes(state);
}

function isFollowed(state: RequestState): state is (typeof FOLLOWED_STATES)[number] {
  return (FOLLOWED_STATES as readonly RequestState[]).includes(state);
}

/** An accepted call's job starts being watched: polled from `plan.firstPollAt` until `plan.until`. */
export function startFollowing<R extends Lifecycle>(r: R, at: string, plan: FollowPlan): Step<R> {
  if (!isFollowed(r.state)) return no('not-followed');
  if (r.follow) return no('already-following');
  return ok({
    ...r,
    follow: { phase: 'running', startedAt: at, until: plan.until, nextAt: plan.firstPollAt, polls: 0 },
  });
}

/** What a terminal status says of the job: failed again, succeeded, or ended without saying how. */
function jobEnd(status: JobStatus): JobEnd {
  if (status.items.some((i) => i.result === 'failed')) return 'failed-again';
  if (status.items.length && status.items.every((i) => i.result === 'succeeded')) return 'succeeded';
  return 'ended';
}

function ended(f: FollowCommon, end: JobEnd, at: string, status: JobStatus | undefined): EndedFollow {
  return {
    startedAt: f.startedAt,
    until: f.until,
    polls: f.polls,
    ...(f.last ? { last: f.last } : {}),
    phase: 'ended',
    end,
    at,
    ...(status ? { status } : {}),
    reply: { state: 'due', failures: 0 },
    nextAt: at,
  };
}

function withFollow<R extends Lifecycle>(r: R, follow: Follow, at: string): R {
  return { ...r, follow, updatedAt: at };
}

/**
 * One poll of a running job: what it saw is kept; a terminal state ends the job, and past the
 * limit the bot stops watching (with the state last known); otherwise the next poll is `nextAt`.
 */
export function recordPoll<R extends Lifecycle>(r: R, seen: PollSeen, nextAt: string): Step<R> {
  const f = r.follow;
  if (!f || f.phase !== 'running') return no('not-watching');
  const base = { ...f, polls: f.polls + 1, last: seen };
  if ('status' in seen && seen.status.terminal)
    return ok(withFollow(r, ended(base, jobEnd(seen.status), seen.at, seen.status), seen.at));
  if (ms(seen.at) >= ms(f.until)) {
    const known = 'status' in seen ? seen.status : f.last && 'status' in f.last ? f.last.status : undefined;
    return ok(withFollow(r, ended(base, 'unwatched', seen.at, known), seen.at));
  }
  return ok(withFollow(r, { ...base, nextAt }, seen.at));
}

/** The limit came with no poll to see it: the bot stops watching, with the state last known. */
export function stopWatching<R extends Lifecycle>(r: R, at: string): Step<R> {
  const f = r.follow;
  if (!f || f.phase !== 'running') return no('not-watching');
  if (ms(at) < ms(f.until)) return no('not-expired');
  const known = f.last && 'status' in f.last ? f.last.status : undefined;
  return ok(withFollow(r, ended(f, 'unwatched', at, known), at));
}

function endedFollow(r: Lifecycle): EndedFollow | undefined {
  return r.follow?.phase === 'ended' ? r.follow : undefined;
}

/** Marked, under the lease, just before the final reply is posted: from here it may have gone out. */
export function markReplying<R extends Lifecycle>(r: R, at: string, by: string): Step<R> {
  const f = endedFollow(r);
  if (!f) return no('not-ended');
  if (f.reply.state !== 'due') return no('reply-not-due');
  // `nextAt` stays: if this replica dies mid-post, another finds the mark when the lease runs out.
  return ok(withFollow(r, { ...f, reply: { state: 'giving', at, by, failures: f.reply.failures } }, at));
}

/** The final reply is posted (by `by`, who marked it). */
export function markReplied<R extends Lifecycle>(r: R, at: string, by: string): Step<R> {
  const f = endedFollow(r);
  if (!f) return no('not-ended');
  if (f.reply.state !== 'giving' || f.reply.by !== by) return no('reply-not-giving');
  return ok(withFollow(r, settled(f, { state: 'given', at }), at));
}

/**
 * The reply's post got no clear answer (it may have landed) or Slack turned it away for now: still
 * being given, by nobody now, and tried again at `retryAt` (the post ledger looks for it first).
 */
export function replyUnsure<R extends Lifecycle>(r: R, at: string, by: string, retryAt: string): Step<R> {
  const f = endedFollow(r);
  if (!f) return no('not-ended');
  if (f.reply.state !== 'giving' || f.reply.by !== by) return no('reply-not-giving');
  return ok(withFollow(r, { ...f, nextAt: retryAt }, at));
}

/** A reply left being given (its replica died, or its answer was lost) is taken up by `by`. */
export function retakeReply<R extends Lifecycle>(r: R, at: string, by: string): Step<R> {
  const f = endedFollow(r);
  if (!f) return no('not-ended');
  if (f.reply.state !== 'giving') return no('reply-not-giving');
  return ok(withFollow(r, { ...f, reply: { ...f.reply, at, by } }, at));
}

/** The reply is given up: Slack refused it for good (or, before the post ledger, a replica died mid-post). */
export function markReplyLost<R extends Lifecycle>(r: R, at: string): Step<R> {
  const f = endedFollow(r);
  if (!f) return no('not-ended');
  if (f.reply.state !== 'giving') return no('reply-not-giving');
  return ok(withFollow(r, settled(f, { state: 'lost', at }), at));
}

/** Nothing is due any more once the reply is given or lost. */
function settled(f: EndedFollow, reply: Extract<FinalReply, { state: 'given' | 'lost' }>): EndedFollow {
  const { nextAt: _n, ...rest } = f;
  return { ...rest, reply };
}

/** The job's phase: running while watched, then how it ended. Undefined when no job is followed. */
export function jobPhase(f: Follow | undefined): JobPhase | undefined {
  if (!f) return undefined;
  return f.phase === 'running' ? 'running' : f.end;
}
