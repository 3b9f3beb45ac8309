/**
 * Submitting the break-glass form: a reason (the request's own rules: required, and its pattern)
 * and the ticked confirmation, or the errors go back next to their fields inside Slack's 3 s. Then
 * the core's break-glass decides (the requester, the policy, the request still pending) and claims
 * the request exactly like an approval. The request comes from the sealed context, never from
 * what the payload merely says.
 */
import type { App } from '@slack/bolt';
import { coreMsg } from '../../../core/messages.ts';
import { reasonProblem } from '../../../core/policy.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { GLASS_CONFIRMED } from '../../blocks/glass.ts';
import { noticeView } from '../../blocks/form.ts';
import { FORM_CONTEXT_TTL_MS } from '../../form-seal.ts';
import { ACTION, BLOCK, VIEW } from '../../ids.ts';
import { valueOf, viewState } from '../../payloads.ts';
import { afterAck, type SlackContext } from '../../context.ts';
import { isRepeat } from '../duplicates.ts';
import { formContextOf, formLocale } from '../form-context.ts';
import { reasonFromView } from './read-form.ts';

export function register(app: App, ctx: SlackContext): void {
  app.view(VIEW.glass, async ({ ack, body, view }) => {
    const user = body.user.id;
    const context = formContextOf(ctx, view.private_metadata, user);
    // Sealed with the form, or cached: the ack (errors next to the fields) never waits on users.info.
    const locale = formLocale(ctx, user, context);
    const plain = (m: Message) => ctx.words.plain(m, locale);
    const state = viewState.safeParse(view.state?.values ?? {});
    const requestId = context?.requestId;
    const request = requestId ? await ctx.core.request(requestId) : undefined;
    if (!context || !requestId || !request || !state.success) {
      await ack({ response_action: 'update', view: noticeView(uiMsg('ui.form.stale', {}), locale, ctx.words) });
      return;
    }
    const reason = reasonFromView(state.data) ?? '';
    const confirmed = (valueOf(state.data[BLOCK.glassConfirm]?.[ACTION.glassConfirm]) ?? '')
      .split(',')
      .includes(GLASS_CONFIRMED);
    const errors: Record<string, string> = {};
    const problem = reasonProblem({ ...request.policy, requireReason: true }, reason);
    if (problem) errors[BLOCK.reason] = plain(problem);
    if (!confirmed) errors[BLOCK.glassConfirm] = plain(coreMsg('glass.confirmRequired', {}));
    if (Object.keys(errors).length) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    if (await isRepeat(ctx, body)) return;
    const tell = (m: Message) => ctx.clients.tell(context.channel, user, ctx.words.mrkdwn(m, locale));
    await afterAck(ctx, 'break glass', tell, async () => {
      if (!(await ctx.core.firstDelivery(`form:${context.formId}`, FORM_CONTEXT_TTL_MS)))
        return tell(uiMsg('ui.answer.formUsed', {}));
      const result = await ctx.core.breakGlass(requestId, user, { reason, confirmed });
      if (!result.ok) await tell(result.message);
    });
  });
}
