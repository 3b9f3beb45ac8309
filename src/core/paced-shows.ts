/**
 * The background's updates of request messages, in their turn at the workspace's update pace,
 * without holding up what asked for them. A storm that ends a thousand followed jobs at once asks
 * for a thousand updates; at Slack's ~50 a minute the last is due twenty minutes later, and a
 * follow-up that waited for its update before posting its final reply would post it that late
 * (the final-state bar is 30 s). So a `paced` update that cannot go now is queued here, and one
 * loop per replica sends the queue in turn, each showing the request as it stands when its turn
 * comes (re-read from the store): a request changed twice while it waits is updated once.
 *
 * The queue is this replica's memory. An update lost with a replica is what the sweeper repairs
 * for a request's state (`markShown`); a job's running line is shown again by its next change.
 */
import type { RerunRequest } from './model/request.ts';
import type { PaceStore, RequestStore } from './ports.ts';
import type { Logger } from '../lib/ports.ts';
import { UPDATE_PACE_KEY, type turn } from './update-pace.ts';
import type { WorkTracker } from '../lib/work-tracker.ts';

type ShowsContext = Parameters<typeof turn>[0] & {
  store: PaceStore & Pick<RequestStore, 'get'>;
  logger: Logger;
  work: WorkTracker;
  readonly stopping: boolean;
  updates: { paceMs: number };
};

export interface PacedShows {
  /** Shows the request now if the pace has room, else in its turn; resolves without waiting for it. */
  show(request: RerunRequest): Promise<void>;
  /** Requests waiting for their turn (metrics, tests). */
  readonly queued: number;
}

export function pacedShows(ctx: ShowsContext, send: (request: RerunRequest) => Promise<void>): PacedShows {
  /** Ids waiting for their turn, oldest first, each with the slot it reserved. */
  const waiting = new Map<string, number>();
  /** Ids reserving their slot just now (a second show of one meanwhile is the same update). */
  const reserving = new Set<string>();
  let draining: Promise<void> | undefined;

  async function drain(): Promise<void> {
    // A Map's iterator also visits ids added while it runs.
    for (const [id, slot] of waiting) {
      if (ctx.stopping) return;
      try {
        const wait = slot - ctx.clock.now().getTime();
        if (wait > 0) await ctx.sleep(wait);
        waiting.delete(id);
        const latest = await ctx.store.get(id);
        if (latest?.published) await send(latest);
      } catch (err) {
        // The store out of reach: this update is dropped (the sweeper repairs a state), the rest wait on.
        waiting.delete(id);
        ctx.logger.error({ err, requestId: id }, 'a queued update of an approval request failed');
      }
    }
  }

  function kick(): void {
    if (draining || ctx.stopping) return;
    draining = ctx.work.track(
      drain().finally(() => {
        draining = undefined;
        // An id queued after the loop's last look, before this ran, gets a loop of its own.
        if (waiting.size) kick();
      }),
    );
  }

  return {
    async show(request) {
      const id = request.id;
      if (!request.published || waiting.has(id) || reserving.has(id)) return;
      // Each update takes its own slot at once (shared across replicas), so the pace holds
      // however many ask together; one whose slot is later waits for it here, not in its caller.
      reserving.add(id);
      let slot: number;
      try {
        slot = await ctx.store.reservePace(UPDATE_PACE_KEY, ctx.updates.paceMs, ctx.clock.now());
      } catch (err) {
        // The store's pace out of reach: left to the next change (or the sweeper, for a state).
        ctx.logger.warn({ err, requestId: id }, 'the update pace could not be read; the update is left out');
        return;
      } finally {
        reserving.delete(id);
      }
      if (slot <= ctx.clock.now().getTime()) return send(request);
      waiting.set(id, slot);
      kick();
    },
    get queued() {
      return waiting.size;
    },
  };
}
