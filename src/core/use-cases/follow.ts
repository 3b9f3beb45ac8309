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
 * Updates wait for the workspace's update pace (core/update-pace.ts); a step of age alone is
 * shown only when that pace has room.
 */
import type { JobStatus, StatusAnswer } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';
import { describeError } from '../errors.ts';
import { coreMsg } from '../messages.ts';
import { FOLLOWED_STATES, orNothing, type Follow, type PollSeen, type Step } from '../model/lifecycle.ts';
import {
  markReplied,
  markReplying,
  markReplyLost,
  recordPoll,
  replyUnsure,
  retakeReply,
  type FollowPlan,
} from '../model/following.ts';
import type { RerunRequest } from '../model/request.ts';
import { finalMessage, shownChange, withReason } from '../model/story.ts';
import { targetOf } from '../model/target.ts';
import type { PostBody } from '../model/post.ts';
import type { ReplyOffer } from '../ports.ts';
import { againRaw } from './ask.ts';
import { noticeFinal } from './notices.ts';
import { deliver, type Delivery } from './posts.ts';

const FINAL_POST = { kind: 'final', key: 'final' } as const;

/**
 * Due follow-ups one tick takes (oldest due first); the next tick takes the rest. Enough that a
 * storm's follow-ups of one target go in few batched reads (one read call of a provider may
 * carry a hundred jobs), few enough that one tick's claims and writes stay short.
 */
const FOLLOW_BATCH = 200;
/** Claims, and the writes after a read, run at once by one replica. */
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

/**
 * When the poll after `polls` polls is due: never after the limit, so the limit is met on time.
 * A poll that came late (the reads could not keep up) takes its lateness off the next wait, up to
 * half of it: among follow-ups due at one moment, the ones that waited longest go first, so when
 * the allowance cannot poll everything at the preferred interval the interval stretches evenly
 * for all, rather than for whichever lose the ties every time. It also keeps a target's polls on
 * the times they had, so those read together stay together (one batched read).
 */
function nextPoll(ctx: CoreContext, f: Follow, polls: number, now: number): string {
  const wait = Math.min(ctx.follow.firstMs[polls] ?? ctx.follow.everyMs, ctx.follow.everyMs);
  const due = f.phase === 'running' && f.nextAt ? ms(f.nextAt) : now;
  const late = Math.min(Math.max(0, now - due), wait / 2);
  return isoAt(Math.min(now + wait - late, ms(f.until)));
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

/**
 * Targets whose follow-ups this replica is reading now, per core: a tick leaves them to the read
 * under way (the store leaves them out of its answer), so a slow target holds up no other.
 */
const reading = new WeakMap<CoreContext, Set<string>>();
/** Cores whose look for due follow-ups is under way: a tick meanwhile does nothing (a slow store). */
const looking = new WeakSet<CoreContext>();

/**
 * One tick: every due follow-up nobody holds, the targets in turn (the store answers round robin),
 * leaving out the targets this replica is still reading. Each target's follow-ups are claimed,
 * read together in one `statusMany` (the provider reads them with as few calls as its API allows)
 * and each goes on with what was seen, a few at a time. Each target's batch runs on its own: the
 * timer does not wait for it (background.ts), and the next tick serves the other targets while a
 * slow one is read; what falls due meanwhile waits for that target's next batch, so a target the
 * allowance cannot keep up with reads bigger batches, less often, the oldest due first: the poll
 * interval stretches evenly for its requests, and no request is starved.
 * Resolves when this tick's batches have ended (a test's report).
 */
export async function followDue(ctx: CoreContext): Promise<FollowReport> {
  const report: FollowReport = { polled: 0, replied: 0 };
  let busy = reading.get(ctx);
  if (!busy) reading.set(ctx, (busy = new Set()));
  if (looking.has(ctx)) return report;
  looking.add(ctx);
  let due: RerunRequest[];
  try {
    // Tracked, so a replica that waits until it is idle waits for the batches this look starts.
    due = await ctx.work.track(ctx.store.dueFollowUps(FOLLOW_BATCH, 0, [...busy]));
  } finally {
    looking.delete(ctx);
  }
  const groups = new Map<string, RerunRequest[]>();
  for (const r of due) {
    const group = groups.get(r.targetId);
    if (group) group.push(r);
    else groups.set(r.targetId, [r]);
  }
  const batches: Promise<void>[] = [];
  for (const [targetId, group] of groups) {
    // Another tick of this replica took the target while the store answered.
    if (busy.has(targetId)) continue;
    busy.add(targetId);
    const batch = followTarget(ctx, group, report).finally(() => busy.delete(targetId));
    batches.push(ctx.work.track(batch));
  }
  await Promise.all(batches);
  return report;
}

/** One target's due follow-ups: claimed, read together, and each taken on. */
async function followTarget(ctx: CoreContext, due: readonly RerunRequest[], report: FollowReport): Promise<void> {
  const failed = (r: RerunRequest) => (err: unknown) =>
    ctx.logger.error({ err, requestId: r.id }, 'following a rerun failed; the next tick tries again');
  const claimed = await inTurn(ctx, due, (r) => claim(ctx, r).catch(failed(r)));
  const group = claimed.filter((c): c is Claimed => c !== undefined);
  const seen = await pollMany(ctx, group);
  await inTurn(ctx, group, (c, i) => followOne(ctx, c, seen[i], report).catch(failed(c.held)));
}

/** Runs `fn` on each item, PARALLEL at a time, until the replica stops. */
async function inTurn<T, R>(
  ctx: CoreContext,
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
): Promise<(R | undefined)[]> {
  const out: (R | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length && !ctx.stopping; i = next++) out[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return out;
}

/** A follow-up this replica holds for this tick, claimed at `now`. */
interface Claimed {
  held: RerunRequest;
  now: number;
}

/**
 * Claims the request with a lease (`onlyIfFree`): while one replica polls (the provider may take
 * seconds), no other touches it.
 */
async function claim(ctx: CoreContext, r: RerunRequest): Promise<Claimed | undefined> {
  const now = ctx.clock.now().getTime();
  const held = await ctx.store.transition(
    r.id,
    FOLLOWED_STATES,
    (cur) => (cur.follow?.nextAt !== undefined && ms(cur.follow.nextAt) <= now ? cur : undefined),
    { onlyIfFree: ctx.free(), lease: ctx.lease() },
  );
  return held?.follow ? { held, now } : undefined;
}

async function followOne(
  ctx: CoreContext,
  { held, now }: Claimed,
  seen: PollSeen | undefined,
  report: FollowReport,
): Promise<void> {
  const r = held;
  const f = held.follow;
  if (!f) return;
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
    // The message's update to the end may have been waiting for its turn at the replica that died
    // (paced-shows.ts keeps that queue in memory): shown again here, once, by the one taking over.
    await ctx.show(held, 'paced');
    return;
  }
  let current = held;
  if (f.phase === 'running' && seen) {
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
      // The approval message changes only when what it shows does (the state, or a coarse step of
      // time); a step of time alone only when the workspace's update pace has room (update-pace.ts).
      const change = shownChange(held, next);
      if (change !== 'none') await ctx.show(next, change === 'age' ? 'ifRoom' : 'paced');
      return;
    }
    current = next;
    await ctx.audit(current, 'follow-final', 'system', { end: next.follow.end, polls: next.follow.polls });
    await ctx.show(current, 'paced');
  }
  if (await replyFinal(ctx, current, false)) report.replied++;
}

