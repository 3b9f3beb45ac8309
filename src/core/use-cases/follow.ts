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
 * The final reply is posted EXACTLY ONCE: under the lease, the reply is marked `giving`, then
 * posted through the post ledger (posts.ts), which records it before it is sent and, after an
 * answer that was lost (or a replica that died mid-post), looks for it in the thread before
 * posting again. Not settled yet (maybe posted, or a 429): the reply stays `giving` and is tried
 * again at the next due time, by whichever replica holds it then. Refused for good: given up
 * (`lost`), logged; the approval message shows the final state in place either way.
 *
 * The announce line and the requester's message (notices.ts) follow once the reply is in the
 * thread, or once it is given up.
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
  replyUnsure,
  retakeReply,
  type Follow,
  type FollowPlan,
  type PollSeen,
  type Step,
} from '../model/lifecycle.ts';
import type { RerunRequest } from '../model/request.ts';
import { finalMessage, shownKey } from '../model/story.ts';
import { targetOf } from '../model/target.ts';
import type { PostBody } from '../model/post.ts';
import type { ReplyOffer } from '../ports.ts';
import { againRaw } from './ask.ts';
import { noticeFinal } from './notices.ts';
import { deliver, type Delivery } from './posts.ts';

const FINAL_POST = { kind: 'final', key: 'final' } as const;

/** Due follow-ups one tick takes; the next tick takes the rest. */
const FOLLOW_BATCH = 50;
/** Polls run at once by one replica. */
const PARALLEL = 8;

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
  const due = await ctx.store.dueFollowUps(FOLLOW_BATCH);
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
    // Its answer was lost, or its replica died mid-post: the ledger looks before posting again.
    ctx.logger.info({ requestId: r.id, by: f.reply.by }, 'a final reply left being given is taken up again');
    if (await replyFinal(ctx, held, true)) report.replied++;
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
  if (await replyFinal(ctx, current, false)) report.replied++;
}

/** The job's state now, or why it could not be read. */
async function poll(ctx: CoreContext, r: RerunRequest, now: number): Promise<PollSeen> {
  const at = isoAt(now);
  const target = targetOf(ctx.targets, r);
  if (!target) return { at, error: coreMsg('status.targetGone', { target: r.targetId }) };
  const acceptedAt = r.execution?.finishedAt;
  try {
    const status = await target.session.status(r.send, acceptedAt ? { acceptedAt } : {});
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

/** Posts the final reply exactly once (see the top of this file); true when it is in the thread now. */
async function replyFinal(ctx: CoreContext, r: RerunRequest, again: boolean): Promise<boolean> {
  const polls = r.follow?.polls;
  const mine = (cur: RerunRequest) => cur.follow?.polls === polls;
  const mark = (cur: RerunRequest) =>
    again ? retakeReply(cur, ctx.nowIso(), ctx.replica) : markReplying(cur, ctx.nowIso(), ctx.replica);
  const marked = await ctx.store.transition(
    r.id,
    FOLLOWED_STATES,
    (cur) => (mine(cur) ? orNothing(mark(cur)) : undefined),
    { onlyIfFree: ctx.free() },
  );
  const ended = marked?.follow?.phase === 'ended' ? marked.follow : undefined;
  if (!marked || !ended) return false;
  const final = finalMessage(marked, ended);
  const offer = rerunAgainOffer(ctx, marked);
  const body: PostBody = {
    kind: 'final',
    message: final,
    ...(offer ? { again: offer.raw ? { raw: offer.raw } : {} } : {}),
  };
  let d: Delivery;
  try {
    d = await deliver(ctx, marked, FINAL_POST, body);
  } catch (err) {
    ctx.logger.error({ err, requestId: r.id }, 'posting the final reply failed; tried again later');
    d = { kind: 'pending' };
  }
  const settle = (step: (cur: RerunRequest) => Step<RerunRequest>) =>
    ctx.store.transition(r.id, FOLLOWED_STATES, (cur) => orNothing(step(cur)), {
      onlyIfFree: ctx.free(),
      lease: null,
    });
  if (d.kind === 'posted') {
    await noticeFinal(ctx, marked, ended, final);
    await settle((cur) => markReplied(cur, ctx.nowIso(), ctx.replica));
    return true;
  }
  if (d.kind === 'refused') {
    ctx.logger.error({ requestId: r.id, error: d.post.error }, 'Slack refused the final reply; it is given up');
    const after = await settle((cur) => markReplyLost(cur, ctx.nowIso()));
    // The thread reply is given up; the channel and the requester still hear of the end, once.
    if (after?.follow?.phase === 'ended')
      await noticeFinal(ctx, after, after.follow, finalMessage(after, after.follow));
    return false;
  }
  const retryAt = isoAt(ctx.clock.now().getTime() + ctx.follow.everyMs);
  await settle((cur) => replyUnsure(cur, ctx.nowIso(), ctx.replica, retryAt));
  return false;
}
