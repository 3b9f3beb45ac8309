/**
 * Submitting the form: errors go back next to the field; a valid request is previewed and posted
 * where the form's sealed context says. A form whose context or state cannot be read becomes a
 * sentence saying so (response_action update), inside Slack's 3 s; a form already used asks nothing.
 */
import type { App } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { noticeView } from '../../blocks/form.ts';
import { FORM_CONTEXT_TTL_MS } from '../../form-seal.ts';
import { ACTION, BLOCK, VIEW } from '../../ids.ts';
import { valueOf, viewState } from '../../payloads.ts';
import { afterAck, askerAt, type SlackContext } from '../../context.ts';
import { answerAsk, collisionAnswer, noticeWhileQueued } from '../answers.ts';
import { isRepeat } from '../duplicates.ts';
import { formContextOf, formLocale } from '../form-context.ts';
import { rawFromView, reasonFromView } from './read-form.ts';
import { REASON_KEY } from '../../../core/input.ts';

export function register(app: App, ctx: SlackContext): void {
  app.view(VIEW.form, async ({ ack, body, view }) => {
    const user = body.user.id;
    const context = formContextOf(ctx, view.private_metadata, user);
    // Known since the form was opened (sealed with it); the answer in the ack never waits for a look-up.
    const locale = formLocale(ctx, user, context);
    const plain = (m: Message) => ctx.words.plain(m, locale);
    const state = viewState.safeParse(view.state?.values ?? {});
    if (!context || !state.success) {
      await ack({ response_action: 'update', view: noticeView(uiMsg('ui.form.stale', {}), locale, ctx.words) });
      return;
    }
    const targetId = valueOf(state.data[BLOCK.target]?.[ACTION.targetSelect]) ?? context.targetId;
    const target = targetId ? ctx.core.target(targetId) : undefined;
    if (!target || !targetId) {
      await ack({ response_action: 'errors', errors: { [BLOCK.target]: plain(uiMsg('ui.form.pickTarget', {})) } });
      return;
    }
    const raw = rawFromView(target.provider, state.data);
    const reason = reasonFromView(state.data);
    const checked = ctx.core.checkForm(targetId, raw, reason);
    if (checked.kind === 'invalid') {
      const errors: Record<string, string> = {};
      const firstField = target.provider.fields[0]?.key ?? '';
      for (const [key, e] of Object.entries(checked.errors)) {
        // The reason's problem goes next to the Reason field (a form opened before the policy
        // asked for one has none: then next to the first field).
        if (key === REASON_KEY && state.data[BLOCK.reason]) {
          errors[BLOCK.reason] ??= plain(e.message);
          continue;
        }
        const field = target.provider.fields.some((f) => f.key === key) ? key : firstField;
        errors[BLOCK.field(field)] ??= plain(e.message);
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    // The same delivery again (a double tap, a proxy's retry) is answered by the first one: silence.
    if (await isRepeat(ctx, body)) return;
    const tell = (m: Message) => ctx.clients.tell(context.channel, user, ctx.words.mrkdwn(m, locale));
    await afterAck(ctx, 'form submit', tell, async () => {
      // One request per form: a later submission of it (a replay with other values) asks nothing.
      if (!(await ctx.core.firstDelivery(`form:${context.formId}`, FORM_CONTEXT_TTL_MS)))
        return tell(uiMsg('ui.answer.formUsed', {}));
      // The channel's name as Slack says it now (after the ack): a rename since the form opened counts.
      const asker = await askerAt(ctx, {
        userId: user,
        locale,
        channel: context.channel,
        threadTs: context.threadTs,
        private: context.private,
      });
      const collided = collisionAnswer(
        ctx,
        user,
        async () => locale,
        (a) => ctx.clients.tell(context.channel, user, a.text, a.blocks),
      );
      // The modal is closed: a preview slow because its reads wait their turn is told (ephemeral).
      const asked = await noticeWhileQueued(ctx, 'form submit', tell, (queued) =>
        ctx.core.ask(targetId, raw, asker, { reason, queued }),
      );
      await answerAsk(asked, tell, { unread: asker.unread, collided });
    });
  });
}
