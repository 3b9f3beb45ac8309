/**
 * Opens the rerun form from a trigger (the command, an alert's Rerun… button). The trigger_id
 * expires 3 s after it was made: the modal opens at once with a loading view, then gets the form
 * once the targets this person may use here are known (docs/slack/PLATFORM.md §3.1): that is when
 * the channel's name is looked up, never before the modal is open. Where the request will be
 * posted (the channel Slack named, the caller's thread) travels sealed in private_metadata.
 */
import type { RawParams } from '../../providers/types.ts';
import { formView, loadingView, reasonField } from '../blocks/form.ts';
import { askerAt, type Caller, type SlackContext } from '../context.ts';
import type { FormContext } from '../form-seal.ts';

/** The Reason field's prefill: as is, or read once the modal is open (it may need a Slack call). */
export type FormReason = string | (() => Promise<string | undefined>);

export async function openForm(
  ctx: SlackContext,
  triggerId: string,
  caller: Caller,
  targetId?: string,
  prefill: RawParams = {},
  missing: string[] = [],
  reason?: FormReason,
): Promise<void> {
  const { locale, userId } = caller;
  const context: FormContext = { channel: caller.channel, threadTs: caller.threadTs, formId: ctx.seal.newFormId() };
  const sealed = (target?: string) => ctx.seal.seal({ ...context, targetId: target }, userId, ctx.clock.now());
  const opened = await ctx.clients.client.views.open({
    trigger_id: triggerId,
    view: loadingView(sealed(), locale, ctx.words),
  });
  const targets = await ctx.core.targetsFor(await askerAt(ctx, caller));
  // Read after the modal is open: a reason that needs Slack (an alert's permalink) costs no trigger time.
  const reasonText = typeof reason === 'function' ? await reason() : reason;
  const chosen = targetId ? targets.find((t) => t.id === targetId) : undefined;
  await ctx.clients.client.views.update({
    view_id: opened.view?.id as string,
    hash: opened.view?.hash,
    view: formView(
      sealed(chosen?.id),
      { targets, chosen, prefill, missing, reason: chosen && reasonField(ctx.core.policy(chosen.id), reasonText) },
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
  caller: Caller,
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
  await openForm(ctx, triggerId, caller, targetId, raw, missing, reason);
}
