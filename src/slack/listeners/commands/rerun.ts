/**
 * `/rerun …`: ack within Slack's 3 s (with the answer when it needs no I/O), then the rest on the
 * response_url, in the person's own language. The core reads the command and decides; this file
 * only translates and renders. The channel's name (for `#name` policies) is read after the ack.
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { parseCommand } from '../../../core/command.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { helpMessage } from '../../blocks/help.ts';
import { historyMessage, statusMessage } from '../../blocks/status.ts';
import { COMMAND } from '../../ids.ts';
import { afterAck, askerAt, type Caller, type SlackContext } from '../../context.ts';
import { ACK_LOCALE_WAIT_MS } from '../../people.ts';
import { problemsOf } from '../../../i18n/views.ts';
import { answerAsk } from '../answers.ts';
import { openForm } from '../open-form.ts';

export function register(app: App, ctx: SlackContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    // An answer that needs no I/O goes in the ack itself, in the person's language.
    const locale = await ctx.people.localeWithin(command.user_id, ACK_LOCALE_WAIT_MS);
    // command.channel_name is not the channel's name for a private channel or a DM: never read.
    const caller: Caller = { userId: command.user_id, locale, channel: command.channel_id };
    const text = (m: Message) => ({ response_type: 'ephemeral' as const, text: ctx.words.mrkdwn(m, locale) });
    const say = (m: Message) => respond(text(m));
    const answer = immediateAnswer(ctx, command.text ?? '');
    if (answer.now) await ack(text(answer.now));
    else await ack();
    const then = answer.then;
    if (then) await afterAck(ctx, 'command', say, () => then(caller, command, respond, say));
  });
}

type Later = (
  caller: Caller,
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
        then: async (caller, _c, respond) => {
          await respond({
            response_type: 'ephemeral',
            ...helpMessage(await ctx.core.targetsFor(await askerAt(ctx, caller)), caller.locale, ctx.words),
          });
        },
      };
    case 'form':
      return { then: (caller, command) => openForm(ctx, command.trigger_id, caller) };
    case 'status':
      return {
        then: async (caller, _c, respond, say) => {
          const s = await ctx.core.status(cmd.id);
          if (!s) await say(uiMsg('ui.answer.noRequest', { id: cmd.id }));
          else if ('refused' in s) await say(s.refused);
          else
            await respond({
              response_type: 'ephemeral',
              ...statusMessage(s, ctx.clock.now(), caller.locale, ctx.words),
            });
        },
      };
    case 'cancel':
      return {
        then: async (caller, _c, _r, say) => {
          const r = await ctx.core.decide(cmd.id, caller.userId, 'cancel');
          await say(r.ok ? uiMsg('ui.answer.cancelled', { id: cmd.id }) : r.message);
        },
      };
    case 'history':
      return {
        then: async (caller, _c, respond, say) => {
          const h = await ctx.core.historyOf({ targetId: cmd.targetId, limit: cmd.limit });
          if (h.kind === 'unknown-target') {
            const targets = (await ctx.core.targetsFor(await askerAt(ctx, caller))).map((t) => t.id);
            await say(uiMsg('ui.answer.unknownTarget', { target: h.target, targets }));
            return;
          }
          await respond({ response_type: 'ephemeral', ...historyMessage(h.requests, caller.locale, ctx.words) });
        },
      };
    case 'request': {
      const checked = ctx.core.checkText(cmd.targetId, cmd.pairs);
      switch (checked.kind) {
        case 'unknown-target':
          return {
            then: async (caller, _c, _r, say) => {
              const targets = (await ctx.core.targetsFor(await askerAt(ctx, caller))).map((t) => t.id);
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
            then: (caller, command) =>
              openForm(ctx, command.trigger_id, caller, checked.targetId, checked.prefill, checked.missing),
          };
        case 'ok':
          return {
            now: uiMsg('ui.answer.checking', { target: checked.targetId }),
            then: async (caller, _c, _r, say) => {
              const asker = await askerAt(ctx, caller);
              await answerAsk(await ctx.core.ask(checked.targetId, checked.raw, asker), say, {
                confirm: true,
                unread: asker.unread,
              });
            },
          };
      }
    }
  }
}
