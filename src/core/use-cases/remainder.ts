/**
 * "Rerun the N remaining…" (docs/SPEC.md §4, Bulk): after a rerun some of whose items were refused
 * (by the provider, or left out by the check before sending), a new request that names exactly
 * those items; after a followed rerun failed again, one that names just the items that failed.
 * Whether one request can name them is the provider's to say (`selectItems`).
 */
import type { AnyProvider, JobStatus, RawParams, RerunOutcome } from '../../providers/types.ts';
import type { Remainder } from '../model/request.ts';

/** The ids of the refused items of a partial or refused rerun, in the outcome's order. */
export function refusedIds(outcome: RerunOutcome): string[] {
  if (outcome.status !== 'partial' && outcome.status !== 'rejected') return [];
  return outcome.items.filter((i) => i.result === 'refused').map((i) => i.id);
}

/**
 * The remainder to offer, or undefined when nothing was refused or the provider cannot name it.
 * An item whose outcome is unknown is never offered, not even through an id it shares with a
 * refused one (items of one job may share its id): the bot never resends an unknown outcome.
 */
export function remainderOf(provider: AnyProvider, raw: RawParams, outcome: RerunOutcome): Remainder | undefined {
  const items = refusedIds(outcome);
  if (items.length === 0) return undefined;
  const unknown = new Set(outcome.items.filter((i) => i.result === 'unknown').map((i) => i.id));
  if (items.some((id) => unknown.has(id))) return undefined;
  const selected = provider.selectItems?.(raw, items);
  return selected ? { items, raw: selected } : undefined;
}

/**
 * What "Rerun again…" prefills after a followed rerun failed again: just the items that failed,
 * when the provider can name them and that is not already the request as asked; otherwise
 * undefined (the request as it was asked).
 */
export function failedAgainRaw(
  provider: AnyProvider,
  raw: RawParams,
  status: JobStatus | undefined,
): RawParams | undefined {
  const failed = (status?.items ?? []).filter((i) => i.result === 'failed').map((i) => i.id);
  const selected = failed.length > 0 ? provider.selectItems?.(raw, failed) : undefined;
  return selected && JSON.stringify(selected) !== JSON.stringify(raw) ? selected : undefined;
}
