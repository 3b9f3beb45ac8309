/**
 * Opening the embedded store's file (sqlite.ts). Settings, made at open:
 * - WAL: readers never wait for the writer, and a commit appends to the log instead of
 *   rewriting pages.
 * - synchronous=FULL: every commit fsyncs the log before it returns, so an acknowledged write (an
 *   approval's claim, a remembered Slack event) survives a power loss or a kernel crash too.
 *   NORMAL would be safe against the process dying, but in WAL it lets the last commits roll back
 *   after a power loss, and a lost claim could mean a second rerun call. The cost is one fsync per
 *   commit, as the journal store before this one paid.
 * - foreign_keys=ON (request items belong to their request).
 * - locking_mode=EXCLUSIVE: one process per file. The connection takes the file's lock at open
 *   (the migration check's write transaction) and keeps it until it closes; the operating system
 *   drops it when the process dies, however it dies, so there is no stale lock file and no pid to
 *   mistake. A second process gets SQLITE_BUSY within OPEN_BUSY_MS and is refused with a message
 *   that says what to do. With EXCLUSIVE, WAL keeps its index in this process's memory (no -shm
 *   file); everything here goes through this one connection.
 * - Before migrating, PRAGMA quick_check (sqlite-health.ts): a damaged file is refused at start,
 *   with what to do, instead of failing every request later.
 */
import Database from 'better-sqlite3';
import type { Clock, Logger } from '../lib/ports.ts';
import { migrationsOf } from './migrations.ts';
import { StoreRefusal } from './errors.ts';
import { checkIntact, openRefusal, type FileCheck } from './sqlite-health.ts';

/** How long opening waits for the file's lock before deciding another process holds it. */
const OPEN_BUSY_MS = 200;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Applies the migrations not yet applied, in order, in one write transaction. */
export function migrate(db: Database.Database, now: Date): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
    );
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of migrationsOf('sqlite')) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, now.toISOString());
    }
  }).immediate();
}

export interface ConnectOptions {
  /** Above this many bytes the start-up check is skipped (default QUICK_CHECK_MAX_BYTES). */
  quickCheckMaxBytes?: number;
}

/** How the embedded store is opened (sqlite.ts): the file's check, its clock and logger, the import's batches. */
export interface SqliteOpenOptions extends ConnectOptions {
  clock?: Clock;
  /** Where a damaged file found at run time is reported (once). */
  logger?: Logger | undefined;
  /** Lines per transaction of the journal import (tests make them few). */
  importBatchLines?: number;
}

export interface Connected {
  db: Database.Database;
  /** What the start-up check did. */
  check: FileCheck;
}

/**
 * Opens `file` with the settings above, takes its lock for the life of the connection, checks it
 * and migrates it. Refuses, naming the file and what to do, when another process holds it, when it
 * is damaged, and when it cannot be written.
 */
export function connect(file: string, now: Date, o: ConnectOptions = {}): Connected {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: OPEN_BUSY_MS });
    db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new Error(`${file}: could not switch to write-ahead logging (journal_mode is ${String(mode)})`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const check = checkIntact(db, file, o.quickCheckMaxBytes);
    migrate(db, now);
    return { db, check };
  } catch (err) {
    db?.close();
    if (isBusy(err)) {
      throw new StoreRefusal(
        'in-use',
        `${file} is in use by another rerun-bot process: run one bot per data directory, ` +
          'or set DATABASE_URL to share PostgreSQL between replicas',
        { cause: err },
      );
    }
    throw openRefusal(file, err) ?? err;
  }
}
