/**
 * Limits a policy and the open requests put on asking: one open request per item, and the
 * cooldown between reruns of the same item. Both ask the store an indexed question about the
 * items themselves, so no history is too long and no number of newer requests hides one.
 */
import type { Message } from '../lib/message.ts';
import { coreMsg } from './messages.ts';
import type { Policy } from './model/policy.ts';
import type { RerunRequest } from './model/request.ts';
import { storyOf } from './model/story.ts';
import type { RequestStore } from './ports.ts';

/**
 * One open request per item (a second request for the same job would rerun it twice): the open
 * request that holds one of `ids`, and what to say about it.
 */
export async function openHolderOf(
  store: RequestStore,
  targetId: string,
  ids: readonly string[],
): Promise<{ request: RerunRequest; message: Message } | undefined> {
  if (!ids.length) return undefined;
  const [holder] = await store.openWith(targetId, ids);
  return holder ? { request: holder, message: alreadyOpen(holder, ids) } : undefined;
}

/** What to tell someone asking for `ids` while the open request `r` holds some of them. */
export function alreadyOpen(r: RerunRequest, ids: readonly string[]): Message {
  const items = [...new Set(r.preview.items.filter((i) => i.eligible && ids.includes(i.id)).map((i) => i.id))];
  return coreMsg('ask.alreadyOpen', { items, requestId: r.id, story: storyOf(r), requester: r.requester });
}

/** The policy's cooldown: how often the same item may be rerun in a period. */
export async function cooldownBlock(
  store: RequestStore,
  now: Date,
  targetId: string,
  policy: Policy,
  ids: readonly string[],
): Promise<Message | undefined> {
  if (!policy.cooldown || !ids.length) return undefined;
  const since = new Date(now.getTime() - policy.cooldown.per);
  const recent = await store.startedWith(targetId, ids, since);
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
