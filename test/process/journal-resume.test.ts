/**
 * The older journal's import survives being killed: a process importing a journal of 3,000
 * requests (21,000 lines, some torn) is SIGKILLed midway, twice; the next start goes on from the
 * last committed batch, and the store ends exactly as an import that was never interrupted leaves
 * it: every table row for row, the unreadable lines set aside once each.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL, UNREADABLE } from '../../src/store/journal-import.ts';
import { openStore } from '../../src/store/open.ts';
import { DB_FILE, type SqliteStore } from '../../src/store/sqlite.ts';
import { captureLogger } from '../support/logs.ts';
import { writeOldJournal, type OldJournal } from '../store/old-journal.ts';
import { at } from '../store/sample.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const REQUESTS = 3_000;
const BATCH_LINES = 100;

type LogLine = Record<string, unknown>;

/**
 * Starts the importing process on `dir`; SIGKILLs it at its first progress line (logged after a
 * batch committed). Resolves with its log lines once it is gone.
 */
async function importKilled(dir: string): Promise<LogLine[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/store/import-child.ts', dir, String(BATCH_LINES)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const lines: LogLine[] = [];
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = JSON.parse(out.slice(0, nl)) as LogLine;
      out = out.slice(nl + 1);
      lines.push(line);
      if (line['percent'] !== undefined) child.kill('SIGKILL');
    }
  });
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  if (signal !== 'SIGKILL') throw new Error(`the import was not killed midway (exit ${code}):\n${err}`);
  return lines;
}

/** Every table the import writes, row for row, in a stable order. */
function tables(dir: string): Record<string, unknown[]> {
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return {
      requests: all('SELECT * FROM requests ORDER BY id'),
      items: all('SELECT * FROM request_items ORDER BY request_id, item_id'),
      audit: all('SELECT * FROM audit ORDER BY seq'),
      seen: all('SELECT * FROM seen ORDER BY key'),
      imports: all('SELECT sha256, requests, audit, events, unreadable FROM journal_imports'),
      working: all(`SELECT name FROM sqlite_schema WHERE name = 'journal_import_progress'`),
    };
  } finally {
    db.close();
  }
}

describe('an import of the older journal killed midway', () => {
  let killed: string;
  let control: string;
  let journal: OldJournal;

  beforeAll(() => {
    killed = mkdtempSync(join(tmpdir(), 'rerun-resume-'));
    control = mkdtempSync(join(tmpdir(), 'rerun-control-'));
    journal = writeOldJournal(join(killed, JOURNAL), { requests: REQUESTS, bytesPerRequest: 4000, tornEvery: 250 });
    copyFileSync(join(killed, JOURNAL), join(control, JOURNAL));
  });
  afterAll(() => {
    rmSync(killed, { recursive: true, force: true });
    rmSync(control, { recursive: true, force: true });
  });

  it('resumes where the last committed batch ended: nothing lost, nothing twice', async () => {
    const uninterrupted = (await openStore({
      dataDir: control,
      logger: captureLogger().logger,
      clock: { now: () => at(0) },
    })) as SqliteStore;
    expect(uninterrupted.imported).toMatchObject({
      requests: REQUESTS,
      audit: journal.audit,
      events: journal.events,
      unreadable: journal.torn.length,
    });
    await uninterrupted.close();

    // Killed once while importing from the start, then once again while resuming.
    const first = await importKilled(killed);
    expect(first.find((l) => l['msg'] === 'importing the older journal')).toMatchObject({ bytes: journal.bytes });
    const second = await importKilled(killed);
    const resumed = second.find((l) => l['msg'] === 'resuming the import of the older journal');
    const firstStop = Number(resumed?.['afterLine']);
    expect(firstStop).toBeGreaterThan(0);
    expect(firstStop % BATCH_LINES).toBe(0);
    const progress = second.filter((l) => l['percent'] !== undefined).at(-1);
    expect(Number(progress?.['lines'])).toBeGreaterThan(firstStop);
    expect(Number(progress?.['lines'])).toBeLessThan(journal.lines);
    expect(existsSync(join(killed, JOURNAL))).toBe(true);

    const logs = captureLogger();
    const store = (await openStore({
      dataDir: killed,
      logger: logs.logger,
      clock: { now: () => at(0) },
    })) as SqliteStore;
    expect(store.imported).toMatchObject({
      requests: REQUESTS,
      audit: journal.audit,
      events: journal.events,
      unreadable: journal.torn.length,
    });
    expect(store.imported?.resumedAfterLine).toBeGreaterThan(firstStop);
    expect(store.imported?.resumedAfterLine).toBeLessThan(journal.lines);
    expect(existsSync(join(killed, JOURNAL))).toBe(false);
    await store.close();

    const got = tables(killed);
    const want = tables(control);
    expect(got.requests).toHaveLength(REQUESTS);
    expect(got.audit).toHaveLength(journal.audit);
    expect(got.working).toEqual([]);
    expect(got).toEqual(want);
    // The torn lines set aside once each, with their line numbers, as the uninterrupted import did.
    const unreadable = readFileSync(join(killed, UNREADABLE), 'utf8');
    expect(unreadable).toBe(readFileSync(join(control, UNREADABLE), 'utf8'));
    expect(
      unreadable
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { line: number }).line),
    ).toEqual(journal.torn);
  });
}, 180_000);
