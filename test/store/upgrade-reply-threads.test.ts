/**
 * Migration 007 on both stores: reply rows queued before the `thread_ts` column existed are found
 * by their alert's thread afterwards (the column is filled in from each row's JSON), and a digest
 * row, which answers no one thread, is found by none.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueuedReply } from '../../src/core/model/reply.ts';
import type { Store } from '../../src/core/ports.ts';
import { migrationsOf } from '../../src/store/migrations.ts';
import { PostgresStore } from '../../src/store/postgres.ts';
import { DB_FILE, SqliteStore } from '../../src/store/sqlite.ts';

const PG_URL = process.env['TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Pool({ connectionString: PG_URL, max: 2, connectionTimeoutMillis: 5000 });
afterAll(() => admin.end());

const alert: QueuedReply = {
  id: 'rp-old1',
  channel: 'C1',
  collapseKey: 'batch-gz [["job_ids","job-1"]]',
  createdAt: 1_000,
  body: { kind: 'alert', threadTs: '1700000000.000100', targetId: 'batch-gz', raw: {}, items: ['job-1'], locale: 'en' },
  state: 'posted',
  count: 1,
  shownCount: 1,
  attempts: 1,
  postedTs: '1700000001.000200',
};
const digest: QueuedReply = {
  ...alert,
  id: 'rp-old2',
  collapseKey: 'digest',
  body: { kind: 'digest', replies: ['rp-old1'], locale: 'en' },
};
/** The row as migration 003 wrote it. */
const row = (r: QueuedReply) => [r.id, r.channel, r.collapseKey, r.createdAt, JSON.stringify(r)] as const;

interface AtSix {
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

async function sqliteAt6(): Promise<AtSix> {
  const dir = mkdtempSync(join(tmpdir(), 'rerun-upgrade-7-'));
  const db = new Database(join(dir, DB_FILE));
  db.exec(`CREATE TABLE schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  for (const m of migrationsOf('sqlite').slice(0, 6)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
  }
  const put = db.prepare(
    'INSERT INTO replies (id, channel, collapse_key, created_at, work, body) VALUES (?, ?, ?, ?, 0, ?)',
  );
  for (const r of [alert, digest]) put.run(...row(r));
  db.close();
  let store: Store | undefined;
  return {
    open: async () => (store = SqliteStore.open(dir)),
    cleanup: async () => {
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresAt6(): Promise<AtSix> {
  const schema = `rerun_upgrade7_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(`CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    for (const m of migrationsOf('postgres').slice(0, 6)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    for (const r of [alert, digest])
      await client.query(
        'INSERT INTO replies (id, channel, collapse_key, created_at, work, body) VALUES ($1, $2, $3, $4, false, $5)',
        [...row(r)],
      );
  } finally {
    await client.end();
  }
  let store: Store | undefined;
  return {
    open: async () => (store = await PostgresStore.open({ url: PG_URL, schema })),
    cleanup: async () => {
      await store?.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

describe.each([
  ['sqlite', sqliteAt6],
  ['postgres', postgresAt6],
] as const)('migration 007, reply threads (%s)', (_name, at6) => {
  it("finds a reply queued before the migration by its alert's thread; a digest by none", async () => {
    const db = await at6();
    try {
      const store = await db.open();
      expect(await store.replyForThread('C1', '1700000000.000100')).toMatchObject({ id: 'rp-old1', state: 'posted' });
      expect(await store.replyForThread('C1', '1700000001.000200')).toBeUndefined();
      expect(await store.replyForThread('C2', '1700000000.000100')).toBeUndefined();
      expect((await store.getReplies(['rp-old2']))[0]?.body.kind).toBe('digest');
    } finally {
      await db.cleanup();
    }
  });
});
