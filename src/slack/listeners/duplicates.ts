/**
 * Duplicate deliveries, answered once. Slack resends an event it did not see acknowledged (at
 * once, after 1 and after 5 minutes), and the same click or form can arrive twice (a double tap,
 * a proxy that retries), possibly at two replicas. Each delivery is recognised by a key the
 * store remembers across replicas; a repeat is acknowledged and goes no further.
 *
 * Events are acknowledged by Bolt before any middleware, so they are checked here, first. A
 * click or a form is checked by its listener just after its ack: the store is not asked while
 * Slack waits for the answer (under a burst of clicks, that wait was most of the ack's time).
 *
 * Interactions carry no delivery id, so the key is what makes the action itself: for a click,
 * its action_ts, the user, the action and its value; for a form, the view id, its hash (Slack
 * gives every new state of a view a new hash) and the values typed: a form refused with errors
 * keeps its hash, and its corrected submission must not pass for a repeat.
 */
import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import type { SlackContext } from '../context.ts';

/** Longer than Slack's last retry (about 5 minutes after the first delivery). */
export const DUPLICATE_WINDOW_MS = 15 * 60_000;

/** The key of a delivery that must not be acted on twice, or undefined for one that may repeat. */
export function deliveryKey(body: unknown): string | undefined {
  const b = body as Record<string, unknown>;
  if (b['type'] === 'event_callback' && typeof b['event_id'] === 'string') return `event:${b['event_id']}`;
  if (b['type'] === 'block_actions') {
    const user = (b['user'] as { id?: string } | undefined)?.id;
    const action = (b['actions'] as Record<string, unknown>[] | undefined)?.[0];
    if (!user || !action || typeof action['action_ts'] !== 'string') return undefined;
    const chosen = action['value'] ?? (action['selected_option'] as { value?: string } | undefined)?.value ?? '';
    return `click:${action['action_ts']}:${user}:${String(action['action_id'])}:${String(chosen)}`;
  }
  if (b['type'] === 'view_submission') {
    const view = b['view'] as { id?: string; hash?: string; state?: unknown } | undefined;
    if (!view?.id || !view.hash) return undefined;
    const values = createHash('sha256')
      .update(JSON.stringify(view.state ?? null))
      .digest('hex')
      .slice(0, 16);
    return `view:${view.id}:${view.hash}:${values}`;
  }
  return undefined;
}

/** Whether this delivery was seen before (at any replica): then it is not acted on again. */
export async function isRepeat(ctx: SlackContext, body: unknown): Promise<boolean> {
  const key = deliveryKey(body);
  if (!key) return false;
  try {
    if (await ctx.core.firstDelivery(key, DUPLICATE_WINDOW_MS)) return false;
  } catch (err) {
    // The store is unreachable: acting is still safe (the claim itself is exactly once).
    ctx.logger.error({ err }, 'checking for a duplicate delivery failed');
    return false;
  }
  ctx.logger.info({ key }, 'duplicate delivery acknowledged and ignored');
  return true;
}

/** Events: a redelivered event goes no further than this middleware. */
export function register(app: App, ctx: SlackContext): void {
  app.use(async (args: AnyMiddlewareArgs & { next: () => Promise<void> }) => {
    const event = (args.body as { type?: unknown }).type === 'event_callback';
    if (!event || !(await isRepeat(ctx, args.body))) await args.next();
  });
}
