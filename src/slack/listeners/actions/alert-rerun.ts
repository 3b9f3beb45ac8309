/**
 * Rerun… on an alert's reply: the form opens prefilled from the alert, the missing fields marked;
 * its submission posts the approval request in the alert's thread (private_metadata's threadTs).
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { ACTION } from '../../ids.ts';
import { alertButton } from '../../payloads.ts';
import { afterAck, askerFor, type SlackContext } from '../../context.ts';
import { isRepeat } from '../duplicates.ts';
import { openForm } from '../open-form.ts';

function parseValue(value: string | undefined) {
  try {
    return alertButton.safeParse(JSON.parse(value ?? 'null'));
  } catch {
    return alertButton.safeParse(null);
  }
}

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockButtonAction>(ACTION.alertRerun, async ({ ack, body, action }) => {
    await ack();
    if (await isRepeat(ctx, body)) return;
    const user = body.user.id;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const locale = await ctx.people.locale(user);
    const tell = (m: Message) => ctx.clients.tell(channel, user, ctx.words.mrkdwn(m, locale));
    await afterAck(ctx, 'alert rerun', tell, async () => {
      const value = parseValue(action.value);
      if (!value.success) return tell(uiMsg('ui.answer.staleButton', {}));
      const { t: targetId, r: raw, c, ts } = value.data;
      const asker = askerFor(user, locale, c, body.channel?.name, ts);
      const checked = ctx.core.checkForm(targetId, raw);
      const missing =
        checked.kind === 'invalid'
          ? Object.entries(checked.errors)
              .filter(([, e]) => e.code === 'required')
              .map(([k]) => k)
          : [];
      await openForm(ctx, body.trigger_id, asker, targetId, raw, missing);
    });
  });
}
