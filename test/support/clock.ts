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
}
