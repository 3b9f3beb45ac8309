/**
 * Posting the alert reply queue (docs/SPEC.md §4, alert threads, "during an alert storm"). One
 * replica at a time drains a channel (a named lease, `replies:<channel>`), and each post takes the
 * channel's next pace slot from the store (`reservePace`, shared by every replica), so a channel
 * sees about one post per `paceMs`; a 429 pushes the channel's next slot past its Retry-After
 * before anything else is sent there.
 *
 * - When more than `digestAfter` replies wait in a channel, they fold into digests (at most
 *   DIGEST_ROWS replies of at most DIGEST_TARGETS targets each (digests.ts), so every digest fits one message):
 *   every alert is still answered, in its own reply or in a digest.
 * - A posted message's count (identical alerts, a digest's rows) is updated at the workspace's one
 *   update pace (core/update-pace.ts, Slack counts chat.update per workspace), at most once per
 *   message every `updates.coalesceMs`: alerts that fold into it meanwhile show in that one update.
 * - A row is marked `sending` before its post and `posted` after. A replica that died in between,
 *   or a post that got no clear answer (a 5xx, a timeout), leaves `sending`: the next drain asks
 *   the front end whether the post is in Slack (`find`) before posting again, so nothing is posted
 *   twice and nothing is lost. Slack's own "no" is retried a few times; a 429 waits Retry-After.
 */
import type { CoreContext } from '../../context.ts';
import { LookRefused, PostRefused } from '../../model/post.ts';
import { isAlert, isDigest, RateLimited, type QueuedReply } from '../../model/reply.ts';
import type { DigestEntry, ReplyView } from '../../ports.ts';
import { holdUntilRetryAfter, turn, UPDATE_PACE_KEY } from '../../update-pace.ts';
import { offerFor } from '../alert.ts';
import { foldIntoDigests } from './digests.ts';

/** A post Slack refuses (other than a 429) is tried again this many times, then given up and logged. */
const MAX_ATTEMPTS = 5;
/** Answers of Slack that the row's thread or channel is gone (LookRefused) before the row is given up. */
const MAX_LOOK_REFUSALS = 3;
/**
 * The first wait after a failed look: five of the channel's paces, and at least a tick of the
 * drain's timer and a second; it doubles with each failed look.
 */
const LOOK_WAIT_PACES = 5;
const MIN_LOOK_WAIT_MS = 1_000;
/** The longest wait between two looks. */
const MAX_LOOK_WAIT_MS = 10 * 60_000;
/** Rows one look at a channel takes. */
const WORK_BATCH = 500;

/** Posts and updates a channel's queued replies until none is left, while this replica holds the channel. */
export async function drainChannel(ctx: CoreContext, channel: string): Promise<void> {
  const poster = ctx.replyPoster;
  if (!poster) return;
  const lease = `replies:${channel}`;
  const log = ctx.logger.child({ channel });
  for (;;) {
    if (ctx.stopping) return;
    // Held (and renewed by the heartbeat) until the replica stops; another replica takes the
    // channel over when this one dies.
    if (!(await ctx.store.claimLease(lease, ctx.lease()))) return;
    const rows = await ctx.store.replyWork(channel, WORK_BATCH);
    if (!rows.length) return;
    // A row whose last look failed waits out its back-off (lookAfter); the rest of the channel goes on.
    const now = ctx.clock.now().getTime();
    const sending = rows.filter((r) => r.state === 'sending' && (r.lookAfter ?? 0) <= now);
    if (sending.length) {
      await Promise.all(sending.map((r) => recover(ctx, r)));
      continue;
    }
    const pending = rows.filter((r) => r.state === 'pending');
    const waitingAlerts = pending.filter(isAlert);
    if (waitingAlerts.length > ctx.replies.digestAfter) {
      const digests = await foldIntoDigests(ctx, channel, waitingAlerts);
      log.warn({ folded: waitingAlerts.length, digests }, 'alert replies backed up; folded into digests');
      continue;
    }
    const next = pending[0];
    if (next) {
      await postOne(ctx, next);
      continue;
    }
    // Nothing to post: show new counts on what is already posted, each message updated once
    // (a digest for all the rows it lists whose counts grew).
    const byMessage = new Map<string, QueuedReply[]>();
    for (const r of rows) {
      if (r.count <= r.shownCount) continue;
      const key = r.state === 'folded' ? (r.foldedInto ?? r.id) : r.id;
      byMessage.set(key, [...(byMessage.get(key) ?? []), r]);
    }
    for (const group of byMessage.values()) await showCounts(ctx, group);
    return;
  }
}

