/**
 * Gauges of work waiting in the store, read when Prometheus scrapes: the alert reply queue and the
 * followed reruns. The store is shared by every replica, so each replica reports the same
 * cluster-wide number (aggregate with max, not sum). Counted up to a cap, so a scrape costs a
 * bounded read however large a backlog grows.
 */
import { Gauge, type Registry } from 'prom-client';
import type { ReplyQueueStore, RequestStore } from '../core/ports.ts';

/** The most channels, and replies per channel, a scrape reads. */
const SCRAPE_CHANNELS = 100;
const SCRAPE_REPLIES = 1000;
/** The most followed reruns a scrape counts. */
const SCRAPE_FOLLOWED = 1000;
/**
 * `dueFollowUps` looking this far ahead, past every follow-up's limit (24 h by default), returns
 * every followed rerun with a poll still to come: a lease is live only until its `until`, so none
 * is left out.
 */
const FAR_FUTURE_MS = 366 * 24 * 3_600_000;

/** The gauges read the reply queue, and the followed reruns among the requests. */
export function queueGauges(store: ReplyQueueStore & RequestStore, registers: Registry[]): void {
  new Gauge({
    name: 'rerun_reply_queue_depth',
    help: 'Alert replies waiting to be posted or updated, all channels (cluster-wide; NaN when the store is unreachable).',
    registers,
    async collect() {
      try {
        const channels = await store.replyChannels(SCRAPE_CHANNELS);
        const work = await Promise.all(channels.map((c) => store.replyWork(c, SCRAPE_REPLIES)));
        this.set(work.reduce((n, rows) => n + rows.length, 0));
      } catch {
        this.set(NaN);
      }
    },
  });
  new Gauge({
    name: 'rerun_followups_active',
    help: 'Accepted reruns still followed to their final state (cluster-wide; NaN when the store is unreachable).',
    registers,
    async collect() {
      try {
        const followed = await store.dueFollowUps(SCRAPE_FOLLOWED, FAR_FUTURE_MS);
        this.set(followed.length);
      } catch {
        this.set(NaN);
      }
    },
  });
}
