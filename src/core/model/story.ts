/**
 * What a request's story is at a glance, as facts every surface words the same way: the call's
 * half (the request's state and who decided) and, after an accepted call, the job's half (its
 * phase and how long since acceptance). "Accepted" is never "succeeded": that is the job's word.
 */
import type { Message } from '../../lib/message.ts';
import type { StatusItem } from '../../providers/types.ts';
import { coreMsg } from '../messages.ts';
import { approvalsOf, approversOf, deciderOf, timeoutDecision, type EndedFollow, type Follow } from './lifecycle.ts';
import { jobPhase } from './following.ts';
import type { RerunRequest } from './request.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A running job's age in the steps a person reads it in (and the approval message is updated
 * at): whole minutes for the first ten, then 5 minutes, 15 minutes past an hour, whole hours
 * past six. Under a minute it is not said.
 */
function coarseElapsed(ms: number): number | undefined {
  if (ms < MINUTE) return undefined;
  const step = ms < 10 * MINUTE ? MINUTE : ms < HOUR ? 5 * MINUTE : ms < 6 * HOUR ? 15 * MINUTE : HOUR;
  return Math.floor(ms / step) * step;
}

/** How long an ended job ran, from acceptance to its end. */
export function endedAfter(f: EndedFollow): number {
  return Math.max(0, Date.parse(f.at) - Date.parse(f.startedAt));
}

/** From acceptance to the end (an ended job), or to the last poll in coarse steps (a running one). */
function elapsedOf(f: Follow): number | undefined {
  if (f.phase === 'ended') return endedAfter(f);
  return f.last ? coarseElapsed(Date.parse(f.last.at) - Date.parse(f.startedAt)) : undefined;
}

/** Who decided what the state shows: the approvers of a call, the person who rejected or cancelled. */
function deciders(r: RerunRequest): string[] {
  if (r.state === 'rejected' || r.state === 'cancelled') {
    const last = r.decisions.at(-1);
    const who = last && deciderOf(last);
    return who ? [who] : [];
  }
  return r.state === 'pending' || r.state === 'expired' ? [] : approversOf(r);
}

/** The request's story in one line ("accepted — running 4 minutes", "rejected by carol"). */
export function storyOf(r: RerunRequest): Message {
  const job = jobPhase(r.follow);
  const elapsedMs = r.follow ? elapsedOf(r.follow) : undefined;
  return coreMsg('story', {
    state: r.state,
    by: deciders(r),
    approvals: approvalsOf(r).length,
    min: r.policy.minApprovals,
    job,
    elapsedMs,
    byPolicy: timeoutDecision(r)?.policy,
  });
}

/**
 * What the request's message shows, as a key: the message is updated when it changes (a poll
 * that sees nothing new changes nothing; a running job's age moves in coarse steps).
 */
export function shownKey(r: RerunRequest, withAge = true): string {
  const f = r.follow;
  const seen = f?.last && 'status' in f.last ? f.last.status.items.map((i) => `${i.id}:${i.state}`) : [];
  const error = f?.last && 'error' in f.last ? f.last.error.id : '';
  const age = f && withAge ? elapsedOf(f) : null;
  return JSON.stringify([r.state, r.decisions.length, jobPhase(f), age, seen, error]);
}

/** What changes between two renders of a request's message: nothing, only a running job's age, or more. */
export function shownChange(before: RerunRequest, after: RerunRequest): 'none' | 'age' | 'more' {
  if (shownKey(before) === shownKey(after)) return 'none';
  return shownKey(before, false) === shownKey(after, false) ? 'age' : 'more';
}

function itemLine(i: StatusItem): Message {
  return coreMsg('follow.item', { id: i.id, state: i.state, result: i.result, detail: i.detail });
}

/** The final state as a person reads it: in the thread reply and in the approval message. */
export function finalMessage(r: RerunRequest, f: EndedFollow): Message {
  return coreMsg('follow.final', {
    id: r.id,
    end: f.end,
    elapsedMs: endedAfter(f),
    provider: r.providerName,
    items: (f.status?.items ?? []).map(itemLine),
    requestId: r.execution?.outcome?.requestId,
    rerunAgain: f.end === 'failed-again',
  });
}

/**
 * A message about a request followed by the request's reason, when it has one (issue 19 item 4): the
 * requester's messages, announce lines and the final reply say why the rerun was asked.
 */
export function withReason(r: Pick<RerunRequest, 'reason'>, message: Message): Message {
  return r.reason ? coreMsg('withReason', { message, reason: r.reason }) : message;
}

/** What the approval message says about the follow-up: still watching, or how it ended. */
export function followLine(r: RerunRequest): Message | undefined {
  const f = r.follow;
  if (!f) return undefined;
  if (f.phase === 'ended') return finalMessage(r, f);
  const last = f.last && 'status' in f.last ? f.last.status.items.map(itemLine) : [];
  return coreMsg('follow.watching', { polls: f.polls, items: last });
}
