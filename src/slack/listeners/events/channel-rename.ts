/**
 * A channel renamed (`channel_rename`, public; `group_rename`, private): its name is read from
 * Slack again at its next look-up, so `#name` rules decide by the new name (channels.ts).
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.ts';

export function register(app: App, ctx: SlackContext): void {
  const forget = (id: unknown) => {
    if (typeof id !== 'string' || !id) return;
    ctx.channels.forget(id);
    ctx.logger.info({ channel: id }, 'channel renamed; its name will be read again');
  };
  app.event('channel_rename', async ({ event }) => forget(event.channel?.id));
  app.event('group_rename', async ({ event }) => forget(event.channel?.id));
}
