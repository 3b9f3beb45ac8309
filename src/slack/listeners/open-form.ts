/**
 * Opens the rerun form from a trigger (the command, an alert's Rerun… button). The trigger_id
 * expires 3 s after it was made: views.open is the first Slack call the trigger leads to, sent at
 * once with a loading view (in the person's language if the bot knows it already, else English),
 * before the person's locale is looked up or the channel's name is read; the form replaces it
 * (views.update) once the targets this person may use here are known (docs/slack/PLATFORM.md
 * §3.1). Where the request will be posted (the channel Slack named, the caller's thread) travels
 * sealed in private_metadata.
 */
import { REASON_KEY } from '../../core/input.ts';
import type { Locale } from '../../lib/message.ts';
import type { RawParams } from '../../providers/types.ts';
import { formView, loadingView, reasonField } from '../blocks/form.ts';
import { askerAt, type Caller, type SlackContext } from '../context.ts';
import type { FormContext } from '../form-seal.ts';

/** The Reason field's prefill: as is, or read once the modal is open (it may need a Slack call). */
export type FormReason = string | (() => Promise<string | undefined>);

/** Who opens the form and where; their language is read only once the view is open. */
export interface FormOpener extends Omit<Caller, 'locale'> {
  locale: () => Promise<Locale>;
}

export async function openForm(
  ctx: SlackContext,
  triggerId: string,
  opener: FormOpener,
  targetId?: string,
  prefill: RawParams = {},
  missing: string[] = [],
  reason?: FormReason,
): Promise<void> {
  const { userId } = opener;
  const context: FormContext = {
    channel: opener.channel,
    threadTs: opener.threadTs,
    formId: ctx.seal.newFormId(),
    ...(opener.private !== undefined ? { private: opener.private } : {}),
  };
  // The language sealed with the form is one Slack said (the cache's), never a fallback: the
  // submission then answers in it at any replica, without a look-up (listeners/form-context.ts).
  const sealed = (target?: string) =>
    ctx.seal.seal({ ...context, targetId: target, locale: ctx.people.peek(userId) }, userId, ctx.clock.now());
  const opened = await ctx.clients.openView({
    trigger_id: triggerId,
    view: loadingView(sealed(), ctx.people.peek(userId) ?? 'en', ctx.words),
  });
  const locale = await opener.locale();
  const targets = await ctx.core.targetsFor(await askerAt(ctx, { ...opener, locale }));
  // Read after the modal is open: a reason that needs Slack (an alert's permalink) costs no trigger time.
  const reasonText = typeof reason === 'function' ? await reason() : reason;
  const chosen = targetId ? targets.find((t) => t.id === targetId) : undefined;
  await ctx.clients.personClient.views.update({
    view_id: opened.view?.id as string,
    hash: opened.view?.hash,
    view: formView(
      sealed(chosen?.id),
      {
        targets,
        chosen,
        prefill,
        missing,
        reason: chosen && {
          ...reasonField(ctx.core.policy(chosen.id), reasonText),
          missing: missing.includes(REASON_KEY),
        },
      },
      locale,
      ctx.words,
    ),
  });
}

/**
 * Opens the form filled in with `raw` (an alert's match, a remainder, a digest's picks), the
 * required fields it still lacks marked, so the person types only what is missing.
 */
export async function openPrefilledForm(
  ctx: SlackContext,
  triggerId: string,
  opener: FormOpener,
  targetId: string,
  raw: RawParams,
  reason?: FormReason,
): Promise<void> {
  const checked = ctx.core.checkForm(targetId, raw);
  const missing =
    checked.kind === 'invalid'
      ? Object.entries(checked.errors)
          .filter(([, e]) => e.code === 'required')
          .map(([k]) => k)
      : [];
  await openForm(ctx, triggerId, opener, targetId, raw, missing, reason);
}
