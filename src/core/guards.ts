/**
 * Limits a policy and the open requests put on asking: one open request per item, and the
 * cooldown between reruns of the same item.
 */
import type { Policy } from '../config/schema.ts';
import type { Store } from './store.ts';

/** One open request per item: a second request for the same job would rerun it twice. */
export async function openRequestFor(
  store: Store,
  targetId: string,
  ids: readonly string[],
): Promise<string | undefined> {
  const open = (await store.list({ targetId, limit: 500 })).filter(
    (r) => r.state === 'pending' || r.state === 'running',
  );
  for (const r of open) {
    const overlap = [...new Set(r.preview.items.filter((i) => i.eligible && ids.includes(i.id)).map((i) => i.id))];
    if (overlap.length) {
      return `${overlap.join(', ')} ${overlap.length === 1 ? 'is' : 'are'} already in request ${r.id} (${r.state}) by <@${r.requester}>; approve or cancel that one instead of asking twice.`;
    }
  }
  return undefined;
}

/** The policy's cooldown: how often the same item may be rerun in a period. */
export async function cooldownBlock(
  store: Store,
  now: Date,
  targetId: string,
  policy: Policy,
  ids: readonly string[],
): Promise<string | undefined> {
  if (!policy.cooldown) return undefined;
  const since = now.getTime() - policy.cooldown.per;
  const recent = (await store.list({ targetId, limit: 500 })).filter(
    (r) => r.execution && Date.parse(r.execution.startedAt) >= since && r.state !== 'failed',
  );
  for (const id of ids) {
    const count = recent.filter((r) => r.preview.items.some((i) => i.id === id && i.eligible)).length;
    if (count >= policy.cooldown.reruns) {
      return `${id} was already rerun ${count} time(s) recently; ${targetId} allows ${policy.cooldown.reruns} per ${Math.round(policy.cooldown.per / 60_000)} min. Look at why it keeps failing first.`;
    }
  }
  return undefined;
}
