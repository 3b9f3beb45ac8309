/**
 * A request nobody decided in time, as its policy's `onTimeout` says (issue 19): expired (the
 * default: its jobs are free, the requester may ask again), rejected by the policy (nothing to ask
 * again from), or approved by the policy and sent (no person is its approver). Written once, here,
 * for the sweeper and for the click that comes too late alike: only the winner of the store's
 * conditional update gets past it, so it is shown, audited, counted and told once.
 */
import type { CoreContext } from '../context.ts';
import { orNothing, timeOut, timeoutDecision } from '../model/lifecycle.ts';
import type { RerunRequest } from '../model/request.ts';
import { execute } from './execute.ts';
import { noticeClosed } from './notices.ts';

/**
 * Times the request out, if it is still waiting past its expiry; the request as it now stands, or
 * undefined when another got there first. `sweeping`: only if no live replica holds it.
 */
export async function timeOutRequest(
  ctx: CoreContext,
  r: RerunRequest,
  sweeping: boolean,
): Promise<RerunRequest | undefined> {
  const at = ctx.nowIso();
  const id = r.id;
  // An approval at timeout starts the call, so it takes the call's lease in the same update (the
  // policy snapshot never changes, so the stored request says now what the update will do).
  const done = await ctx.store.transition(id, ['pending'], (cur) => orNothing(timeOut(cur, at)), {
    ...(sweeping ? { onlyIfFree: ctx.free() } : {}),
    lease: r.policy.onTimeout === 'approve' ? ctx.lease() : null,
  });
  if (!done) return undefined;
  const byPolicy = timeoutDecision(done);
  ctx.metrics?.timedOut(done.targetId, byPolicy?.kind ?? 'expire');
  if (!byPolicy) {
    await ctx.audit(done, 'expired', 'system');
  } else {
    const detail = { policy: byPolicy.policy, timeout: true };
    await ctx.audit(done, byPolicy.kind === 'approve' ? 'approved' : 'rejected', 'system', detail);
  }
  const shown = ctx.show(done, 'paced');
  if (done.state === 'sending') {
    void ctx.work
      .track(execute(ctx, done, shown))
      .catch((err: unknown) => ctx.logger.error({ err, requestId: id }, 'execution failed'));
    return done;
  }
  await shown;
  // Whoever waits for this (a clicker, the sweeper) need not wait for the requester's message.
  void ctx.work.track(noticeClosed(ctx, done));
  return done;
}
