/**
 * Paces kept in the store (shared by every replica), for the front end's posts and updates: a
 * caller takes the next slot of a key and waits for it; a 429 moves the key's next slot past its
 * Retry-After.
 *
 * Updates of messages already shown share ONE key for the whole workspace (Slack counts
 * chat.update per method and workspace, not per channel): alert counts (replies/drain.ts) and the
 * request messages' updates (`show`, context.ts). How an update takes its slot:
 * - `person`: a person's action (a click's "Running…", its outcome) is sent at once; it takes a
 *   slot without waiting for it, so the background's next update comes one slot later and the
 *   workspace stays within its pace;
 * - `paced`: a change the background shows (a poll's new state, a repair, a timeout) waits for its
 *   slot;
 * - `ifRoom`: a change that only says time has passed (a running job's age) is shown only when a
 *   slot is free now; otherwise the next change shows it. A thousand running jobs whose age moves
 *   each minute would ask for a thousand updates a minute, twenty times what Slack takes.
 */
import type { Clock, PaceStore } from './ports.ts';
import type { ReplyTiming } from './timings.ts';

/** The workspace's one pace for updates of shown messages. */
export const UPDATE_PACE_KEY = 'slack-update';

/** How a request message's update takes its slot (see above). */
export type ShowLane = 'person' | 'paced' | 'ifRoom';

/** What a pace needs of the core's context (the store's slots, the store's clock, a wait). */
interface PaceContext {
  store: PaceStore;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  replies: Pick<ReplyTiming, 'retryAfterUnitMs'>;
}

/** Waits for the key's next slot (shared across replicas). */
export async function turn(ctx: PaceContext, key: string, intervalMs: number): Promise<void> {
  const start = await ctx.store.reservePace(key, intervalMs, ctx.clock.now());
  const wait = start - ctx.clock.now().getTime();
  if (wait > 0) await ctx.sleep(wait);
}

/**
 * Nothing else goes under this key before Retry-After has passed, counted from now (after the 429
 * arrived, so never before Slack's own count ends): the key's next slot is at least then. A
 * reservation of no length "not before" that moment moves the slot without adding a pace.
 */
export async function holdUntilRetryAfter(ctx: PaceContext, key: string, retryAfter: number): Promise<void> {
  const until = ctx.clock.now().getTime() + retryAfter * ctx.replies.retryAfterUnitMs;
  await ctx.store.reservePace(key, 0, new Date(until));
}

/**
 * Takes the workspace's update slot as `lane` says; false when an `ifRoom` update is left out
 * (no slot is free now).
 */
export async function updateTurn(ctx: PaceContext, paceMs: number, lane: ShowLane): Promise<boolean> {
  const now = ctx.clock.now();
  if (lane === 'person') {
    await ctx.store.reservePace(UPDATE_PACE_KEY, paceMs, now);
    return true;
  }
  // A reservation of no length only reads where the next slot is.
  if (lane === 'ifRoom' && (await ctx.store.reservePace(UPDATE_PACE_KEY, 0, now)) > now.getTime()) return false;
  await turn(ctx, UPDATE_PACE_KEY, paceMs);
  return true;
}
