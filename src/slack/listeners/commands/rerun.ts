/** `/rerun …`: ack within Slack's 3 s, then do the work. */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { parseCommand } from '../../../core/command.ts';
import { exampleFor, rawFromPairs } from '../../../core/input.ts';
import type { Asker } from '../../../core/service.ts';
import { formView, loadingView } from '../../blocks/form.ts';
import { helpMessage } from '../../blocks/help.ts';
import { historyMessage, statusMessage } from '../../blocks/status.ts';
import { safeMessage } from '../../escape.ts';
import { COMMAND } from '../../ids.ts';
import { afterAck, type SlackContext } from '../../context.ts';

/** Every ephemeral answer is escaped whole: it may echo what was typed or what a provider said. */
const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text: safeMessage(text) });

export function register(app: App, ctx: SlackContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    const asker: Asker = { userId: command.user_id, channel: command.channel_id, channelName: command.channel_name };
    const cmd = parseCommand(command.text ?? '');
    const tell = (text: string) => respond(ephemeral(text));

    switch (cmd.kind) {
      case 'error':
        await ack(ephemeral(cmd.message));
        return;
      case 'help':
        // Which targets this person may use can need a user-group lookup: ack first.
        await ack();
        await afterAck(ctx, 'help', tell, async () => {
          await respond({ response_type: 'ephemeral', ...helpMessage(await ctx.service.targetsFor(asker)) });
        });
        return;
      case 'form':
        await ack();
        await afterAck(ctx, 'open form', tell, () => openForm(ctx, command, asker));
        return;
      case 'status':
        await ack();
        await afterAck(ctx, 'status', tell, async () => {
          const s = await ctx.service.status(cmd.id);
          await respond(
            s
              ? { response_type: 'ephemeral', ...statusMessage(s) }
              : ephemeral(`No request \`${cmd.id}\`. The id is on the approval message, e.g. rr-1a2b3c4d.`),
          );
        });
        return;
      case 'cancel':
        await ack();
        await afterAck(ctx, 'cancel', tell, async () => {
          const r = await ctx.service.decide(cmd.id, asker.userId, 'cancel');
          await tell(r.ok ? `Request ${cmd.id} is cancelled.` : r.message);
        });
        return;
      case 'history':
        await ack();
        await afterAck(ctx, 'history', tell, async () => {
          const list = await ctx.service.history({ targetId: cmd.targetId, limit: cmd.limit });
          await respond({ response_type: 'ephemeral', ...historyMessage(list) });
        });
        return;
      case 'request':
        await handleRequest(ctx, command, asker, cmd.targetId, cmd.pairs, ack, respond);
        return;
    }
  });
}

/**
 * The trigger_id expires 3 s after the command: the modal opens at once with a loading view,
 * then gets the form once the targets this person may use are known (docs/slack/PLATFORM.md §3.1).
 */
async function openForm(
  ctx: SlackContext,
  command: SlashCommand,
  asker: Asker,
  targetId?: string,
  prefill = {},
  missing: string[] = [],
): Promise<void> {
  const meta = { channel: asker.channel, channelName: asker.channelName };
  const opened = await ctx.clients.client.views.open({ trigger_id: command.trigger_id, view: loadingView(meta) });
  const targets = await ctx.service.targetsFor(asker);
  const chosen = targetId ? targets.find((t) => t.id === targetId) : undefined;
  await ctx.clients.client.views.update({
    view_id: opened.view?.id as string,
    hash: opened.view?.hash,
    view: formView(meta, targets, chosen, prefill, missing),
  });
}

async function handleRequest(
  ctx: SlackContext,
  command: SlashCommand,
  asker: Asker,
  targetId: string,
  pairs: [string, string][],
  ack: (body?: ReturnType<typeof ephemeral>) => Promise<void>,
  respond: RespondFn,
): Promise<void> {
  const target = ctx.service.target(targetId);
  if (!target) {
    await ack();
    await afterAck(
      ctx,
      'unknown target',
      (t) => respond(ephemeral(t)),
      async () => {
        const names = (await ctx.service.targetsFor(asker)).map((t) => `\`${t.id}\``).join(', ') || 'none';
        await respond(
          ephemeral(
            `No target named \`${targetId}\`. Targets you can use here: ${names}. Type \`/rerun help\` for examples.`,
          ),
        );
      },
    );
    return;
  }
  const raw = rawFromPairs(target.provider, pairs);
  if ('error' in raw) {
    await ack(ephemeral(`${raw.error} For example: \`${exampleFor(target.provider, targetId)}\``));
    return;
  }
  const v = ctx.service.validate(targetId, raw.raw);
  if (v && !v.ok) {
    const onlyMissing = Object.keys(v.errors).every((k) => v.missing.includes(k));
    if (onlyMissing) {
      await ack();
      await afterAck(
        ctx,
        'open prefilled form',
        (t) => respond(ephemeral(t)),
        () => openForm(ctx, command, asker, targetId, raw.raw, v.missing),
      );
      return;
    }
    const problems = Object.entries(v.errors)
      .map(([k, m]) => `• \`${k}\`: ${m}`)
      .join('\n');
    await ack(
      ephemeral(`That request has problems:\n${problems}\nFor example: \`${exampleFor(target.provider, targetId)}\``),
    );
    return;
  }
  await ack(ephemeral(`Checking the current state on \`${targetId}\`…`));
  await afterAck(
    ctx,
    'prepare',
    (t) => respond(ephemeral(t)),
    async () => {
      const result = await ctx.service.prepare(targetId, raw.raw, asker);
      if (result.kind === 'refused') await respond(ephemeral(result.message));
      else if (result.kind === 'invalid')
        await respond(
          ephemeral(
            Object.entries(result.errors)
              .map(([k, m]) => `\`${k}\`: ${m}`)
              .join('\n'),
          ),
        );
      else await respond(ephemeral(`Asked for approval: request \`${result.request.id}\`.`));
    },
  );
}
