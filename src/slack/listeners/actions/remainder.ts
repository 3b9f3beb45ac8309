/**
 * "Rerun the N remaining…" on an approval message (docs/SPEC.md §4, Bulk): the form opens filled
 * in with exactly the items the rerun refused, as stored with its outcome, and the new approval
 * request goes in the same thread as the original (its thread, or one under its message).
 */
import type { App } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import { ACTION } from '../../ids.ts';
import { slackRefOf } from '../../notifier.ts';
import { buttonValue, MAX_BUTTON_VALUE_CHARS, parseJson } from '../../payloads.ts';
import type { SlackContext } from '../../context.ts';
import { onButton } from '../button.ts';
import { openPrefilledForm } from '../open-form.ts';
import { onRequestMessage } from '../origin.ts';

export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.remainder, 'rerun remainder', async ({ body, action, user, origin, locale, tell }) => {
    const value = parseJson(buttonValue, action.value, MAX_BUTTON_VALUE_CHARS);
    const request = value ? await ctx.core.request(value.id) : undefined;
    const at = slackRefOf(request?.published);
    const remainder = request?.execution?.remainder;
    if (!request || !remainder || !at?.ts) return tell(uiMsg('ui.answer.staleButton', {}));
    // The click must come from the request's own message: its channel is one the clicker sees,
    // and nothing of a request elsewhere is shown to them.
    if (!onRequestMessage(origin, request)) return tell(uiMsg('ui.answer.elsewhere', {}));
    const opener = {
      userId: user,
      locale,
      channel: at.channel,
      threadTs: at.threadTs ?? at.ts,
      private: origin.private,
    };
    // The rest of the same rerun: asked for the same reason.
    await openPrefilledForm(ctx, body.trigger_id, opener, request.targetId, remainder.raw, request.reason);
  });
}
