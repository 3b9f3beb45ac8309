/**
 * A form's context as the bot sealed it (form-seal.ts), or undefined when the metadata Slack
 * handed back is missing, forged, another person's or too old. Why it was refused goes to the log
 * only: the person gets one answer whatever the reason, and a forger learns nothing from it.
 */
import type { FormContext } from '../form-seal.ts';
import type { SlackContext } from '../context.ts';

export function formContextOf(ctx: SlackContext, metadata: unknown, userId: string): FormContext | undefined {
  const opened = ctx.seal.open(typeof metadata === 'string' ? metadata : undefined, userId, ctx.clock.now());
  if (opened.ok) return opened.context;
  const size = typeof metadata === 'string' ? metadata.length : 0;
  ctx.logger.warn({ reason: opened.reason, user: userId, size }, 'form metadata refused');
  return undefined;
}
