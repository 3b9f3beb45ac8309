/**
 * The PostgreSQL schema's migrations (migrations/postgres/), applied in order inside the caller's
 * transaction, which holds the advisory lock: a replica starting at the same time waits, then finds
 * them applied.
 */
import type pg from 'pg';
import { migrationsOf } from './migrations.ts';

/** The advisory lock key migrations run under ('rerunbot' in ASCII, as a bigint). */
export const MIGRATION_LOCK_KEY = '8243120541660245876';

export async function applyMigrations(client: pg.PoolClient, schema: string | undefined): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  const applied = new Set(
    (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
  );
  for (const m of migrationsOf('postgres')) {
    if (applied.has(m.version)) continue;
    await client.query(m.sql);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
  }
}
