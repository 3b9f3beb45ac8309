/**
 * The embedded store's writes, committed in groups. better-sqlite3 is synchronous and every commit
 * fsyncs its log (synchronous=FULL, sqlite-connect.ts): a few milliseconds during which nothing else
 * runs, not even Slack's acks. Under a burst (100 requests asked at once, each stored, audited,
 * published and marked shown) those commits ran back to back, one per write, and held the event
 * loop for seconds (bench/command-storm.ts).
 *
 * So writes are queued and run together at the end of the current turn of the event loop
 * (setImmediate, after the sockets were read), in one transaction: one fsync for all of them. Each
 * write still runs as its own unit (a savepoint): one that throws undoes only itself and rejects
 * only its caller. Nothing changes for a caller but when its promise settles, which is after the
 * commit, so an acknowledged write is on disk exactly as before.
 */
import type Database from 'better-sqlite3';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Write {
  op: () => unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export class GroupCommit {
  private queue: Write[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Database.Database,
    /** Told of an error of the commit itself (a full disk, a damaged file), before every write is rejected with it. */
    private readonly failed: (err: unknown) => void,
  ) {}

  /** Runs `op` (synchronous statements) in the next group's transaction; settles after its commit. */
  write<T>(op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ op, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  /** Commits what is queued now (also called at close, so nothing queued is lost). */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    const outcomes: Outcome[] = [];
    try {
      this.db
        .transaction(() => {
          for (const w of batch) {
            try {
              // Inside the group's transaction this is a savepoint: a failure undoes this write alone.
              outcomes.push({ ok: true, value: this.db.transaction(w.op)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (err) {
      this.failed(err);
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, i) => {
      const o = outcomes[i] as Outcome;
      if (o.ok) w.resolve(o.value);
      else w.reject(o.error);
    });
  }
}
