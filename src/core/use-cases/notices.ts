/**
 * What is told beyond the approval message (docs/SPEC.md §3 `announce`, §4):
 * - the target's `announce` channel gets one line when a call ends (its outcome) and one when the
 *   followed job reaches its final state;
 * - the requester is told privately when someone else decided (approved, with the call's outcome;
 *   rejected), when the request expired, and always at the final state.
 *
 * Each is told AT MOST ONCE: callers tell only after winning the store transition that made the
 * change (the outcome, the rejection, the expiry), or under the follow-up's `replying` mark (the
 * final state), and never again on a retry. A failure is logged and never fails the flow: the
 * approval message and its thread already show everything.
 */
import type { Message } from '../../lib/message.ts';
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import { approvalsOf, isCallEnd, type CallEnd, type EndedFollow } from '../model/lifecycle.ts';
import type { RerunRequest } from '../model/request.ts';
import { endedAfter } from '../model/story.ts';

async function announce(ctx: CoreContext, r: RerunRequest, message: Message): Promise<void> {
  const target = ctx.targets.get(r.targetId);
  if (!target?.announce) return;
  try {
    // The channel is shared by whoever reads it: the target's language, else English (not the asker's).
    await ctx.notifier.announce({ channel: target.announce, locale: target.locale ?? 'en' }, r, message);
  } catch (err) {
    ctx.logger.error({ err, requestId: r.id, channel: target.announce }, 'announcing failed; not posted again');
  }
}

async function tellRequester(ctx: CoreContext, r: RerunRequest, message: Message): Promise<void> {
  try {
    await ctx.notifier.tellRequester(r, message);
  } catch (err) {
    ctx.logger.warn({ err, requestId: r.id }, 'telling the requester failed; not sent again');
  }
}

/** After a call ended (or was recovered): the announce line, and the requester's message if others approved. */
export async function noticeOutcome(ctx: CoreContext, r: RerunRequest): Promise<void> {
  const state = callEndOf(r);
  if (!state) return;
  await announce(ctx, r, coreMsg('announce.outcome', { target: r.targetId, requester: r.requester, id: r.id, state }));
  // Under `confirm` the requester approves their own request: they clicked and watch the message.
  const by = approvalsOf(r)
    .map((d) => d.userId)
    .filter((u) => u !== r.requester);
  if (by.length) await tellRequester(ctx, r, coreMsg('dm.approved', { id: r.id, target: r.targetId, by, state }));
}

/** After a rejection or an expiry (a rejection by the requester themselves is not news to them). */
export async function noticeClosed(ctx: CoreContext, r: RerunRequest): Promise<void> {
  if (r.state === 'expired') {
    await tellRequester(ctx, r, coreMsg('dm.expired', { id: r.id, target: r.targetId }));
  } else if (r.state === 'rejected') {
    const by = r.decisions.at(-1)?.userId;
    if (by && by !== r.requester)
      await tellRequester(ctx, r, coreMsg('dm.rejected', { id: r.id, target: r.targetId, by }));
  }
}

/**
 * The final state of a followed rerun: the announce line and, always, the requester's message
 * (`final`: the words of the thread reply, so the requester reads the same details).
 */
export async function noticeFinal(ctx: CoreContext, r: RerunRequest, f: EndedFollow, final: Message): Promise<void> {
  const elapsedMs = endedAfter(f);
  await announce(
    ctx,
    r,
    coreMsg('announce.final', { target: r.targetId, requester: r.requester, id: r.id, end: f.end, elapsedMs }),
  );
  await tellRequester(ctx, r, coreMsg('dm.final', { id: r.id, target: r.targetId, final }));
}

/** The state a call ended in, once it has ended. */
function callEndOf(r: RerunRequest): CallEnd | undefined {
  if (!r.execution?.outcome) return undefined;
  return isCallEnd(r.state) ? r.state : undefined;
}
