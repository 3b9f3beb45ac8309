/**
 * The PostgreSQL store against the server on 127.0.0.1:5432 (TEST_DATABASE_URL overrides it).
 * Each opening gets a schema of its own, dropped at the end. Without the server these tests
 * fail, saying so: they are how the store shared by replicas is known to work.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/lib/ports.ts';
import { isStoreError } from '../../src/store/errors.ts';
import { latestVersion } from '../../src/store/migrations.ts';
import { positional, valuesFor } from '../../src/store/named-params.ts';
import { PostgresStore } from '../../src/store/postgres.ts';
import { freePort } from '../support/ports.ts';
import { storeContract } from './contract/index.ts';
import { sampleRequest } from './sample.ts';

const URL_ = process.env['TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Pool({ connectionString: URL_, max: 2, connectionTimeoutMillis: 5000 });
const schemas = new Set<string>();

function newSchema(): string {
  const name = `rerun_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  schemas.add(name);
  return name;
}

async function drop(schema: string): Promise<void> {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  schemas.delete(schema);
}

/** Opens a store on `schema`; without a server, fails with what to do. */
async function openOn(schema: string, max?: number, clock?: Clock): Promise<PostgresStore> {
  try {
    return await PostgresStore.open({ url: URL_, schema, ...(max ? { max } : {}), ...(clock ? { clock } : {}) });
  } catch (err) {
    if (isStoreError(err, 'unreachable')) {
      throw new Error(
        `the PostgreSQL store tests need a server at ${URL_} (start PostgreSQL, or set TEST_DATABASE_URL): ${(err as Error).message}`,
        { cause: err },
      );
    }
    throw err;
  }
}

afterAll(async () => {
  for (const s of [...schemas]) await drop(s).catch(() => undefined);
  await admin.end();
});

storeContract('postgres', {
  open: async (clock) => {
    const schema = newSchema();
    return {
      store: await openOn(schema, undefined, clock),
      reopen: () => openOn(schema, undefined, clock),
      setBody: async (id, body) => {
        await admin.query(`UPDATE ${schema}.requests SET body = $2 WHERE id = $1`, [id, JSON.stringify(body)]);
      },
      cleanup: () => drop(schema),
    };
  },
  // A server out of reach: a port nothing listens on.
  unreachable: async () => {
    const store = PostgresStore.connect({ url: `postgres://postgres@127.0.0.1:${await freePort()}/test` });
    try {
      await store.get('rr-a');
    } finally {
      await store.close();
    }
  },
});

describe('postgres store specifics', () => {
  beforeAll(async () => {
    try {
      await admin.query('SELECT 1');
    } catch (err) {
      throw new Error(
        `the PostgreSQL store tests need a server at ${URL_} (start PostgreSQL, or set TEST_DATABASE_URL): ${(err as Error).message}`,
        { cause: err },
      );
    }
  });

  it('lets replicas starting together on a fresh schema all migrate it, once', async () => {
    const schema = newSchema();
    const replicas = await Promise.all(Array.from({ length: 4 }, () => openOn(schema, 2)));
    try {
      for (const r of replicas) await r.ping();
      const { rows } = await admin.query(`SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`);
      expect(rows).toHaveLength(latestVersion('postgres'));
      expect(rows[0]).toEqual({ version: 1, name: 'init' });
    } finally {
      for (const r of replicas) await r.close();
      await drop(schema);
    }
  });

  it('lets exactly one of 50 claims win across two replicas', async () => {
    const schema = newSchema();
    const a = await openOn(schema, 5);
    const b = await openOn(schema, 5);
    try {
      await a.insert(sampleRequest('rr-claim'));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? a : b).transition('rr-claim', ['pending'], (r) => ({
            ...r,
            state: 'sending',
            decisions: [{ userId: `U${i}`, kind: 'approve', at: r.createdAt }],
          })),
        ),
      );
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(await b.get('rr-claim')).toEqual(winners[0]);
    } finally {
      await a.close();
      await b.close();
      await drop(schema);
    }
  });

  it('ping says so when the migrations are not applied, and answers once they are', async () => {
    const schema = newSchema();
    const store = PostgresStore.connect({ url: URL_, schema });
    try {
      await expect(store.ping()).rejects.toThrow(`(schema ${schema}) has no migrations applied`);
      await expect(store.ping()).rejects.toMatchObject({ code: 'schema' });
      await store.migrate();
      await store.ping();
    } finally {
      await store.close();
      await drop(schema);
    }
  });

  it('ping and open say so when the server is unreachable', async () => {
    const port = await freePort();
    const url = `postgres://postgres@127.0.0.1:${port}/test`;
    const store = PostgresStore.connect({ url });
    await expect(store.ping()).rejects.toThrow(`PostgreSQL at 127.0.0.1:${port}/test is unreachable: `);
    await expect(store.ping()).rejects.toMatchObject({ code: 'unreachable' });
    await store.close();
    await expect(PostgresStore.open({ url })).rejects.toThrow(`PostgreSQL at 127.0.0.1:${port}/test is unreachable: `);
    await expect(PostgresStore.open({ url })).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('runs a statement written with named parameters as PostgreSQL takes it, values by name', async () => {
    const statement = positional(`SELECT @a::int + @b::int AS sum, @a::int AS a, '@a' AS text, @list::text[] AS list`);
    const { rows } = await admin.query(statement.text, valuesFor(statement, { b: 2, a: 40, list: ['x', 'y'] }));
    expect(rows).toEqual([{ sum: 42, a: 40, text: '@a', list: ['x', 'y'] }]);
  });

  it('takes a schema name only as a plain identifier', () => {
    expect(() => PostgresStore.connect({ url: URL_, schema: 'x; DROP TABLE y' })).toThrow(/lower-case letters/);
  });
});
