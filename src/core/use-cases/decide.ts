/** A click on Approve, Reject or Cancel. Only an allowed click changes anything. */
import { isAfter } from 'date-fns/isAfter';
import type { Message } from '../../lib/message.ts';
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import { approveAndClaim, cancel, orNothing, reject, type DecisionKind } from '../model/lifecycle.ts';
import type { RerunRequest } from '../model/request.ts';
import { storyOf } from '../model/story.ts';
import { newerRefusal } from '../model/upgrade.ts';
import { mayDecide } from '../policy.ts';
import { execute } from './execute.ts';
import { noticeClosed } from './notices.ts';
import { timeOutRequest } from './timeout.ts';

export type DecideResult = { ok: true; request: RerunRequest } | { ok: false; message: Message };

export function decide(ctx: CoreContext, requestId: string, userId: string, kind: DecisionKind): Promise<DecideResult> {
  // A record a newer version wrote is left alone, and the clicker told so (model/upgrade.ts).
  return ctx.work.track(
    doDecide(ctx, requestId, userId, kind).catch((err: unknown): DecideResult => {
      const message = newerRefusal(err);
      if (!message) throw err;
      return { ok: false, message };
    }),
  );
}

async function doDecide(
  ctx: CoreContext,
  requestId: string,
  userId: string,
  kind: DecisionKind,
): Promise<DecideResult> {
  if (ctx.stopping) return { ok: false, message: coreMsg('core.stopping', {}) };
  const request = await ctx.store.get(requestId);
  if (!request) return { ok: false, message: coreMsg('request.notFound', { id: requestId }) };
  if (request.state !== 'pending') return { ok: false, message: alreadyDecided(request) };
  if (kind !== 'cancel') {
    const expired = await closeIfExpired(ctx, request);
    if (expired) return { ok: false, message: expired };
  }
  const verdict = await mayDecide(request, userId, kind, ctx.directory, ctx.clock.now());
  if (!verdict.allowed) {
    await ctx.audit(request, 'refused-click', userId, { kind, reason: verdict.reason });
    return { ok: false, message: verdict.reason };
  }

  const at = ctx.nowIso();
  // One conditional update in the store, whichever replica the click reached: of any number of
  // concurrent clicks one claims the request for sending, and with it takes the lease on the call.
  const step = (r: RerunRequest) =>
    kind === 'approve'
      ? approveAndClaim(r, userId, at)
      : kind === 'reject'
        ? reject(r, userId, at)
        : cancel(r, userId, at);
  const decided = await ctx.store.transition(
    requestId,
    ['pending'],
    (r) => orNothing(step(r)),
    // An approval may start the call, so it takes the lease in the same update; one that does
    // not (more approvals needed) gives it back below, so the sweeper can still expire the request.
    kind === 'approve' ? { lease: ctx.lease() } : {},
  );
  if (decided?.state === 'pending') await ctx.store.releaseLease(requestId, ctx.replica);
  if (!decided) {
    const now = await ctx.store.get(requestId);
    return {
      ok: false,
      message: now ? alreadyDecided(now) : coreMsg('request.notFound', { id: requestId }),
    };
  }
  await ctx.audit(decided, kind === 'approve' ? 'approved' : kind === 'reject' ? 'rejected' : 'cancelled', userId);
  const shown = ctx.show(decided, 'person');
  if (decided.state === 'sending') {
    // The call starts now, not after the front end has shown "Sending…"; the outcome is shown
    // after that update lands, so the message never goes back to "Sending…". Tracked for shutdown.
    void ctx.work
      .track(execute(ctx, decided, shown))
      .catch((err: unknown) => ctx.logger.error({ err, requestId }, 'execution failed'));
  } else {
    await shown;
    // Only the winner of the transition gets here, so a rejection (or a cancellation, to the
    // request's watchers) is told once; not awaited, so the clicker's answer does not wait for it
    // (the work tracker lets a shutdown finish it).
    if (decided.state === 'rejected' || decided.state === 'cancelled') void ctx.work.track(noticeClosed(ctx, decided));
  }
  return { ok: true, request: decided };
}

/**
 * A click (or a break-glass) past the request's expiry: the request is timed out now as its policy
 * says (timeout.ts), if the sweeper has not done it, and the clicker told what became of it;
 * undefined while it may still be decided.
 */
export async function closeIfExpired(ctx: CoreContext, request: RerunRequest): Promise<Message | undefined> {
  if (!isAfter(ctx.clock.now(), new Date(request.expiresAt))) return undefined;
  const done = (await timeOutRequest(ctx, request, false)) ?? (await ctx.store.get(request.id));
  if (done && done.state !== 'expired' && done.state !== 'pending') return alreadyDecided(done);
  return coreMsg('click.expired', { at: request.expiresAt });
}

/** What a click on a request that is no longer pending is told: what happened, and who did it. */
export function alreadyDecided(r: RerunRequest): Message {
  if (r.state === 'expired') return coreMsg('click.alreadyExpired', {});
  const sent = r.state !== 'rejected' && r.state !== 'cancelled' && r.state !== 'not-sent';
  return coreMsg('click.alreadyDone', { story: storyOf(r), sent });
}
