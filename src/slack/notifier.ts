/**
 * The core's Notifier, in Slack: the approval request where it was asked (the channel, or the
 * alert's thread), then that message updated in place; replies go in its thread. A request
 * waiting for a group calls that group once; announce lines go to the target's channel and the
 * requester's messages to them directly (chat.postMessage to their user id, under chat:write).
 * Each post is sent once (never retried here: the core's post ledger decides, posts.ts), carrying
 * its identity, and found again by post-finder.ts after an answer that was lost.
 */
import { z } from 'zod';
import { PostRefused, type PostBody, type PostPlace, type PostRecord } from '../core/model/post.ts';
import type { RerunRequest, SurfaceRef } from '../core/model/request.ts';
import type { Notifier, UpdateLane } from '../core/ports.ts';
import type { RawParams } from '../providers/types.ts';
import { uiMsg } from '../i18n/surface.ts';
import { coreMsg } from '../core/messages.ts';
import type { Message } from '../lib/message.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import { approverMentions } from './approvers.ts';
import { alertButtonValue } from './blocks/alert.ts';
import { approvalMessage } from './blocks/approval.ts';
import { cut, section, type Block } from './blocks/kit.ts';
import { escapeMrkdwn } from './escape.ts';
import { ACTION, BLOCK } from './ids.ts';
import { classifiedPostError, rateLimited } from './post-answers.ts';
import { findPost, postMetadata, type BotSelf } from './post-finder.ts';
import type { SlackClients } from './clients.ts';
import type { SlackSurface } from './context.ts';
import type { SlackDirectory } from './directory.ts';
import type { SlackPeople } from './people.ts';
import type { SlackWords } from './words.ts';

/** Who else the notifier reaches beyond the request's channel, and where it says what went wrong. */
interface SlackReach {
  people: Pick<SlackPeople, 'locale'>;
  directory: Pick<SlackDirectory, 'groupId'>;
  logger: Logger;
  /** Who the bot is (auth.test, reach.ts): a look adopts only the bot's own messages. */
  self: () => Promise<BotSelf>;
}

/** Announce lines and private messages are a line of text: no link previews under them. */
const NO_UNFURL = { unfurl_links: false, unfurl_media: false } as const;

/** The stored reference, read back as Slack wrote it. */
const slackRef = z.object({
  kind: z.literal('slack'),
  channel: z.string().min(1),
  threadTs: z.string().optional(),
  ts: z.string().optional(),
});

function refOf(ref: SurfaceRef | undefined): SlackSurface {
  const r = slackRef.safeParse(ref);
  if (!r.success) throw new Error(`not a Slack message reference: ${JSON.stringify(ref)}`);
  return r.data;
}

/** Where a stored request's message is in Slack, or undefined when another front end made it. */
export function slackRefOf(ref: SurfaceRef | undefined): SlackSurface | undefined {
  const r = slackRef.safeParse(ref);
  return r.success ? r.data : undefined;
}

export class SlackNotifier implements Notifier {
  constructor(
    private readonly clients: SlackClients,
    private readonly clock: Clock,
    private readonly words: SlackWords,
    private readonly reach: SlackReach,
  ) {}

  placeOf(body: PostBody, r: RerunRequest): PostPlace {
    switch (body.kind) {
      case 'request': {
        const asked = refOf(r.surface);
        return { channel: asked.channel, thread: asked.threadTs };
      }
      case 'approvers':
      case 'glass':
      case 'final':
      case 'reminder':
      case 'escalation': {
        const at = refOf(r.published);
        return { channel: at.channel, thread: at.threadTs ?? at.ts };
      }
      case 'announce':
        return { channel: body.channel };
      case 'dm':
        // chat.postMessage to a user id posts in the app's DM with them (under chat:write): the
        // requester's, or a watcher's (`to`).
        return { channel: body.to ?? r.requester };
    }
  }

  async post(post: PostRecord, r: RerunRequest): Promise<string> {
    const { text, blocks } = await this.render(post, r);
    // The first block carries the post's identity (and the metadata too), so a look finds it.
    const first = blocks[0];
    const marked = first ? [{ ...first, block_id: BLOCK.post(post) } as Block, ...blocks.slice(1)] : blocks;
    const res = await this.clients
      .postOnce({
        channel: post.channel,
        ...(post.thread ? { thread_ts: post.thread } : {}),
        text,
        blocks: marked,
        metadata: postMetadata(post),
        ...NO_UNFURL,
      })
      .catch(classifiedPostError);
    if (!res.ts) throw new Error('Slack did not return the message ts');
    return res.ts;
  }

  async find(post: PostRecord): Promise<string[]> {
    return findPost(this.clients.client, post, await this.reach.self());
  }

  refAt(place: PostPlace, ts: string): SurfaceRef {
    return { kind: 'slack', channel: place.channel, ts, ...(place.thread ? { threadTs: place.thread } : {}) };
  }

  /** What a post says, rendered now from its body (and the request). */
  private async render(post: PostRecord, r: RerunRequest): Promise<{ text: string; blocks: Block[] }> {
    const b = post.body;
    switch (b.kind) {
      case 'request':
        return approvalMessage(r, this.clock.now(), this.words);
      case 'approvers':
        return this.approversCall(r);
      case 'glass':
        return this.glassCall(r);
      case 'final':
        return this.finalReply(r, b.message, b.again, post);
      case 'announce':
        return textPost(this.words.mrkdwn(b.message, b.locale));
      case 'reminder':
        return this.called(r, b.mention ? r.policy.approvers : [], b.message, false);
      case 'escalation':
        return this.called(r, r.policy.escalate?.to ?? [], b.message, true);
      case 'dm':
        // What a person reads alone follows their own Slack locale, read afresh (it may have changed since asking).
        return textPost(this.words.mrkdwn(b.message, await this.reach.people.locale(b.to ?? r.requester)));
    }
  }