/**
 * The jobs' states now of a group's running follow-ups (all of one target), or why each could
 * not be read; undefined for the others. Read with the status context from the store (`acceptedAt`),
 * so a rerun that failed again at once is not taken for the old failure: each provider's status
 * knows how (see FACTS.md).
 */
async function pollMany(ctx: CoreContext, group: readonly Claimed[]): Promise<(PollSeen | undefined)[]> {
  const running = group.filter((c) => c.held.follow?.phase === 'running');
  const first = running[0];
  if (!first) return group.map(() => undefined);
  for (const { held, now } of running)
    if (held.follow?.phase === 'running') ctx.metrics?.followPolled(held.targetId, now - ms(held.follow.nextAt));
  const target = targetOf(ctx.targets, first.held);
  const seen = new Map<Claimed, PollSeen>();
  const at = (c: Claimed) => isoAt(c.now);
  // Requests of one target id asked under another provider (a reloaded config) are not read.
  const readable = running.filter((c) => target && targetOf(ctx.targets, c.held) === target);
  for (const c of running)
    if (!readable.includes(c))
      seen.set(c, { at: at(c), error: coreMsg('status.targetGone', { target: c.held.targetId }) });
  if (target && readable.length) {
    const queries = readable.map(({ held }) => {
      const acceptedAt = held.execution?.finishedAt;
      return { params: held.send, context: acceptedAt ? { acceptedAt } : {} };
    });
    // statusMany answers each request on its own; should it throw all the same, each gets that failure.
    // Nobody waits for a poll: it takes the slots people leave (with its share, never starved).
    const answers = await target.session
      .statusMany(queries, { priority: 'background' })
      .catch((error: unknown) => queries.map((): StatusAnswer => ({ error })));
    readable.forEach((c, i) => {
      const answer = answers[i] ?? { error: new Error('the provider gave no answer for this request') };
      if ('status' in answer) {
        seen.set(c, { at: at(c), status: acceptedItems(c.held, answer.status) });
        return;
      }
      ctx.logger.warn(
        { err: answer.error, requestId: c.held.id, at: at(c) },
        'reading the state of a followed rerun failed',
      );
      seen.set(c, { at: at(c), error: describeError(answer.error) });
    });
  }
  return group.map((c) => seen.get(c));
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
  const final = withReason(marked, finalMessage(marked, ended));
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
      await noticeFinal(ctx, after, after.follow, withReason(after, finalMessage(after, after.follow)));
    return false;
  }
  // Held by another attempt (its replica may have died mid-post): tried again when that hold ends,
  // not a whole poll interval later.
  const now = ctx.clock.now().getTime();
  const holdEnds = d.kind === 'busy' && d.until !== undefined ? Math.max(d.until, now) : Infinity;
  const retryAt = isoAt(Math.min(now + ctx.follow.everyMs, holdEnds));
  await settle((cur) => replyUnsure(cur, ctx.nowIso(), ctx.replica, retryAt));
  return false;
}
