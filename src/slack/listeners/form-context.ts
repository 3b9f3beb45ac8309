/**
 * A form's context as the bot sealed it (form-seal.ts), or undefined when the metadata Slack
 * handed back is missing, forged, another person's or too old. Why it was refused goes to the log
 * only: the person gets one answer whatever the reason, and a forger learns nothing from it.
 */
import type { Locale } from '../../lib/message.ts';
import type { FormContext } from '../form-seal.ts';
import type { SlackContext } from '../context.ts';

export function formContextOf(ctx: SlackContext, metadata: unknown, userId: string): FormContext | undefined {
  const opened = ctx.seal.open(typeof metadata === 'string' ? metadata : undefined, userId, ctx.clock.now());
  if (opened.ok) return opened.context;
  const size = typeof metadata === 'string' ? metadata.length : 0;
  ctx.logger.warn({ reason: opened.reason, user: userId, size }, 'form metadata refused');
  return undefined;
}

/**
 * The language a form's answer goes in, inside Slack's 3 s (the ack of a submission, an options
 * load), without waiting on Slack: what this replica's cache holds for the person, else what the
 * form was sealed with (known when it was opened, at whichever replica), else what a look-up
 * started now may have found already, else English. Never a users.info call to wait for.
 */
export function formLocale(ctx: SlackContext, userId: string, context: FormContext | undefined): Locale {
  return ctx.people.peek(userId) ?? context?.locale ?? ctx.people.known(userId) ?? 'en';
}
