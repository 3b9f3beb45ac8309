/** Approve / Reject / Cancel on the approval message. The core decides; the notifier re-renders the message. */
import type { App, BlockButtonAction } from '@slack/bolt';
import type { DecisionKind } from '../../../core/model/request.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { ACTION } from '../../ids.ts';
import { buttonValue } from '../../payloads.ts';
import { afterAck, type SlackContext } from '../../context.ts';
import { isRepeat } from '../duplicates.ts';

const KINDS: [string, DecisionKind][] = [
  [ACTION.approve, 'approve'],
  [ACTION.reject, 'reject'],
  [ACTION.cancel, 'cancel'],
];

export function register(app: App, ctx: SlackContext): void {
  for (const [actionId, kind] of KINDS) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action }) => {
      await ack();
      if (await isRepeat(ctx, body)) return;
      const channel = body.channel?.id ?? body.container?.channel_id;
      const user = body.user.id;
      // What only the clicker sees follows their own language.
      const tell = async (m: Message) =>
        ctx.clients.tell(channel, user, ctx.words.mrkdwn(m, await ctx.people.locale(user)));
      await afterAck(ctx, `decision ${kind}`, tell, async () => {
        const value = buttonValue.safeParse(JSON.parse(action.value ?? 'null'));
        if (!value.success) {
          await tell(uiMsg('ui.answer.staleButton', {}));
          return;
        }
        const result = await ctx.core.decide(value.data.id, user, kind);
        if (!result.ok) await tell(result.message);
      });
    });
  }
}
