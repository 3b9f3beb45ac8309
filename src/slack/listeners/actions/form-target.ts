/**
 * Picking a target in the form swaps in that provider's fields (views.update). The targets offered
 * are those allowed in the channel the sealed context names, never one the metadata merely claims.
 */
import type { App, BlockStaticSelectAction } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import { formView, noticeView, reasonField } from '../../blocks/form.ts';
import { ACTION } from '../../ids.ts';
import { askerAt, type SlackContext } from '../../context.ts';
import { formContextOf } from '../form-context.ts';

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockStaticSelectAction>(ACTION.targetSelect, async ({ ack, body, action }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const user = body.user.id;
    const locale = await ctx.people.localeWithin(user);
    const context = formContextOf(ctx, view.private_metadata, user);
    if (!context) {
      await ctx.clients.personClient.views.update({
        view_id: view.id,
        view: noticeView(uiMsg('ui.form.stale', {}), locale, ctx.words),
      });
      return;
    }
    const targets = await ctx.core.targetsFor(
      await askerAt(ctx, { userId: user, locale, channel: context.channel, private: context.private }),
    );
    const chosen = targets.find((t) => t.id === action.selected_option?.value);
    await ctx.clients.personClient.views.update({
      view_id: view.id,
      hash: view.hash,
      view: formView(
        ctx.seal.seal({ ...context, targetId: chosen?.id }, user, ctx.clock.now()),
        { targets, chosen, reason: chosen && reasonField(ctx.core.policy(chosen.id)) },
        locale,
        ctx.words,
      ),
    });
  });
}
