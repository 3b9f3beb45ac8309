/**
 * Colliding asks become help (issue 19 item 5). Someone asking for a job already in an open
 * request is told who asked, where it stands and where it is (the refusal's facts, `Collision`),
 * and may watch it: a watcher is told of its decision and its final state like its requester
 * (notices.ts, each a DM of the post ledger under the watcher's own key), or, when the request's
 * policy snapshot lets them decide it, approve it right there through the same decide path as the
 * approval message's Approve. Watching changes nothing of the request: no lifecycle event, only
 * a row of the store's watchers (once per person, however many clicks race) and an audit line.
 */
import type { Message } from '../../lib/message.ts';
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import { OPEN_STATES } from '../model/lifecycle.ts';
import type { RerunRequest } from '../model/request.ts';
import { storyOf } from '../model/story.ts';
import { newerRefusal } from '../model/upgrade.ts';
import { mayDecide } from '../policy.ts';

/** The open request an ask collided with, and what the asker may do about it. */
export interface Collision {
  request: RerunRequest;
  /** Anyone but its requester may watch it (the requester is told anyway). */
  mayWatch: boolean;
  /** The asker may approve it now under its policy snapshot (the decide rule, policy.ts `mayDecide`). */
  mayApprove: boolean;
}

export type WatchResult =
  /** `already`: they watched it before; nothing new was recorded. */
  { ok: true; request: RerunRequest; already: boolean } | { ok: false; message: Message };

/** What the asker `userId` may do about the open request `request` their ask collided with. */
export async function collisionWith(ctx: CoreContext, request: RerunRequest, userId: string): Promise<Collision> {
  const mayApprove =
    request.state === 'pending' &&
    (await mayDecide(request, userId, 'approve', ctx.directory, ctx.clock.now())).allowed;
  return { request, mayWatch: userId !== request.requester, mayApprove };
}

/** Whether anything is still to be told of the request: its decision, its call, or its job's end. */
export function stillGoing(r: RerunRequest): boolean {
  return (OPEN_STATES as readonly string[]).includes(r.state) || r.follow?.phase === 'running';
}

export function watch(ctx: CoreContext, requestId: string, userId: string): Promise<WatchResult> {
  return ctx.work.track(
    doWatch(ctx, requestId, userId).catch((err: unknown): WatchResult => {
      const message = newerRefusal(err);
      if (!message) throw err;
      return { ok: false, message };
    }),
  );
}

async function doWatch(ctx: CoreContext, requestId: string, userId: string): Promise<WatchResult> {
  if (ctx.stopping) return { ok: false, message: coreMsg('core.stopping', {}) };
  const request = await ctx.store.get(requestId);
  if (!request) return { ok: false, message: coreMsg('request.notFound', { id: requestId }) };
  if (userId === request.requester) return { ok: false, message: coreMsg('watch.own', { id: request.id }) };
  if (!stillGoing(request))
    return { ok: false, message: coreMsg('watch.ended', { id: request.id, story: storyOf(request) }) };
  const added = await ctx.store.watch(request.id, userId, ctx.nowIso());
  if (added) await ctx.audit(request, 'watched', userId);
  return { ok: true, request, already: !added };
}
