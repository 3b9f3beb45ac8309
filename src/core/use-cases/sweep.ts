/**
 * The sweeper: work that no live replica holds, found in the store and done by one replica at a
 * time (it holds the `sweeper` lease):
 *
 * - a call in flight when its replica died (its lease ran out): marked "outcome unknown — check
 *   status" if it had been handed to the network, "not sent" if it was still waiting for the
 *   pace; never sent again;
 * - a pending request past its expiry: timed out as its policy says (timeout.ts: expired, its jobs
 *   free to be asked for again; or rejected, or approved and sent, by the policy), its message
 *   updated without anyone clicking;
 * - a pending request whose message was never posted, or whose answer was lost (its replica
 *   died mid-post, Slack answered 5xx or not at all): looked for, adopted if found, else posted;
 * - a published request whose message does not show its state (an update was lost): updated;
 * - every other post that may have landed or that Slack turned away for now (post ledger,
 *   posts.ts): announce lines, messages to requesters, the approvers' call, and the approval
 *   message of a request that stopped waiting meanwhile (looked for, never posted anew), so no
 *   orphan keeps live buttons. Final replies follow their own schedule (follow.ts).
 *
 * A starting replica runs one sweep at once, so everything left by a stop is taken up again
 * from the store; the store's lease condition keeps it off every live replica's work.
 */
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import { orNothing } from '../model/lifecycle.ts';
import { recoverCall as recover } from '../model/following.ts';
import { postKey, type PostRecord } from '../model/post.ts';
import type { RerunRequest } from '../model/request.ts';
import { noticeOutcome, tellRequester } from './notices.ts';
import { deliver } from './posts.ts';
import { publishRequest } from './publish.ts';
import { timeOutRequest } from './timeout.ts';

/** How many due requests one sweep takes; the next sweep takes the rest. */
const SWEEP_BATCH = 100;
const SWEEPER_LEASE = 'sweeper';

export interface SweepReport {
  recovered: number;
  expired: number;
  posted: number;
  repaired: number;
  /** Posts of the ledger settled (posted, found, or refused for good) by this sweep. */
  settled: number;
}

export async function sweep(ctx: CoreContext): Promise<SweepReport> {
  const report: SweepReport = { recovered: 0, expired: 0, posted: 0, repaired: 0, settled: 0 };
  if (!(await ctx.store.claimLease(SWEEPER_LEASE, ctx.lease()))) return report;
  const now = ctx.clock.now();
  for (const r of await ctx.store.due(SWEEP_BATCH)) {
    if (ctx.stopping) break;
    try {
      await sweepOne(ctx, r, now, report);
    } catch (err) {
      ctx.logger.error({ err, requestId: r.id }, 'sweeping a request failed; the next sweep tries again');
    }
  }
  for (const post of await ctx.store.duePosts(now, SWEEP_BATCH)) {
    if (ctx.stopping) break;
    if (post.kind === 'final') continue;
    try {
      if (await sweepPost(ctx, post)) report.settled++;
    } catch (err) {
      ctx.logger.error({ err, post: postKey(post) }, 'sweeping a post failed; the next sweep tries again');
    }
  }
  return report;
}

/** A post that may have landed, or that Slack turned away for now: tried again (looked for first). */
async function sweepPost(ctx: CoreContext, post: PostRecord): Promise<boolean> {
  const r = await ctx.store.get(post.request);
  if (!r) return false;
  if (post.kind === 'request') {
    const done = await publishRequest(ctx, r);
    if (done.kind === 'refused') await tellRequester(ctx, r, 'notPosted', done.message);
    return done.kind === 'posted' || done.kind === 'refused';
  }
  // A reminder or escalation of a request no longer waiting is looked for, never posted anew.
  const late = (post.kind === 'reminder' || post.kind === 'escalation') && r.state !== 'pending';
  const d = await deliver(ctx, r, post, post.body, { lookOnly: late });
  return d.kind === 'posted' || d.kind === 'refused';
}

async function sweepOne(ctx: CoreContext, r: RerunRequest, now: Date, report: SweepReport): Promise<void> {
  if (r.state === 'sending') {
    if (await recoverCall(ctx, r)) report.recovered++;
  } else if (r.state === 'pending' && Date.parse(r.expiresAt) <= now.getTime()) {
    // Expired, or rejected or approved by the policy (`onTimeout`): timeout.ts.
    if (await timeOutRequest(ctx, r, true)) report.expired++;
  } else if (r.state === 'pending' && !r.published) {
    if (await postAgain(ctx, r)) report.posted++;
  } else if (r.published) {
    await ctx.show(r, 'paced');
    report.repaired++;
  }
}

/** A call whose replica died: never sent again; what is known about it is said. */
async function recoverCall(ctx: CoreContext, r: RerunRequest): Promise<boolean> {
  const audit = await ctx.store.auditOf(r.id);
  // `call-started` is what versions before "sent" was recorded wrote just before sending.
  const sent = audit.some((a) => a.event === 'call-sent' || a.event === 'call-started');
  const message = coreMsg(sent ? 'recover.inFlight' : 'recover.notSent', {});
  const at = ctx.nowIso();
  const done = await ctx.store.transition(r.id, ['sending'], (cur) => orNothing(recover(cur, sent, message, at)), {
    onlyIfFree: ctx.free(),
    lease: null,
  });
  if (!done) return false;
  ctx.logger.warn({ requestId: r.id, sent }, 'took over a call whose replica stopped; it is not sent again');
  await ctx.audit(done, 'recovered', 'system', { outcome: done.execution?.outcome });
  await ctx.show(done, 'paced');
  await noticeOutcome(ctx, done);
  return true;
}

/**
 * A request stored but not known to be posted (its replica died mid-post, or Slack's answer was
 * lost): under its lease, looked for and adopted, or posted (publish.ts). Refused for good: the
 * request is withdrawn and its requester told why.
 */
async function postAgain(ctx: CoreContext, r: RerunRequest): Promise<boolean> {
  const held = await ctx.store.transition(r.id, ['pending'], (cur) => (cur.published ? undefined : cur), {
    onlyIfFree: ctx.free(),
    lease: ctx.lease(),
  });
  if (!held) return false;
  const done = await publishRequest(ctx, held).finally(() => ctx.store.releaseLease(r.id, ctx.replica));
  if (done.kind === 'refused') await tellRequester(ctx, held, 'notPosted', done.message);
  return done.kind === 'posted';
}
