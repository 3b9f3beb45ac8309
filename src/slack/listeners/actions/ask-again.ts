/** "Ask again" on an expired request: the requester re-asks with one click. */
import type { App, BlockButtonAction } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { ACTION } from '../../ids.ts';
import { buttonValue } from '../../payloads.ts';
import { afterAck, askerFor, type SlackContext } from '../../context.ts';
import { answerAsk } from '../answers.ts';
import { isRepeat } from '../duplicates.ts';

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockButtonAction>(ACTION.askAgain, async ({ ack, body, action }) => {
    await ack();
    if (await isRepeat(ctx, body)) return;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const user = body.user.id;
    const locale = await ctx.people.locale(user);
    const tell = (m: Message) => ctx.clients.tell(channel, user, ctx.words.mrkdwn(m, locale));
    await afterAck(ctx, 'ask again', tell, async () => {
      const value = buttonValue.safeParse(JSON.parse(action.value ?? 'null'));
      if (!value.success) return tell(uiMsg('ui.answer.staleButton', {}));
      // The place and thread come from the stored request; only who asks and their language are new.
      await answerAsk(await ctx.core.askAgain(value.data.id, askerFor(user, locale, channel ?? user)), tell);
    });
  });
}
