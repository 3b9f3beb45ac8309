/**
 * Exactly once towards Slack: the one procedure every post of a request goes through (its
 * approval request, the approvers' call, a reminder or the escalation, the final reply, an
 * announce line, a message to the requester). Slack's answers are as uncertain as a cloud's: a 5xx, a timeout or a reset may hide
 * a message that landed, and a replica may die mid-post. So a post is
 *
 * 1. recorded as being posted (the ledger, model/post.ts) before it is sent, held by one attempt;
 * 2. when it may have landed already (an earlier answer was lost, or its attempt died), looked
 *    for first (the front end's `find`: the thread, or the channel since it started) and adopted
 *    if found: posted again only when nothing carries its identity;
 * 3. settled by the answer: posted (its ts); refused for good (channel_not_found, invalid_blocks…:
 *    final, and said so); a 429 (not posted: tried again later); anything else "maybe posted",
 *    looked for at the next try, a lease after the answer at the soonest (Slack may still post it).
 *    A look Slack refuses (the thread or channel is gone for the bot) is final after a few tries.
 *
 * Tries after the first are the sweeper's (sweep.ts, under its lease, so one replica does them),
 * with a growing wait: never a tight loop. The final reply's tries follow its own schedule
 * (follow.ts), which goes through this same procedure.
 */
import type { CoreContext } from '../context.ts';
import { RateLimited } from '../model/reply.ts';
import { LookRefused, PostRefused, postKey, type PostBody, type PostId, type PostRecord } from '../model/post.ts';
import type { RerunRequest } from '../model/request.ts';
import type { PostSettle } from '../store-ports.ts';

/** Tries of a post that may have landed, or that Slack turned away for now, before it is given up. */
const MAX_POST_ATTEMPTS = 10;
/** Tries (after the first post) whose look Slack refused (LookRefused: the thread is gone) before the post is given up. */
const MAX_LOOK_REFUSALS = 3;
/** The longest wait between two tries. */
const MAX_POST_WAIT_MS = 10 * 60_000;

export type Delivery =
  /** In Slack at `post.ts`: posted now, or found there (`adopted`), with any second copies found (`duplicates`). */
  | { kind: 'posted'; post: PostRecord; adopted: boolean; duplicates: string[] }
  /** Refused for good (`post.error` says why), or given up. */
  | { kind: 'refused'; post: PostRecord }
  /**
   * Not settled: it may have landed, or (`rateLimited`) Slack turned it away for now with a 429,
   * which proves it was not posted; the sweeper tries again.
   */
  | { kind: 'pending'; rateLimited?: boolean }
  /** Another attempt holds it now, until `until` (ms) when known: a dead holder's hold ends then. */
  | { kind: 'busy'; until?: number | undefined };

export interface DeliverOptions {
  /** Look for it, but post nothing new (a request no longer waiting needs no new message). */
  lookOnly?: boolean;
}

/** How long before the `attempts`-th try is followed by another: none at first, then doubling. */
function waitAfter(ctx: CoreContext, attempts: number): number {
  return Math.min(MAX_POST_WAIT_MS, ctx.leases.sweepMs * (2 ** Math.max(0, attempts - 1) - 1));
}

