/**
 * The real time plus an offset a test moves forward. A test passes an expiry or a cache's
 * lifetime at once with `advance` instead of sleeping through it, while what reads the wall clock
 * (Slack's request signatures, the emulators' own checks) is unaffected by small moves.
 */
import type { Clock } from '../../src/lib/ports.ts';

export class MovableClock implements Clock {
  protected offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves this clock `ms` ahead of the wall clock, on top of earlier moves. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /**
   * A wait on test time: instead of sleeping `ms`, the clock moves `ms` ahead at once. Given to
   * the bot as its pace sleep, with the emulator reading the same clock, a paced call still comes
   * `ms` after the one before it as both see time, without the suite waiting for it.
   */
  readonly sleep = async (ms: number): Promise<void> => {
    if (ms > 0) this.advance(ms);
  };
}

/**
 * A clock that moves only when told (from the wall clock's time when it was made): what waits on
 * it, a pace slot above all, comes only when the test moves it, however slow the machine.
 */
export class StoppedClock extends MovableClock {
  private readonly startMs = Date.now();

  override now(): Date {
    return new Date(this.startMs + this.offsetMs);
  }
}

/**
 * A pace sleep the test holds: each wait stays asleep until `step()` moves the clock to the end of
 * the latest one and wakes it (a pacer's queue sleeps once at a time; an earlier wait it gave up
 * for a newer call is woken too, as it is no longer waited on). So a test decides when the next
 * slot comes, and sees what is queued for it meanwhile.
 */
export class SteppedPace {
  private readonly sleepers: { ms: number; wake: () => void }[] = [];

  constructor(private readonly clock: MovableClock) {}

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((wake) => {
      this.sleepers.push({ ms, wake });
    });

  /** Moves the clock through the latest wait and wakes every one; false when nothing waits. */
  step(): boolean {
    const latest = this.sleepers.at(-1);
    if (!latest) return false;
    this.clock.advance(Math.max(0, latest.ms));
    for (const s of this.sleepers.splice(0)) s.wake();
    return true;
  }
}

/**
 * Waits that each end at their own time, on a clock that moves only when the test says: `sleep(ms)`
 * ends when the clock reaches the time it was asked at plus `ms`, and `next()` moves the clock to the
 * earliest such time and wakes every wait due by then. Unlike SteppedPace (one step wakes all), the
 * waits of several replicas keep their own deadlines, so a test sees what each would do when.
 */
export class Timeline {
  private sleepers: { until: number; wake: () => void }[] = [];

  constructor(private readonly clock: MovableClock) {}

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((wake) => {
      this.sleepers.push({ until: this.clock.now().getTime() + ms, wake });
    });

  /** Moves the clock to the earliest wait's end and wakes every wait due then; false when nothing waits. */
  next(): boolean {
    if (!this.sleepers.length) return false;
    const until = Math.min(...this.sleepers.map((s) => s.until));
    const now = this.clock.now().getTime();
    if (until > now) this.clock.advance(until - now);
    const due = this.sleepers.filter((s) => s.until <= until);
    this.sleepers = this.sleepers.filter((s) => s.until > until);
    for (const s of due) s.wake();
    return true;
  }
}
