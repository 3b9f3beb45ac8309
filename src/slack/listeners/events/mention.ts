/**
 * Mentioning the bot in an alert's thread: the thread's parent is read (one conversations.replies
 * call) and answered as an alert, even if the bot never saw it arrive. A mention it cannot read as
 * an alert gets, in its thread, the channels and patterns the bot knows.
 */
import type { App } from '@slack/bolt';
import { alertText, isAlertCandidate, type AlertEvent } from '../../alerts.ts';
import type { AlertDesk } from '../../alerts.ts';
import { rulesReply } from '../../blocks/alert.ts';
import type { SlackContext } from '../../context.ts';

export function register(app: App, ctx: SlackContext, desk: AlertDesk): void {
  app.event('app_mention', async ({ event, context }) => {
    const { channel, ts } = event;
    const threadTs = event.thread_ts;
    // A failure reaches app.error (app.ts), which logs it with its context.
    if (threadTs && threadTs !== ts) {
      const place = await desk.placeFor(channel);
      if (place) {
        const replies = await ctx.clients.client.conversations.replies({
          channel,
          ts: threadTs,
          limit: 1,
          inclusive: true,
        });
        const parent = replies.messages?.[0] as Omit<AlertEvent, 'channel'> | undefined;
        // The parent is read as an alert like any other: never the bot's own message (its approval request, say).
        const self = { userId: context.botUserId, botId: context.botId };
        const isAlert = parent?.ts === threadTs && isAlertCandidate({ ...parent, channel }, self);
        if (parent && isAlert && (await desk.answer(place, threadTs, alertText(parent), true))) return;
      }
    }
    await ctx.clients.post({
      channel,
      thread_ts: threadTs ?? ts,
      ...rulesReply(ctx.core.alertRules(), 'en', ctx.words),
      unfurl_links: false,
      unfurl_media: false,
    });
  });
}
