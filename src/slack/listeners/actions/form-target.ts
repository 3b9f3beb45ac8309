/** Picking a target in the form swaps in that provider's fields (views.update). */
import type { App, BlockStaticSelectAction } from '@slack/bolt';
import { formView } from '../../blocks/form.ts';
import { ACTION } from '../../ids.ts';
import { formMetadata } from '../../payloads.ts';
import { askerFor, type SlackContext } from '../../context.ts';

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockStaticSelectAction>(ACTION.targetSelect, async ({ ack, body, action }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const meta = formMetadata.parse(JSON.parse(view.private_metadata || '{}'));
    const locale = await ctx.people.locale(body.user.id);
    const targets = await ctx.core.targetsFor(askerFor(body.user.id, locale, meta.channel, meta.channelName));
    const chosen = targets.find((t) => t.id === action.selected_option.value);
    await ctx.clients.client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: formView(meta, { targets, chosen }, locale, ctx.words),
    });
  });
}
