/**
 * Work under way (asking, deciding, calling a provider, a Slack listener after its ack), so a
 * shutdown can let it finish and a test can wait until nothing is left instead of sleeping.
 */
export class WorkTracker {
  private readonly inflight = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    const done = () => this.inflight.delete(work);
    work.then(done, done);
    return work;
  }

  /** Whether any tracked work has not ended yet. */
  get busy(): boolean {
    return this.inflight.size > 0;
  }

  /** Waits until no work is left (work may start more work), at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const timedOut = new Promise<void>((resolve) => deadline.signal.addEventListener('abort', () => resolve()));
    try {
      while (this.inflight.size && !deadline.signal.aborted)
        await Promise.race([Promise.allSettled([...this.inflight]), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
