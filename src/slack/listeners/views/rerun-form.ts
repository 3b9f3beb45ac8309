/** Submitting the form: errors go back next to the field; a valid request is previewed and posted. */
import type { App } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { ACTION, BLOCK, VIEW } from '../../ids.ts';
import { formMetadata, valueOf, viewState } from '../../payloads.ts';
import { afterAck, askerFor, type SlackContext } from '../../context.ts';
import { answerAsk } from '../answers.ts';
import { isRepeat } from '../duplicates.ts';
import { rawFromView } from './read-form.ts';

export function register(app: App, ctx: SlackContext): void {
  app.view(VIEW.form, async ({ ack, body, view }) => {
    const meta = formMetadata.parse(JSON.parse(view.private_metadata || '{}'));
    const state = viewState.parse(view.state.values);
    // Cached since the form was opened, so this does not hold up the 3-second answer.
    const locale = await ctx.people.locale(body.user.id);
    const plain = (m: Message) => ctx.words.plain(m, locale);
    const targetId = valueOf(state[BLOCK.target]?.[ACTION.targetSelect]) ?? meta.targetId;
    const target = targetId ? ctx.core.target(targetId) : undefined;
    if (!target || !targetId) {
      await ack({ response_action: 'errors', errors: { [BLOCK.target]: plain(uiMsg('ui.form.pickTarget', {})) } });
      return;
    }
    const raw = rawFromView(target.provider, state);
    const checked = ctx.core.checkForm(targetId, raw);
    if (checked.kind === 'invalid') {
      const errors: Record<string, string> = {};
      const firstField = target.provider.fields[0]?.key ?? '';
      for (const [key, e] of Object.entries(checked.errors)) {
        const field = target.provider.fields.some((f) => f.key === key) ? key : firstField;
        errors[BLOCK.field(field)] ??= plain(e.message);
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    if (await isRepeat(ctx, body)) return;
    const asker = askerFor(body.user.id, locale, meta.channel, meta.channelName, meta.threadTs);
    const tell = (m: Message) => ctx.clients.tell(meta.channel, body.user.id, ctx.words.mrkdwn(m, locale));
    await afterAck(ctx, 'form submit', tell, async () => answerAsk(await ctx.core.ask(targetId, raw, asker), tell));
  });
}
