/** How listeners answer what the core returns: the same few shapes, in one place. */
import type { AskResult, Collision } from '../../core/compose.ts';
import { uiMsg } from '../../i18n/surface.ts';
import { problemsOf } from '../../i18n/views.ts';
import type { Locale, Message } from '../../lib/message.ts';
import { QueueNotice } from '../../lib/queue-notice.ts';
import { collisionMessage, shownOf } from '../blocks/collision.ts';
import type { Block } from '../blocks/kit.ts';
import type { SlackContext } from '../context.ts';
import { slackRefOf } from '../notifier.ts';
import { permalinkOf } from '../permalink.ts';

/** Shows the asker the answer to a collision (its words and buttons), where the listener answers. */
export type Collided = (collision: Collision, refusal: Message) => Promise<unknown>;

/**
 * Tells the asker how asking went. A posted request speaks for itself in the channel; from the
 * text command the asker is also told its id (`confirm`). When Slack did not name the channel in
 * time (`unread`, see channels.ts), a refusal for the channel says so instead of "not here". An ask
 * that collided with an open request is answered with help (`collided`), where the listener can.
 */
export async function answerAsk(
  result: AskResult,
  say: (m: Message) => Promise<unknown>,
  opts: { confirm?: boolean; unread?: boolean; collided?: Collided } = {},
): Promise<void> {
  if (result.kind === 'refused' && result.collision && opts.collided)
    await opts.collided(result.collision, result.message);
  else if (result.kind === 'refused')
    await say(
      opts.unread && result.message.id === 'ask.wrongPlace' ? uiMsg('ui.answer.channelUnread', {}) : result.message,
    );
  else if (result.kind === 'invalid')
    await say(uiMsg('ui.answer.problemList', { problems: problemsOf(result.errors) }));
  else if (result.unsure) await say(result.unsure);
  else if (opts.confirm) await say(uiMsg('ui.answer.asked', { id: result.request.id }));
}

/**
 * The answer to a collision for `user` (issue 19 item 5): the refusal, the request's link (Slack's
 * permalink of its message, when it has one), and its Watch / Approve buttons sealed for this
 * person on the `collision` surface, as the request stands now; `send` shows it.
 */
export function collisionAnswer(
  ctx: SlackContext,
  user: string,
  locale: () => Promise<Locale>,
  send: (answer: { text: string; blocks: Block[] }) => Promise<unknown>,
): Collided {
  return async (c, refusal) => {
    const at = slackRefOf(c.request.published);
    const link = at?.ts ? await permalinkOf(ctx.clients.personClient, at.channel, at.ts) : undefined;
    const value =
      c.mayWatch || c.mayApprove
        ? ctx.buttons.seal(
            { requestId: c.request.id, shown: shownOf(c.request), surface: 'collision' },
            user,
            ctx.clock.now(),
          )
        : undefined;
    return send(collisionMessage(refusal, c, value, link, await locale(), ctx.words));
  };
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
