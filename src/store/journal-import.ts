/**
 * The one-time import of the journal the store before SQLite kept (`rerun-journal.jsonl`, one JSON
 * record a line: `{"t":"request","v":…}` (the last line of a request wins), `{"t":"audit","v":…}`,
 * `{"t":"event","v":{"id","at"}}`).
 *
 * The journal is read as a stream, line by line (node:readline), whatever its size: an install
 * that ran for years left journals of hundreds of MB, more than one JavaScript string can hold.
 * Lines are written in batches, each batch in one transaction that also records how far the import
 * got (its lines, counts and the size of the unreadable-lines file), so an import killed midway
 * resumes where the last committed batch ended: nothing lost, nothing twice. The log says how far
 * it got as it goes.
 *
 * Every line is checked; one that cannot be read (torn by a crash, not JSON, not a record of the
 * right shape, a request that cannot be upgraded) is never dropped silently: it is appended to
 * `rerun-journal.unreadable.jsonl` with its line number and the reason, and counted in the summary
 * the caller logs. When the last batch is in, the import is recorded under the journal's SHA-256
 * and the journal renamed `rerun-journal.imported-<time>.jsonl`, so it is imported once. A crash
 * between that commit and the rename is recognised by the fingerprint at the next start: the
 * rename is finished, nothing is imported twice.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { statSync, truncateSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { REQUEST_STATES } from '../core/model/lifecycle.ts';
import { REQUEST_SCHEMA_VERSION, type AuditEntry, type RerunRequest } from '../core/model/request.ts';
import { upgradeRequest } from '../core/model/upgrade.ts';
import { collectGarbage } from './collect-garbage.ts';
import type { Logger } from '../lib/ports.ts';

export const JOURNAL = 'rerun-journal.jsonl';
export const UNREADABLE = 'rerun-journal.unreadable.jsonl';
/** The older store's lock file: the SQLite file's own lock replaces it. */
export const OLD_LOCK = 'rerun.lock';
/** How long the older store remembered a Slack event id. */
export const EVENT_TTL_MS = 60 * 60_000;
/**
 * A batch (one transaction, one fsync) ends after this many lines or this many characters,
 * whichever comes first: a few MB in memory at a time, and a few hundred commits for the largest
 * journals seen.
 */
export const BATCH_LINES = 500;
const BATCH_CHARS = 2 * 1024 * 1024;
/**
 * A full collection after every this many batches keeps the import's memory flat (collect-garbage.ts): a
 * few milliseconds each, a few hundred for the largest journals.
 */
const GC_EVERY_BATCHES = 4;
/** The log reports progress every this many percent of the journal's bytes. */
const PROGRESS_STEP = 10;

export interface UnreadableLine {
  line: number;
  reason: string;
  text: string;
}

/** How far an import got: committed with each batch, so a restart goes on from there. */
export interface ImportProgress {
  /** Lines of the journal read so far (the next batch starts at line `lines + 1`). */
  lines: number;
  /** Distinct requests imported. */
  requests: number;
  audit: number;
  /** Distinct event ids remembered. */
  events: number;
  unreadable: number;
  /**
   * The unreadable-lines file's size once this batch's lines were appended (durably, before the
   * commit): bytes beyond it were written by a batch that never committed, and are cut off.
   */
  unreadableBytes: number;
}

/**
 * Where an import writes: the store. Lines go into the store as they are read, inside a
 * transaction that `commit` ends with how far the import got, so a batch holds nothing in memory
 * but its unreadable lines.
 */
export interface JournalSink {
  importedAlready(sha256: string): boolean;
  /** Whether the store holds requests or audit already: a journal is imported only into an empty store. */
  holdsData(): boolean;
  /** The import that was under way when the process stopped, if one was. */
  interrupted(): { sha256: string; progress: ImportProgress } | undefined;
  /** Opens the transaction the next lines go into. */
  begin(): void;
  /** Writes a request, replacing an earlier line of it; true when the store did not hold it yet. */
  request(request: RerunRequest): boolean;
  audit(entry: AuditEntry): void;
  /** Remembers an event id until `until`; true when it was not remembered yet. */
  event(key: string, until: number): boolean;
  /** Records `progress` (under `sha256`) and commits the lines written since `begin`. */
  commit(sha256: string, progress: ImportProgress): void;
  /** Drops the lines written since `begin` (an error stopped the import). */
  rollback(): void;
  /** Records the import as done under `sha256`, and forgets its progress, in one transaction. */
  finish(sha256: string, totals: ImportProgress, now: Date): void;
}

export interface ImportSummary {
  journal: string;
  /** Where the journal is now. */
  renamedTo: string;
  requests: number;
  audit: number;
  events: number;
  unreadable: number;
  /** Where the unreadable lines are, when there were some. */
  unreadableFile?: string;
  /** The import had been committed before a crash; only the rename was left to do. */
  alreadyImported?: boolean;
  /** The import went on from the line after this one, where an interrupted one had stopped. */
  resumedAfterLine?: number;
}

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a time');
const STATES = REQUEST_STATES;