const postKey = (channel: string) => `slack-post:${channel}`;

/**
 * When each message this replica posted or updated last showed its count (ms, the store's clock),
 * by the row id of the message: a count is updated at most once per `coalesceMs`. In memory: one
 * replica drains a channel at a time, and one that takes a channel over may update a message
 * once early, no more.
 */
const countShown = new WeakMap<CoreContext, Map<string, number>>();

function countsOf(ctx: CoreContext): Map<string, number> {
  let m = countShown.get(ctx);
  if (!m) countShown.set(ctx, (m = new Map()));
  return m;
}

/** The message's count was just shown (posted, or updated); entries past their window are let go. */
function markCountShown(ctx: CoreContext, messageId: string): void {
  const now = ctx.clock.now().getTime();
  const m = countsOf(ctx);
  for (const [id, at] of m) if (now - at >= ctx.updates.coalesceMs) m.delete(id);
  m.set(messageId, now);
}

/** Whether the message showed its count less than `coalesceMs` ago (its next update waits). */
function shownRecently(ctx: CoreContext, messageId: string): boolean {
  const at = countsOf(ctx).get(messageId);
  return at !== undefined && ctx.clock.now().getTime() - at < ctx.updates.coalesceMs;
}

/** Builds what the front end shows for a row, as things stand now (an open request, counts). */
async function viewOf(ctx: CoreContext, reply: QueuedReply): Promise<ReplyView | undefined> {
  if (isAlert(reply)) {
    const target = ctx.targets.get(reply.body.targetId);
    if (!target) return undefined;
    const { targetId, raw, items, reason } = reply.body;
    const offer = await offerFor(ctx, { targetId, raw, items, reason });
    if (offer.kind === 'unknown-target') return undefined;
    return { kind: 'alert', reply, target, offer };
  }
  if (isDigest(reply)) {
    const entries: DigestEntry[] = [];
    for (const r of await ctx.store.getReplies(reply.body.replies)) {
      const target = isAlert(r) ? ctx.targets.get(r.body.targetId) : undefined;
      if (isAlert(r) && target) entries.push({ reply: r, target });
    }
    return { kind: 'digest', reply, entries };
  }
  return undefined;
}

async function postOne(ctx: CoreContext, row: QueuedReply): Promise<void> {
  const poster = ctx.replyPoster!;
  const log = ctx.logger.child({ channel: row.channel, reply: row.id });
  await turn(ctx, postKey(row.channel), ctx.replies.paceMs);
  const claimed = await ctx.store.updateReply(row.id, ['pending'], {
    state: 'sending',
    attempts: row.attempts + 1,
    // The first time it is sent: a look for it (recover) reads Slack from then on, whichever try landed.
    sendingAt: row.sendingAt ?? ctx.clock.now().getTime(),
  });
  if (!claimed) return;
  const view = await viewOf(ctx, claimed);
  if (!view) {
    await ctx.store.updateReply(row.id, ['sending'], { state: 'failed' });
    log.warn({ target: isAlert(row) ? row.body.targetId : undefined }, 'alert reply dropped: its target is gone');
    return;
  }
  try {
    const ts = await poster.post(view);
    await ctx.store.updateReply(row.id, ['sending'], { state: 'posted', postedTs: ts, shownCount: claimed.count });
    markCountShown(ctx, row.id);
    log.info({ kind: row.body.kind, count: claimed.count }, 'alert reply posted');
  } catch (err) {
    if (err instanceof RateLimited) {
      await holdUntilRetryAfter(ctx, postKey(row.channel), err.retryAfter);
      await ctx.store.updateReply(row.id, ['sending'], { state: 'pending', attempts: row.attempts });
      log.warn({ retryAfter: err.retryAfter }, 'Slack rate limited an alert reply; waiting Retry-After');
      return;
    }
    if (err instanceof PostRefused) {
      // Slack said no: nothing was posted. Tried again later, a few times (a channel the bot was
      // just invited to), then given up.
      const gaveUp = claimed.attempts >= MAX_ATTEMPTS;
      await ctx.store.updateReply(row.id, ['sending'], { state: gaveUp ? 'failed' : 'pending' });
      log.error({ err, attempts: claimed.attempts, gaveUp }, 'Slack refused an alert reply');
    } else {
      // No clear answer (a 5xx, a timeout, a reset): it may have landed. It stays `sending`, so the
      // next drain looks for it (recover) before it is posted again: never a second copy.
      log.warn({ err, attempts: claimed.attempts }, 'an alert reply may have been posted; looked for before any retry');
    }
    // Back off this channel a little before the next try.
    await ctx.store.reservePace(postKey(row.channel), ctx.replies.paceMs * 2 ** claimed.attempts, ctx.clock.now());
  }
}

