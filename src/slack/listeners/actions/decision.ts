/**
 * Approve / Reject / Cancel on the approval message. The core decides; the notifier re-renders the
 * message. A click counts only on the request's own message (origin.ts).
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import type { DecisionKind } from '../../../core/model/request.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { ACTION } from '../../ids.ts';
import { buttonValue, MAX_BUTTON_VALUE_CHARS, parseJson } from '../../payloads.ts';
import { afterAck, lazyLocale, type SlackContext } from '../../context.ts';
import { isRepeat } from '../duplicates.ts';
import { onRequestMessage, originOf, ownCopy } from '../origin.ts';

const KINDS: [string, DecisionKind][] = [
  [ACTION.approve, 'approve'],
  [ACTION.reject, 'reject'],
  [ACTION.cancel, 'cancel'],
];

export function register(app: App, ctx: SlackContext): void {
  for (const [actionId, kind] of KINDS) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, context }) => {
      await ack();
      if (await isRepeat(ctx, body)) return;
      const origin = originOf(body);
      const user = body.user.id;
      // What only the clicker sees follows their own language.
      const locale = lazyLocale(ctx, user);
      const tell = async (m: Message) => ctx.clients.tell(origin.channel, user, ctx.words.mrkdwn(m, await locale()));
      await afterAck(ctx, `decision ${kind}`, tell, async () => {
        const value = parseJson(buttonValue, action.value, MAX_BUTTON_VALUE_CHARS);
        if (!value) return tell(uiMsg('ui.answer.staleButton', {}));
        let request = await ctx.core.request(value.id);
        // The request's own message whose post's answer was lost: adopted, then the click counts;
        // a second copy of it: pointed to the live one, and the click does not count.
        const copy = request && ownCopy(body, origin, request, context);
        if (request && copy === 'orphan' && origin.channel && origin.messageTs) {
          request = await ctx.core.adoptMessage(
            request.id,
            { channel: origin.channel, thread: origin.threadTs },
            origin.messageTs,
          );
        } else if (request && copy === 'duplicate' && origin.channel && origin.messageTs) {
          await ctx.core.adoptMessage(
            request.id,
            { channel: origin.channel, thread: origin.threadTs },
            origin.messageTs,
          );
          return tell(uiMsg('ui.request.superseded', { id: request.id, target: request.targetId }));
        }
        // An unknown id is the core's to answer ("no request …"); a known one only from its message.
        if (request && !onRequestMessage(origin, request)) {
          ctx.logger.warn({ requestId: value.id, user, origin }, 'click from outside the request message refused');
          return tell(uiMsg('ui.answer.elsewhere', {}));
        }
        const result = await ctx.core.decide(value.id, user, kind);
        if (!result.ok) await tell(result.message);
      });
    });
  }
}
