/**
 * Stored data moving with the lifecycle (issue 14), on SQLite and on PostgreSQL alike: records
 * exactly as version 2 wrote them (its states running / succeeded / failed, its follow-up of
 * optional fields), inserted as raw rows into a schema at migration 3, then the store opened —
 * which applies migration 004. The `state` and `shown_state` columns move, `due`, `dueFollowUps`,
 * `openWith` and `startedWith` answer as version 2's did, and `get` returns the version 3 shape.
 * And an older replica meeting a newer record (`v: 99`): `get` refuses it with NewerRecordError,
 * the listings leave it out and say so once, with its id.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { REQUEST_SCHEMA_VERSION } from '../../src/core/model/request.ts';
import { NewerRecordError } from '../../src/core/model/upgrade.ts';
import type { Store } from '../../src/core/ports.ts';
import { migrationsOf } from '../../src/store/migrations.ts';
import { PostgresStore } from '../../src/store/postgres.ts';
import { DB_FILE, SqliteStore } from '../../src/store/sqlite.ts';
import { captureLogger } from '../support/logs.ts';
import { at, iso, sampleRequest } from './sample.ts';

/** The columns of `requests` at schema 3, in the order `values` gives them. */
const COLUMNS = [
  'id',
  'target_id',
  'requester',
  'state',
  'created_at',
  'expires_at',
  'started_at',
  'updated_at',
  'published',
  'shown_state',
  'lease_owner',
  'lease_until',
  'version',
  'follow_at',
  'body',
] as const;

type Row = Record<(typeof COLUMNS)[number], unknown>;

interface Schema3 {
  /** Inserts rows as they are (no store code involved), with their items for openWith. */
  insert(rows: Row[], items: [string, string][]): Promise<void>;
  /** Opens the store: migration 004 runs now. */
  open(logger: ReturnType<typeof captureLogger>['logger']): Promise<Store>;
  columns(id: string): Promise<{ state: string; shown_state: string | null }>;
  setBody(id: string, body: unknown): Promise<void>;
  cleanup(): Promise<void>;
}

