/** How listeners answer what the core returns: the same few shapes, in one place. */
import type { AskResult } from '../../core/compose.ts';
import { uiMsg } from '../../i18n/surface.ts';
import { problemsOf } from '../../i18n/views.ts';
import type { Message } from '../../lib/message.ts';
import { QueueNotice } from '../../lib/queue-notice.ts';
import type { SlackContext } from '../context.ts';

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

/**
 * Runs `work`, whose provider reads may wait their turn at the pace: if its answer is slow to come
 * because of that (past the patience, `SlackContext.noticeAfterMs`), the person is told once how
 * many calls are ahead (`say`), and whatever `work` answers comes after that notice, never before.
 */
export async function noticeWhileQueued<T>(
  ctx: SlackContext,
  where: string,
  say: (m: Message) => Promise<unknown>,
  work: (queued: (ahead: number) => void) => Promise<T>,
): Promise<T> {
  const notice = new QueueNotice(async (ahead) => {
    try {
      await say(uiMsg('ui.answer.queued', { ahead }));
    } catch (err) {
      ctx.logger.warn({ err, where }, 'could not tell the person their answer waits its turn');
    }
  }, ctx.noticeAfterMs);
  try {
    return await work(notice.queued);
  } finally {
    await notice.done();
  }
}
