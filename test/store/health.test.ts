/**
 * The embedded store's health at start: a damaged file is refused with what to do (not opened to
 * fail every request later), the check is skipped for a file over the cap and the log says so, and
 * a data directory that is not one is named. A read-only or full directory and damage at run time
 * are in test/process/store-health.test.ts (they need a mount and a running bot).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { StoreRefusal } from '../../src/store/errors.ts';
import { DB_FILE, SqliteStore } from '../../src/store/sqlite.ts';
import { captureLogger } from '../support/logs.ts';
import { overwrite, seedStore } from './damage.ts';

const refusalOf = (open: () => unknown): StoreRefusal => {
  try {
    open();
  } catch (err) {
    if (err instanceof StoreRefusal) return err;
    throw err;
  }
  throw new Error('the store opened');
};

describe('the SQLite store checks its file and directory at start', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rerun-health-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a sound file, saying the check ran', async () => {
    await seedStore(dir, 200);
    const logs = captureLogger();
    const store = (await openStore({ dataDir: dir, logger: logs.logger })) as SqliteStore;
    expect(store.check).toMatchObject({ quickCheck: 'ok' });
    const opened = logs.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['msg'] === 'store opened');
    expect(opened).toMatchObject({ store: 'sqlite', quickCheck: 'ok', file: join(dir, DB_FILE) });
    expect(await store.list({ limit: 1000 })).toHaveLength(200);
    await store.close();
  });

  it('refuses a file whose pages were overwritten, naming it, quick_check’s finding and what to do', async () => {
    const file = await seedStore(dir, 2000);
    const size = statSync(file).size;
    // Pages in the middle of the file: table and index pages, not the header.
    overwrite(file, Math.floor(size / 2 / 4096) * 4096, 8 * 4096);
    const refusal = refusalOf(() => SqliteStore.open(dir));
    expect(refusal.code).toBe('damaged');
    expect(refusal.message).toMatch(new RegExp(`^${file} is damaged \\(PRAGMA quick_check: [^;]*page \\d+`));
    expect(refusal.message).toContain('rerun-bot will not start on it');
    expect(refusal.message).toContain(`restore the last backup of ${file}`);
    expect(refusal.message).toContain('docs/operations.md');
    expect(refusal.message).not.toContain('\n');
    // Nothing was changed: the same file is refused again (no half-opened connection holds it).
    expect(refusalOf(() => SqliteStore.open(dir)).code).toBe('damaged');
  });

  it('refuses a file that is not a database at all (its header overwritten)', async () => {
    const file = await seedStore(dir, 10);
    overwrite(file, 0, 100);
    const refusal = refusalOf(() => SqliteStore.open(dir));
    expect(refusal.code).toBe('damaged');
    expect(refusal.message).toMatch(new RegExp(`^${file} is damaged \\(SQLITE_NOTADB: `));
    expect(refusal.message).toContain('docs/operations.md');
  });

  it('skips the check for a file over the cap and warns that it did, with what to run instead', async () => {
    const file = await seedStore(dir, 50);
    const logs = captureLogger();
    const store = (await openStore({ dataDir: dir, logger: logs.logger, quickCheckMaxBytes: 4096 })) as SqliteStore;
    expect(store.check).toEqual({ quickCheck: 'skipped', bytes: statSync(file).size, maxBytes: 4096 });
    const warning = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['level'] === 40);
    expect(warning).toMatchObject({ file, quickCheck: 'skipped', maxBytes: 4096 });
    expect(String(warning?.['msg'])).toContain('PRAGMA quick_check');
    await store.close();
  });

  it('names a data directory that is a file, with the path', () => {
    const notDir = join(dir, 'data');
    writeFileSync(notDir, 'not a directory');
    const refusal = refusalOf(() => SqliteStore.open(notDir));
    expect(refusal.code).toBe('not-a-directory');
    expect(refusal.message).toMatch(new RegExp(`^the data directory ${notDir} is not a directory`));
  });
});
