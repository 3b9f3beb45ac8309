/**
 * What every button of the bot's messages does before its own work: ack at once (Slack's 3 s), drop
 * a repeated delivery (duplicates.ts), learn who clicked and from where, then run the work after
 * the ack, a failure told to the clicker once (afterAck).
 *
 * The clicker's language is read only when the work first needs it (`locale`): a button that opens
 * a form sends views.open before any other Slack call, since its trigger_id expires 3 s after the
 * click (open-form.ts), and a users.info look-up must not go first.
 */
import type { App, BlockButtonAction, ButtonAction } from '@slack/bolt';
import type { Locale, Message } from '../../lib/message.ts';
import { afterAck, lazyLocale, type SlackContext } from '../context.ts';
import { isRepeat } from './duplicates.ts';
import { originOf, type ClickOrigin } from './origin.ts';

interface ButtonClick {
  body: BlockButtonAction;
  action: ButtonAction;
  user: string;
  origin: ClickOrigin;
  /** The clicker's language, read once when first asked for (bounded: English past a short wait). */
  locale: () => Promise<Locale>;
  /** Tells the clicker privately, in their language. */
  tell(m: Message): Promise<void>;
}

export function onButton(
  app: App,
  ctx: SlackContext,
  actionId: string,
  where: string,
  work: (click: ButtonClick) => Promise<unknown>,
): void {
  app.action<BlockButtonAction>(actionId, async ({ ack, body, action }) => {
    await ack();
    if (await isRepeat(ctx, body)) return;
    const user = body.user.id;
    const origin = originOf(body);
    const locale = lazyLocale(ctx, user);
    const tell = async (m: Message) => ctx.clients.tell(origin.channel, user, ctx.words.mrkdwn(m, await locale()));
    await afterAck(ctx, where, tell, async () => {
      await work({ body, action, user, origin, locale, tell });
    });
  });
}
