/**
 * Time for unit tests of what waits (the pacers): a clock that moves only when told, and a sleep
 * that wakes on it, in order of wake-up time. Nothing waits for real.
 */
export const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

/** Lets every pending promise callback run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock that moves only when told, and a sleep that wakes on it, in order of wake-up time. */
export function fakeTime() {
  let t = T0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        slept.push(ms);
        sleepers.push({ at: t + ms, wake });
      }),
    sleeping: () => sleepers.length,
    /** Moves the clock on by `ms`, waking each sleeper at its time. */
    async advance(ms: number): Promise<void> {
      const end = t + ms;
      for (;;) {
        await settle();
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > end) break;
        sleepers.shift();
        t = next.at;
        next.wake();
      }
      t = end;
      await settle();
    },
  };
}
