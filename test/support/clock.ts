/**
 * The real time plus an offset a test moves forward. A test passes an expiry or a cache's
 * lifetime at once with `advance` instead of sleeping through it, while what reads the wall clock
 * (Slack's request signatures, the emulators' own checks) is unaffected by small moves.
 */
import type { Clock } from '../../src/lib/ports.ts';

export class MovableClock implements Clock {
  private offsetMs = 0;

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
