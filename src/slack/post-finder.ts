/**
 * Looking for a post whose answer was lost (core/use-cases/posts.ts): the messages of its thread
 * (conversations.replies) or of its channel (conversations.history) since a minute before it was
 * first tried (Slack's clock and ours may differ a little), paged with Slack's cursor and bounded,
 * so a busy channel costs at most MAX_PAGES calls. A message is the post when its first block
 * carries the post's identity (BLOCK.post) or its metadata does (`rerun_post`, which Slack returns
 * only with include_all_metadata), and the bot itself posted it: another app (or a person pasting
 * blocks) can post the same block id or metadata, and adopting that copy would leave the request
 * without a message of its own whose buttons work. Slack saying the thread or the conversation is
 * gone for the bot (thread_not_found, not_in_channel…) is LookRefused (post-answers.ts): the
 * ledger gives the post up after a few such answers instead of looking for ever.
 */
import type { WebClient } from '@slack/web-api';
import type { PostRecord } from '../core/model/post.ts';
import { BLOCK } from './ids.ts';
import { classifiedLookError } from './post-answers.ts';

const PAGE = 200;
const MAX_PAGES = 5;
/** How far before the first attempt the look starts: Slack's clock against ours. */
const SKEW_MS = 60_000;
export const POST_EVENT = 'rerun_post';

/** Who the bot is, as auth.test said: its bot id and its bot user (either identifies its messages). */
export interface BotSelf {
  botId?: string | undefined;
  botUserId?: string | undefined;
}

interface Seen {
  ts?: string;
  bot_id?: string;
  user?: string;
  blocks?: { block_id?: string }[];
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The post's identity as metadata on its message (Slack's message metadata). */
export function postMetadata(p: Pick<PostRecord, 'request' | 'kind' | 'key'>) {
  return { event_type: POST_EVENT, event_payload: { request: p.request, kind: p.kind, key: p.key } };
}

/** The message was posted by the bot itself (Slack names its bot id, or its bot user, on it). */
function byBot(m: Seen, self: BotSelf): boolean {
  return (!!self.botId && m.bot_id === self.botId) || (!!self.botUserId && m.user === self.botUserId);
}

function carries(m: Seen, p: PostRecord, blockId: string): boolean {
  if (m.blocks?.some((b) => b.block_id === blockId)) return true;
  const meta = m.metadata;
  return (
    meta?.event_type === POST_EVENT &&
    meta.event_payload?.['request'] === p.request &&
    meta.event_payload['kind'] === p.kind &&
    meta.event_payload['key'] === p.key
  );
}

/** The ts of every message of the bot's own carrying the post's identity, oldest first. */
export async function findPost(client: WebClient, post: PostRecord, self: BotSelf): Promise<string[]> {
  // Without knowing who the bot is, nothing found could be told apart from a copy; and "nothing
  // found" would post a second message. So the look fails, and is made again later.
  if (!self.botId && !self.botUserId) throw new Error('the bot does not know its own bot id yet (auth.test)');
  const blockId = BLOCK.post(post);
  const oldest = (Math.max(0, post.startedAt - SKEW_MS) / 1000).toFixed(6);
  // A DM is posted to the person's id; its conversation is read by its own id.
  const channel =
    post.kind === 'dm'
      ? (await client.conversations.open({ users: post.channel }).catch(classifiedLookError)).channel?.id
      : post.channel;
  if (!channel) throw new Error(`Slack did not name the conversation with ${post.channel}`);
  const found = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const paging = { oldest, limit: PAGE, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
    const res = await (
      post.thread
        ? client.conversations.replies({ channel, ts: post.thread, ...paging })
        : client.conversations.history({ channel, ...paging })
    ).catch(classifiedLookError);
    for (const m of (res.messages ?? []) as Seen[])
      if (m.ts && byBot(m, self) && carries(m, post, blockId)) found.add(m.ts);
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) break;
  }
  return [...found].sort((a, b) => Number(a) - Number(b));
}
