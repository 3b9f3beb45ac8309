/** Approve / Reject / Cancel on the approval message. The core decides; the message is re-rendered by the notifier. */
import type { App, BlockButtonAction } from '@slack/bolt';
import type { DecisionKind } from '../../../core/request.ts';
import { safeMessage } from '../../escape.ts';
import { ACTION } from '../../ids.ts';
import { buttonValue } from '../../payloads.ts';
import { afterAck, type SlackContext } from '../../context.ts';

const KINDS: [string, DecisionKind][] = [
  [ACTION.approve, 'approve'],
  [ACTION.reject, 'reject'],
  [ACTION.cancel, 'cancel'],
];

export function register(app: App, ctx: SlackContext): void {
  for (const [actionId, kind] of KINDS) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action }) => {
      await ack();
      const channel = body.channel?.id ?? body.container?.channel_id;
      const user = body.user.id;
      const tell = (text: string) => ctx.clients.tell(channel, user, safeMessage(text));
      await afterAck(ctx, `decision ${kind}`, tell, async () => {
        const value = buttonValue.safeParse(JSON.parse(action.value ?? 'null'));
        if (!value.success) {
          await tell('This button is not one of mine any more; use /rerun status <id>.');
          return;
        }
        const result = await ctx.service.decide(value.data.id, user, kind);
        if (!result.ok) await tell(result.message);
      });
    });
  }
}
