/**
 * Where the older journal's import writes in the SQLite store (journal-import.ts reads the journal):
 * each batch of lines, with how far the import got, in one transaction.
 *
 * How far it got is kept in `journal_import_progress`, a working table that exists only while an
 * import is under way: created by the first batch, dropped by the transaction that records the
 * import as done. It is not a migration on purpose: it belongs to one start of one install, and a
 * finished import leaves the schema exactly as the migrations made it.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry, RerunRequest, RequestState } from '../core/model/request.ts';
import type { ImportProgress, JournalSink } from './journal-import.ts';
import type { WatchedStatement } from './sqlite-health.ts';

const PROGRESS_TABLE = 'journal_import_progress';

const SINK_SQL = {
  createProgress: `CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (
      sha256 TEXT PRIMARY KEY,
      lines INTEGER NOT NULL,
      requests INTEGER NOT NULL,
      audit INTEGER NOT NULL,
      events INTEGER NOT NULL,
      unreadable INTEGER NOT NULL,
      unreadable_bytes INTEGER NOT NULL
    ) STRICT`,
  hasProgress: `SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '${PROGRESS_TABLE}'`,
  readProgress: `SELECT sha256, lines, requests, audit, events, unreadable, unreadable_bytes AS unreadableBytes
    FROM ${PROGRESS_TABLE} LIMIT 1`,
  saveProgress: `INSERT OR REPLACE INTO ${PROGRESS_TABLE}
    (sha256, lines, requests, audit, events, unreadable, unreadable_bytes)
    VALUES (@sha256, @lines, @requests, @audit, @events, @unreadable, @unreadableBytes)`,
  dropProgress: `DROP TABLE IF EXISTS ${PROGRESS_TABLE}`,
  // A later line of a request replaces the row (and, by the foreign key's cascade, its items).
  deleteRequest: `DELETE FROM requests WHERE id = ?`,
  seenHas: `SELECT 1 FROM seen WHERE key = ?`,
} as const;

export interface SinkStore {
  db: Database.Database;
  s: Record<'importedAlready' | 'holdsData' | 'appendAudit' | 'importSeen' | 'recordImport', WatchedStatement>;
  /** Inserts a request row with its items; `shownState` is the state its message shows. */
  insertRow(request: RerunRequest, shownState: RequestState | null): void;
}

export function sqliteJournalSink({ db, s, insertRow }: SinkStore): JournalSink {
  const deleteRequest = db.prepare(SINK_SQL.deleteRequest);
  const seenHas = db.prepare(SINK_SQL.seenHas);
  const hasProgress = () => db.prepare(SINK_SQL.hasProgress).get() !== undefined;
  return {
    importedAlready: (sha256) => s.importedAlready.get(sha256) !== undefined,
    holdsData: () => (s.holdsData.get() as { holds: number }).holds === 1,
    interrupted: () => {
      if (!hasProgress()) return undefined;
      const row = db.prepare(SINK_SQL.readProgress).get() as (ImportProgress & { sha256: string }) | undefined;
      if (!row) return undefined;
      const { sha256, ...progress } = row;
      return { sha256, progress };
    },
    // Spans the awaits between lines, so it is opened and ended by hand: nothing else uses the
    // connection until the import is done (the store is not handed out before).
    begin: () => db.exec('BEGIN IMMEDIATE'),
    request: (r: RerunRequest) => {
      const known = deleteRequest.run(r.id).changes > 0;
      // A published request's message showed its state when the older version last wrote it:
      // only open ones come due.
      insertRow(r, r.published ? r.state : null);
      return !known;
    },
    audit: (a: AuditEntry) => void s.appendAudit.run(a.requestId, a.at, JSON.stringify(a)),
    event: (key: string, until: number) => {
      const known = seenHas.get(key) !== undefined;
      s.importSeen.run(key, until);
      return !known;
    },
    commit: (sha256: string, progress: ImportProgress) => {
      db.exec(SINK_SQL.createProgress);
      db.prepare(SINK_SQL.saveProgress).run({ sha256, ...progress });
      db.exec('COMMIT');
    },
    rollback: () => {
      if (db.inTransaction) db.exec('ROLLBACK');
    },
    finish: (sha256, t, now) =>
      db.transaction(() => {
        s.recordImport.run(sha256, now.toISOString(), t.requests, t.audit, t.events, t.unreadable);
        db.exec(SINK_SQL.dropProgress);
      })(),
  };
}
