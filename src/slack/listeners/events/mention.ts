/**
 * Mentioning the bot in an alert's thread: the thread's parent is read (one conversations.replies
 * call) and answered as an alert, even if the bot never saw it arrive. A mention it cannot read as
 * an alert gets, in its thread, the channels and patterns the bot knows.
 */
import type { App } from '@slack/bolt';
import { alertText, type AlertEvent } from '../../alerts.ts';
import type { AlertDesk } from '../../alerts.ts';
import { rulesReply } from '../../blocks/alert.ts';
import type { SlackContext } from '../../context.ts';

export function register(app: App, ctx: SlackContext, desk: AlertDesk): void {
  app.event('app_mention', async ({ event }) => {
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
        const parent = replies.messages?.[0] as Partial<AlertEvent> | undefined;
        if (parent?.ts === threadTs && (await desk.answer(place, threadTs, alertText(parent), true))) return;
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
