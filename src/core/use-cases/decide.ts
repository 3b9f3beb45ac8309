/** A click on Approve, Reject or Cancel. Only an allowed click changes anything. */
import { isAfter } from 'date-fns/isAfter';
import type { Message } from '../../lib/message.ts';
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import { approvalsOf, type DecisionKind, type RerunRequest } from '../model/request.ts';
import { mayDecide } from '../policy.ts';
import { execute } from './execute.ts';
import { noticeClosed } from './notices.ts';

export type DecideResult = { ok: true; request: RerunRequest } | { ok: false; message: Message };

export function decide(ctx: CoreContext, requestId: string, userId: string, kind: DecisionKind): Promise<DecideResult> {
  return ctx.work.track(doDecide(ctx, requestId, userId, kind));
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
  if (isAfter(ctx.clock.now(), new Date(request.expiresAt)) && kind !== 'cancel') {
    const expired = await ctx.store.transition(
      requestId,
      ['pending'],
      (r) => ({ ...r, state: 'expired', updatedAt: ctx.nowIso() }),
      { lease: null },
    );
    if (expired) {
      await ctx.audit(expired, 'expired', 'system');
      await ctx.show(expired);
      // The clicker is answered at once; the requester's message need not hold up that answer.
      void ctx.work.track(noticeClosed(ctx, expired));
    }
    return { ok: false, message: coreMsg('click.expired', { at: request.expiresAt }) };
  }
  const verdict = await mayDecide(request, userId, kind, ctx.directory);
  if (!verdict.allowed) {
    await ctx.audit(request, 'refused-click', userId, { kind, reason: verdict.reason });
    return { ok: false, message: verdict.reason };
  }

  const at = ctx.nowIso();
  const lease = ctx.lease();
  // One conditional update in the store, whichever replica the click reached: of any number of
  // concurrent clicks one moves the request to running, and with it takes the lease on the call.
  const decided = await ctx.store.transition(
    requestId,
    ['pending'],
    (r) => {
      if (kind === 'approve' && approvalsOf(r).some((d) => d.userId === userId)) return undefined;
      const decisions = [...r.decisions, { userId, kind, at }];
      if (kind === 'reject') return { ...r, decisions, state: 'rejected', updatedAt: at };
      if (kind === 'cancel') return { ...r, decisions, state: 'cancelled', updatedAt: at };
      const approvals = decisions.filter((d) => d.kind === 'approve').length;
      if (approvals < r.policy.minApprovals) return { ...r, decisions, updatedAt: at };
      return { ...r, decisions, state: 'running', execution: { startedAt: at }, updatedAt: at };
    },
    // An approval may start the call, so it takes the lease in the same update; one that does
    // not (more approvals needed) gives it back below, so the sweeper can still expire the request.
    kind === 'approve' ? { lease } : {},
  );
  if (decided?.state === 'pending' && kind === 'approve')
    await ctx.store.transition(requestId, ['pending'], (r) => r, { lease: null });
  if (!decided) {
    const now = await ctx.store.get(requestId);
    return { ok: false, message: now ? alreadyDecided(now) : coreMsg('request.notFound', { id: requestId }) };
  }
  await ctx.audit(decided, kind === 'approve' ? 'approved' : kind === 'reject' ? 'rejected' : 'cancelled', userId);
  const shown = ctx.show(decided);
  if (decided.state === 'running') {
    // The call starts now, not after the front end has shown "Running…"; the outcome is shown
    // after that update lands, so the message never goes back to "Running…". Tracked for shutdown.
    void ctx.work
      .track(execute(ctx, decided, shown))
      .catch((err: unknown) => ctx.logger.error({ err, requestId }, 'execution failed'));
  } else {
    await shown;
    // Only the winner of the transition gets here, so a rejection is told once; not awaited, so
    // the clicker's answer does not wait for it (the work tracker lets a shutdown finish it).
    if (decided.state === 'rejected') void ctx.work.track(noticeClosed(ctx, decided));
  }
  return { ok: true, request: decided };
}

function alreadyDecided(r: RerunRequest): Message {
  const last = r.decisions[r.decisions.length - 1];
  if (r.state === 'running') return coreMsg('click.alreadyRunning', { by: last?.userId });
  if (r.state === 'expired') return coreMsg('click.alreadyExpired', {});
  return coreMsg('click.alreadyDone', { state: r.state, by: last?.userId });
}
