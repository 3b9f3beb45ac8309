/**
 * The answers to alerts, at Slack's pace (docs/SPEC.md §4, alert threads, "during an alert storm").
 *
 * An alert that matches a rule is written to the reply queue (the store) and its channel's drain
 * is woken; the event itself is acknowledged at once. One replica at a time drains a channel (a
 * named lease, `replies:<channel>`), and each post takes the channel's next pace slot from the
 * store (`reservePace`, shared by every replica), so a channel sees about one post per `paceMs`;
 * a 429 pushes the channel's next slot past its Retry-After before anything else is sent there.
 *
 * - Identical alerts (same target, same captured values) within `collapseMs` are one row whose
 *   count grows; a posted reply is updated in place to show the new count.
 * - When more than `digestAfter` replies wait in a channel, they fold into digests (at most
 *   DIGEST_ROWS replies of at most DIGEST_TARGETS targets each (digests.ts), so every digest fits one message):
 *   every alert is still answered, in its own reply or in a digest.
 * - A row is marked `sending` before its post and `posted` after. A replica that died in between
 *   leaves `sending`: the next owner asks the front end whether the post is in Slack (`find`)
 *   before posting again, so nothing is posted twice and nothing is lost.
 */
import type { AlertMatch } from '../alerts.ts';
import type { CoreContext } from '../context.ts';
import {
  isAlert,
  isDigest,
  RateLimited,
  type AlertReplyBody,
  type DigestBody,
  type QueuedReply,
} from '../model/reply.ts';
import { foldIntoDigests } from './digests.ts';
import type { Place } from '../model/request.ts';
import type { Target } from '../model/target.ts';
import type { Locale } from '../../lib/message.ts';
import { matchAlert, offerFor, type Offer } from './alert.ts';

export interface ReplyTiming {
  /** Identical alerts of a channel within this window collapse into one reply. */
  collapseMs: number;
  /**
   * One post per channel per this many ms: Slack's pace for chat.postMessage (one per second), with
   * a 2% margin so that network jitter does not land two posts within one of Slack's seconds.
   */
  paceMs: number;
  /** A Retry-After of N means N of these (1000: seconds, as Slack says; tests compress it). */
  retryAfterUnitMs: number;
  /** More replies than this waiting in one channel (over `digestAfter` × `paceMs` of backlog) fold into digests. */
  digestAfter: number;
  /** How often a replica looks for channels with replies to post (after a restart, or another replica's). */
  tickMs: number;
}

export const DEFAULT_REPLIES: ReplyTiming = {
  collapseMs: 10 * 60_000,
  paceMs: 1_020,
  retryAfterUnitMs: 1_000,
  digestAfter: 10,
  tickMs: 2_000,
};

/** A post Slack refuses (other than a 429) is tried again this many times, then given up and logged. */
const MAX_ATTEMPTS = 5;
/** Rows one look at a channel takes. */
const WORK_BATCH = 500;

/** What the front end posts for a queued row. */
export type ReplyView =
  | {
      kind: 'alert';
      reply: QueuedReply & { body: AlertReplyBody };
      target: Target;
      offer: Exclude<Offer, { kind: 'unknown-target' }>;
    }
  | { kind: 'digest'; reply: QueuedReply & { body: DigestBody }; entries: DigestEntry[] };

/** Posts the queue's rows where people see them (the Slack front end). */
export interface ReplyPoster {
  /** Posts a row (an alert's reply in its thread, or a digest); its ts. Throws RateLimited on a 429. */
  post(view: ReplyView): Promise<string>;
  /** Renders a posted row again in place (a new count). Throws RateLimited on a 429. */
  update(view: ReplyView, ts: string): Promise<void>;
  /** The ts of this row's message if it is in Slack (a replica stopped while posting it). */
  find(reply: QueuedReply): Promise<string | undefined>;
}

export interface DigestEntry {
  reply: QueuedReply & { body: AlertReplyBody };
  target: Target;
}

/** The same target and captured values, whatever order the values came in. */
function collapseKeyOf(match: AlertMatch): string {
  const raw = Object.keys(match.raw)
    .sort()
    .map((k) => [k, match.raw[k]]);
  return `${match.targetId} ${JSON.stringify(raw)}`;
}

