/**
 * When a channel's reply queue is drained: at once when an alert is queued (intake.ts), and at each
 * tick of the background timer (core/background.ts) for replies queued by another replica or
 * before a restart. One drain per channel runs in this process; one replica at a time drains a
 * channel (drain.ts, the channel's lease).
 */
import type { CoreContext } from '../../context.ts';
import { drainChannel } from './drain.ts';

/** Drains under way in this process, by channel; `again` when woken while draining. */
const draining = new WeakMap<CoreContext, Map<string, { again: boolean; run: Promise<void> }>>();

function drainsOf(ctx: CoreContext) {
  let m = draining.get(ctx);
  if (!m) draining.set(ctx, (m = new Map()));
  return m;
}

/** Starts the channel's drain in this process unless one runs (then it looks again before it ends). */
export function wake(ctx: CoreContext, channel: string): Promise<void> {
  const drains = drainsOf(ctx);
  const running = drains.get(channel);
  if (running) {
    running.again = true;
    return running.run;
  }
  const entry = { again: false, run: Promise.resolve() };
  entry.run = ctx.work.track(
    (async () => {
      try {
        do {
          entry.again = false;
          await drainChannel(ctx, channel);
        } while (entry.again && !ctx.stopping);
      } catch (err) {
        ctx.logger.error({ err, channel }, 'posting alert replies failed');
      } finally {
        drains.delete(channel);
      }
    })(),
  );
  drains.set(channel, entry);
  return entry.run;
}

/** Wakes the drain of every channel with replies to post (the background timer). */
export async function wakeAll(ctx: CoreContext): Promise<void> {
  if (!ctx.replyPoster) return;
  const channels = await ctx.store.replyChannels(100);
  await Promise.all(channels.map((c) => wake(ctx, c)));
}
