/**
 * What the bot offers for an alert, without calling the provider: the rerun the alert names with
 * what is still missing, or the open request that already holds one of its jobs.
 */
import { readAlert, type AlertMatch } from '../alerts.ts';
import type { CoreContext } from '../context.ts';
import { openHolderOf } from '../guards.ts';
import { missingFields, validateParams } from '../input.ts';
import type { Offer } from '../model/alert.ts';
import type { Place } from '../model/request.ts';

export function matchAlert(ctx: CoreContext, place: Place, text: string): AlertMatch | undefined {
  return readAlert(ctx.alerts ?? [], (id) => ctx.targets.get(id)?.provider, place, text);
}

export async function offerFor(ctx: CoreContext, match: AlertMatch): Promise<Offer> {
  const { targetId, raw, items, reason } = match;
  const target = ctx.targets.get(targetId);
  if (!target) return { kind: 'unknown-target', targetId };
  const open = await openHolderOf(ctx.store, targetId, items);
  if (open) return { kind: 'open', targetId, items, message: open.message, published: open.request.published };
  const v = validateParams(target.provider, target.config, raw, ctx.clock.now());
  return {
    kind: 'offer',
    targetId,
    raw,
    items,
    missing: v.ok ? [] : missingFields(v.errors),
    ...(reason ? { reason } : {}),
  };
}
