/** How listeners answer what the core returns: the same few shapes, in one place. */
import type { AskResult } from '../../core/compose.ts';
import { uiMsg } from '../../i18n/surface.ts';
import { problemsOf } from '../../i18n/views.ts';
import type { Message } from '../../lib/message.ts';

/**
 * Tells the asker how asking went. A posted request speaks for itself in the channel; from the
 * text command the asker is also told its id (`confirm`). When Slack did not name the channel in
 * time (`unread`, see channels.ts), a refusal for the channel says so instead of "not here".
 */
export async function answerAsk(
  result: AskResult,
  say: (m: Message) => Promise<unknown>,
  opts: { confirm?: boolean; unread?: boolean } = {},
): Promise<void> {
  if (result.kind === 'refused')
    await say(
      opts.unread && result.message.id === 'ask.wrongPlace' ? uiMsg('ui.answer.channelUnread', {}) : result.message,
    );
  else if (result.kind === 'invalid')
    await say(uiMsg('ui.answer.problemList', { problems: problemsOf(result.errors) }));
  else if (result.unsure) await say(result.unsure);
  else if (opts.confirm) await say(uiMsg('ui.answer.asked', { id: result.request.id }));
}
