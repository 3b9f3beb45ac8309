/**
 * Pacing, injected: a cloud counts its limits per credential, so every target that signs with
 * the same credential must share one pace, and so must every replica of the bot. The composition
 * root makes one `Pacers` per process and hands it to every provider session; with several
 * replicas it passes a `reserve` backed by the shared store, so one credential keeps one pace
 * whichever replica calls. Tests make their own, so no pace leaks between them.
 *
 * A pacer is a plain async chain (reserve a slot, sleep until it starts, call): the call runs in
 * its caller's async context, so what the caller scoped with AsyncLocalStorage (the rerun's
 * hooks, see http.ts) is still there when the request goes out.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Pacer, Pacers } from '../types.ts';

/**
 * Reserves the next slot of `key`, at least `intervalMs` after the slot before it and never
 * before now, and returns when it starts (ms since the epoch). Atomic: two callers, in this
 * process or in another replica, never get the same slot.
 */
export type Reserve = (key: string, intervalMs: number) => Promise<number>;

interface PacingOptions {
  /** Where slots are reserved; by default in this process's memory (one replica, the console, tests). */
  reserve?: Reserve;
  /** The time slots are compared with, in ms since the epoch. */
  now?: () => number;
  /** Waits `ms` before a slot starts. */
  sleep?: (ms: number) => Promise<void>;
}

/** Slots kept in this process's memory: the next free slot of each key. */
export function inMemoryReserve(now: () => number = Date.now): Reserve {
  const next = new Map<string, number>();
  return async (key, intervalMs) => {
    const slot = Math.max(next.get(key) ?? -Infinity, now());
    next.set(key, slot + intervalMs);
    return slot;
  };
}

export function createPacers(options: PacingOptions = {}): Pacers {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const reserve = options.reserve ?? inMemoryReserve(now);
  const pacers = new Map<string, Pacer>();

  function pacer(key: string, intervalMs: number): Pacer {
    // Reservations of one key are asked one after another, so the slots come back in call order
    // even from a store that answers concurrent requests in any order. A failed one is the
    // caller's error and does not hold up the next.
    let previous: Promise<unknown> = Promise.resolve();
    return async (fn) => {
      const slot = previous.then(() => reserve(key, intervalMs));
      previous = slot.catch(() => undefined);
      const wait = (await slot) - now();
      if (wait > 0) await sleep(wait);
      return fn();
    };
  }

  return {
    get(key, intervalMs) {
      let found = pacers.get(key);
      if (!found) {
        found = pacer(key, intervalMs);
        pacers.set(key, found);
      }
      return found;
    },
  };
}
