/** Submitting the form: errors go back next to the field; a valid request is previewed and posted. */
import type { App } from '@slack/bolt';
import { ACTION, BLOCK, VIEW } from '../../ids.ts';
import { formMetadata, valueOf, viewState } from '../../payloads.ts';
import { safeMessage } from '../../escape.ts';
import { afterAck, type SlackContext } from '../../context.ts';
import { rawFromView } from './read-form.ts';

export function register(app: App, ctx: SlackContext): void {
  app.view(VIEW.form, async ({ ack, body, view }) => {
    const meta = formMetadata.parse(JSON.parse(view.private_metadata || '{}'));
    const state = viewState.parse(view.state.values);
    const targetId = valueOf(state[BLOCK.target]?.[ACTION.targetSelect]) ?? meta.targetId;
    const target = targetId ? ctx.service.target(targetId) : undefined;
    if (!target || !targetId) {
      await ack({ response_action: 'errors', errors: { [BLOCK.target]: 'Pick a target.' } });
      return;
    }
    const raw = rawFromView(target.provider, state);
    const v = ctx.service.validate(targetId, raw);
    if (v && !v.ok) {
      const errors: Record<string, string> = {};
      const firstField = target.provider.fields[0]?.key ?? '';
      for (const [key, message] of Object.entries(v.errors)) {
        const field = target.provider.fields.some((f) => f.key === key) ? key : firstField;
        errors[BLOCK.field(field)] ??= message;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const asker = {
      userId: body.user.id,
      channel: meta.channel,
      channelName: meta.channelName,
      threadTs: meta.threadTs,
    };
    const tell = (text: string) => ctx.clients.tell(meta.channel, body.user.id, safeMessage(text));
    await afterAck(ctx, 'form submit', tell, async () => {
      const result = await ctx.service.prepare(targetId, raw, asker);
      if (result.kind === 'refused') await tell(result.message);
      else if (result.kind === 'invalid')
        await tell(
          Object.entries(result.errors)
            .map(([k, m]) => `${k}: ${m}`)
            .join('\n'),
        );
    });
  });
}
