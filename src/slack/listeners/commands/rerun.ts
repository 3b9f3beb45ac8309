/**
 * `/rerun …`: ack within Slack's 3 s (with the answer when it needs no I/O), then the rest on the
 * response_url, in the person's own language. The core reads the command and answers it
 * (core/dispatch.ts); this file only translates and renders. The channel's name (for `#name`
 * policies) is read after the ack.
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { parseCommand } from '../../../core/command.ts';
import type { LaterAnswer } from '../../../core/compose.ts';
import { answerMessage } from '../../../i18n/answers.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { helpMessage } from '../../blocks/help.ts';
import { historyMessage, statusMessage } from '../../blocks/status.ts';
import { COMMAND } from '../../ids.ts';
import { afterAck, askerAt, type Caller, type SlackAsker, type SlackContext } from '../../context.ts';
import { ACK_LOCALE_WAIT_MS } from '../../people.ts';
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
    // The asker is named once, after the ack; its `unread` explains a refusal for the channel.
    let asker: SlackAsker | undefined;
    const answer = ctx.core.command(parseCommand(command.text ?? ''), {
      userId: caller.userId,
      asker: async () => (asker ??= await askerAt(ctx, caller)),
      forms: true,
    });
    if (answer.now) await ack(text(answerMessage(answer.now)));
    else await ack();
    const later = answer.later;
    if (later)
      await afterAck(ctx, 'command', say, async () =>
        render(ctx, await later(), { caller, command, respond, say, unread: () => asker?.unread }),
      );
  });
}

interface Reply {
  caller: Caller;
  command: SlashCommand;
  respond: RespondFn;
  say: (m: Message) => Promise<unknown>;
  /** Whether Slack failed to name the channel in time (read once the asker is known). */
  unread: () => boolean | undefined;
}

/** Shows what the work after the ack came to: on the response_url, or as a form. */
async function render(ctx: SlackContext, a: LaterAnswer, r: Reply): Promise<void> {
  const { caller, command, respond, say } = r;
  const { locale } = caller;
  switch (a.kind) {
    case 'help':
      await respond({ response_type: 'ephemeral', ...helpMessage(a.targets, locale, ctx.words) });
      return;
    case 'form':
      await openForm(ctx, command.trigger_id, caller);
      return;
    case 'fill':
      await openForm(ctx, command.trigger_id, caller, a.targetId, a.prefill, a.missing);
      return;
    case 'status':
      await respond({ response_type: 'ephemeral', ...statusMessage(a.status, ctx.clock.now(), locale, ctx.words) });
      return;
    case 'history':
      await respond({ response_type: 'ephemeral', ...historyMessage(a.requests, locale, ctx.words) });
      return;
    case 'cancel':
      await say(a.result.ok ? uiMsg('ui.answer.cancelled', { id: a.id }) : a.result.message);
      return;
    case 'asked':
      await answerAsk(a.result, say, { confirm: true, unread: r.unread() });
      return;
    default:
      await say(answerMessage(a));
  }
}
