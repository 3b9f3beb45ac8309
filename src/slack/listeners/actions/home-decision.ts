/**
 * Approve / Reject on the App Home's "Waiting for you". They act as the request message's buttons
 * do (the core's decide: the policy, and one claim of the request however many clicks race), under
 * a check of their own, since a Home has no message to tie the click to (origin.ts): the click
 * comes from a Home view, its value is sealed for the clicker and the Home (button-seal.ts), and the
 * request is still as the Home showed it. A refusal is told on the clicker's Home, published again
 * with it on top; a click from anywhere else is told privately where it came from.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { coreMsg } from '../../../core/messages.ts';
import type { DecisionKind } from '../../../core/model/request.ts';
import { shownOf } from '../../../core/model/shown.ts';
import { storyOf } from '../../../core/model/story.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import type { Message } from '../../../lib/message.ts';
import { afterAck, lazyLocale, type SlackContext } from '../../context.ts';
import { ACTION } from '../../ids.ts';
import { isRepeat } from '../duplicates.ts';
import { originOf } from '../origin.ts';

const KINDS: [string, Exclude<DecisionKind, 'cancel'>][] = [
  [ACTION.homeApprove, 'approve'],
  [ACTION.homeReject, 'reject'],
];

/** Whether Slack says the click came from a Home tab's view (not a message, not a modal). */
function fromHome(body: BlockButtonAction): boolean {
  const b = body as unknown as { container?: { type?: unknown }; view?: { type?: unknown } };
  return b.container?.type === 'view' && b.view?.type === 'home';
}

export function register(app: App, ctx: SlackContext): void {
  for (const [actionId, kind] of KINDS) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action }) => {
      await ack();
      if (await isRepeat(ctx, body)) return;
      const user = body.user.id;
      const home = fromHome(body);
      const locale = lazyLocale(ctx, user);
      const tell = async (m: Message) =>
        home
          ? ctx.home.publishNow(user, m)
          : ctx.clients.tell(originOf(body).channel, user, ctx.words.mrkdwn(m, await locale()));
      await afterAck(ctx, `home ${kind}`, tell, async () => {
        const opened = ctx.buttons.open(action.value, user, 'home', ctx.clock.now());
        if (!home || !opened.ok) {
          const reason = home ? (opened.ok ? 'ok' : opened.reason) : 'not-home';
          ctx.logger.warn({ user, action: actionId, reason }, 'a click on an App Home button was refused');
          return tell(uiMsg(reason === 'expired' ? 'ui.answer.staleButton' : 'ui.home.notYours', {}));
        }
        const { requestId, shown } = opened.button;
        const request = await ctx.core.request(requestId);
        if (!request) return tell(coreMsg('request.notFound', { id: requestId }));
        // The person decides on what they saw: a request changed since is shown again as it stands.
        if (shownOf(request) !== shown)
          return tell(uiMsg('ui.home.stale', { id: request.id, story: storyOf(request) }));
        const result = await ctx.core.decide(requestId, user, kind);
        if (!result.ok) return tell(result.message);
        await ctx.home.publishNow(user);
      });
    });
  }
}
