/**
 * Follow-up: after an accepted (or partial) rerun the bot reads the job's state until it ends
 * (or the limit, 24 h by default), shows the final state in the approval message, and posts it
 * once as a reply in the message's thread (docs/SPEC.md §4 "Follow-up", §5).
 *
 * The schedule is the request's own record (`follow.nextAt`, the store's `follow_at` column):
 * nothing is held in memory, so a restart or another replica simply goes on from the store.
 *
 * One poll, at any replica whose follow timer finds it due:
 * 1. claim the request with a lease (`onlyIfFree`): while one replica polls (the provider may
 *    take seconds), no other touches it; a replica that dies mid-poll loses it when its lease
 *    runs out;
 * 2. read the status with `acceptedAt` from the store (so a rerun that failed again at once is
 *    not taken for the old failure: each provider's status() knows how, see FACTS.md);
 * 3. store what was seen and the next poll, releasing the lease; every write is guarded by the
 *    poll count read at the claim, so a replica that stalled and woke up late changes nothing;
 * 4. on a final state (or the limit): store it, show it in place, and post the final reply.
 *
 * The final reply is posted AT MOST ONCE: under the lease, the reply is marked `giving` before
 * posting and `given` after (model/lifecycle.ts). A replica that finds `giving` left by a dead
 * replica does not post again (the post may have gone out); it records the reply as `lost`.
 * The approval message shows the final state in place either way, and the sweeper repairs it.
 * A post that the front end answers with an error is known not to have gone: it is tried again
 * at the next poll, at most MAX_REPLY_TRIES times.
 *
 * The announce line and the requester's message (notices.ts) ride on the same step: told after
 * the reply while `giving` is still marked (a replica that dies from there on leaves the mark,
 * and nobody tells again), or once when the reply is given up.
 *
 * A poll updates the approval message only when what it shows changes (model/story.ts, shownKey):
 * the job's state, or its age at a coarse step; a thousand quiet polls change nothing in Slack.
 */
import type { JobStatus } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';
import { describeError } from '../errors.ts';
import { coreMsg } from '../messages.ts';
import {
  FOLLOWED_STATES,
  markReplied,
  markReplying,
  markReplyLost,
  orNothing,
  recordPoll,
  replyRefused,
  type Follow,
  type FollowPlan,
  type PollSeen,
  type Step,
} from '../model/lifecycle.ts';
import type { RerunRequest } from '../model/request.ts';
import { finalMessage, shownKey } from '../model/story.ts';
import { targetOf } from '../model/target.ts';
import type { ReplyOffer } from '../ports.ts';
import { againRaw } from './ask.ts';
import { noticeFinal } from './notices.ts';

/** Due follow-ups one tick takes; the next tick takes the rest. */
const FOLLOW_BATCH = 50;
/** Polls run at once by one replica. */
const PARALLEL = 8;
const MAX_REPLY_TRIES = 5;

const ms = (iso: string) => Date.parse(iso);
const isoAt = (t: number) => new Date(t).toISOString();

/** When an accepted call's job is first polled and when the bot stops watching (the policy's `followFor`). */
export function followPlan(ctx: CoreContext, r: RerunRequest, at: string): FollowPlan {
  const t = ms(at);
  return {
    firstPollAt: isoAt(t + (ctx.follow.firstMs[0] ?? ctx.follow.everyMs)),
    until: isoAt(t + (r.policy.followForMs ?? ctx.follow.limitMs)),
  };
}

/** When the poll after `polls` polls is due: never after the limit, so the limit is met on time. */
function nextPoll(ctx: CoreContext, f: Follow, polls: number, now: number): string {
  const wait = ctx.follow.firstMs[polls] ?? ctx.follow.everyMs;
  return isoAt(Math.min(now + Math.min(wait, ctx.follow.everyMs), ms(f.until)));
}

/**
 * The status items of what was accepted: after a partial rerun the items left out still show
 * their old failure, which is not the rerun's result.
 */
function acceptedItems(r: RerunRequest, status: JobStatus): JobStatus {
  const o = r.execution?.outcome;
  if (o?.status !== 'partial') return status;
  const accepted = new Set(o.items.filter((i) => i.result === 'accepted').map((i) => i.id));
  const items = status.items.filter((i) => accepted.has(i.id));
  if (!items.length) return status;
  return { items, terminal: items.every((i) => i.terminal) };
}

export interface FollowReport {
  polled: number;
  replied: number;
}

