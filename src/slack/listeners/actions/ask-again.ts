/** "Ask again" on an expired request: the requester re-asks with one click, on that request's message. */
import type { App } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import { ACTION } from '../../ids.ts';
import { buttonValue, MAX_BUTTON_VALUE_CHARS, parseJson } from '../../payloads.ts';
import { askerAt, type SlackContext } from '../../context.ts';
import { answerAsk, collisionAnswer, noticeWhileQueued } from '../answers.ts';
import { onButton } from '../button.ts';
import { onRequestMessage } from '../origin.ts';

export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.askAgain, 'ask again', async ({ action, user, origin, locale, tell }) => {
    const value = parseJson(buttonValue, action.value, MAX_BUTTON_VALUE_CHARS);
    if (!value) return tell(uiMsg('ui.answer.staleButton', {}));
    const request = await ctx.core.request(value.id);
    if (request && !onRequestMessage(origin, request)) return tell(uiMsg('ui.answer.elsewhere', {}));
    // The place and thread come from the stored request; only who asks, their language and the
    // channel's name as Slack says it now (a renamed channel is decided by its new name) are new.
    const asker = await askerAt(ctx, {
      userId: user,
      locale: await locale(),
      channel: request?.place.id ?? origin.channel ?? user,
      private: origin.private,
    });
    const collided = collisionAnswer(ctx, user, locale, (a) =>
      ctx.clients.tell(origin.channel, user, a.text, a.blocks),
    );
    const asked = await noticeWhileQueued(ctx, 'ask again', tell, (queued) =>
      ctx.core.askAgain(value.id, asker, queued),
    );
    await answerAsk(asked, tell, { unread: asker.unread, collided });
  });
}
