/**
 * The time every replica shares: the store's clock (the database server's on PostgreSQL, this
 * process's for the embedded store), read through the port and kept as an offset from this
 * replica's own clock, so reading it costs no round trip.
 *
 * Why both this and the store's own judgement: the store judges every lease, expiry and follow-up
 * schedule by its clock in the statement itself (core/store-ports.ts), which no replica's clock can
 * fool; but the core also stamps times (a request's `expiresAt`, a rerun's next poll) and decides
 * on them (a click after expiry, the expire transition's `past-expiry`). Those read this clock, so
 * a replica 90 s ahead neither expires a request early nor schedules polls 90 s late. The offset is
 * measured at start and on every heartbeat (core/background.ts); a step of this replica's own clock
 * in between is corrected at the next beat, and never reaches a lease, which the store stamps.
 */
import type { Clock } from '../lib/ports.ts';

/** What one reading of the store's clock found. */
export interface ClockReading {
  /** How far this replica's clock is ahead of the store's (negative: behind), in ms. */
  aheadMs: number;
  /** How long the reading took: the offset is known to within half of it. */
  roundTripMs: number;
}

export class SharedClock implements Clock {
  private offsetMs = 0;

  constructor(
    /** This replica's own clock. */
    private readonly local: Clock,
    private readonly store: { now(): Promise<Date> },
  ) {}

  /** The store's time, as this replica's clock and the last reading put it. */
  now(): Date {
    return new Date(this.local.now().getTime() + this.offsetMs);
  }

  /**
   * Reads the store's clock and keeps the offset from this replica's. The store's reading was taken
   * somewhere within the round trip, so it is set against the round trip's middle; a difference no
   * larger than half the round trip is no difference the reading can show, and is taken as none
   * (one process's store reads this very clock).
   */
  async sync(): Promise<ClockReading> {
    const before = this.local.now().getTime();
    const theirs = (await this.store.now()).getTime();
    const after = this.local.now().getTime();
    const roundTripMs = after - before;
    const offset = theirs - (before + after) / 2;
    this.offsetMs = Math.abs(offset) <= roundTripMs / 2 ? 0 : Math.round(offset);
    return { aheadMs: 0 - this.offsetMs, roundTripMs };
  }
}
