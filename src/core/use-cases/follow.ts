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
 * The final reply is posted AT MOST ONCE: under the lease, `follow.replying` is stored before
 * posting and `follow.replied` after. A replica that finds `replying` left by a dead replica
 * does not post again (the post may have gone out); it records the reply as `lost` and logs it.
 * The approval message shows the final state in place either way, and the sweeper repairs it.
 * A post that the front end answers with an error is known not to have gone: it is tried again
 * at the next poll, at most MAX_REPLY_TRIES times.
 *
 * The announce line and the requester's message (notices.ts) ride on the same step: told after
 * the reply while `replying` is still marked (a replica that dies from there on leaves the mark,
 * and nobody tells again), or once when the reply is given up.
 */
import type { Message } from '../../lib/message.ts';
import type { JobStatus, StatusItem } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';
import { describeError } from '../errors.ts';
import { coreMsg } from '../messages.ts';
import type { Follow, FollowEnd, RequestState, RerunRequest } from '../model/request.ts';
import { targetOf } from '../model/target.ts';
import { noticeFinal } from './notices.ts';
import type { ReplyOffer } from '../ports.ts';
import { failedAgainRaw } from './remainder.ts';

/** When polls happen: quick at first, then every `everyMs`; `limitMs` after acceptance the bot stops watching. */
export interface FollowTiming {
  /** How often a replica looks for due follow-ups. */
  tickMs: number;
  /** The waits before the first polls, after acceptance; then `everyMs` between polls. */
  firstMs: readonly number[];
  /** At most this long between polls (with `tickMs`, the final state is known within ~20 s). */
  everyMs: number;
  /** How long after acceptance the bot stops watching. */
  limitMs: number;
}

export const DEFAULT_FOLLOW: FollowTiming = {
  tickMs: 2_000,
  firstMs: [3_000, 5_000, 10_000],
  everyMs: 15_000,
  limitMs: 24 * 3_600_000,
};

/** The states of a request whose rerun was accepted (all or part): the ones followed. */
export const FOLLOWED: readonly RequestState[] = ['succeeded', 'partial'];
/** Due follow-ups one tick takes; the next tick takes the rest. */
const FOLLOW_BATCH = 50;
/** Polls run at once by one replica. */
const PARALLEL = 8;
const MAX_REPLY_TRIES = 5;

const ms = (iso: string) => Date.parse(iso);
const isoAt = (t: number) => new Date(t).toISOString();

