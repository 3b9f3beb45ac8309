/**
 * Limits a policy and the open requests put on asking: one open request per item, and the
 * cooldown between reruns of the same item.
 */
import type { Message } from '../lib/message.ts';
import { coreMsg } from './messages.ts';
import type { Policy } from './model/policy.ts';
import { OPEN_STATES } from './model/request.ts';
import type { Store } from './ports.ts';

/** One open request per item: a second request for the same job would rerun it twice. */
export async function openRequestFor(
  store: Store,
  targetId: string,
  ids: readonly string[],
): Promise<Message | undefined> {
  const open = (await store.list({ targetId, limit: 500 })).filter((r) => OPEN_STATES.includes(r.state));
  for (const r of open) {
    const overlap = [...new Set(r.preview.items.filter((i) => i.eligible && ids.includes(i.id)).map((i) => i.id))];
    if (overlap.length) {
      return coreMsg('ask.alreadyOpen', { items: overlap, requestId: r.id, state: r.state, requester: r.requester });
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
): Promise<Message | undefined> {
  if (!policy.cooldown) return undefined;
  const since = now.getTime() - policy.cooldown.per;
  const recent = (await store.list({ targetId, limit: 500 })).filter(
    (r) => r.execution && Date.parse(r.execution.startedAt) >= since && r.state !== 'failed',
  );
  for (const id of ids) {
    const count = recent.filter((r) => r.preview.items.some((i) => i.id === id && i.eligible)).length;
    if (count >= policy.cooldown.reruns) {
      return coreMsg('ask.cooldown', {
        item: id,
        count,
        target: targetId,
        reruns: policy.cooldown.reruns,
        perMs: policy.cooldown.per,
      });
    }
  }
  return undefined;
}