/**
 * Queues the answer to an alert at (channel, ts) and wakes the channel's drain. `fresh` (a
 * mention asking again) never collapses into an earlier reply.
 */
export async function queueAlert(
  ctx: CoreContext,
  place: Place,
  ts: string,
  match: AlertMatch,
  locale: Locale,
  fresh = false,
): Promise<QueuedReply> {
  const now = ctx.clock.now().getTime();
  const reply: QueuedReply = {
    id: 'rp-' + ctx.newId().replace(/^rr-/, ''),
    channel: place.id,
    collapseKey: fresh ? `mention ${ts} ${now}` : collapseKeyOf(match),
    createdAt: now,
    body: { kind: 'alert', threadTs: ts, targetId: match.targetId, raw: match.raw, items: match.items, locale },
    state: 'pending',
    count: 1,
    shownCount: 0,
    attempts: 0,
  };
  const stored = await ctx.store.enqueueReply(reply, now - ctx.replies.collapseMs);
  void wake(ctx, place.id);
  return stored;
}

/** An alert is answered once however often it is seen (events, replicas, mentions): longer than any retry. */
export const ALERT_WINDOW_MS = 24 * 60 * 60_000;

/**
 * Reads `text` as an alert at (place, ts) and queues its one reply (in the target's language, or
 * English: no one has asked yet). From a mention (`asked`), a reply is queued even if the alert
 * was answered before. False: no rule matches.
 */
export async function answerAlert(
  ctx: CoreContext,
  place: Place,
  ts: string,
  text: string,
  asked = false,
): Promise<boolean> {
  const match = matchAlert(ctx, place, text);
  const target = match && ctx.targets.get(match.targetId);
  if (!match || !target) return false;
  const first = await ctx.store.firstTime(`alert:${place.id}:${ts}`, ctx.clock.now(), ALERT_WINDOW_MS);
  if (!first && !asked) {
    ctx.logger.info({ channel: place.id, ts }, 'alert already answered');
    return true;
  }
  const queued = await queueAlert(ctx, place, ts, match, target.locale ?? 'en', asked);
  ctx.logger.info(
    { channel: place.id, ts, target: match.targetId, reply: queued.id, count: queued.count },
    queued.count > 1 ? 'alert collapsed into an earlier reply' : 'alert reply queued',
  );
  return true;
}

/** Drains under way in this process, by channel; `again` when woken while draining. */
const draining = new WeakMap<CoreContext, Map<string, { again: boolean; run: Promise<void> }>>();

function drainsOf(ctx: CoreContext) {
  let m = draining.get(ctx);
  if (!m) draining.set(ctx, (m = new Map()));
  return m;
}

/** Starts the channel's drain in this process unless one runs (then it looks again before it ends). */
export function wake(ctx: CoreContext, channel: string): Promise<void> {
  const drains = drainsOf(ctx);
  const running = drains.get(channel);
  if (running) {
    running.again = true;
    return running.run;
  }
  const entry = { again: false, run: Promise.resolve() };
  entry.run = ctx.work.track(
    (async () => {
      try {
        do {
          entry.again = false;
          await drainChannel(ctx, channel);
        } while (entry.again && !ctx.stopping);
      } catch (err) {
        ctx.logger.error({ err, channel }, 'posting alert replies failed');
      } finally {
        drains.delete(channel);
      }
    })(),
  );
  drains.set(channel, entry);
  return entry.run;
}

/** Wakes the drain of every channel with replies to post (the background timer). */
export async function wakeAll(ctx: CoreContext): Promise<void> {
  if (!ctx.replyPoster) return;
  const channels = await ctx.store.replyChannels(100);
  await Promise.all(channels.map((c) => wake(ctx, c)));
}

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
    if (!(await ctx.store.claimLease(lease, ctx.lease(), ctx.clock.now()))) return;
    const rows = await ctx.store.replyWork(channel, WORK_BATCH);
    if (!rows.length) return;
    const sending = rows.filter((r) => r.state === 'sending');
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

