/**
 * Whether the embedded store's directory and file can be used, and what to tell the operator when
 * they cannot: a read-only or full data directory and a damaged file are refused at start with one
 * line that names the path and says what to do; a file found damaged at run time is noticed by the
 * error's code (never its text) so /readyz can say so.
 */
import type Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, statSync } from 'node:fs';
import { rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../lib/ports.ts';
import { driverCode, StoreRefusal } from './errors.ts';

/** Where the operator reads what to do; every refusal names it. */
export const OPERATIONS_DOC = 'docs/operations.md';

/**
 * Above this size (the file and its write-ahead log together) the start-up check is skipped and the
 * log says so: PRAGMA quick_check reads every page, about a second per GB on the reference machine,
 * and start-up must stay short (SPEC: under 2 s with 100,000 requests, which is far below this).
 */
export const QUICK_CHECK_MAX_BYTES = 1024 ** 3;
/** How many problems quick_check is asked for (it stops there), and how many the refusal quotes. */
const QUICK_CHECK_PROBLEMS = 5;
const QUICK_CHECK_SHOWN = 3;

/** SQLITE_CORRUPT (and its extended codes) or SQLITE_NOTADB: the file's pages are not what SQLite wrote. */
export function isCorruption(err: unknown): boolean {
  const code = driverCode(err);
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_');
}

/** The advice every report of a damaged file ends with: the same words at start and at run time. */
export function damagedAdvice(file: string): string {
  return (
    `stop rerun-bot and restore the last backup of ${file} (with its -wal file if the backup has one), ` +
    `or move ${file} aside to start with an empty store; see "A damaged store" in ${OPERATIONS_DOC}`
  );
}

function refuseDamaged(file: string, what: string, cause?: unknown): StoreRefusal {
  return new StoreRefusal(
    'damaged',
    `${file} is damaged (${what}): rerun-bot will not start on it; ${damagedAdvice(file)}`,
    cause === undefined ? undefined : { cause },
  );
}

const DIR_ADVICE = `or set RERUN_DATA_DIR to another directory; see "The data directory" in ${OPERATIONS_DOC}`;

/** The refusal for a file-system error met while writing in `dir`, or undefined for another error. */
function dirRefusal(dir: string, err: unknown): StoreRefusal | undefined {
  const code = driverCode(err);
  const cause = { cause: err };
  switch (code) {
    case 'EROFS':
      return new StoreRefusal(
        'read-only',
        `the data directory ${dir} is on a read-only file system (EROFS): rerun-bot keeps its store there and ` +
          `must write to it. Mount it read-write, ${DIR_ADVICE}`,
        cause,
      );
    case 'EACCES':
    case 'EPERM':
      return new StoreRefusal(
        'read-only',
        `the data directory ${dir} is read-only to rerun-bot (${code}, uid ${process.getuid?.() ?? '?'}): ` +
          `rerun-bot keeps its store there and must write to it. Give it write access, ${DIR_ADVICE}`,
        cause,
      );
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return new StoreRefusal(
        'full',
        `the data directory ${dir} is full (${code}): rerun-bot cannot record requests there. ` +
          `Free space or grow the volume, ${DIR_ADVICE}`,
        cause,
      );
    case 'EEXIST':
    case 'ENOTDIR':
      return new StoreRefusal(
        'not-a-directory',
        `the data directory ${dir} is not a directory (${code}): ${DIR_ADVICE}`,
        cause,
      );
    default:
      return undefined;
  }
}

/** The closest directory at or above `dir` that exists (a read-only file system refuses to create below it). */
function existingAncestor(dir: string): string {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/**
 * Creates the data directory if needed and proves it takes a durable write (one page, synced, then
 * removed), so a read-only or full directory is refused by name before SQLite reports a bare
 * "disk I/O error". Root ignores permissions, but not a read-only mount, an immutable directory
 * (chattr +i) or a full disk: those are what this finds.
 */
export function checkDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    // On a read-only mount, creating a missing directory fails with ENOENT: ask the file system why.
    let why = err;
    try {
      accessSync(existingAncestor(dir), constants.W_OK);
    } catch (accessErr) {
      why = accessErr;
    }
    throw dirRefusal(dir, why) ?? err;
  }
  if (!statSync(dir).isDirectory()) throw dirRefusal(dir, { code: 'ENOTDIR' }) as StoreRefusal;
  const probe = join(dir, `.rerun-write-check-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'w');
    writeSync(fd, Buffer.alloc(4096));
    fsyncSync(fd);
  } catch (err) {
    throw dirRefusal(dir, err) ?? err;
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(probe, { force: true });
  }
}

/** Says why opening `file` failed when the file system or the file is the reason; else undefined. */
export function openRefusal(file: string, err: unknown): StoreRefusal | undefined {
  if (isCorruption(err)) return refuseDamaged(file, `${driverCode(err)}: ${(err as Error).message}`, err);
  const code = driverCode(err);
  if (code === 'SQLITE_FULL') return dirRefusal(dirname(file), err);
  if (code.startsWith('SQLITE_READONLY')) {
    return new StoreRefusal(
      'read-only',
      `${file} is read-only (${code}): rerun-bot must write to its store. Make the file writable, ${DIR_ADVICE}`,
      { cause: err },
    );
  }
  // The embedded store's "unreachable": the path is there but SQLite cannot open it as a file (a
  // directory in its place, a dangling mount).
  if (code === 'SQLITE_CANTOPEN') {
    return new StoreRefusal(
      'unreachable',
      `${file} cannot be opened (${code}: ${(err as Error).message}): it must be a file rerun-bot can open, ${DIR_ADVICE}`,
      { cause: err },
    );
  }
  return undefined;
}

/** What the start-up check did, for the log. */
export type FileCheck =
  { quickCheck: 'ok'; bytes: number; ms: number } | { quickCheck: 'skipped'; bytes: number; maxBytes: number };

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/**
 * PRAGMA quick_check over `file` (the b-trees, their pages and records, not the index contents: the
 * O(N) check, integrity_check being O(N log N)). Throws a refusal naming the first problems when it
 * finds any; skips a file larger than `maxBytes` and reports that it did.
 */
export function checkIntact(db: Database.Database, file: string, maxBytes = QUICK_CHECK_MAX_BYTES): FileCheck {
  const bytes = sizeOf(file) + sizeOf(`${file}-wal`);
  if (bytes > maxBytes) return { quickCheck: 'skipped', bytes, maxBytes };
  const started = performance.now();
  const problems = (db.pragma(`quick_check(${QUICK_CHECK_PROBLEMS})`) as { quick_check: string }[]).map(
    (r) => r.quick_check,
  );
  if (problems.length === 1 && problems[0] === 'ok') {
    return { quickCheck: 'ok', bytes, ms: Math.round(performance.now() - started) };
  }
  // One row may hold several lines, headed `*** in database main ***`: the refusal is one line.
  const lines = problems.flatMap((p) => p.split('\n')).filter((l) => l.trim() && !l.startsWith('***'));
  const shown = lines.slice(0, QUICK_CHECK_SHOWN).join('; ');
  throw refuseDamaged(file, `PRAGMA quick_check: ${shown}${lines.length > QUICK_CHECK_SHOWN ? '; …' : ''}`);
}

/**
 * Remembers the first error that shows the store's file damaged (by its code) and logs it once with
 * what to do; from then on `check` (the store's ping, so /readyz) throws the same refusal. The
 * damage does not heal: a restart on the restored file does.
 */
export class DamageWatch {
  private damaged: string | undefined;

  constructor(
    private readonly file: string,
    private readonly logger: Logger | undefined,
  ) {}

  noticed(err: unknown): void {
    if (this.damaged !== undefined || !isCorruption(err)) return;
    this.damaged = `${driverCode(err)}: ${(err as Error).message}`;
    this.logger?.error(
      { file: this.file, code: driverCode(err) },
      `${this.file} is damaged (${this.damaged}); /readyz answers 503 from now on: ${damagedAdvice(this.file)}`,
    );
  }

  check(): void {
    if (this.damaged === undefined) return;
    throw new StoreRefusal('damaged', `${this.file} is damaged (${this.damaged}): ${damagedAdvice(this.file)}`);
  }
}

/** The statement methods the store calls. */
export type WatchedStatement = Pick<Database.Statement, 'run' | 'get' | 'all'>;

/**
 * Wraps each statement so that an error it throws is shown to `noticed` (which looks for a damaged
 * file by the error's code) before it is thrown on as before. Every statement the store runs is
 * one of these, so a damaged page is noticed whichever request reads it.
 */
export function watched<K extends string>(
  statements: Record<K, Database.Statement>,
  watch: DamageWatch,
): Record<K, WatchedStatement> {
  const wrap = (stmt: Database.Statement): WatchedStatement => {
    const guard =
      <A extends unknown[], R>(method: (...args: A) => R) =>
      (...args: A): R => {
        try {
          return method.apply(stmt, args);
        } catch (err) {
          watch.noticed(err);
          throw err;
        }
      };
    return { run: guard(stmt.run), get: guard(stmt.get), all: guard(stmt.all) };
  };
  return Object.fromEntries(Object.entries<Database.Statement>(statements).map(([k, s]) => [k, wrap(s)])) as Record<
    K,
    WatchedStatement
  >;
}