/** The follow-up an accepted or partial rerun starts with, `at` its acceptance; undefined for any other outcome. */
export function startFollow(ctx: CoreContext, r: RerunRequest, at: string): Follow | undefined {
  const status = r.execution?.outcome?.status;
  if (status !== 'accepted' && status !== 'partial') return undefined;
  const t = ms(at);
  return {
    startedAt: at,
    // The policy the request was asked under says how long (`followFor`); else the default.
    until: isoAt(t + (r.policy.followForMs ?? ctx.follow.limitMs)),
    nextAt: isoAt(t + (ctx.follow.firstMs[0] ?? ctx.follow.everyMs)),
    polls: 0,
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

function endOf(status: JobStatus): FollowEnd {
  if (status.items.some((i) => i.result === 'failed')) return 'failed';
  if (status.items.length && status.items.every((i) => i.result === 'succeeded')) return 'succeeded';
  return 'finished';
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
    FOLLOWED,
    (cur) => (cur.follow?.nextAt !== undefined && ms(cur.follow.nextAt) <= now ? cur : undefined),
    { onlyIfFree: ctx.free(), lease: ctx.lease() },
  );
  const f = held?.follow;
  if (!held || !f) return;
  const polls = f.polls;
  // Every write below holds only if nobody else has written the follow-up since this claim.
  const mine = (cur: RerunRequest) => cur.follow?.polls === polls && !cur.follow.replied;
  const write = (change: (cur: RerunRequest, f: Follow) => Follow, lease: null | undefined) =>
    ctx.store.transition(
      r.id,
      FOLLOWED,
      (cur) => (cur.follow && mine(cur) ? { ...cur, follow: change(cur, cur.follow) } : undefined),
      { onlyIfFree: ctx.free(), ...(lease === null ? { lease: null } : {}) },
    );

  if (f.replying) {
    // A replica died between marking and finishing its post: the reply may have gone out.
    ctx.logger.warn(
      { requestId: r.id, by: f.replying.by },
      'a final reply was being posted when its replica stopped; not posted again',
    );
    await write((_, cf) => done(cf, ctx.nowIso(), true), null);
    return;
  }
  let current = held;
  if (!f.final) {
    // The claim above required `nextAt` to be due, so it is set here.
    if (f.nextAt) ctx.metrics?.followPolled(r.targetId, now - ms(f.nextAt));
    const seen = await poll(ctx, held, now);
    report.polled++;
    const at = isoAt(now);
    const ends = ('status' in seen && seen.status.terminal) || now >= ms(f.until);
    const next = await write(
      (_, cf) => {
        const last = 'status' in seen ? { at, status: seen.status } : { at, error: seen.error };
        const base = { ...cf, polls: cf.polls + 1, last };
        if ('status' in seen && seen.status.terminal)
          return { ...base, final: { end: endOf(seen.status), at, status: seen.status } };
        const known = 'status' in seen ? seen.status : cf.last && 'status' in cf.last ? cf.last.status : undefined;
        if (ends) return { ...base, final: { end: 'limit' as const, at, ...(known ? { status: known } : {}) } };
        return { ...base, nextAt: nextPoll(ctx, cf, cf.polls + 1, now) };
      },
      // A final state keeps the lease for the reply; otherwise any replica may take the next poll.
      ends ? undefined : null,
    );
    if (!next?.follow?.final) {
      // The approval message shows the state last seen and how long the job has run, poll by poll.
      if (next) await ctx.show(next);
      return;
    }
    current = next;
    await ctx.audit(current, 'follow-final', 'system', { end: next.follow.final.end, polls: next.follow.polls });
    await ctx.show(current);
  }
  if (await replyFinal(ctx, current)) report.replied++;
}

/** The job's state now, or why it could not be read. */
async function poll(
  ctx: CoreContext,
  r: RerunRequest,
  now: number,
): Promise<{ status: JobStatus } | { error: Message }> {
  const target = targetOf(ctx.targets, r);
  if (!target) return { error: coreMsg('status.targetGone', { target: r.targetId }) };
  const acceptedAt = r.execution?.finishedAt;
  try {
    const status = await target.session.status(r.send, acceptedAt ? { acceptedAt } : {});
    return { status: acceptedItems(r, status) };
  } catch (err) {
    ctx.logger.warn({ err, requestId: r.id, at: isoAt(now) }, 'reading the state of a followed rerun failed');
    return { error: describeError(err) };
  }
}

function done(f: Follow, at: string, lost: boolean): Follow {
  const { nextAt: _n, replying: _r, ...rest } = f;
  return { ...rest, replied: lost ? { at, lost } : { at } };
}

/** After a failure again, "Rerun again…": with just the items that failed when the provider can name them. */
function rerunAgainOffer(ctx: CoreContext, r: RerunRequest): ReplyOffer | undefined {
  const final = r.follow?.final;
  if (final?.end !== 'failed') return undefined;
  const provider = ctx.targets.get(r.targetId)?.provider;
  const raw = provider ? failedAgainRaw(provider, r.raw, final.status) : undefined;
  return raw ? { kind: 'rerunAgain', raw } : { kind: 'rerunAgain' };
}

/** Posts the final reply at most once (see the top of this file); true when it was posted now. */
async function replyFinal(ctx: CoreContext, r: RerunRequest): Promise<boolean> {
  const polls = r.follow?.polls;
  const guard = (cur: RerunRequest) =>
    cur.follow?.final && cur.follow.polls === polls && !cur.follow.replying && !cur.follow.replied
      ? cur.follow
      : undefined;
  const marked = await ctx.store.transition(
    r.id,
    FOLLOWED,
    (cur) => {
      const f = guard(cur);
      return f ? { ...cur, follow: { ...f, replying: { at: ctx.nowIso(), by: ctx.replica } } } : undefined;
    },
    { onlyIfFree: ctx.free() },
  );
  if (!marked?.follow) return false;
  const unmark = (f: Follow, next: (f: Follow) => Follow) => {
    const { replying: _r, ...rest } = f;
    return next(rest);
  };
  try {
    await ctx.notifier.reply(marked, finalMessage(marked), rerunAgainOffer(ctx, marked));
  } catch (err) {
    const tries = (marked.follow.replyFailures ?? 0) + 1;
    ctx.logger.error({ err, requestId: r.id, tries }, 'posting the final reply failed');
    const after = await ctx.store.transition(
      r.id,
      FOLLOWED,
      (cur) =>
        cur.follow?.replying?.by === ctx.replica
          ? {
              ...cur,
              follow: unmark(cur.follow, (f) =>
                tries >= MAX_REPLY_TRIES
                  ? done({ ...f, replyFailures: tries }, ctx.nowIso(), true)
                  : { ...f, replyFailures: tries, nextAt: isoAt(ctx.clock.now().getTime() + ctx.follow.everyMs) },
              ),
            }
          : undefined,
      { onlyIfFree: ctx.free(), lease: null },
    );
    // The thread reply is given up; the channel and the requester still hear of the end, once.
    if (after?.follow?.replied) await noticeFinal(ctx, after, finalMessage(after));
    return false;
  }
  await noticeFinal(ctx, marked, finalMessage(marked));
  await ctx.store.transition(
    r.id,
    FOLLOWED,
    (cur) =>
      cur.follow?.replying?.by === ctx.replica ? { ...cur, follow: done(cur.follow, ctx.nowIso(), false) } : undefined,
    { onlyIfFree: ctx.free(), lease: null },
  );
  return true;
}

function itemLine(i: StatusItem): Message {
  return coreMsg('follow.item', { id: i.id, state: i.state, result: i.result, detail: i.detail });
}

/** The final state as a person reads it: in the thread reply and in the approval message. */
export function finalMessage(r: RerunRequest): Message {
  const f = r.follow;
  const final = f?.final;
  if (!f || !final) return coreMsg('follow.watching', { polls: f?.polls ?? 0, items: [], elapsedMs: undefined });
  const elapsedMs = Math.max(0, ms(final.at) - ms(f.startedAt));
  return coreMsg('follow.final', {
    id: r.id,
    end: final.end,
    elapsedMs,
    provider: r.providerName,
    items: (final.status?.items ?? []).map(itemLine),
    requestId: r.execution?.outcome?.requestId,
    rerunAgain: final.end === 'failed',
  });
}

/** What the approval message says about the follow-up: still watching, or how it ended. */
export function followLine(r: RerunRequest): Message | undefined {
  const f = r.follow;
  if (!f) return undefined;
  if (f.final) return finalMessage(r);
  const last = f.last && 'status' in f.last ? f.last.status.items.map(itemLine) : [];
  const elapsedMs = f.last ? Math.max(0, ms(f.last.at) - ms(f.startedAt)) : undefined;
  return coreMsg('follow.watching', { polls: f.polls, items: last, elapsedMs });
}
