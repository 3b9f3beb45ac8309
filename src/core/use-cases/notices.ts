/**
 * What is told beyond the approval message (docs/SPEC.md §3 `announce`, §4):
 * - the target's `announce` channel gets one line when a call ends (its outcome) and one when the
 *   followed job reaches its final state;
 * - the requester is told privately when someone else decided (approved, with the call's outcome;
 *   rejected), when the request expired, and always at the final state;
 * - each watcher (someone whose ask collided with it, watch.ts) is told privately of its decision
 *   (the call's outcome, a rejection, a cancellation, an expiry) and of its final state.
 *
 * Each is told EXACTLY ONCE: callers tell only after winning the store transition that made the
 * change (the outcome, the rejection, the expiry), or with the final reply (follow.ts), and each
 * line is a post of the ledger under its own key (posts.ts): an answer that is lost is looked for,
 * by the sweeper, before anything is posted again. A failure is logged and never fails the flow:
 * the approval message and its thread already show everything.
 */
import type { Message } from '../../lib/message.ts';
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import { approversOf, deciderOf, timeoutDecision, type CallEnd, type EndedFollow } from '../model/lifecycle.ts';
import { isCallEnd } from '../model/following.ts';
import type { RerunRequest } from '../model/request.ts';
import { endedAfter, storyOf, withReason } from '../model/story.ts';
import { deliver } from './posts.ts';

/** Which line of a request this is (the ledger's key): the outcome's, or the final state's. */
type Moment = 'outcome' | 'final' | 'glass';

async function announce(ctx: CoreContext, r: RerunRequest, key: Moment, message: Message): Promise<void> {
  const target = ctx.targets.get(r.targetId);
  if (!target?.announce) return;
  try {
    // The channel is shared by whoever reads it: the target's language, else English (not the asker's).
    const body = {
      kind: 'announce',
      channel: target.announce,
      locale: target.locale ?? 'en',
      // The break-glass line names its own reason.
      message: key === 'glass' ? message : withReason(r, message),
    } as const;
    await deliver(ctx, r, { kind: 'announce', key }, body);
  } catch (err) {
    ctx.logger.error({ err, requestId: r.id, channel: target.announce }, 'announcing failed');
  }
}

/** A private message to the requester; `key` names which (approved, rejected, expired, final, notPosted). */
export async function tellRequester(ctx: CoreContext, r: RerunRequest, key: string, message: Message): Promise<void> {
  try {
    // The final DM quotes the final reply, which says the reason already.
    const said = key === 'final' ? message : withReason(r, message);
    await deliver(ctx, r, { kind: 'dm', key }, { kind: 'dm', message: said });
  } catch (err) {
    ctx.logger.warn({ err, requestId: r.id }, 'telling the requester failed');
  }
}

/**
 * Each watcher of the request, privately, under a post key of their own (`watch:<user>:<moment>`),
 * so every watcher is told once, whoever tells and however often. The requester is never a watcher.
 */
async function tellWatchers(ctx: CoreContext, r: RerunRequest, moment: 'decided' | 'final', message: Message) {
  let watchers: string[];
  try {
    watchers = await ctx.store.watchersOf(r.id);
  } catch (err) {
    ctx.logger.warn({ err, requestId: r.id }, 'reading the watchers failed; they are not told');
    return;
  }
  for (const to of watchers) {
    if (to === r.requester) continue;
    try {
      await deliver(ctx, r, { kind: 'dm', key: `watch:${to}:${moment}` }, { kind: 'dm', message, to });
    } catch (err) {
      ctx.logger.warn({ err, requestId: r.id }, 'telling a watcher failed');
    }
  }
}

