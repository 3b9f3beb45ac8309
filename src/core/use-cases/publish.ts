/**
 * The approval request's message: posted through the post ledger (posts.ts) and recorded on the
 * request (`published`), whoever gets there: the ask, the sweeper after a lost answer or a dead
 * replica, or a click on the message itself before its ts was known (adopt).
 *
 * A request is never cancelled because its message's answer was lost: it stays pending, "maybe
 * posted", and the sweeper looks for the message (and posts it only if it is not found) until the
 * request expires. Only a definite refusal (the channel is gone, the bot is not in it…) ends it.
 */
import type { Message } from '../../lib/message.ts';
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import { cancel, orNothing, publish, REQUEST_STATES } from '../model/lifecycle.ts';
import type { PostRecord } from '../model/post.ts';
import type { RerunRequest, SurfaceRef } from '../model/request.ts';
import { deliver } from './posts.ts';

export const REQUEST_POST = { kind: 'request', key: '' } as const;

export type Publication =
  | { kind: 'posted'; request: RerunRequest }
  /** Slack refused it for good: the request is cancelled, `message` says why. */
  | { kind: 'refused'; message: Message }
  /** Not known to be posted yet (a lost answer): the sweeper looks for it, and posts it if need be. */
  | { kind: 'unsure' }
  /** Not posted yet: Slack asked to wait (a 429, which proves nothing was posted); the sweeper posts it. */
  | { kind: 'later' }
  /** Another replica is posting it now. */
  | { kind: 'busy' };

/** Posts the request's approval message (or finds it where an earlier attempt left it) and records where it is. */
export async function publishRequest(ctx: CoreContext, r: RerunRequest): Promise<Publication> {
  // A request no longer waiting gets no new message; one that may have landed is still looked
  // for, so that its buttons do not stay live and it shows what happened.
  const d = await deliver(ctx, r, REQUEST_POST, { kind: 'request' }, { lookOnly: r.state !== 'pending' });
  if (d.kind === 'busy') return d;
  if (d.kind === 'pending') {
    // Anyone's sweep may take it up from here: the request's own lease is given back.
    await ctx.store.releaseLease(r.id, ctx.replica);
    return { kind: d.rateLimited ? 'later' : 'unsure' };
  }
  if (d.kind === 'refused') return refused(ctx, r, d.post);
  const request = await recordPublished(ctx, r.id, d.post);
  for (const ts of d.duplicates) await supersede(ctx, request ?? r, ts);
  if (request) await callApprovers(ctx, request);
  return { kind: 'posted', request: request ?? r };
}

/**
 * The message found at `ts` (by a click on it, or a look) is the request's: recorded in the ledger
 * and on the request. A request with another message already: this one is a second copy, updated
 * to point to the live one. The request as it stands, or undefined when it is unknown.
 */
export async function adoptMessage(
  ctx: CoreContext,
  r: RerunRequest,
  place: { channel: string; thread?: string | undefined },
  ts: string,
): Promise<RerunRequest> {
  const post = await ctx.store.adoptPost(
    {
      request: r.id,
      ...REQUEST_POST,
      ...place,
      startedAt: ctx.clock.now().getTime(),
      state: 'posted',
      attempts: 1,
      body: { kind: 'request' },
    },
    ts,
  );
  ctx.logger.info({ requestId: r.id, ts }, 'the approval message was adopted from a click on it');
  const request = (await recordPublished(ctx, r.id, post)) ?? r;
  if (post.ts !== ts) await supersede(ctx, request, ts);
  else await callApprovers(ctx, request);
  return request;
}

/**
 * Records the posted message on the request (whatever its state: a click may have come first,
 * at any replica). The message shows "waiting" (it was rendered then): a request that moved on
 * since is brought up to date, by the sweeper's repair if not here.
 */
async function recordPublished(ctx: CoreContext, id: string, post: PostRecord): Promise<RerunRequest | undefined> {
  const ref: SurfaceRef = ctx.notifier.refAt(post, post.ts ?? '');
  const mine = await ctx.store.transition(id, ['pending'], (r) => orNothing(publish(r, ref)), { lease: null });
  // Approved or cancelled at once, maybe at another replica: its lease is left alone.
  const stored =
    mine ?? (await ctx.store.transition(id, REQUEST_STATES, (r) => orNothing(publish(r, ref)))) ?? (await get(ctx, id));
  if (!stored) return undefined;
  await ctx.store.markShown(id, 'pending');
  if (stored.state !== 'pending') await ctx.show(stored, 'person');
  return stored;
}

const get = (ctx: CoreContext, id: string) => ctx.store.get(id);

/** A second message of a request that has one: its buttons removed, it points to the live one. */
async function supersede(ctx: CoreContext, r: RerunRequest, ts: string): Promise<void> {
  try {
    await ctx.notifier.supersede(r, ts);
    ctx.logger.warn({ requestId: r.id, ts }, 'a second message of a request now points to its live one');
  } catch (err) {
    ctx.logger.error({ err, requestId: r.id, ts }, 'could not update a second message of a request');
  }
}

/** A request waiting for a group calls it once, in the approval message's thread (best effort). */
async function callApprovers(ctx: CoreContext, r: RerunRequest): Promise<void> {
  if (r.policy.approval !== 'group' || !r.published) return;
  try {
    await deliver(ctx, r, { kind: 'approvers', key: '' }, { kind: 'approvers' });
  } catch (err) {
    ctx.logger.warn({ err, requestId: r.id }, 'calling the approvers failed');
  }
}

/** Slack refused the message for good: nobody can see the request, so it is withdrawn, saying why. */
async function refused(ctx: CoreContext, r: RerunRequest, post: PostRecord): Promise<Publication> {
  const message = coreMsg('ask.publishFailed', { error: coreMsg('error.slack', { code: post.error ?? 'unknown' }) });
  const withdrawn = await ctx.store.transition(
    r.id,
    ['pending'],
    (cur) => orNothing(cancel(cur, cur.requester, ctx.nowIso())),
    {
      lease: null,
    },
  );
  if (withdrawn) await ctx.audit(withdrawn, 'cancelled', 'system', { reason: 'not-posted', error: post.error });
  return { kind: 'refused', message };
}
