/**
 * The answers to alerts, at Slack's pace (docs/SPEC.md §4, alert threads, "during an alert storm"):
 * the way in. An alert that matches a rule is written to the reply queue (the store) and its
 * channel's drain is woken (scheduling.ts); the event itself is acknowledged at once. The drain
 * (drain.ts) posts the queue at the channel's pace.
 *
 * Identical alerts (same target, same captured values) within `collapseMs` are one row whose count
 * grows; a posted reply is updated in place to show the new count.
 */
import type { Locale } from '../../../lib/message.ts';
import type { AlertMatch } from '../../alerts.ts';
import type { CoreContext } from '../../context.ts';
import { isAlert, type QueuedReply } from '../../model/reply.ts';
import type { Place } from '../../model/request.ts';
import { ALERT_WINDOW_MS } from '../../timings.ts';
import { matchAlert } from '../alert.ts';
import { wake } from './scheduling.ts';

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
async function queueAlert(
  ctx: CoreContext,
  place: Place,
  ts: string,
  match: AlertMatch,
  locale: Locale,
  fresh: boolean,
): Promise<QueuedReply> {
  const now = ctx.clock.now().getTime();
  const reply: QueuedReply = {
    id: 'rp-' + ctx.newId().replace(/^rr-/, ''),
    channel: place.id,
    collapseKey: fresh ? `mention ${ts} ${now}` : collapseKeyOf(match),
    createdAt: now,
    body: {
      kind: 'alert',
      threadTs: ts,
      targetId: match.targetId,
      raw: match.raw,
      items: match.items,
      locale,
      ...(match.reason ? { reason: match.reason } : {}),
    },
    state: 'pending',
    count: 1,
    shownCount: 0,
    attempts: 0,
  };
  const stored = await ctx.store.enqueueReply(reply, now - ctx.replies.collapseMs);
  void wake(ctx, place.id);
  return stored;
}

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

/**
 * A mention in the thread of an alert the bot already answered: the alert as it was read then (its
 * stored reply's target and captured values) is answered again, fresh, without reading the thread's
 * parent from the front end. False when no reply was queued for that thread (the caller reads the
 * parent) or its target is gone from the config.
 */
export async function answerStoredAlert(ctx: CoreContext, place: Place, threadTs: string): Promise<boolean> {
  const stored = await ctx.store.replyForThread(place.id, threadTs);
  if (!stored || !isAlert(stored)) return false;
  const { targetId, raw, items, reason } = stored.body;
  const target = ctx.targets.get(targetId);
  if (!target) return false;
  const match: AlertMatch = { targetId, raw, items, ...(reason ? { reason } : {}) };
  const queued = await queueAlert(ctx, place, threadTs, match, target.locale ?? 'en', true);
  ctx.logger.info(
    { channel: place.id, ts: threadTs, target: targetId, reply: queued.id, from: stored.id },
    'alert answered again from its stored reply',
  );
  return true;
}