/** One tick: every due follow-up nobody holds, a few at a time. */
export async function followDue(ctx: CoreContext): Promise<FollowReport> {
  const report: FollowReport = { polled: 0, replied: 0 };
  const due = await ctx.store.dueFollowUps(ctx.clock.now(), FOLLOW_BATCH);
  const queue = [...due];
  const worker = async () => {
    for (let r = queue.shift(); r && !ctx.stopping; r = queue.shift()) {
      try {
        await ctx.work.track(followOne(ctx, r, report));
      } catch (err) {
        ctx.logger.error({ err, requestId: r.id }, 'following a rerun failed; the next tick tries again');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  return report;
}

async function followOne(ctx: CoreContext, r: RerunRequest, report: FollowReport): Promise<void> {
  const now = ctx.clock.now().getTime();
  const held = await ctx.store.transition(
    r.id,
    FOLLOWED_STATES,
    (cur) => (cur.follow?.nextAt !== undefined && ms(cur.follow.nextAt) <= now ? cur : undefined),
    { onlyIfFree: ctx.free(), lease: ctx.lease() },
  );
  const f = held?.follow;
  if (!held || !f) return;
  const polls = f.polls;
  // Every write below holds only if nobody else has written the follow-up since this claim.
  const write = (step: (cur: RerunRequest) => Step<RerunRequest>, lease: null | undefined) =>
    ctx.store.transition(
      r.id,
      FOLLOWED_STATES,
      (cur) => (cur.follow?.polls === polls ? orNothing(step(cur)) : undefined),
      { onlyIfFree: ctx.free(), ...(lease === null ? { lease: null } : {}) },
    );

  if (f.phase === 'ended' && f.reply.state === 'giving') {
    // A replica died between marking and finishing its post: the reply may have gone out.
    ctx.logger.warn(
      { requestId: r.id, by: f.reply.by },
      'a final reply was being posted when its replica stopped; not posted again',
    );
    await write((cur) => markReplyLost(cur, ctx.nowIso()), null);
    return;
  }
  let current = held;
  if (f.phase === 'running') {
    ctx.metrics?.followPolled(r.targetId, now - ms(f.nextAt));
    const seen = await poll(ctx, held, now);
    report.polled++;
    // A poll that ends the job (a final state, or the limit) keeps the lease for the reply; any
    // other gives it back in the same update, so any replica may take the next poll.
    const ends = ('status' in seen && seen.status.terminal) || now >= ms(f.until);
    const next = await write(
      (cur) => recordPoll(cur, seen, cur.follow ? nextPoll(ctx, cur.follow, cur.follow.polls + 1, now) : seen.at),
      ends ? undefined : null,
    );
    if (!next) return;
    if (next.follow?.phase !== 'ended') {
      // The approval message changes only when what it shows does (the state, or a coarse step of time).
      if (shownKey(next) !== shownKey(held)) await ctx.show(next);
      return;
    }
    current = next;
    await ctx.audit(current, 'follow-final', 'system', { end: next.follow.end, polls: next.follow.polls });
    await ctx.show(current);
  }
  if (await replyFinal(ctx, current)) report.replied++;
}

/** The job's state now, or why it could not be read. */
async function poll(ctx: CoreContext, r: RerunRequest, now: number): Promise<PollSeen> {
  const at = isoAt(now);
  const target = targetOf(ctx.targets, r);
  if (!target) return { at, error: coreMsg('status.targetGone', { target: r.targetId }) };
  const acceptedAt = r.execution?.finishedAt;
  try {
    // Nobody waits for a poll: it takes the slots people leave (with its share, never starved).
    const status = await target.session.status(r.send, acceptedAt ? { acceptedAt } : {}, { priority: 'background' });
    return { at, status: acceptedItems(r, status) };
  } catch (err) {
    ctx.logger.warn({ err, requestId: r.id, at }, 'reading the state of a followed rerun failed');
    return { at, error: describeError(err) };
  }
}

/** After a failure again, "Rerun again…": with just the items that failed when the provider can name them. */
function rerunAgainOffer(ctx: CoreContext, r: RerunRequest): ReplyOffer | undefined {
  if (r.follow?.phase !== 'ended' || r.follow.end !== 'failed-again') return undefined;
  const raw = againRaw(ctx, r);
  return raw !== r.raw ? { kind: 'rerunAgain', raw } : { kind: 'rerunAgain' };
}

/** Posts the final reply at most once (see the top of this file); true when it was posted now. */
async function replyFinal(ctx: CoreContext, r: RerunRequest): Promise<boolean> {
  const polls = r.follow?.polls;
  const mine = (cur: RerunRequest) => cur.follow?.polls === polls;
  const marked = await ctx.store.transition(
    r.id,
    FOLLOWED_STATES,
    (cur) => (mine(cur) ? orNothing(markReplying(cur, ctx.nowIso(), ctx.replica)) : undefined),
    { onlyIfFree: ctx.free() },
  );
  const ended = marked?.follow?.phase === 'ended' ? marked.follow : undefined;
  if (!marked || !ended) return false;
  try {
    await ctx.notifier.reply(marked, finalMessage(marked, ended), rerunAgainOffer(ctx, marked));
  } catch (err) {
    const tries = (ended.reply.state === 'giving' ? ended.reply.failures : 0) + 1;
    ctx.logger.error({ err, requestId: r.id, tries }, 'posting the final reply failed');
    const retryAt = isoAt(ctx.clock.now().getTime() + ctx.follow.everyMs);
    const after = await ctx.store.transition(
      r.id,
      FOLLOWED_STATES,
      (cur) => orNothing(replyRefused(cur, ctx.nowIso(), ctx.replica, retryAt, MAX_REPLY_TRIES)),
      { onlyIfFree: ctx.free(), lease: null },
    );
    // The thread reply is given up; the channel and the requester still hear of the end, once.
    if (after?.follow?.phase === 'ended' && after.follow.reply.state === 'lost')
      await noticeFinal(ctx, after, after.follow, finalMessage(after, after.follow));
    return false;
  }
  await noticeFinal(ctx, marked, ended, finalMessage(marked, ended));
  await ctx.store.transition(r.id, FOLLOWED_STATES, (cur) => orNothing(markReplied(cur, ctx.nowIso(), ctx.replica)), {
    onlyIfFree: ctx.free(),
    lease: null,
  });
  return true;
}
