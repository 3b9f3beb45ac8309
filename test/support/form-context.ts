/**
 * Reads a form's sealed private_metadata as the bot does (src/slack/form-seal.ts, keyed by the bot
 * token), and seals a context of a test's choosing: a test sees where a form will post and can
 * hand the bot a well-signed context, a tampered one or an expired one.
 */
import { formSeal, type FormContext } from '../../src/slack/form-seal.ts';
import { BOT_TOKEN } from './harness.ts';

const seal = formSeal(BOT_TOKEN);

/** The context a view's metadata holds, as `user` would submit it now; throws if refused. */
export function formContext(view: Record<string, unknown>, user: string): FormContext {
  const opened = seal.open(String(view['private_metadata']), user, new Date());
  if (!opened.ok) throw new Error(`form metadata refused: ${opened.reason}`);
  return opened.context;
}

export function sealFor(
  context: Omit<FormContext, 'formId'> & { formId?: string },
  user: string,
  at = new Date(),
): string {
  return seal.seal({ formId: seal.newFormId(), ...context }, user, at);
}
