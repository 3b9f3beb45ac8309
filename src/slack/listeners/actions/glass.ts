/**
 * Break glass… and Review on the approval message (issue 19 item 3). Break glass… opens the form
 * (its reason and its confirmation) for the requester only, from the request's own message; what
 * the form submits is decided by the core (listeners/views/glass-form.ts). Review acknowledges a
 * break-glass approval afterwards; the core says who may.
 */
import type { App } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import { coreMsg } from '../../../core/messages.ts';
import { glassView } from '../../blocks/glass.ts';
import { ACTION } from '../../ids.ts';
import { buttonValue, MAX_BUTTON_VALUE_CHARS, parseJson } from '../../payloads.ts';
import type { SlackContext } from '../../context.ts';
import { onButton } from '../button.ts';
import { onRequestMessage } from '../origin.ts';

export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.breakGlass, 'break glass', async ({ body, action, user, origin, locale, tell }) => {
    const value = parseJson(buttonValue, action.value, MAX_BUTTON_VALUE_CHARS);
    if (!value) return tell(uiMsg('ui.answer.staleButton', {}));
    const request = await ctx.core.request(value.id);
    if (!request) return tell(coreMsg('request.notFound', { id: value.id }));
    if (!onRequestMessage(origin, request) || !origin.channel) return tell(uiMsg('ui.answer.elsewhere', {}));
    // Refused before any form opens: the form is for the requester, under a policy that allows it.
    if (!request.policy.breakGlass)
      return tell(coreMsg('glass.notAllowed', { target: request.targetId, id: request.id }));
    if (user !== request.requester) return tell(coreMsg('glass.onlyRequester', {}));
    // The requester asked a moment ago, so their language is usually known without a Slack call
    // (views.open should be the trigger's first one: its trigger_id expires 3 s after the click).
    const lang = ctx.people.peek(user) ?? (await locale());
    const sealed = ctx.seal.seal(
      {
        channel: origin.channel,
        threadTs: origin.threadTs,
        requestId: request.id,
        formId: ctx.seal.newFormId(),
        // One Slack said (the cache's), never a fallback: the submission answers in it at any replica.
        locale: ctx.people.peek(user),
      },
      user,
      ctx.clock.now(),
    );
    await ctx.clients.openView({ trigger_id: body.trigger_id, view: glassView(sealed, request, lang, ctx.words) });
  });

  onButton(app, ctx, ACTION.review, 'review', async ({ action, user, origin, tell }) => {
    const value = parseJson(buttonValue, action.value, MAX_BUTTON_VALUE_CHARS);
    if (!value) return tell(uiMsg('ui.answer.staleButton', {}));
    const request = await ctx.core.request(value.id);
    if (request && !onRequestMessage(origin, request)) return tell(uiMsg('ui.answer.elsewhere', {}));
    const result = await ctx.core.reviewGlass(value.id, user);
    if (!result.ok) await tell(result.message);
  });
}