/** What the store needs of a request (after the upgrade); everything else is kept as it is. */
const requestShape = z.looseObject({
  v: z.literal(REQUEST_SCHEMA_VERSION),
  id: z.string().min(1),
  targetId: z.string(),
  requester: z.string(),
  state: z.enum(STATES),
  preview: z.looseObject({
    items: z.array(z.looseObject({ id: z.string(), eligible: z.boolean() })),
    notes: z.array(z.unknown()),
  }),
  decisions: z.array(z.unknown()),
  execution: z.looseObject({ startedAt: time }).optional(),
  published: z.looseObject({ kind: z.string() }).optional(),
  createdAt: time,
  expiresAt: time,
  updatedAt: time,
});

const auditShape = z.looseObject({
  at: z.string(),
  requestId: z.string().min(1),
  event: z.string(),
  actor: z.string(),
  targetId: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

const lineShape = z.discriminatedUnion('t', [
  // A request is checked after its upgrade (a version 1 record has another shape).
  z.object({ t: z.literal('request'), v: z.looseObject({ id: z.string().min(1) }) }),
  z.object({ t: z.literal('audit'), v: auditShape }),
  z.object({ t: z.literal('event'), v: z.object({ id: z.string().min(1), at: z.number() }) }),
]);

function problem(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
}

/** One line of the journal: a record for the batch, nothing (blank), or why it cannot be read. Pure. */
export function readLine(
  raw: string,
  now: Date,
):
  | { t: 'request'; v: RerunRequest }
  | { t: 'audit'; v: AuditEntry }
  | { t: 'event'; key: string; until: number }
  | { t: 'blank' }
  | { t: 'unreadable'; reason: string } {
  if (!raw.trim()) return { t: 'blank' };
  const bad = (reason: string) => ({ t: 'unreadable' as const, reason });
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return bad('not JSON (a line torn by a crash, or not written by rerun-bot)');
  }
  const parsed = lineShape.safeParse(json);
  if (!parsed.success) return bad(`not a journal record: ${problem(parsed.error)}`);
  const row = parsed.data;
  if (row.t === 'audit') return { t: 'audit', v: row.v as AuditEntry };
  if (row.t === 'event') {
    const until = row.v.at + EVENT_TTL_MS;
    return until > now.getTime() ? { t: 'event', key: row.v.id, until } : { t: 'blank' };
  }
  let upgraded: unknown;
  try {
    upgraded = upgradeRequest(row.v);
  } catch (err) {
    return bad(`request cannot be read: ${(err as Error).message}`);
  }
  const checked = requestShape.safeParse(upgraded);
  if (!checked.success) return bad(`not a request: ${problem(checked.error)}`);
  return { t: 'request', v: upgraded as RerunRequest };
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Appends `text` and syncs it; returns the file's size after. */
function appendDurably(path: string, text: string): number {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** Renames the journal out of the way, durably (the directory entry is synced). */
function retire(dir: string, now: Date): string {
  const name = `rerun-journal.imported-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`;
  renameSync(join(dir, JOURNAL), join(dir, name));
  fsyncDir(dir);
  return join(dir, name);
}

/** The file's SHA-256, read through one buffer (a stream's chunks would wait for the GC, tens of MB of them). */
async function fingerprint(path: string): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1024 * 1024);
  const file = await open(path, 'r');
  try {
    for (let n; (n = (await file.read(buffer, 0, buffer.length)).bytesRead) > 0;) hash.update(buffer.subarray(0, n));
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

export interface ImportOptions {
  now: Date;
  /** Where progress goes (start, every PROGRESS_STEP percent, resumption). */
  logger?: Logger | undefined;
  /** Lines per batch (default BATCH_LINES). */
  batchLines?: number;
}

/**
 * Where to start: a fresh import into an empty store, or the interrupted import of this same
 * journal. Refuses a store that holds data (or another journal's half-done import).
 */
function startingPoint(journal: string, dbFile: string, sha256: string, sink: JournalSink, unreadable: string) {
  const stopped = sink.interrupted();
  if (stopped && stopped.sha256 !== sha256) {
    throw new Error(
      `${journal} is not the journal whose import into ${dbFile} was interrupted (its SHA-256 was ` +
        `${stopped.sha256}, this one's is ${sha256}): put that journal back to finish its import, or start ` +
        `from an empty store (move ${dbFile} aside)`,
    );
  }
  if (!stopped && sink.holdsData()) {
    throw new Error(
      `${journal} was written by an older rerun-bot, but ${dbFile} already holds requests: it is imported only ` +
        `into an empty store. Move one of them out of the data directory (keep it: it is the history it holds)`,
    );
  }
  const progress = stopped?.progress ?? {
    lines: 0,
    requests: 0,
    audit: 0,
    events: 0,
    unreadable: 0,
    unreadableBytes: sizeOf(unreadable),
  };
  // Lines set aside by a batch that never committed are set aside again when it is read again.
  if (sizeOf(unreadable) > progress.unreadableBytes) truncateSync(unreadable, progress.unreadableBytes);
  return { progress, resumed: stopped !== undefined };
}

/**
 * Imports `dir`'s journal into `sink` if there is one; removes the older store's lock file.
 * Returns what it did, for the caller to log, or undefined when there was no journal.
 * `dbFile` names the store in the refusal when the store is not empty.
 */
export async function importJournal(
  dir: string,
  dbFile: string,
  sink: JournalSink,
  o: ImportOptions,
): Promise<ImportSummary | undefined> {
  rmSync(join(dir, OLD_LOCK), { force: true });
  const journal = join(dir, JOURNAL);
  if (!existsSync(journal)) return undefined;
  const bytes = statSync(journal).size;
  const sha256 = await fingerprint(journal);
  const none = { journal, requests: 0, audit: 0, events: 0, unreadable: 0 };
  if (sink.importedAlready(sha256)) return { ...none, renamedTo: retire(dir, o.now), alreadyImported: true };
  const unreadableFile = join(dir, UNREADABLE);
  const start = startingPoint(journal, dbFile, sha256, sink, unreadableFile);
  const log = { journal, bytes };
  if (start.resumed)
    o.logger?.info({ ...log, afterLine: start.progress.lines }, 'resuming the import of the older journal');
  else o.logger?.info(log, 'importing the older journal');
  const progress = await importLines(journal, sha256, sink, { ...o, progress: start.progress, unreadableFile });
  sink.finish(sha256, progress, o.now);
  const { requests, audit, events } = progress;
  const count = progress.unreadable;
  return {
    journal,
    renamedTo: retire(dir, o.now),
    requests,
    audit,
    events,
    unreadable: count,
    ...(count ? { unreadableFile } : {}),
    ...(start.resumed ? { resumedAfterLine: start.progress.lines } : {}),
  };
}

/** The lines after `o.progress.lines`, in batches, each committed with the progress after it. */
async function importLines(
  journal: string,
  sha256: string,
  sink: JournalSink,
  o: ImportOptions & { progress: ImportProgress; unreadableFile: string },
): Promise<ImportProgress> {
  const batchLines = o.batchLines ?? BATCH_LINES;
  const bytes = statSync(journal).size;
  let progress = o.progress;
  const added = { requests: 0, audit: 0, events: 0 };
  let unreadable: UnreadableLine[] = [];
  let inBatch = 0;
  let chars = 0;
  let line = 0;
  let batches = 0;
  const commit = () => {
    const set = unreadable.map((u) => JSON.stringify({ file: JOURNAL, ...u }) + '\n').join('');
    const next = {
      lines: line,
      requests: progress.requests + added.requests,
      audit: progress.audit + added.audit,
      events: progress.events + added.events,
      unreadable: progress.unreadable + unreadable.length,
      // Synced before the commit: a batch that commits has its unreadable lines on disk.
      unreadableBytes: set ? appendDurably(o.unreadableFile, set) : progress.unreadableBytes,
    };
    sink.commit(sha256, next);
    if (++batches % GC_EVERY_BATCHES === 0) collectGarbage();
    progress = next;
    Object.assign(added, { requests: 0, audit: 0, events: 0 });
    unreadable = [];
    inBatch = 0;
    chars = 0;
  };

  const stream = createReadStream(journal);
  let reported = 0;
  try {
    for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
      line += 1;
      if (line <= progress.lines) continue;
      if (!inBatch) sink.begin();
      inBatch += 1;
      chars += raw.length;
      const read = readLine(raw, o.now);
      if (read.t === 'request') added.requests += sink.request(read.v) ? 1 : 0;
      else if (read.t === 'audit') {
        sink.audit(read.v);
        added.audit += 1;
      } else if (read.t === 'event') added.events += sink.event(read.key, read.until) ? 1 : 0;
      else if (read.t === 'unreadable') unreadable.push({ line, reason: read.reason, text: raw });
      if (inBatch < batchLines && chars < BATCH_CHARS) continue;
      commit();
      const percent = Math.floor((stream.bytesRead / Math.max(bytes, 1)) * 100);
      if (percent >= reported + PROGRESS_STEP) {
        reported = percent - (percent % PROGRESS_STEP);
        o.logger?.info({ journal, bytes, percent: reported, ...progress }, 'importing the older journal');
      }
    }
    if (inBatch) commit();
  } catch (err) {
    if (inBatch) sink.rollback();
    stream.destroy();
    throw err;
  }
  return progress;
}