  /**
   * A request waiting for a group's approval calls the group once, in a reply under the approval
   * message: approvers who do not watch the channel are notified, while the message itself never
   * holds a mention, so its re-renders (chat.update) notify nobody again.
   */
  private async approversCall(r: RerunRequest): Promise<{ text: string; blocks: Block[] }> {
    const { mentions, unknown } = await approverMentions(this.reach.directory, r.policy.approvers);
    if (unknown.length) this.reach.logger.warn({ requestId: r.id, unknown }, 'approver groups not found in Slack');
    if (!mentions.length) throw new PostRefused('no_approvers_known');
    const call = uiMsg('ui.approvers.call', { id: r.id, target: r.targetId, min: r.policy.minApprovals });
    return textPost(`${mentions.join(' ')} ${this.words.mrkdwn(call, r.locale)}`);
  }

  /**
   * A break-glass approval, told at once in the thread: the approvers are mentioned (under group;
   * under peer nobody is listed, so the reply mentions nobody) so those who would have approved see
   * it and can review it. A group Slack does not know is left out, never a reason not to tell.
   */
  private async glassCall(r: RerunRequest): Promise<{ text: string; blocks: Block[] }> {
    const glass = r.breakGlass;
    if (!glass) throw new PostRefused('no_break_glass');
    const said = coreMsg('glass.announce', { id: r.id, target: r.targetId, requester: glass.by, reason: glass.reason });
    return this.called(r, r.policy.approvers, said, false, ':rotating_light: ');
  }

  /**
   * A reply in the request's thread that calls `whom` (a reminder under `group`, the escalation):
   * mentions only from ids (approvers.ts). With nobody known, a reminder still says its words; the
   * escalation, whose point is the call, is refused for good (and logged).
   */
  private async called(
    r: RerunRequest,
    whom: readonly string[],
    message: Message,
    needsSomeone: boolean,
    lead = '',
  ): Promise<{ text: string; blocks: Block[] }> {
    const { mentions, unknown } = await approverMentions(this.reach.directory, whom);
    if (unknown.length) this.reach.logger.warn({ requestId: r.id, unknown }, 'groups to call not found in Slack');
    if (needsSomeone && !mentions.length) throw new PostRefused('no_approvers_known');
    const words = lead + this.words.mrkdwn(message, r.locale);
    return textPost(mentions.length ? `${mentions.join(' ')} ${words}` : words);
  }

  /**
   * The final state in the thread. "Rerun again…" opens the form filled in as this request was
   * asked (or with just the items that failed again), and its approval request goes to the same
   * thread: the Rerun… button of an alert's reply does exactly that.
   */
  private finalReply(
    r: RerunRequest,
    message: Message,
    again: { raw?: RawParams } | undefined,
    post: PostRecord,
  ): { text: string; blocks: Block[] } {
    const text = this.words.mrkdwn(message, r.locale);
    if (!again || !post.thread) return textPost(text);
    const label = this.words.plain(uiMsg('ui.button.rerunAgain', {}), r.locale);
    const button = {
      type: 'button' as const,
      action_id: ACTION.alertRerun,
      text: { type: 'plain_text' as const, text: label },
      value: alertButtonValue(r.targetId, again.raw ?? r.raw, post.channel, post.thread, r.reason?.slice(0, 300)),
    };
    return { text, blocks: [section(cut(text, 3000)), { type: 'actions', elements: [button] }] };
  }

  /**
   * A person's action goes on the person's client (no background call holds it up; a 429 is waited
   * out for chat.update alone); a paced update on the paced client, its 429 thrown as RateLimited
   * for the core to hold the workspace's update pace (core/update-pace.ts).
   */
  async update(r: RerunRequest, lane: UpdateLane): Promise<void> {
    const at = refOf(r.published);
    if (!at.ts) return;
    const msg = approvalMessage(r, this.clock.now(), this.words);
    const args = { channel: at.channel, ts: at.ts, text: msg.text, blocks: msg.blocks };
    if (lane === 'now') await this.clients.personClient.chat.update(args);
    else await this.clients.pacedClient.chat.update(args).catch(rateLimited);
  }

  async supersede(r: RerunRequest, ts: string): Promise<void> {
    const at = refOf(r.published);
    const live = at.ts
      ? await this.clients.client.chat
          .getPermalink({ channel: at.channel, message_ts: at.ts })
          .then((res) => res.permalink)
          .catch(() => undefined)
      : undefined;
    const said = this.words.mrkdwn(uiMsg('ui.request.superseded', { id: r.id, target: r.targetId }), r.locale);
    const label = escapeMrkdwn(this.words.plain(uiMsg('ui.request.supersededLink', {}), r.locale));
    const text = live ? `${said}\n<${live}|${label}>` : said;
    await this.clients.client.chat.update({ channel: at.channel, ts, text, blocks: [section(text)] });
  }
}

/** A post of words alone: one section (so its first block can carry the post's identity). */
function textPost(text: string): { text: string; blocks: Block[] } {
  return { text, blocks: [section(cut(text, 3000))] };
}
