/**
 * A message in a channel named by an alert rule: when it is an alert (not the bot's own, not an
 * edit, not a thread reply) and matches a rule, it gets one thread reply with a Rerun… button.
 * Events are acknowledged by Bolt before this runs, and redeliveries stop at duplicates.ts. A
 * message that mentions the bot also arrives as app_mention (mention.ts): both read it as the same
 * alert, and the store lets only the first queue its reply.
 */
import type { App } from '@slack/bolt';
import { alertText } from '../../alert-text.ts';
import type { AlertDesk, AlertEvent } from '../../alerts.ts';
import { isAlertCandidate } from '../../alerts.ts';
import type { SlackContext } from '../../context.ts';

export function register(app: App, _ctx: SlackContext, desk: AlertDesk): void {
  app.event('message', async ({ event, context }) => {
    const e = event as unknown as AlertEvent;
    if (!isAlertCandidate(e, { userId: context.botUserId, botId: context.botId })) return;
    const place = await desk.placeFor(e.channel);
    if (!place) return;
    // A failure reaches app.error (app.ts), which logs it with its context.
    await desk.answer(place, e.ts, alertText(e));
  });
}
