/**
 * The core's Notifier, in Slack: publish the approval request where it was asked (the channel,
 * or the alert's thread), then update that message in place; replies go in its thread. A request
 * waiting for a group calls that group once; announce lines go to the target's channel and the
 * requester's messages to them directly (chat.postMessage to their user id, under chat:write).
 */
import { z } from 'zod';
import type { RerunRequest, SurfaceRef } from '../core/model/request.ts';
import type { Announce, Notifier, ReplyOffer } from '../core/ports.ts';
import { uiMsg } from '../i18n/surface.ts';
import type { Message } from '../lib/message.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import { approverMentions } from './approvers.ts';
import { alertButtonValue } from './blocks/alert.ts';
import { approvalMessage } from './blocks/approval.ts';
import { cut, section } from './blocks/kit.ts';
import { ACTION } from './ids.ts';
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

  async publish(r: RerunRequest): Promise<SurfaceRef> {
    const where = refOf(r.surface);
    const msg = approvalMessage(r, this.clock.now(), this.words);
    const res = await this.clients.post({
      channel: where.channel,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      text: msg.text,
      blocks: msg.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!res.ts) throw new Error('Slack did not return the message ts');
    const published: SlackSurface = { kind: 'slack', channel: res.channel ?? where.channel, ts: res.ts };
    if (where.threadTs) published.threadTs = where.threadTs;
    await this.callApprovers(r, published);
    return { ...published };
  }

  /**
   * A request waiting for a group's approval calls the group once, in a reply under the approval
   * message just posted: approvers who do not watch the channel are notified, while the message
   * itself never holds a mention, so its re-renders (chat.update) notify nobody again. Best effort:
   * the request is posted either way, and a failure here is logged, never retried.
   */
  private async callApprovers(r: RerunRequest, at: SlackSurface): Promise<void> {
    if (r.policy.approval !== 'group') return;
    try {
      const { mentions, unknown } = await approverMentions(this.reach.directory, r.policy.approvers);
      if (unknown.length) this.reach.logger.warn({ requestId: r.id, unknown }, 'approver groups not found in Slack');
      if (!mentions.length) return;
      const call = uiMsg('ui.approvers.call', { id: r.id, target: r.targetId, min: r.policy.minApprovals });
      await this.clients.post({
        channel: at.channel,
        thread_ts: at.threadTs ?? at.ts,
        text: `${mentions.join(' ')} ${this.words.mrkdwn(call, r.locale)}`,
        ...NO_UNFURL,
      });
    } catch (err) {
      this.reach.logger.warn({ err, requestId: r.id }, 'calling the approvers failed; not tried again');
    }
  }

  async update(r: RerunRequest): Promise<void> {
    const at = refOf(r.published);
    if (!at.ts) return;
    const msg = approvalMessage(r, this.clock.now(), this.words);
    await this.clients.client.chat.update({ channel: at.channel, ts: at.ts, text: msg.text, blocks: msg.blocks });
  }

  async reply(r: RerunRequest, message: Message, offer?: ReplyOffer): Promise<void> {
    const at = refOf(r.published);
    const thread = at.threadTs ?? at.ts;
    const text = this.words.mrkdwn(message, r.locale);
    // "Rerun again…" opens the form filled in as this request was asked (or with just the items that
    // failed again), and its approval request goes to the same thread: the Rerun… button of an
    // alert's reply does exactly that.
    const again =
      offer?.kind === 'rerunAgain' && thread
        ? [
            section(cut(text, 3000)),
            {
              type: 'actions' as const,
              elements: [
                {
                  type: 'button' as const,
                  action_id: ACTION.alertRerun,
                  text: {
                    type: 'plain_text' as const,
                    text: this.words.plain(uiMsg('ui.button.rerunAgain', {}), r.locale),
                  },
                  value: alertButtonValue(r.targetId, offer.raw ?? r.raw, at.channel, thread),
                },
              ],
            },
          ]
        : undefined;
    await this.clients.post({
      channel: at.channel,
      ...(thread ? { thread_ts: thread } : {}),
      text,
      ...(again ? { blocks: again } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
  }

  async announce(to: Announce, _r: RerunRequest, message: Message): Promise<void> {
    // clients.post never retries a post that may have landed, so the line is posted at most once.
    await this.clients.post({ channel: to.channel, text: this.words.mrkdwn(message, to.locale), ...NO_UNFURL });
  }

  async tellRequester(r: RerunRequest, message: Message): Promise<void> {
    // What a person reads alone follows their own Slack locale, read afresh (it may have changed since asking).
    const locale = await this.reach.people.locale(r.requester);
    await this.clients.post({ channel: r.requester, text: this.words.mrkdwn(message, locale), ...NO_UNFURL });
  }
}
