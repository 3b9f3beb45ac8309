/**
 * `/rerun …`: ack at once (Slack's 3 s), then answer on the response_url in the person's own
 * language. The core reads the command and decides; this file only translates and renders.
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { parseCommand } from '../../../core/command.ts';
import type { Asker } from '../../../core/compose.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Locale, Message } from '../../../lib/message.ts';
import type { RawParams } from '../../../providers/types.ts';
import { formView, loadingView } from '../../blocks/form.ts';
import { helpMessage } from '../../blocks/help.ts';
import { historyMessage, statusMessage } from '../../blocks/status.ts';
import { COMMAND } from '../../ids.ts';
import { afterAck, askerFor, type SlackContext } from '../../context.ts';
import { answerAsk, problemsOf } from '../answers.ts';

export function register(app: App, ctx: SlackContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const locale = await ctx.people.locale(command.user_id);
    const asker = askerFor(command.user_id, locale, command.channel_id, command.channel_name);
    const say = (m: Message) => respond({ response_type: 'ephemeral', text: ctx.words.mrkdwn(m, locale) });
    await afterAck(ctx, 'command', say, () => handle(ctx, command, asker, respond, say));
  });
}

async function handle(
  ctx: SlackContext,
  command: SlashCommand,
  asker: Asker,
  respond: RespondFn,
  say: (m: Message) => Promise<unknown>,
): Promise<void> {
  const { locale } = asker;
  const cmd = parseCommand(command.text ?? '');
  switch (cmd.kind) {
    case 'error':
      await say(cmd.message);
      return;
    case 'help':
      await respond({
        response_type: 'ephemeral',
        ...helpMessage(await ctx.core.targetsFor(asker), locale, ctx.words),
      });
      return;
    case 'form':
      await openForm(ctx, command.trigger_id, asker);
      return;
    case 'status': {
      const s = await ctx.core.status(cmd.id);
      if (!s) await say(uiMsg('ui.answer.noRequest', { id: cmd.id }));
      else await respond({ response_type: 'ephemeral', ...statusMessage(s, ctx.clock.now(), locale, ctx.words) });
      return;
    }
    case 'cancel': {
      const r = await ctx.core.decide(cmd.id, asker.userId, 'cancel');
      await say(r.ok ? uiMsg('ui.answer.cancelled', { id: cmd.id }) : r.message);
      return;
    }
    case 'history': {
      const list = await ctx.core.history({ targetId: cmd.targetId, limit: cmd.limit });
      await respond({ response_type: 'ephemeral', ...historyMessage(list, locale, ctx.words) });
      return;
    }
    case 'request': {
      const checked = ctx.core.checkText(cmd.targetId, cmd.pairs);
      switch (checked.kind) {
        case 'unknown-target': {
          const targets = (await ctx.core.targetsFor(asker)).map((t) => t.id);
          await say(uiMsg('ui.answer.unknownTarget', { target: cmd.targetId, targets }));
          return;
        }
        case 'unreadable':
          await say(uiMsg('ui.answer.unreadable', { message: checked.message, example: checked.example }));
          return;
        case 'invalid':
          await say(uiMsg('ui.answer.problems', { problems: problemsOf(checked.errors), example: checked.example }));
          return;
        case 'form':
          await openForm(ctx, command.trigger_id, asker, checked.targetId, checked.prefill, checked.missing);
          return;
        case 'ok':
          await say(uiMsg('ui.answer.checking', { target: checked.targetId }));
          await answerAsk(await ctx.core.ask(checked.targetId, checked.raw, asker), say, true);
          return;
      }
    }
  }
}

/**
 * The trigger_id expires 3 s after the command: the modal opens at once with a loading view,
 * then gets the form once the targets this person may use are known (docs/slack/PLATFORM.md §3.1).
 */
async function openForm(
  ctx: SlackContext,
  triggerId: string,
  asker: Asker,
  targetId?: string,
  prefill: RawParams = {},
  missing: string[] = [],
): Promise<void> {
  const locale: Locale = asker.locale;
  const meta = { channel: asker.place.id, channelName: asker.place.name };
  const opened = await ctx.clients.client.views.open({
    trigger_id: triggerId,
    view: loadingView(meta, locale, ctx.words),
  });
  const targets = await ctx.core.targetsFor(asker);
  const chosen = targetId ? targets.find((t) => t.id === targetId) : undefined;
  await ctx.clients.client.views.update({
    view_id: opened.view?.id as string,
    hash: opened.view?.hash,
    view: formView(meta, { targets, chosen, prefill, missing }, locale, ctx.words),
  });
}
