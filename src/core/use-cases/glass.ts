/**
 * Break-glass (issue 19 item 3): under a policy with `breakGlass: true`, the requester approves their
 * own request, with a reason and a second confirmation, when nobody else can at 3 a.m. It is the
 * same atomic claim as any approval (one call, however many clicks race it), announced at once in
 * the request's thread (mentioning its approvers) and in the target's announce channel, marked in
 * the audit, counted by the metrics (src/metrics/ sees the store's change), and left for any
 * approver to acknowledge afterwards (`reviewGlass`).
 */
import type { Message } from '../../lib/message.ts';
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import { breakGlass as breakGlassStep, orNothing, REQUEST_STATES, review } from '../model/lifecycle.ts';
import type { RerunRequest } from '../model/request.ts';
import { newerRefusal } from '../model/upgrade.ts';
import { mayBreakGlass, mayReview } from '../policy.ts';
import { alreadyDecided, closeIfExpired } from './decide.ts';
import { execute } from './execute.ts';
import { noticeGlass } from './notices.ts';

export type GlassResult = { ok: true; request: RerunRequest } | { ok: false; message: Message };

/** What a break-glass approval comes with: the reason, and whether the requester confirmed it. */
export interface GlassAsk {
  reason: string;
  confirmed: boolean;
}

function refusedIfNewer(err: unknown): GlassResult {
  const message = newerRefusal(err);
  if (!message) throw err;
  return { ok: false, message };
}

export function breakGlass(ctx: CoreContext, requestId: string, userId: string, ask: GlassAsk): Promise<GlassResult> {
  return ctx.work.track(doBreakGlass(ctx, requestId, userId, ask).catch(refusedIfNewer));
}

async function doBreakGlass(ctx: CoreContext, requestId: string, userId: string, ask: GlassAsk): Promise<GlassResult> {
  if (ctx.stopping) return { ok: false, message: coreMsg('core.stopping', {}) };
  const request = await ctx.store.get(requestId);
  if (!request) return { ok: false, message: coreMsg('request.notFound', { id: requestId }) };
  if (request.state !== 'pending') return { ok: false, message: alreadyDecided(request) };
  const expired = await closeIfExpired(ctx, request);
  if (expired) return { ok: false, message: expired };
  const reason = ask.reason.trim();
  const verdict = mayBreakGlass(request, userId, reason, ask.confirmed);
  if (!verdict.allowed) {
    await ctx.audit(request, 'refused-click', userId, { kind: 'break-glass', reason: verdict.reason });
    return { ok: false, message: verdict.reason };
  }
  const at = ctx.nowIso();
  // The claim every approval makes: of this and any number of concurrent clicks, one wins.
  const decided = await ctx.store.transition(
    requestId,
    ['pending'],
    (r) => orNothing(breakGlassStep(r, userId, reason, at)),
    { lease: ctx.lease() },
  );
  if (!decided) {
    const now = await ctx.store.get(requestId);
    return { ok: false, message: now ? alreadyDecided(now) : coreMsg('request.notFound', { id: requestId }) };
  }
  await ctx.audit(decided, 'break-glass', userId, { reason });
  const shown = ctx.show(decided, 'person');
  // Told at once, and only by the winner of the claim: the thread (with the approvers' mentions)
  // and the announce channel, each a post of the ledger under its own key.
  void ctx.work.track(noticeGlass(ctx, decided));
  void ctx.work
    .track(execute(ctx, decided, shown))
    .catch((err: unknown) => ctx.logger.error({ err, requestId }, 'execution failed'));
  return { ok: true, request: decided };
}

/** An approver acknowledges a break-glass approval afterwards: who and when, once. */
export function reviewGlass(ctx: CoreContext, requestId: string, userId: string): Promise<GlassResult> {
  return ctx.work.track(doReview(ctx, requestId, userId).catch(refusedIfNewer));
}

async function doReview(ctx: CoreContext, requestId: string, userId: string): Promise<GlassResult> {
  const request = await ctx.store.get(requestId);
  if (!request) return { ok: false, message: coreMsg('request.notFound', { id: requestId }) };
  const done = request.breakGlass?.review;
  if (done) return { ok: false, message: coreMsg('glass.alreadyReviewed', { by: done.by, at: done.at }) };
  const verdict = await mayReview(request, userId, ctx.directory, ctx.clock.now());
  if (!verdict.allowed) return { ok: false, message: verdict.reason };
  const at = ctx.nowIso();
  const reviewed = await ctx.store.transition(requestId, REQUEST_STATES, (r) => orNothing(review(r, userId, at)));
  if (!reviewed) {
    const now = (await ctx.store.get(requestId))?.breakGlass?.review;
    return {
      ok: false,
      message: now
        ? coreMsg('glass.alreadyReviewed', { by: now.by, at: now.at })
        : coreMsg('request.notFound', { id: requestId }),
    };
  }
  await ctx.audit(reviewed, 'reviewed', userId);
  await ctx.show(reviewed, 'person');
  return { ok: true, request: reviewed };
}
