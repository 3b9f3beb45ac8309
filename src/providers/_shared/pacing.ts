/**
 * Pacing, injected: a cloud counts its limits per credential, so every target that signs with
 * the same credential must share one pace. The composition root makes one `Pacers` per process
 * and hands it to every provider session; tests make their own, so no pace leaks between them.
 */
import pThrottle from 'p-throttle';

/** Runs `fn` when the pace allows, in call order. */
export type Pacer = <T>(fn: () => Promise<T>) => Promise<T>;

export interface Pacers {
  /**
   * The pacer for `key` (a provider's own name for a credential, never the secret itself),
   * spacing calls at least `intervalMs` apart. The first caller's interval wins for a key.
   */
  get(key: string, intervalMs: number): Pacer;
}

export function createPacers(): Pacers {
  const pacers = new Map<string, Pacer>();
  return {
    get(key, intervalMs) {
      let pacer = pacers.get(key);
      if (!pacer) {
        pacer = pThrottle({ limit: 1, interval: intervalMs })(<T>(fn: () => Promise<T>) => fn()) as Pacer;
        pacers.set(key, pacer);
      }
      return pacer;
    },
  };
}
