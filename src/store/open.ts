/**
 * Picks and opens the store: PostgreSQL when a database URL is given (several replicas share
 * it), else the embedded SQLite file under the data directory (one process). Logs which, and what
 * an import of an older version's journal did.
 */
import type { Logger, Store } from '../core/ports.ts';
import type { Clock } from '../lib/ports.ts';
import type { ImportSummary } from './journal-import.ts';
import { PostgresStore } from './postgres.ts';
import { SqliteStore } from './sqlite.ts';

export interface OpenStoreOptions {
  /** DATABASE_URL: PostgreSQL when set. */
  databaseUrl?: string | undefined;
  /** RERUN_DATA_DIR: where the SQLite file is (created if missing). */
  dataDir: string;
  logger: Logger;
  /** PostgreSQL only: the schema to keep the tables in (tests use one of their own). */
  schema?: string | undefined;
  /**
   * SQLite only: the store's clock, by which it judges leases and expiry (the process's own; one
   * process uses the file). PostgreSQL judges by the database server's clock, shared by every replica.
   */
  clock?: Clock;
  /** SQLite only: above this size the start-up check of the file is skipped (sqlite-health.ts). */
  quickCheckMaxBytes?: number;
  /** SQLite only: lines per transaction of an older journal's import (tests make them few). */
  importBatchLines?: number;
}

export async function openStore(o: OpenStoreOptions): Promise<Store> {
  if (o.databaseUrl) {
    const store = await PostgresStore.open({ url: o.databaseUrl, schema: o.schema, logger: o.logger });
    o.logger.info({ store: 'postgres', where: store.where, schema: o.schema }, 'store opened');
    return store;
  }
  const store = await SqliteStore.openImporting(o.dataDir, {
    ...(o.clock ? { clock: o.clock } : {}),
    logger: o.logger,
    ...(o.quickCheckMaxBytes !== undefined ? { quickCheckMaxBytes: o.quickCheckMaxBytes } : {}),
    ...(o.importBatchLines !== undefined ? { importBatchLines: o.importBatchLines } : {}),
  });
  o.logger.info({ store: 'sqlite', file: store.file, ...store.check }, 'store opened');
  if (store.check.quickCheck === 'skipped') {
    o.logger.warn(
      { file: store.file, ...store.check },
      `the start-up check of ${store.file} was skipped: the file is larger than ${store.check.maxBytes} bytes; ` +
        'run it by hand with the bot stopped (sqlite3 rerun.db "PRAGMA quick_check"), see docs/operations.md',
    );
  }
  if (store.imported) logImport(o.logger, store.imported);
  return store;
}

function logImport(logger: Logger, s: ImportSummary): void {
  const { journal, renamedTo, requests, audit, events, unreadable, unreadableFile, alreadyImported } = s;
  const fields = {
    journal,
    renamedTo,
    requests,
    audit,
    events,
    unreadable,
    unreadableFile,
    resumedAfterLine: s.resumedAfterLine,
  };
  if (alreadyImported) logger.info(fields, 'the older journal had been imported already; renamed it');
  else if (unreadable) {
    logger.warn(
      fields,
      `imported the older journal; ${unreadable} line(s) could not be read and were not imported: see ${unreadableFile}`,
    );
  } else logger.info(fields, 'imported the older journal');
}
