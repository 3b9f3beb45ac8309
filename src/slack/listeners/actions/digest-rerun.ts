/**
 * A digest's Rerun selected…: reads the jobs picked in the same actions block's multi-select and
 * opens the form for them (core digestPick: one job as its own alert's Rerun… would, several of
 * one target in one form), its Reason prefilled from their alerts. Picking in the multi-select alone does nothing but is acknowledged.
 */
import type { App, BlockAction, BlockButtonAction } from '@slack/bolt';
import { uiMsg } from '../../../i18n/surface.ts';
import { ACTION } from '../../ids.ts';
import { digestButton, MAX_BUTTON_VALUE_CHARS, parseJson, viewState } from '../../payloads.ts';
import type { SlackContext } from '../../context.ts';
import { onButton } from '../button.ts';
import { openPrefilledForm } from '../open-form.ts';
import { permalinkOf } from '../../permalink.ts';

/** The options picked in the block that holds the button (the message's current selection state). */
function pickedIn(body: BlockButtonAction, blockId: string): string[] {
  const state = viewState.safeParse((body as { state?: { values?: unknown } }).state?.values ?? {});
  if (!state.success) return [];
  const value = state.data[blockId]?.[ACTION.digestPick];
  return (value?.selected_options ?? []).map((o) => o.value);
}

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockAction>(ACTION.digestPick, async ({ ack }) => {
    await ack();
  });
  onButton(app, ctx, ACTION.digestRerun, 'digest rerun', async ({ body, action, user, origin, locale, tell }) => {
    const channel = origin.channel;
    const value = parseJson(digestButton, action.value, MAX_BUTTON_VALUE_CHARS);
    if (!value || !channel) return tell(uiMsg('ui.answer.staleButton', {}));
    const from = { channel, ts: origin.messageTs };
    const pick = await ctx.core.digestPick(value.d, value.t, pickedIn(body, action.block_id), from);
    if (pick.kind === 'stale') return tell(uiMsg('ui.answer.staleButton', {}));
    if (pick.kind === 'elsewhere') return tell(uiMsg('ui.answer.elsewhere', {}));
    if (pick.kind === 'none') return tell(uiMsg('ui.answer.digestNone', {}));
    if (pick.kind === 'apart') return tell(uiMsg('ui.answer.digestApart', { target: pick.targetId }));
    const opener = { userId: user, locale, channel, threadTs: pick.threadTs, private: origin.private };
    // The Reason is prefilled from the alerts picked (issue 19 item 4), and one alert's link, as its
    // own Rerun… prefills it; read once the modal is open (the link needs a Slack call).
    const { alertTs } = pick;
    const reason = async () =>
      [pick.reason, alertTs && (await permalinkOf(ctx.clients.personClient, channel, alertTs))]
        .filter(Boolean)
        .join(' ') || undefined;
    await openPrefilledForm(ctx, body.trigger_id, opener, pick.targetId, pick.raw, reason);
  });
}