/** Waits for the channel's next pace slot (shared across replicas). */
async function turn(ctx: CoreContext, key: string, intervalMs: number): Promise<void> {
  const start = await ctx.store.reservePace(key, intervalMs, ctx.clock.now());
  const wait = start - ctx.clock.now().getTime();
  if (wait > 0) await ctx.sleep(wait);
}

/**
 * Nothing else goes to this channel before Retry-After has passed, counted from now (after the
 * 429 arrived, so never before Slack's own count ends): the channel's next slot is at least then.
 * A reservation of no length "not before" that moment moves the slot without adding a pace.
 */
async function holdUntilRetryAfter(ctx: CoreContext, key: string, retryAfter: number): Promise<void> {
  const until = ctx.clock.now().getTime() + retryAfter * ctx.replies.retryAfterUnitMs;
  await ctx.store.reservePace(key, 0, new Date(until));
}

const postKey = (channel: string) => `slack-post:${channel}`;
const updateKey = (channel: string) => `slack-update:${channel}`;

/** Builds what the front end shows for a row, as things stand now (an open request, counts). */
async function viewOf(ctx: CoreContext, reply: QueuedReply): Promise<ReplyView | undefined> {
  if (isAlert(reply)) {
    const target = ctx.targets.get(reply.body.targetId);
    if (!target) return undefined;
    const { targetId, raw, items } = reply.body;
    const offer = await offerFor(ctx, { targetId, raw, items });
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
  const claimed = await ctx.store.updateReply(row.id, ['pending'], { state: 'sending', attempts: row.attempts + 1 });
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
    log.info({ kind: row.body.kind, count: claimed.count }, 'alert reply posted');
  } catch (err) {
    if (err instanceof RateLimited) {
      await holdUntilRetryAfter(ctx, postKey(row.channel), err.retryAfter);
      await ctx.store.updateReply(row.id, ['sending'], { state: 'pending', attempts: row.attempts });
      log.warn({ retryAfter: err.retryAfter }, 'Slack rate limited an alert reply; waiting Retry-After');
      return;
    }
    const gaveUp = claimed.attempts >= MAX_ATTEMPTS;
    await ctx.store.updateReply(row.id, ['sending'], { state: gaveUp ? 'failed' : 'pending' });
    log.error({ err, attempts: claimed.attempts, gaveUp }, 'posting an alert reply failed');
    // Back off this channel a little before the next try.
    await ctx.store.reservePace(postKey(row.channel), ctx.replies.paceMs * 2 ** claimed.attempts, ctx.clock.now());
  }
}

/** A row left `sending` by a replica that stopped mid-post: posted if Slack has it, else queued again. */
async function recover(ctx: CoreContext, row: QueuedReply): Promise<void> {
  let ts: string | undefined;
  try {
    ts = await ctx.replyPoster!.find(row);
  } catch (err) {
    // Unknown: leave it `sending` and look again at the next drain rather than risk a second post.
    ctx.logger.warn({ err, reply: row.id }, 'could not check whether an alert reply was posted');
    throw err;
  }
  await ctx.store.updateReply(
    row.id,
    ['sending'],
    ts ? { state: 'posted', postedTs: ts, shownCount: row.count } : { state: 'pending' },
  );
  ctx.logger.info({ reply: row.id, posted: !!ts }, 'recovered an alert reply left mid-post');
}

/** A posted reply, or a digest for all the rows it lists, updated in place to show how many alerts each answers. */
async function showCounts(ctx: CoreContext, rows: readonly QueuedReply[]): Promise<void> {
  const row = rows[0];
  if (!row) return;
  const shown = row.state === 'folded' ? (await ctx.store.getReplies([row.foldedInto ?? '']))[0] : row;
  if (shown?.state === 'posted' && shown.postedTs) {
    const view = await viewOf(ctx, shown);
    if (view) {
      await turn(ctx, updateKey(row.channel), ctx.replies.paceMs);
      try {
        await ctx.replyPoster!.update(view, shown.postedTs);
      } catch (err) {
        if (!(err instanceof RateLimited)) throw err;
        await holdUntilRetryAfter(ctx, updateKey(row.channel), err.retryAfter);
        return;
      }
    }
  }
  for (const r of rows) await ctx.store.updateReply(r.id, [r.state], { shownCount: r.count });
}
