/**
 * Rerun… on an alert's reply: the form opens prefilled from the alert, the missing fields marked;
 * its submission posts the approval request in the alert's thread (the form's sealed context). The
 * value names that thread; the click counts only from a reply in it.
 */
import type { App } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import { ACTION } from '../../ids.ts';
import { alertButton, MAX_BUTTON_VALUE_CHARS, parseJson } from '../../payloads.ts';
import type { SlackContext } from '../../context.ts';
import { onButton } from '../button.ts';
import { openPrefilledForm } from '../open-form.ts';
import { inThread } from '../origin.ts';
import { permalinkOf } from '../../permalink.ts';

export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.alertRerun, 'alert rerun', async ({ body, action, user, origin, locale, tell }) => {
    const value = parseJson(alertButton, action.value, MAX_BUTTON_VALUE_CHARS);
    if (!value) return tell(uiMsg('ui.answer.staleButton', {}));
    const { t: targetId, r: raw, c, ts, rs } = value;
    if (!inThread(origin, c, ts)) return tell(uiMsg('ui.answer.elsewhere', {}));
    // The Reason is prefilled from the alert (issue 19 item 4): its incident reference or title, and
    // Slack's own permalink of it (a failure only leaves the link out).
    const reason = async () =>
      [rs, await permalinkOf(ctx.clients.personClient, c, ts)].filter(Boolean).join(' ') || undefined;
    await openPrefilledForm(
      ctx,
      body.trigger_id,
      { userId: user, locale, channel: c, threadTs: ts, private: origin.private },
      targetId,
      raw,
      reason,
    );
  });
}