/** The request's decision (its story now: the call's outcome, a rejection, a cancellation, an expiry), to its watchers. */
function watchersDecided(ctx: CoreContext, r: RerunRequest): Promise<void> {
  // Who approved, when a call went out (its story names only the provider's answer).
  const by = callEndOf(r) ? approversOf(r) : [];
  const told = coreMsg('watch.decided', {
    id: r.id,
    target: r.targetId,
    requester: r.requester,
    by,
    story: storyOf(r),
  });
  return tellWatchers(ctx, r, 'decided', withReason(r, told));
}

/** After a call ended (or was recovered): the announce line, and the requester's message if others approved. */
export async function noticeOutcome(ctx: CoreContext, r: RerunRequest): Promise<void> {
  const state = callEndOf(r);
  if (!state) return;
  await watchersDecided(ctx, r);
  await announce(
    ctx,
    r,
    'outcome',
    coreMsg('announce.outcome', { target: r.targetId, requester: r.requester, id: r.id, state }),
  );
  // Under `confirm` the requester approves their own request: they clicked and watch the message.
  const byPolicy = timeoutDecision(r);
  if (byPolicy) {
    const timedOut = { id: r.id, target: r.targetId, policy: byPolicy.policy, kind: byPolicy.kind, state } as const;
    await tellRequester(ctx, r, 'approved', coreMsg('dm.timedOut', timedOut));
    return;
  }
  const by = approversOf(r).filter((u) => u !== r.requester);
  if (by.length)
    await tellRequester(ctx, r, 'approved', coreMsg('dm.approved', { id: r.id, target: r.targetId, by, state }));
}

/**
 * A break-glass approval, told at once (issue 19 item 3): one reply in the request's thread that
 * mentions its approvers (rendered by the front end from the stored request), and a line in the
 * target's announce channel. Only the winner of the claim calls this, so each is told once.
 */
export async function noticeGlass(ctx: CoreContext, r: RerunRequest): Promise<void> {
  const glass = r.breakGlass;
  if (!glass) return;
  try {
    await deliver(ctx, r, { kind: 'glass', key: '' }, { kind: 'glass' });
  } catch (err) {
    ctx.logger.error({ err, requestId: r.id }, 'announcing break-glass in the thread failed');
  }
  await announce(
    ctx,
    r,
    'glass',
    coreMsg('glass.announce', { id: r.id, target: r.targetId, requester: glass.by, reason: glass.reason }),
  );
}

/**
 * After a rejection, a cancellation or an expiry: the watchers, and the requester (a rejection or a
 * cancellation by the requester themselves is not news to them).
 */
export async function noticeClosed(ctx: CoreContext, r: RerunRequest): Promise<void> {
  await watchersDecided(ctx, r);
  if (r.state === 'expired') {
    await tellRequester(ctx, r, 'expired', coreMsg('dm.expired', { id: r.id, target: r.targetId }));
  } else if (r.state === 'rejected') {
    const last = r.decisions.at(-1);
    const byPolicy = timeoutDecision(r);
    if (byPolicy) {
      const timedOut = { id: r.id, target: r.targetId, policy: byPolicy.policy, kind: byPolicy.kind, state: undefined };
      await tellRequester(ctx, r, 'rejected', coreMsg('dm.timedOut', timedOut));
      return;
    }
    const by = last && deciderOf(last);
    if (by && by !== r.requester)
      await tellRequester(ctx, r, 'rejected', coreMsg('dm.rejected', { id: r.id, target: r.targetId, by }));
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
    'final',
    coreMsg('announce.final', { target: r.targetId, requester: r.requester, id: r.id, end: f.end, elapsedMs }),
  );
  await tellRequester(ctx, r, 'final', coreMsg('dm.final', { id: r.id, target: r.targetId, final }));
  const watched = { id: r.id, target: r.targetId, requester: r.requester, final };
  await tellWatchers(ctx, r, 'final', coreMsg('watch.final', watched));
}

/** The state a call ended in, once it has ended. */
function callEndOf(r: RerunRequest): CallEnd | undefined {
  if (!r.execution?.outcome) return undefined;
  return isCallEnd(r.state) ? r.state : undefined;
}
