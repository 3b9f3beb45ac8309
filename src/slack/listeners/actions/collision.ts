/**
 * Watch and Approve on the answer to an ask that collided with an open request (issue 19 item 5).
 * That answer is ephemeral (or, when Slack would not show it, a DM): there is no message of the
 * request's own to tie the click to (origin.ts), so the value is sealed instead (button-seal.ts)
 * and the click counts only when it comes from that answer (Slack names its container `message`,
 * `is_ephemeral`), from the person it was shown to, before it expires. Approve
 * counts only while the request is as the answer showed it, and goes through the same core decide
 * as the request message's Approve: its policy, the self-approval rule, exactly once.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { coreMsg } from '../../../core/messages.ts';
import { storyOf } from '../../../core/model/story.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import type { OpenedButton } from '../../button-seal.ts';
import { shownOf } from '../../blocks/collision.ts';
import type { SlackContext } from '../../context.ts';
import { ACTION } from '../../ids.ts';
import { onButton } from '../button.ts';

/**
 * The sealed value of a click, opened for its clicker on the surface Slack says it came from: the
 * answer only they saw (an ephemeral message), or the DM it went to when Slack would not show that
 * (a conversation id starting with D). Pasted onto any other message, the value counts for nothing.
 */
function openedIn(ctx: SlackContext, body: BlockButtonAction, value: string | undefined, user: string): OpenedButton {
  const container = body.container as { type?: unknown; is_ephemeral?: unknown; channel_id?: unknown } | undefined;
  const dm = typeof container?.channel_id === 'string' && container.channel_id.startsWith('D');
  if (container?.type !== 'message' || !(container.is_ephemeral === true || dm))
    return { ok: false, reason: 'surface' };
  return ctx.buttons.open(value, user, 'collision', ctx.clock.now());
}

export function register(app: App, ctx: SlackContext): void {
  const refused = (o: Exclude<OpenedButton, { ok: true }>, user: string, where: string) => {
    ctx.logger.warn({ user, reason: o.reason, where }, 'a sealed collision button was refused');
    return o.reason === 'expired' || o.reason === 'malformed'
      ? uiMsg('ui.answer.staleButton', {})
      : uiMsg('ui.answer.elsewhere', {});
  };

  onButton(app, ctx, ACTION.collisionWatch, 'collision watch', async ({ body, action, user, tell }) => {
    const opened = openedIn(ctx, body, action.value, user);
    if (!opened.ok) return tell(refused(opened, user, 'watch'));
    const result = await ctx.core.watch(opened.button.requestId, user);
    if (!result.ok) return tell(result.message);
    const { id } = result.request;
    return tell(
      result.already
        ? uiMsg('ui.watch.already', { id })
        : uiMsg('ui.watch.started', { id, story: storyOf(result.request) }),
    );
  });

  onButton(app, ctx, ACTION.collisionApprove, 'collision approve', async ({ body, action, user, tell }) => {
    const opened = openedIn(ctx, body, action.value, user);
    if (!opened.ok) return tell(refused(opened, user, 'approve'));
    const id = opened.button.requestId;
    const request = await ctx.core.request(id);
    if (!request) return tell(coreMsg('request.notFound', { id }));
    // Not as the answer showed it (decided, approved by someone else meanwhile): where it stands now.
    if (shownOf(request) !== opened.button.shown)
      return tell(uiMsg('ui.collision.changed', { id, story: storyOf(request) }));
    const result = await ctx.core.decide(id, user, 'approve');
    return tell(result.ok ? uiMsg('ui.collision.approved', { id, story: storyOf(result.request) }) : result.message);
  });
}