const PG_URL = process.env['TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Pool({ connectionString: PG_URL, max: 2, connectionTimeoutMillis: 5000 });
afterAll(() => admin.end());

/** A SQLite file at schema 3, as version 2 left it. */
async function sqliteAt3(): Promise<Schema3> {
  const dir = mkdtempSync(join(tmpdir(), 'rerun-upgrade-'));
  const file = join(dir, DB_FILE);
  const db = new Database(file);
  db.exec(`CREATE TABLE schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  for (const m of migrationsOf('sqlite').slice(0, 3)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
  }
  db.close();
  let store: SqliteStore | undefined;
  const withDb = <T>(fn: (d: Database.Database) => T): T => {
    const d = new Database(file);
    try {
      return fn(d);
    } finally {
      d.close();
    }
  };
  return {
    insert: async (rows, items) =>
      withDb((d) => {
        const put = d.prepare(
          `INSERT INTO requests (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
        );
        for (const r of rows) put.run(...COLUMNS.map((c) => (c === 'published' ? (r[c] ? 1 : 0) : r[c])));
        const item = d.prepare('INSERT INTO request_items (request_id, item_id) VALUES (?, ?)');
        for (const [id, i] of items) item.run(id, i);
      }),
    open: async (logger) => (store = SqliteStore.open(dir, { logger, clock: { now: () => NOW } })),
    // The store holds the file exclusively: read it through the store's own connection.
    columns: async (id) =>
      (store as unknown as { db: Database.Database }).db
        .prepare('SELECT state, shown_state FROM requests WHERE id = ?')
        .get(id) as { state: string; shown_state: string | null },
    setBody: async (id, body) => {
      (store as unknown as { db: Database.Database }).db
        .prepare('UPDATE requests SET body = ? WHERE id = ?')
        .run(JSON.stringify(body), id);
    },
    cleanup: async () => {
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL schema of its own at migration 3, as version 2 left it. */
async function postgresAt3(): Promise<Schema3> {
  const schema = `rerun_upgrade_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  let store: PostgresStore | undefined;
  try {
    await client.query(`CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    for (const m of migrationsOf('postgres').slice(0, 3)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
  } finally {
    await client.end();
  }
  return {
    insert: async (rows, items) => {
      for (const r of rows)
        await admin.query(
          `INSERT INTO ${schema}.requests (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
          COLUMNS.map((c) => r[c]),
        );
      for (const [id, i] of items)
        await admin.query(`INSERT INTO ${schema}.request_items (request_id, item_id) VALUES ($1, $2)`, [id, i]);
    },
    open: async (logger) =>
      (store = await PostgresStore.open({ url: PG_URL, schema, logger, clock: { now: () => NOW } })),
    columns: async (id) =>
      (await admin.query(`SELECT state, shown_state FROM ${schema}.requests WHERE id = $1`, [id])).rows[0],
    setBody: async (id, body) => {
      await admin.query(`UPDATE ${schema}.requests SET body = $2 WHERE id = $1`, [id, JSON.stringify(body)]);
    },
    cleanup: async () => {
      await store?.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

// The tests' instants: created at 0, now at 10 minutes; pending requests expire at 30 minutes.
const NOW = at(10 * 60_000);
const message = { id: 'tencent-batch.accepted', params: { count: 1 } };
const running = { items: [{ id: 'job-a', state: 'RUNNING', result: 'running' }], terminal: false };
const failedStatus = { items: [{ id: 'job-e', state: 'FAILED', result: 'failed' }], terminal: true };
const succeededStatus = { items: [{ id: 'job-g', state: 'SUCCEED', result: 'succeeded' }], terminal: true };

/**
 * A request body exactly as version 2 wrote it: `v: 2`, its state words, and its follow-up as
 * optional fields (`final`, `replying`, `replied`, `replyFailures`).
 */
function v2(id: string, item: string, state: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = sampleRequest(id, {
    createdAt: iso(0),
    updatedAt: iso(60_000),
    expiresAt: iso(30 * 60_000),
    preview: { items: [{ id: item, state: 'FAILED', eligible: true }], notes: [] },
    raw: { job_ids: [item] },
    params: { job_ids: [item] },
    send: { job_ids: [item] },
    published: { kind: 'slack', channel: 'C0INCIDENT', ts: '1700000000.000001' },
  }) as unknown as Record<string, unknown>;
  const approved = [{ userId: 'U0BOB', kind: 'approve', at: iso(60_000) }];
  return { ...base, v: 2, state, decisions: state === 'pending' ? [] : approved, ...extra };
}

const outcome = (status: string, calls: number) => ({
  status,
  items: [],
  message,
  calls,
  ...(status === 'accepted' ? { providerRequestId: 'req-fake-0001' } : {}),
});
const execution = (o?: ReturnType<typeof outcome>) => ({
  startedAt: iso(60_000),
  ...(o ? { finishedAt: iso(61_000), outcome: o } : {}),
});

/** What version 2 stored for each kind of record, and its columns as version 2 set them. */
const RECORDS = {
  pending: v2('rr-v2pending', 'job-p', 'pending'),
  // The call under way (a replica crashed mid-call: its lease ran out).
  sending: v2('rr-v2sending', 'job-s', 'running', { execution: execution() }),
  // Accepted, its job followed; the message last showed the call under way.
  accepted: v2('rr-v2accepted', 'job-a', 'succeeded', {
    execution: execution(outcome('accepted', 1)),
    follow: {
      startedAt: iso(61_000),
      until: iso(24 * 3_600_000),
      nextAt: iso(5 * 60_000),
      polls: 2,
      last: { at: iso(3 * 60_000), status: running },
    },
  }),
  refused: v2('rr-v2refused', 'job-r', 'failed', { execution: execution(outcome('rejected', 1)) }),
  notSent: v2('rr-v2notsent', 'job-n', 'failed', { execution: execution(outcome('rejected', 0)) }),
  // The job failed again; a replica was posting the final reply (one refused post before).
  replying: v2('rr-v2replying', 'job-e', 'succeeded', {
    execution: execution(outcome('accepted', 1)),
    follow: {
      startedAt: iso(61_000),
      until: iso(24 * 3_600_000),
      nextAt: iso(6 * 60_000),
      polls: 4,
      last: { at: iso(6 * 60_000), status: failedStatus },
      final: { end: 'failed', at: iso(6 * 60_000), status: failedStatus },
      replying: { at: iso(6 * 60_000), by: 'replica-old' },
      replyFailures: 1,
    },
  }),
  // The job succeeded and its reply was given: nothing is due any more.
  replied: v2('rr-v2replied', 'job-g', 'succeeded', {
    execution: execution(outcome('accepted', 1)),
    follow: {
      startedAt: iso(61_000),
      until: iso(24 * 3_600_000),
      polls: 3,
      last: { at: iso(4 * 60_000), status: succeededStatus },
      final: { end: 'succeeded', at: iso(4 * 60_000), status: succeededStatus },
      replied: { at: iso(4 * 60_000 + 500) },
    },
  }),
} as const;

/** The row version 2 wrote for a body: its state column, the state its message last showed. */
function rowOf(body: Record<string, unknown>, shown: string | null): Row {
  const follow = body['follow'] as { nextAt?: string } | undefined;
  const exec = body['execution'] as { startedAt: string } | undefined;
  return {
    id: body['id'],
    target_id: 'batch-gz',
    requester: 'U0ALICE',
    state: body['state'],
    created_at: Date.parse(body['createdAt'] as string),
    expires_at: Date.parse(body['expiresAt'] as string),
    started_at: exec ? Date.parse(exec.startedAt) : null,
    updated_at: Date.parse(body['updatedAt'] as string),
    published: true,
    shown_state: shown,
    lease_owner: null,
    lease_until: null,
    version: 3,
    follow_at: follow?.nextAt ? Date.parse(follow.nextAt) : null,
    body: JSON.stringify(body),
  };
}

const ROWS: Row[] = [
  rowOf(RECORDS.pending, 'pending'),
  rowOf(RECORDS.sending, 'running'),
  rowOf(RECORDS.accepted, 'running'),
  rowOf(RECORDS.refused, 'failed'),
  rowOf(RECORDS.notSent, 'failed'),
  rowOf(RECORDS.replying, 'succeeded'),
  rowOf(RECORDS.replied, 'succeeded'),
];
const ITEMS: [string, string][] = Object.values(RECORDS).map((r) => {
  const items = (r['preview'] as { items: { id: string }[] }).items;
  return [r['id'] as string, items[0]?.id as string];
});
const ALL_ITEMS = ITEMS.map(([, i]) => i);
const ids = (rs: { id: string }[]) => rs.map((r) => r.id).sort();

describe.each([
  ['sqlite', sqliteAt3],
  ['postgres', postgresAt3],
] as const)('version 2 records through migration 004 (%s)', (_name, at3) => {
  it('moves the state columns, answers due / openWith / startedWith as before, and reads the v3 shape', async () => {
    const db = await at3();
    try {
      await db.insert(ROWS, ITEMS);
      const logs = captureLogger();
      const store = await db.open(logs.logger);

      const moved = {
        'rr-v2pending': { state: 'pending', shown_state: 'pending' },
        'rr-v2sending': { state: 'sending', shown_state: 'sending' },
        'rr-v2accepted': { state: 'accepted', shown_state: 'sending' },
        'rr-v2refused': { state: 'refused', shown_state: 'refused' },
        'rr-v2notsent': { state: 'not-sent', shown_state: 'not-sent' },
        'rr-v2replying': { state: 'accepted', shown_state: 'accepted' },
        'rr-v2replied': { state: 'accepted', shown_state: 'accepted' },
      };
      for (const [id, cols] of Object.entries(moved)) expect(await db.columns(id), id).toEqual(cols);

      // Version 2 saw these due: the call under way (its lease ran out), and the accepted call
      // whose message still showed it under way. Nothing else.
      expect(ids(await store.due(100))).toEqual(['rr-v2accepted', 'rr-v2sending']);
      // The next poll of the running job, and the final reply a replica was posting.
      expect(ids(await store.dueFollowUps(100))).toEqual(['rr-v2accepted', 'rr-v2replying']);
      // What holds its jobs: the pending request and the call under way.
      expect(ids(await store.openWith('batch-gz', ALL_ITEMS))).toEqual(['rr-v2pending', 'rr-v2sending']);
      // The cooldown counts every call that may have reached the provider, not the refused or unsent.
      expect(ids(await store.startedWith('batch-gz', ALL_ITEMS, at(0)))).toEqual([
        'rr-v2accepted',
        'rr-v2replied',
        'rr-v2replying',
        'rr-v2sending',
      ]);

      // Each record reads as version 3: states by the lifecycle's names, the follow-up a union.
      const get = async (id: string) => {
        const r = await store.get(id);
        expect(r?.v, id).toBe(REQUEST_SCHEMA_VERSION);
        return r;
      };
      expect((await get('rr-v2pending'))?.state).toBe('pending');
      expect((await get('rr-v2sending'))?.state).toBe('sending');
      expect(await get('rr-v2accepted')).toMatchObject({
        state: 'accepted',
        follow: { phase: 'running', nextAt: iso(5 * 60_000), polls: 2, last: { status: running } },
      });
      expect((await get('rr-v2refused'))?.state).toBe('refused');
      expect((await get('rr-v2notsent'))?.state).toBe('not-sent');
      expect(await get('rr-v2replying')).toMatchObject({
        state: 'accepted',
        follow: {
          phase: 'ended',
          end: 'failed-again',
          at: iso(6 * 60_000),
          reply: { state: 'giving', at: iso(6 * 60_000), by: 'replica-old', failures: 1 },
          nextAt: iso(6 * 60_000),
        },
      });
      const replied = await get('rr-v2replied');
      expect(replied?.follow).toMatchObject({ phase: 'ended', end: 'succeeded', reply: { state: 'given' } });
      expect(replied?.follow && 'nextAt' in replied.follow).toBe(false);
      // No v2 field is left over in the follow-up.
      for (const r of await store.list({ limit: 10 })) {
        expect(r.v).toBe(REQUEST_SCHEMA_VERSION);
        for (const key of ['final', 'replying', 'replied', 'replyFailures'])
          expect(Object.keys(r.follow ?? {}), `${r.id} ${key}`).not.toContain(key);
      }
      expect(logs.text()).not.toContain('newer');
    } finally {
      await db.cleanup();
    }
  });

  it('leaves a record of a newer version alone: get refuses it, listings skip it and warn once with its id', async () => {
    const db = await at3();
    try {
      const logs = captureLogger();
      const store = await db.open(logs.logger);
      // Due on every count: a call under way, a poll due, published.
      const r = sampleRequest('rr-fromfuture', {
        createdAt: iso(0),
        updatedAt: iso(0),
        expiresAt: iso(30 * 60_000),
        state: 'sending',
        execution: { startedAt: iso(60_000) },
        follow: { phase: 'running', startedAt: iso(61_000), until: iso(3_600_000), nextAt: iso(0), polls: 0 },
      });
      await store.insert(r);
      await store.insert(sampleRequest('rr-today', { createdAt: iso(1), updatedAt: iso(1), expiresAt: iso(1) }));
      await db.setBody('rr-fromfuture', { ...r, v: 99, somethingNew: { shape: 'unknown here' } });

      const refused = await store.get('rr-fromfuture').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(NewerRecordError);
      expect(refused).toMatchObject({ code: 'newer-record', requestId: 'rr-fromfuture', version: 99 });

      expect(ids(await store.list({ limit: 10 }))).toEqual(['rr-today']);
      expect(ids(await store.list({ targetId: 'batch-gz', limit: 10 }))).toEqual(['rr-today']);
      expect(ids(await store.due(100))).not.toContain('rr-fromfuture');
      expect(ids(await store.dueFollowUps(100))).toEqual([]);

      const warnings = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['level'] === 40);
      const about = warnings.filter((w) => w['requestId'] === 'rr-fromfuture');
      expect(about).toHaveLength(1);
      expect(about[0]).toMatchObject({ recordVersion: 99 });
      expect(String(about[0]?.['msg'])).toContain('newer');
    } finally {
      await db.cleanup();
    }
  });
});
