/** "Ask again" on an expired request: the requester re-asks with one click, on that request's message. */
import type { App, BlockButtonAction } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { ACTION } from '../../ids.ts';
import { buttonValue, MAX_BUTTON_VALUE_CHARS, parseJson } from '../../payloads.ts';
import { afterAck, askerFor, type SlackContext } from '../../context.ts';
import { answerAsk } from '../answers.ts';
import { isRepeat } from '../duplicates.ts';
import { onRequestMessage, originOf } from '../origin.ts';

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockButtonAction>(ACTION.askAgain, async ({ ack, body, action }) => {
    await ack();
    if (await isRepeat(ctx, body)) return;
    const origin = originOf(body);
    const user = body.user.id;
    const locale = await ctx.people.locale(user);
    const tell = (m: Message) => ctx.clients.tell(origin.channel, user, ctx.words.mrkdwn(m, locale));
    await afterAck(ctx, 'ask again', tell, async () => {
      const value = parseJson(buttonValue, action.value, MAX_BUTTON_VALUE_CHARS);
      if (!value) return tell(uiMsg('ui.answer.staleButton', {}));
      const request = await ctx.core.request(value.id);
      if (request && !onRequestMessage(origin, request)) return tell(uiMsg('ui.answer.elsewhere', {}));
      // The place and thread come from the stored request; only who asks and their language are new.
      await answerAsk(await ctx.core.askAgain(value.id, askerFor(user, locale, origin.channel ?? user)), tell);
    });
  });
}