/** Posts `body` for `request` as the post `kind`/`key`, exactly once (see the top of this file). */
export async function deliver(
  ctx: CoreContext,
  request: RerunRequest,
  id: Omit<PostId, 'request'>,
  body: PostBody,
  options: DeliverOptions = {},
): Promise<Delivery> {
  const now = ctx.clock.now();
  const lease = ctx.lease();
  const candidate: PostRecord = {
    request: request.id,
    ...id,
    ...ctx.notifier.placeOf(body, request),
    startedAt: now.getTime(),
    state: 'posting',
    owner: lease.owner,
    // The hold is stamped from the shared clock (core/shared-clock.ts) and renewed by the store's.
    until: now.getTime() + lease.ms,
    attempts: 0,
    body,
  };
  const claim = await ctx.store.claimPost(candidate, now);
  if (!claim) return settledAs(ctx, candidate);
  const post = claim.post;
  const log = ctx.logger.child({ requestId: request.id, post: postKey(post), attempt: post.attempts });

  if (claim.from === 'posting' || claim.from === 'maybe') {
    let found: string[];
    try {
      found = await ctx.notifier.find(post);
    } catch (err) {
      // Slack saying the thread or the conversation is gone for the bot answers the same every
      // time: a few such answers (tries after the first post) and the post is given up. Any other
      // failure (Slack down, a timeout) is looked again later; each try waits longer than the one
      // before, up to MAX_POST_WAIT_MS.
      const refused = err instanceof LookRefused;
      if (refused && post.attempts > MAX_LOOK_REFUSALS) {
        log.error({ err, error: err.code }, 'Slack refused every look for a post that may have landed; given up');
        return settle(ctx, post, { state: 'refused', error: err.code });
      }
      log.warn({ err }, 'could not look for a post that may have landed; looking again later');
      const error = refused ? err.code : undefined;
      return settle(ctx, post, { state: 'maybe', until: now.getTime() + waitAfter(ctx, post.attempts), error });
    }
    const [ts, ...duplicates] = found;
    if (ts) {
      log.info({ ts, duplicates }, 'a post that may have landed was found in Slack and adopted');
      const done = await settle(ctx, post, { state: 'posted', ts });
      return done.kind === 'posted' ? { ...done, adopted: true, duplicates } : done;
    }
  }
  if (options.lookOnly) {
    log.info({}, 'a post that may have landed was not found; nothing new is posted for it');
    return settle(ctx, post, { state: 'refused', error: 'not_found' });
  }
  if (post.attempts > MAX_POST_ATTEMPTS) {
    log.error({}, 'a post was tried too many times; given up');
    return settle(ctx, post, { state: 'refused', error: 'gave_up' });
  }
  try {
    const ts = await ctx.notifier.post(post, request);
    return await settle(ctx, post, { state: 'posted', ts });
  } catch (err) {
    if (err instanceof PostRefused) {
      log.error({ code: err.code }, 'Slack refused a post; it is not tried again');
      return settle(ctx, post, { state: 'refused', error: err.code });
    }
    if (err instanceof RateLimited) {
      log.warn({ retryAfter: err.retryAfter }, 'Slack rate limited a post (so it was not posted); trying again later');
      const until = now.getTime() + Math.max(err.retryAfter * 1000, waitAfter(ctx, post.attempts));
      return settle(ctx, post, { state: 'retry', until, error: 'ratelimited' });
    }
    // A 5xx, a timeout, a reset: the post may have landed, or may land still (a slow Slack posts
    // after the wait for its answer ended). Looked for before it is posted again, and not before a
    // lease has passed since this answer, as a replica that died holding it would be waited for:
    // a look made earlier could miss a message on its way and post a second one.
    log.warn({ err }, 'a post got no clear answer: maybe posted, looked for before posting again');
    const error = err instanceof Error ? err.message.slice(0, 200) : 'unknown';
    const until = ctx.clock.now().getTime() + lease.ms + waitAfter(ctx, post.attempts);
    return settle(ctx, post, { state: 'maybe', until, error });
  }
}

/** Ends this attempt; if someone else settled it meanwhile (a click adopted it), what they recorded. */
async function settle(ctx: CoreContext, post: PostRecord, s: PostSettle): Promise<Delivery> {
  const done = await ctx.store.settlePost(post, ctx.replica, s);
  return done ? asDelivery(done) : settledAs(ctx, post);
}

async function settledAs(ctx: CoreContext, id: PostId): Promise<Delivery> {
  const stored = await ctx.store.getPost(id);
  return stored ? asDelivery(stored) : { kind: 'busy' };
}

function asDelivery(p: PostRecord): Delivery {
  if (p.state === 'posted') return { kind: 'posted', post: p, adopted: false, duplicates: [] };
  if (p.state === 'refused') return { kind: 'refused', post: p };
  if (p.state === 'posting') return { kind: 'busy', until: p.until };
  return p.state === 'retry' ? { kind: 'pending', rateLimited: true } : { kind: 'pending' };
}
