/**
 * The reply queue's front end in Slack (core/use-cases/replies/): an alert's reply in its
 * thread, or a digest at the top of the channel. Each is posted once, with no retry of its own:
 * the queue keeps the channel's pace and answers a 429 itself. The first block carries the row's
 * id, so a replica that took over a channel mid-post can see whether the post landed.
 */
import type { QueuedReply } from '../core/model/reply.ts';
import type { ReplyPoster, ReplyView } from '../core/ports.ts';
import { uiMsg } from '../i18n/surface.ts';
import { alertReply } from './blocks/alert.ts';
import { digestMessage } from './blocks/digest.ts';
import { context, type Block } from './blocks/kit.ts';
import type { SlackClients } from './clients.ts';
import { slackRefOf } from './notifier.ts';
import { classifiedLookError, classifiedPostError, rateLimited } from './post-answers.ts';
import { BLOCK } from './ids.ts';
import type { SlackWords } from './words.ts';

/** Messages one page of a look for a lost post reads (a thread's replies, or the channel's latest). */
const FIND_LIMIT = 200;
/** Pages one look reads at most: a busy channel costs MAX_FIND_PAGES calls, never a walk through its history. */
const MAX_FIND_PAGES = 5;
/** How far before the row entered `sending` the look starts: Slack's clock against ours. */
const FIND_SKEW_MS = 60_000;

function rendered(
  view: ReplyView,
  words: SlackWords,
  permalink?: string,
): { channel: string; thread_ts?: string; text: string; blocks: Block[] } {
  const r = view.reply;
  if (view.kind === 'digest') return { channel: r.channel, ...digestMessage(view, r.body.locale, words) };
  const { threadTs, locale } = view.reply.body;
  const msg = alertReply(view.offer, view.target, { channel: r.channel, ts: threadTs }, locale, words, permalink);
  const blocks = [...msg.blocks];
  if (r.count > 1) blocks.push(context(words.mrkdwn(uiMsg('ui.alert.count', { count: r.count }), locale)));
  blocks[0] = { ...blocks[0]!, block_id: BLOCK.reply(r.id) } as Block;
  return { channel: r.channel, thread_ts: threadTs, text: msg.text, blocks };
}

export class SlackReplyPoster implements ReplyPoster {
  constructor(
    private readonly clients: SlackClients,
    private readonly words: SlackWords,
  ) {}

  /** Where the open request a reply names can be seen (a failure only leaves the link out). */
  private async permalink(view: ReplyView): Promise<string | undefined> {
    if (view.kind !== 'alert' || view.offer.kind !== 'open') return undefined;
    const at = slackRefOf(view.offer.published);
    if (!at?.ts) return undefined;
    const res = await this.clients.client.chat
      .getPermalink({ channel: at.channel, message_ts: at.ts })
      .catch(() => undefined);
    return res?.permalink;
  }

  async post(view: ReplyView): Promise<string> {
    const link = await this.permalink(view);
    const res = await this.clients
      .postOnce({ ...rendered(view, this.words, link), unfurl_links: false, unfurl_media: false })
      .catch(classifiedPostError);
    if (!res.ts) throw new Error('Slack did not return the message ts');
    return res.ts;
  }

  async update(view: ReplyView, ts: string): Promise<void> {
    const { channel, text, blocks } = rendered(view, this.words, await this.permalink(view));
    // The paced client: its 429 reaches the queue (RateLimited), which holds the workspace's update
    // pace until Retry-After; an update's other failures are only failures (it is idempotent).
    await this.clients.pacedClient.chat.update({ channel, ts, text, blocks }).catch(rateLimited);
  }

  /**
   * The row's message, if Slack has it: among what was posted in its thread (an alert's reply) or
   * its channel (a digest) since the row entered `sending` (`oldest`, less the clock skew), paged
   * with Slack's cursor up to MAX_FIND_PAGES. A thread or channel Slack says is gone for the bot
   * (thread_not_found, not_in_channel…) is LookRefused: the queue gives the row up after a few.
   */
  async find(reply: QueuedReply): Promise<string | undefined> {
    const client = this.clients.client;
    const since = reply.sendingAt ?? reply.createdAt;
    const oldest = (Math.max(0, since - FIND_SKEW_MS) / 1000).toFixed(6);
    const blockId = BLOCK.reply(reply.id);
    let cursor: string | undefined;
    for (let page = 0; page < MAX_FIND_PAGES; page++) {
      const paging = { oldest, limit: FIND_LIMIT, ...(cursor ? { cursor } : {}) };
      const res = await (
        reply.body.kind === 'alert'
          ? client.conversations.replies({ channel: reply.channel, ts: reply.body.threadTs, ...paging })
          : // A digest is at the top of the channel, among the messages since it was being posted.
            client.conversations.history({ channel: reply.channel, ...paging })
      ).catch(classifiedLookError);
      const found = (res.messages ?? []).find((m) =>
        (m.blocks as { block_id?: string }[] | undefined)?.some((b) => b.block_id === blockId),
      );
      if (found?.ts) return found.ts;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) return undefined;
    }
    return undefined;
  }
}
