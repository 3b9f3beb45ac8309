/**
 * `/rerun …`: ack within Slack's 3 s (with the answer when it needs no I/O), then the rest on the
 * response_url, in the person's own language. The core reads the command and decides; this file
 * only translates and renders.
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { parseCommand } from '../../../core/command.ts';
import type { Asker } from '../../../core/compose.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { helpMessage } from '../../blocks/help.ts';
import { historyMessage, statusMessage } from '../../blocks/status.ts';
import { COMMAND } from '../../ids.ts';
import { afterAck, askerFor, type SlackContext } from '../../context.ts';
import { ACK_LOCALE_WAIT_MS } from '../../people.ts';
import { problemsOf } from '../../../i18n/views.ts';
import { answerAsk } from '../answers.ts';
import { openForm } from '../open-form.ts';

export function register(app: App, ctx: SlackContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    // An answer that needs no I/O goes in the ack itself, in the person's language.
    const locale = await ctx.people.localeWithin(command.user_id, ACK_LOCALE_WAIT_MS);
    const asker = askerFor(command.user_id, locale, command.channel_id, command.channel_name);
    const text = (m: Message) => ({ response_type: 'ephemeral' as const, text: ctx.words.mrkdwn(m, locale) });
    const say = (m: Message) => respond(text(m));
    const answer = immediateAnswer(ctx, command.text ?? '');
    if (answer.now) await ack(text(answer.now));
    else await ack();
    const then = answer.then;
    if (then) await afterAck(ctx, 'command', say, () => then(asker, command, respond, say));
  });
}

type Later = (
  asker: Asker,
  command: SlashCommand,
  respond: RespondFn,
  say: (m: Message) => Promise<unknown>,
) => Promise<void>;

/**
 * What to answer in the ack (`now`, needing no I/O) and what to do after it (`then`). Anything
 * that reads the store, a user group or a provider waits until after the ack.
 */
function immediateAnswer(ctx: SlackContext, raw: string): { now?: Message; then?: Later } {
  const cmd = parseCommand(raw);
  switch (cmd.kind) {
    case 'error':
      return { now: cmd.message };
    case 'help':
      return {
        then: async (asker, _c, respond) => {
          await respond({
            response_type: 'ephemeral',
            ...helpMessage(await ctx.core.targetsFor(asker), asker.locale, ctx.words),
          });
        },
      };
    case 'form':
      return { then: (asker, command) => openForm(ctx, command.trigger_id, asker) };
    case 'status':
      return {
        then: async (asker, _c, respond, say) => {
          const s = await ctx.core.status(cmd.id);
          if (!s) await say(uiMsg('ui.answer.noRequest', { id: cmd.id }));
          else
            await respond({
              response_type: 'ephemeral',
              ...statusMessage(s, ctx.clock.now(), asker.locale, ctx.words),
            });
        },
      };
    case 'cancel':
      return {
        then: async (asker, _c, _r, say) => {
          const r = await ctx.core.decide(cmd.id, asker.userId, 'cancel');
          await say(r.ok ? uiMsg('ui.answer.cancelled', { id: cmd.id }) : r.message);
        },
      };
    case 'history':
      return {
        then: async (asker, _c, respond) => {
          const list = await ctx.core.history({ targetId: cmd.targetId, limit: cmd.limit });
          await respond({ response_type: 'ephemeral', ...historyMessage(list, asker.locale, ctx.words) });
        },
      };
    case 'request': {
      const checked = ctx.core.checkText(cmd.targetId, cmd.pairs);
      switch (checked.kind) {
        case 'unknown-target':
          return {
            then: async (asker, _c, _r, say) => {
              const targets = (await ctx.core.targetsFor(asker)).map((t) => t.id);
              await say(uiMsg('ui.answer.unknownTarget', { target: cmd.targetId, targets }));
            },
          };
        case 'unreadable':
          return { now: uiMsg('ui.answer.unreadable', { message: checked.message, example: checked.example }) };
        case 'invalid':
          return {
            now: uiMsg('ui.answer.problems', { problems: problemsOf(checked.errors), example: checked.example }),
          };
        case 'form':
          return {
            then: (asker, command) =>
              openForm(ctx, command.trigger_id, asker, checked.targetId, checked.prefill, checked.missing),
          };
        case 'ok':
          return {
            now: uiMsg('ui.answer.checking', { target: checked.targetId }),
            then: async (asker, _c, _r, say) =>
              answerAsk(await ctx.core.ask(checked.targetId, checked.raw, asker), say, true),
          };
      }
    }
  }
}
