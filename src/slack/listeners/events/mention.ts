/**
 * Mentioning the bot. In an alert's thread: the alert as the bot read it when it answered it (its
 * stored reply) is answered again; an alert it never answered has its thread's parent read (one
 * conversations.replies call) and answered as an alert, even if the bot never saw it arrive. At the top of an alert
 * channel: the mention is itself a message there, which the message listener also reads as an
 * alert; both ask the store, so it gets one answer, never an alert reply and the rules besides.
 * A mention it cannot read as an alert gets, in its thread, the channels and patterns the bot knows.
 */
import type { App } from '@slack/bolt';
import { alertText } from '../../alert-text.ts';
import { isAlertCandidate, type AlertEvent } from '../../alerts.ts';
import type { AlertDesk } from '../../alerts.ts';
import { rulesReply } from '../../blocks/alert.ts';
import type { SlackContext } from '../../context.ts';

export function register(app: App, ctx: SlackContext, desk: AlertDesk): void {
  app.event('app_mention', async ({ event, context }) => {
    const { channel, ts } = event;
    const threadTs = event.thread_ts;
    const self = { userId: context.botUserId, botId: context.botId };
    // A failure reaches app.error (app.ts), which logs it with its context.
    const place = await desk.placeFor(channel);
    if (place && threadTs && threadTs !== ts) {
      // An alert the bot answered already is in the store, as it read it then: no Slack call.
      if (await desk.answerStored(place, threadTs)) return answered(ctx, channel, ts, 'alert');
      const replies = await ctx.clients.client.conversations.replies({
        channel,
        ts: threadTs,
        limit: 1,
        inclusive: true,
      });
      const parent = replies.messages?.[0] as Omit<AlertEvent, 'channel'> | undefined;
      // The parent is read as an alert like any other: never the bot's own message (its approval request, say).
      const isAlert = parent?.ts === threadTs && isAlertCandidate({ ...parent, channel }, self);
      if (parent && isAlert && (await desk.answer(place, threadTs, alertText(parent), true)))
        return answered(ctx, channel, ts, 'alert');
    }
    if (place && (!threadTs || threadTs === ts)) {
      // Not `asked`: if the message listener already queued this alert's reply, that is the answer.
      const mention = { ...event, channel } as AlertEvent;
      if (isAlertCandidate(mention, self) && (await desk.answer(place, ts, alertText(event))))
        return answered(ctx, channel, ts, 'alert');
    }
    await ctx.clients.post({
      channel,
      thread_ts: threadTs ?? ts,
      ...rulesReply(ctx.core.alertRules(), 'en', ctx.words),
      unfurl_links: false,
      unfurl_media: false,
    });
    answered(ctx, channel, ts, 'rules');
  });
}

/** One line per mention, saying how it was answered (an alert's reply is queued, not yet posted). */
function answered(ctx: SlackContext, channel: string, ts: string, answer: 'alert' | 'rules'): void {
  ctx.logger.info({ channel, ts, answer }, 'mention answered');
}