/**
 * A row left `sending` (its replica stopped mid-post, or its post got no clear answer): posted if
 * Slack has it, else queued again. A look that fails leaves it `sending` (a second post could be a
 * second copy) and waits a growing while before the next (lookAfter, up to MAX_LOOK_WAIT_MS): never
 * a look every tick. Slack saying the thread or channel is gone for the bot (LookRefused: the alert
 * was deleted, the bot removed) gives it up after MAX_LOOK_REFUSALS such answers; any other
 * failure (Slack down) is looked again later.
 */
async function recover(ctx: CoreContext, row: QueuedReply): Promise<void> {
  const log = ctx.logger.child({ channel: row.channel, reply: row.id });
  let ts: string | undefined;
  try {
    ts = await ctx.replyPoster!.find(row);
  } catch (err) {
    const looks = (row.looks ?? 0) + 1;
    if (err instanceof LookRefused && looks >= MAX_LOOK_REFUSALS) {
      await ctx.store.updateReply(row.id, ['sending'], { state: 'failed', looks, lookAfter: undefined });
      log.error({ err, looks, code: err.code }, 'Slack refused every look for an alert reply; given up');
      return;
    }
    const first = Math.max(MIN_LOOK_WAIT_MS, ctx.replies.tickMs, ctx.replies.paceMs * LOOK_WAIT_PACES);
    const wait = Math.min(MAX_LOOK_WAIT_MS, first * 2 ** (looks - 1));
    await ctx.store.updateReply(row.id, ['sending'], { looks, lookAfter: ctx.clock.now().getTime() + wait });
    log.warn({ err, looks, waitMs: wait }, 'could not check whether an alert reply was posted; looking again later');
    return;
  }
  // Not found: posted again, unless its tries are spent (then given up, as a refused one is).
  const spent = row.attempts >= MAX_ATTEMPTS;
  const looked = { looks: undefined, lookAfter: undefined };
  await ctx.store.updateReply(
    row.id,
    ['sending'],
    ts
      ? { state: 'posted', postedTs: ts, shownCount: row.count, ...looked }
      : { state: spent ? 'failed' : 'pending', ...looked },
  );
  log.info({ posted: !!ts }, 'recovered an alert reply left mid-post');
}

/**
 * A posted reply, or a digest for all the rows it lists, updated in place to show how many alerts
 * each answers: in the workspace's update pace, and not within `coalesceMs` of its last showing
 * (left for a later drain, which shows the count as it is then).
 */
async function showCounts(ctx: CoreContext, rows: readonly QueuedReply[]): Promise<void> {
  const row = rows[0];
  if (!row) return;
  const messageId = row.state === 'folded' ? (row.foldedInto ?? row.id) : row.id;
  if (shownRecently(ctx, messageId)) return;
  const shown = row.state === 'folded' ? (await ctx.store.getReplies([messageId]))[0] : row;
  let counted = rows;
  if (shown?.state === 'posted' && shown.postedTs) {
    await turn(ctx, UPDATE_PACE_KEY, ctx.updates.paceMs);
    // Read again after the wait: alerts counted meanwhile show in this one update.
    const fresh = await ctx.store.getReplies([...new Set([shown.id, ...rows.map((r) => r.id)])]);
    const now = fresh.find((r) => r.id === shown.id) ?? shown;
    counted = fresh.filter((r) => rows.some((x) => x.id === r.id));
    const view = await viewOf(ctx, now);
    if (view) {
      try {
        await ctx.replyPoster!.update(view, shown.postedTs);
      } catch (err) {
        if (!(err instanceof RateLimited)) throw err;
        await holdUntilRetryAfter(ctx, UPDATE_PACE_KEY, err.retryAfter);
        ctx.logger.warn({ channel: row.channel, retryAfter: err.retryAfter }, 'Slack rate limited a count update');
        return;
      }
      markCountShown(ctx, messageId);
    }
  }
  for (const r of counted) await ctx.store.updateReply(r.id, [r.state], { shownCount: r.count });
}
