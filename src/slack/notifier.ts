/** The core's Notifier, in Slack: post the approval message once, then update it in place. */
import type { Clock } from '../lib/ports.ts';
import type { RerunRequest } from '../core/request.ts';
import type { Notifier } from '../core/service.ts';
import { approvalMessage } from './blocks/approval.ts';
import type { SlackClients } from './clients.ts';

export class SlackNotifier implements Notifier {
  constructor(
    private readonly clients: SlackClients,
    private readonly clock: Clock,
  ) {}

  async posted(r: RerunRequest): Promise<string> {
    const msg = approvalMessage(r, this.clock.now());
    const res = await this.clients.post({
      channel: r.channel,
      ...(r.threadTs ? { thread_ts: r.threadTs } : {}),
      text: msg.text,
      blocks: msg.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!res.ts) throw new Error('Slack did not return the message ts');
    return res.ts;
  }

  async changed(r: RerunRequest): Promise<void> {
    if (!r.messageTs) return;
    const msg = approvalMessage(r, this.clock.now());
    await this.clients.client.chat.update({ channel: r.channel, ts: r.messageTs, text: msg.text, blocks: msg.blocks });
  }
}
