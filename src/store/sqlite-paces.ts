/**
 * The embedded store's pace slots, kept in memory, not written per call: the file has one process
 * (the exclusive lock), so memory is as shared as the file, and a write here would be an fsync on
 * the event loop before every provider call and every alert reply (it held up Slack's acks under
 * load). The slots are read at open and written back at close; after a crash the next slot may come
 * up to one interval early, which a restart's own time more than covers.
 */
import type Database from 'better-sqlite3';

interface PaceStatements {
  pacesAll: { all(): unknown[] };
  paceSave: { run(key: string, nextAt: number): unknown };
}

export class SqlitePaces {
  /** Each pace's next free slot (ms since the epoch), by key. */
  private readonly next = new Map<string, number>();

  constructor(private readonly s: PaceStatements) {
    for (const { key, nextAt } of s.pacesAll.all() as { key: string; nextAt: number }[]) this.next.set(key, nextAt);
  }

  /** The slot of `key` at least `intervalMs` after the previous one, never before `now` (ms). */
  reserve(key: string, intervalMs: number, now: number): number {
    const start = Math.max(this.next.get(key) ?? -Infinity, now);
    this.next.set(key, start + intervalMs);
    return start;
  }

  /** Writes every slot back, in one transaction (at close). */
  save(db: Database.Database): void {
    db.transaction(() => {
      for (const [key, nextAt] of this.next) this.s.paceSave.run(key, nextAt);
    })();
  }
}
