/** Options for a `pick` field, fetched from the provider with what the form holds so far. */
import type { App, BlockOptions } from '@slack/bolt';
import { ACTION } from '../../ids.ts';
import { viewState } from '../../payloads.ts';
import { formContextOf, formLocale } from '../form-context.ts';
import { rawFromView } from '../views/read-form.ts';
import type { SlackContext } from '../../context.ts';
import { fitChoices, option, OPTION_VALUE_MAX } from '../../blocks/option.ts';
import { uiMsg } from '../../../i18n/surface.ts';
import { describeError } from '../../../core/errors.ts';

export function register(app: App, ctx: SlackContext): void {
  app.options<'block_suggestion'>({ action_id: ACTION.pick }, async ({ ack, body }) => {
    const view = body.view;
    const context = view ? formContextOf(ctx, view.private_metadata, body.user.id) : undefined;
    // The options go in the ack: the language sealed with the form or known now, or English.
    const locale = formLocale(ctx, body.user.id, context);
    const state = viewState.safeParse(view?.state?.values ?? {});
    if (!context || !state.success) {
      // An options answer can hold no message but its options: the one offered says what to do.
      await ack(blockOptions([{ label: ctx.words.plain(uiMsg('ui.form.stale', {}), locale), value: 'none' }]));
      return;
    }
    const target = context.targetId ? ctx.core.target(context.targetId) : undefined;
    const key = String(body.block_id ?? '')
      .slice(0, 255)
      .replace(/^f:/, '');
    if (!target?.session.options) {
      await ack(blockOptions([]));
      return;
    }
    const partial = rawFromView(target.provider, state.data);
    // What the person typed is always offered first, so an id not in the list can still be used.
    // A query is typed in a search box: anything longer than a line is not one.
    const query = String(body.value ?? '')
      .slice(0, 200)
      .trim();
    const typed =
      query && query.length <= OPTION_VALUE_MAX
        ? [{ label: ctx.words.plain(uiMsg('ui.form.useTyped', { value: query }), locale), value: query }]
        : [];
    const listed = await withDeadline(ctx.core.options(target.id, key, partial, body.user.id), PICK_DEADLINE_MS).catch(
      (err: unknown) => {
        ctx.logger.warn({ err, key }, 'could not list options');
        return [{ label: uiMsg('ui.form.couldNotList', { error: describeError(err) }), value: 'none' }];
      },
    );
    if (listed === TIMED_OUT)
      ctx.logger.warn({ key, target: target.id }, 'options took too long; answered with what was typed');
    const found =
      listed === TIMED_OUT
        ? []
        : fitChoices(ctx.words, listed, locale).filter(
            (c) => !query || `${c.label} ${c.value}`.toLowerCase().includes(query.toLowerCase()),
          );
    await ack(blockOptions([...typed, ...found].slice(0, 100)));
  });
}

/** Slack waits 3 s for the options; the provider may be slower. */
const PICK_DEADLINE_MS = 2_500;
const TIMED_OUT = Symbol('timed out');

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Block Kit options for a block_suggestion answer (Bolt's ack type also admits dialog shapes). */
function blockOptions(choices: { label: string; value: string }[]): BlockOptions {
  return { options: choices.map((c) => option(c.label, c.value)) };
}
