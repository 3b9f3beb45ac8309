/**
 * Interactions no listener of this bot takes (an action, form or options id it never made, a
 * payload of a shape it never sends) are answered here, at once: left alone, Bolt would let the
 * 3-second deadline pass and answer Slack 404, and the person would see a generic failure.
 */
import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import { uiMsg } from '../../i18n/surface.ts';
import { noticeView } from '../blocks/form.ts';
import type { SlackContext } from '../context.ts';
import { ACTION, VIEW } from '../ids.ts';

/** The clicks some listener takes; the form's own inputs (`v`, pick) never dispatch a click. */
const CLICKS: ReadonlySet<string> = new Set([
  ACTION.approve,
  ACTION.reject,
  ACTION.cancel,
  ACTION.askAgain,
  ACTION.targetSelect,
  ACTION.alertRerun,
  ACTION.digestPick,
  ACTION.digestRerun,
  ACTION.remainder,
  ACTION.breakGlass,
  ACTION.review,
  ACTION.collisionWatch,
  ACTION.collisionApprove,
  ACTION.homeApprove,
  ACTION.homeReject,
]);

/** The forms some listener takes. */
const FORMS: ReadonlySet<string> = new Set([VIEW.form, VIEW.glass]);

type Ack = (response?: unknown) => Promise<void>;
type Body = {
  type?: unknown;
  user?: { id?: unknown };
  actions?: unknown;
  view?: { callback_id?: unknown };
  action_id?: unknown;
  container?: { type?: unknown; channel_id?: unknown };
  channel?: { id?: unknown };
};

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 255 ? v : undefined);

export function register(app: App, ctx: SlackContext): void {
  app.use(async (args: AnyMiddlewareArgs & { next: () => Promise<void> }) => {
    const ack = (args as { ack?: Ack }).ack;
    const body = args.body as Body;
    if (!ack) return args.next();
    const user = text(body.user?.id);
    switch (body.type) {
      case 'block_actions': {
        const actions = Array.isArray(body.actions) ? (body.actions as { action_id?: unknown }[]) : [];
        const id = text(actions[0]?.action_id);
        if (actions.length === 1 && id && CLICKS.has(id) && user) return args.next();
        await ack();
        ctx.logger.warn({ action: id, user }, 'a click no listener takes was answered');
        const channel = text(body.container?.channel_id) ?? text(body.channel?.id);
        if (user && body.container?.type === 'message') {
          const locale = await ctx.people.localeWithin(user);
          await ctx.clients
            .tell(channel, user, ctx.words.mrkdwn(uiMsg('ui.answer.staleButton', {}), locale))
            .catch((err: unknown) => ctx.logger.warn({ err }, 'could not answer an unknown click'));
        }
        return;
      }
      case 'view_submission': {
        const form = text(body.view?.callback_id);
        if (form && FORMS.has(form) && user) return args.next();
        // The answer goes in the ack: the language known now, or English.
        const locale = (user && ctx.people.known(user)) || 'en';
        await ack({ response_action: 'update', view: noticeView(uiMsg('ui.form.stale', {}), locale, ctx.words) });
        return;
      }
      case 'block_suggestion':
        if (text(body.action_id) === ACTION.pick && user) return args.next();
        await ack({ options: [] });
        return;
      default:
        // Commands, and view_closed or shortcuts the manifest never asks for, go to their listeners
        // (a command no listener takes is acknowledged by the one below).
        return args.next();
    }
  });
}
