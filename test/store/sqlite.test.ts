import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestVersion } from '../../src/store/migrations.ts';
import { SQL } from '../../src/store/sqlite-sql.ts';
import { connect, DB_FILE, SqliteStore } from '../../src/store/sqlite.ts';
import { storeContract } from './contract/index.ts';
import { sampleRequest } from './sample.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const tempDir = () => mkdtempSync(join(tmpdir(), 'rerun-sqlite-'));

storeContract('sqlite', {
  open: async (clock) => {
    const dir = tempDir();
    const o = clock ? { clock } : {};
    return {
      store: SqliteStore.open(dir, o),
      reopen: async () => SqliteStore.open(dir, o),
      setBody: async (id, body) => {
        const db = new Database(join(dir, DB_FILE));
        db.prepare('UPDATE requests SET body = ? WHERE id = ?').run(JSON.stringify(body), id);
        db.close();
      },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  // The embedded store's database out of reach: a directory where its file should be.
  unreachable: async () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir, DB_FILE));
      SqliteStore.open(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** Starts a process holding the store under `dir`; resolves once it has opened it. */
async function holder(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/store/hold-db.ts'), dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`the holding process left (${code}):\n${out}`)));
  });
  return { child, exited };
}

describe('sqlite store specifics', () => {
  it('opens with WAL, synchronous=FULL, foreign keys on and the file locked to this connection', () => {
    const dir = tempDir();
    const { db } = connect(join(dir, DB_FILE), new Date());
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('locking_mode', { simple: true })).toBe('exclusive');
      expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
        { version: 1, name: 'init' },
        { version: 2, name: 'follow' },
        { version: 3, name: 'replies' },
        { version: 4, name: 'lifecycle' },
        { version: 5, name: 'posts' },
        { version: 6, name: 'nudges' },
        { version: 7, name: 'reply_threads' },
        { version: 8, name: 'watchers' },
        { version: 9, name: 'home_viewers' },
      ]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers every query from an index: no statement reads a whole table', () => {
    const dir = tempDir();
    const { db } = connect(join(dir, DB_FILE), new Date());
    try {
      const scans: string[] = [];
      for (const [name, sql] of Object.entries(SQL)) {
        // Read whole on purpose, once at open: one row per provider credential and Slack channel.
        if (name === 'pacesAll') continue;
        const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
        const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1] as string))];
        const plan = (
          named.length
            ? stmt.all(Object.fromEntries(named.map((n) => [n, 1])))
            : stmt.all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 1))
        ) as { detail: string }[];
        for (const { detail } of plan) {
          // A full scan of a table; scanning a (partial) index in order is what LIMIT and due() want.
          if (
            /^SCAN (requests|request_items|audit|seen|leases|paces|replies|watchers|r|i)\b(?! USING (COVERING )?INDEX)/.test(
              detail,
            )
          ) {
            scans.push(`${name}: ${detail}`);
          }
        }
      }
      expect(scans).toEqual([]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second process on the same file, naming it and what to do; opens once that process is killed', async () => {
    const dir = tempDir();
    const { child, exited } = await holder(dir);
    try {
      let error: Error | undefined;
      try {
        SqliteStore.open(dir);
      } catch (err) {
        error = err as Error;
      }
      expect(error?.message).toBe(
        `${join(dir, DB_FILE)} is in use by another rerun-bot process: run one bot per data directory, ` +
          'or set DATABASE_URL to share PostgreSQL between replicas',
      );
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const store = SqliteStore.open(dir);
    expect((await store.get('rr-from-child'))?.id).toBe('rr-from-child');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ping says so, coded schema, when the file is at a schema version this code does not know', async () => {
    const dir = tempDir();
    const { db } = connect(join(dir, DB_FILE), new Date());
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(99, 'future', 'x');
    db.close();
    const store = SqliteStore.open(dir);
    try {
      await expect(store.ping()).rejects.toMatchObject({
        name: 'StoreError',
        code: 'schema',
        message: `${join(dir, DB_FILE)} is at schema version 99, this version of rerun-bot needs ${latestVersion('sqlite')}`,
      });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second open in the same process while the first is open', async () => {
    const dir = tempDir();
    const first = SqliteStore.open(dir);
    await first.insert(sampleRequest('rr-1'));
    expect(() => SqliteStore.open(dir)).toThrow(/is in use by another rerun-bot process/);
    await first.close();
    const second = SqliteStore.open(dir);
    expect(await second.get('rr-1')).toBeDefined();
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
