/** "Ask again" on an expired request: the requester re-asks with one click. */
import type { App, BlockButtonAction } from '@slack/bolt';
import { safeMessage } from '../../escape.ts';
import { ACTION } from '../../ids.ts';
import { buttonValue } from '../../payloads.ts';
import { afterAck, type SlackContext } from '../../context.ts';

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockButtonAction>(ACTION.askAgain, async ({ ack, body, action }) => {
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id;
    const user = body.user.id;
    const tell = (text: string) => ctx.clients.tell(channel, user, safeMessage(text));
    await afterAck(ctx, 'ask again', tell, async () => {
      const value = buttonValue.safeParse(JSON.parse(action.value ?? 'null'));
      if (!value.success) return tell('This button is not one of mine any more; use /rerun to ask again.');
      const result = await ctx.service.askAgain(value.data.id, user);
      if (result.kind === 'refused') await tell(result.message);
      else if (result.kind === 'invalid')
        await tell(
          Object.entries(result.errors)
            .map(([k, m]) => `${k}: ${m}`)
            .join('\n'),
        );
    });
  });
}
