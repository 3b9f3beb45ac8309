/**
 * At most `max` tasks run at once; the rest wait their turn, first come first served (what p-limit
 * does, in the few lines this needs, so no dependency is added for it). A task that fails frees
 * its turn like one that succeeds.
 */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

export function limit(max: number): Limit {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished task hands its turn straight to the next waiting one, so no task that arrives in
  // between can take it too.
  const next = () => {
    const handOver = waiting.shift();
    if (handOver) handOver();
    else running -= 1;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
