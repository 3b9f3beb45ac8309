/**
 * `/rerun …`: ack at once (with the answer when it needs no I/O and the person's language is
 * already known), then the rest on the response_url, in the person's own language. The core reads
 * the command and answers it (core/dispatch.ts); this file only translates and renders. The
 * person's locale and the channel's name (for `#name` policies) are read after the ack, and after
 * views.open when the command opens the form (its trigger_id expires 3 s after the command).
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { parseCommand } from '../../../core/command.ts';
import type { LaterAnswer } from '../../../core/compose.ts';
import { answerMessage } from '../../../i18n/answers.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Locale, Message } from '../../../lib/message.ts';
import { helpMessage } from '../../blocks/help.ts';
import { pendingMessage } from '../../blocks/home.ts';
import { historyMessage, statusMessage } from '../../blocks/status.ts';
import { privateByPayload } from '../../channels.ts';
import { COMMAND } from '../../ids.ts';
import { afterAck, askerAt, lazyLocale, type SlackAsker, type SlackContext } from '../../context.ts';
import { answerAsk, collisionAnswer, noticeWhileQueued } from '../answers.ts';
import { openForm, type FormOpener } from '../open-form.ts';

export function register(app: App, ctx: SlackContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    // The ack waits on nothing. For someone the bot has not met yet, an answer that ends the
    // command (a mistake in it) follows on the response_url once their locale is read (English past
    // a short wait); "Checking…", which only says the outcome is coming, goes in the ack in English.
    // `peek` starts no look-up: a command that opens the form sends views.open first.
    const known = ctx.people.peek(command.user_id);
    // command.channel_name is not the channel's name for a private channel or a DM: never read as
    // one; it says whether the channel is private (`privategroup`, `directmessage`).
    const opener: FormOpener = {
      userId: command.user_id,
      channel: command.channel_id,
      private: privateByPayload(command.channel_name),
      locale: lazyLocale(ctx, command.user_id),
    };
    // The asker is named once, after the ack; its `unread` explains a refusal for the channel.
    let asker: SlackAsker | undefined;
    // Told how many calls are ahead while the answer's reads wait their turn (noticeWhileQueued).
    let queued: ((ahead: number) => void) | undefined;
    const answer = ctx.core.command(parseCommand(command.text ?? ''), {
      userId: command.user_id,
      asker: async () => (asker ??= await askerAt(ctx, { ...opener, locale: await opener.locale() })),
      forms: true,
      queued: (ahead) => queued?.(ahead),
    });
    const text = (m: Message, locale: Locale) => ({
      response_type: 'ephemeral' as const,
      text: ctx.words.mrkdwn(m, locale),
    });
    const now = answer.now;
    const ackLocale = known ?? (now?.kind === 'checking' ? 'en' : undefined);
    const inAck = now && ackLocale;
    if (inAck) await ack(text(answerMessage(now), ackLocale));
    else await ack();
    const later = answer.later;
    if (!later && !now) return;
    const say = async (m: Message) => respond(text(m, await opener.locale()));
    if (now && !inAck) await afterAck(ctx, 'command', say, () => say(answerMessage(now)).then(() => undefined));
    if (later)
      await afterAck(ctx, 'command', say, async () => {
        // A slow answer because its reads wait their turn: "checking… N requests ahead" on the
        // response_url first (one use of its five), the answer after it.
        const done = await noticeWhileQueued(ctx, 'command', say, (told) => {
          queued = told;
          return later();
        });
        await render(ctx, done, { opener, command, respond, say, unread: () => asker?.unread });
      });
  });
}

interface Reply {
  opener: FormOpener;
  command: SlashCommand;
  respond: RespondFn;
  say: (m: Message) => Promise<unknown>;
  /** Whether Slack failed to name the channel in time (read once the asker is known). */
  unread: () => boolean | undefined;
}

/** Shows what the work after the ack came to: on the response_url, or as a form. */
async function render(ctx: SlackContext, a: LaterAnswer, r: Reply): Promise<void> {
  const { opener, command, respond, say } = r;
  switch (a.kind) {
    case 'form':
      await openForm(ctx, command.trigger_id, opener);
      return;
    case 'fill':
      await openForm(ctx, command.trigger_id, opener, a.targetId, a.prefill, a.missing);
      return;
    case 'help':
      await respond({ response_type: 'ephemeral', ...helpMessage(a.targets, await opener.locale(), ctx.words) });
      return;
    case 'status': {
      const locale = await opener.locale();
      await respond({ response_type: 'ephemeral', ...statusMessage(a.status, ctx.clock.now(), locale, ctx.words) });
      return;
    }
    case 'history':
      await respond({ response_type: 'ephemeral', ...historyMessage(a.requests, await opener.locale(), ctx.words) });
      return;
    case 'pending':
      await respond({ response_type: 'ephemeral', ...pendingMessage(a.lists, await opener.locale(), ctx.words) });
      return;
    case 'cancel':
      await say(a.result.ok ? uiMsg('ui.answer.cancelled', { id: a.id }) : a.result.message);
      return;
    case 'asked': {
      const collided = collisionAnswer(ctx, opener.userId, opener.locale, (answer) =>
        respond({ response_type: 'ephemeral', ...answer }),
      );
      await answerAsk(a.result, say, { confirm: true, unread: r.unread(), collided });
      return;
    }
    default:
      await say(answerMessage(a));
  }
}
