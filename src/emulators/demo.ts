/**
 * What a provider folder contributes to the demo (docs/SPEC.md §3, the console paragraph): the
 * id of its example target, and a way to start its emulator on 127.0.0.1, seeded with the
 * vendor documents' examples. The local console points targets without credentials at it;
 * the tests run the same seeds. Nothing here names a provider.
 */

export interface ProviderDemo {
  /** The target id the demo configuration uses, e.g. batch-gz. */
  targetId: string;
  /** Starts this provider's emulator on 127.0.0.1 (port 0), seeded with the documented examples. */
  start(options?: DemoOptions): Promise<RunningDemo>;
}

export interface DemoOptions {
  /**
   * How long an accepted rerun's job runs before it ends the way the demo data says (some
   * succeed, some fail again), so a newcomer sees the end. Absent: jobs keep the state the
   * rerun gave them (the tests of the emulators themselves).
   */
  runMs?: number;
}

/** The demo's run length on the console: long enough to see the job running, short enough to wait for. */
export const DEMO_RUN_MS = 5_000;

/**
 * Ends each rerun call's run `runMs` after the emulator accepted it, with `end` (the demo data's
 * ending). `calls` is the emulator's own live record of accepted calls; returns the stop.
 */
export function endRunsAfter<C>(calls: readonly C[], runMs: number | undefined, end: (call: C) => void): () => void {
  if (runMs === undefined) return () => undefined;
  let seen = calls.length;
  const timers = new Set<NodeJS.Timeout>();
  const watch = setInterval(
    () => {
      for (; seen < calls.length; seen++) {
        const call = calls[seen] as C;
        const timer = setTimeout(() => {
          timers.delete(timer);
          end(call);
        }, runMs);
        timer.unref();
        timers.add(timer);
      }
    },
    Math.max(10, Math.min(100, runMs)),
  );
  watch.unref();
  return () => {
    clearInterval(watch);
    for (const t of timers) clearTimeout(t);
  };
}

export interface RunningDemo {
  /** Base URL of the emulator, e.g. http://127.0.0.1:41234. */
  url: string;
  /**
   * The target's entry under `targets:` (a YAML-shaped plain object, as a user would write it),
   * pointing at `url`, with the emulator's obviously fake credentials.
   */
  target: Record<string, unknown>;
  /** The auth block only, so a configured target with no credentials can be pointed at the emulator. */
  auth: Record<string, unknown>;
  /**
   * How many rerun calls the emulator has accepted so far, each with a verified signature. The
   * state is live: an accepted rerun changes the seeded jobs the way the provider would.
   */
  rerunCalls(): number;
  close(): Promise<void>;
}
