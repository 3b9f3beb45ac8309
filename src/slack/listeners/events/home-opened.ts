/** A person opened the bot's Home tab: their lists are published, and kept fresh from then on (home.ts). */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.ts';

export function register(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    // The Messages tab sends this event too; only the Home tab shows the lists.
    if (event.tab !== 'home') return;
    await ctx.home
      .opened(event.user)
      .catch((err: unknown) => ctx.logger.warn({ err, user: event.user }, 'publishing the App Home failed'));
  });
}
