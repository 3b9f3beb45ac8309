/**
 * Rerun… on an alert's reply: the form opens prefilled from the alert, the missing fields marked;
 * its submission posts the approval request in the alert's thread (the form's sealed context). The
 * value names that thread; the click counts only from a reply in it.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { ACTION } from '../../ids.ts';
import { alertButton, MAX_BUTTON_VALUE_CHARS, parseJson } from '../../payloads.ts';
import { afterAck, askerFor, type SlackContext } from '../../context.ts';
import { isRepeat } from '../duplicates.ts';
import { openPrefilledForm } from '../open-form.ts';
import { inThread, originOf } from '../origin.ts';

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockButtonAction>(ACTION.alertRerun, async ({ ack, body, action }) => {
    await ack();
    if (await isRepeat(ctx, body)) return;
    const user = body.user.id;
    const origin = originOf(body);
    const locale = await ctx.people.locale(user);
    const tell = (m: Message) => ctx.clients.tell(origin.channel, user, ctx.words.mrkdwn(m, locale));
    await afterAck(ctx, 'alert rerun', tell, async () => {
      const value = parseJson(alertButton, action.value, MAX_BUTTON_VALUE_CHARS);
      if (!value) return tell(uiMsg('ui.answer.staleButton', {}));
      const { t: targetId, r: raw, c, ts } = value;
      if (!inThread(origin, c, ts)) return tell(uiMsg('ui.answer.elsewhere', {}));
      const asker = askerFor(user, locale, c, body.channel?.name, ts);
      await openPrefilledForm(ctx, body.trigger_id, asker, targetId, raw);
    });
  });
}
