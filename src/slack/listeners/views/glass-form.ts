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
    const stale = () =>
      ack({ response_action: 'update', view: noticeView(uiMsg('ui.form.stale', {}), locale, ctx.words) });
    if (!context || !requestId || !state.success) return stale();
    const reason = reasonFromView(state.data) ?? '';
    const confirmed = (valueOf(state.data[BLOCK.glassConfirm]?.[ACTION.glassConfirm]) ?? '')
      .split(',')
      .includes(GLASS_CONFIRMED);
    // The request's rules (its reason pattern) come from the store: a slow store does not hold the
    // ack past REQUEST_READ_MS. Then the form closes unchecked, and the core's own check (it decides
    // anyway) is told to the requester after the ack.
    const request = await readWithin(ctx.core.request(requestId), REQUEST_READ_MS);
    if (request === LATE)
      ctx.logger.warn({ requestId }, 'the store was slow: a break-glass form checked after its ack');
    else if (!request) return stale();
    else {
      const errors: Record<string, string> = {};
      const problem = reasonProblem({ ...request.policy, requireReason: true }, reason);
      if (problem) errors[BLOCK.reason] = plain(problem);
      if (!confirmed) errors[BLOCK.glassConfirm] = plain(coreMsg('glass.confirmRequired', {}));
      if (Object.keys(errors).length) {
        await ack({ response_action: 'errors', errors });
        return;
      }
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

/** How long a submission's ack waits for the request from the store (Slack waits 3 s in all). */
const REQUEST_READ_MS = 1_000;
const LATE = Symbol('late');

/** `read`'s value, or LATE once `ms` have passed (the read goes on; its value is then unused). */
async function readWithin<T>(read: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}
