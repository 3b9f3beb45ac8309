/**
 * The one-time import of the journal the store before SQLite kept (`rerun-journal.jsonl`, one JSON
 * record a line: `{"t":"request","v":…}` (the last line of a request wins), `{"t":"audit","v":…}`,
 * `{"t":"event","v":{"id","at"}}`).
 *
 * Every line is checked; one that cannot be read (torn by a crash, not JSON, not a record of the
 * right shape, a request that cannot be upgraded) is never dropped silently: it is appended to
 * `rerun-journal.unreadable.jsonl` with its line number and the reason, and counted in the summary
 * the caller logs. The readable ones are written in one transaction, which also records the
 * journal's fingerprint; then the journal is renamed `rerun-journal.imported-<time>.jsonl`, so it
 * is imported once. A crash between the commit and the rename is recognised by the fingerprint at
 * the next start: the rename is finished, nothing is imported twice.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REQUEST_STATES } from '../core/model/lifecycle.ts';
import { REQUEST_SCHEMA_VERSION, type AuditEntry, type RerunRequest } from '../core/model/request.ts';
import { upgradeRequest } from '../core/model/upgrade.ts';

export const JOURNAL = 'rerun-journal.jsonl';
export const UNREADABLE = 'rerun-journal.unreadable.jsonl';
/** The older store's lock file: the SQLite file's own lock replaces it. */
export const OLD_LOCK = 'rerun.lock';
/** How long the older store remembered a Slack event id. */
export const EVENT_TTL_MS = 60 * 60_000;

export interface UnreadableLine {
  line: number;
  reason: string;
  text: string;
}

export interface JournalContents {
  /** The journal's SHA-256: what the import is recorded under. */
  sha256: string;
  /** The last readable version of each request, upgraded to the current shape. */
  requests: RerunRequest[];
  audit: AuditEntry[];
  /** Remembered event ids still within EVENT_TTL_MS at the import. */
  events: { key: string; until: number }[];
  unreadable: UnreadableLine[];
}

/** Where an import writes: the store, in one transaction. */
export interface JournalSink {
  importedAlready(sha256: string): boolean;
  /** Whether the store holds requests or audit already: a journal is imported only into an empty store. */
  holdsData(): boolean;
  load(contents: JournalContents, now: Date): void;
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

/** Reads a journal's text: every line either becomes a record or an unreadable line. Pure. */
export function readJournal(text: string, now: Date): Omit<JournalContents, 'sha256'> {
  const requests = new Map<string, RerunRequest>();
  const audit: AuditEntry[] = [];
  const events = new Map<string, number>();
  const unreadable: UnreadableLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    const bad = (reason: string) => unreadable.push({ line, reason, text: raw });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      bad('not JSON (a line torn by a crash, or not written by rerun-bot)');
      return;
    }
    const parsed = lineShape.safeParse(json);
    if (!parsed.success) {
      bad(`not a journal record: ${problem(parsed.error)}`);
      return;
    }
    const row = parsed.data;
    if (row.t === 'audit') audit.push(row.v as AuditEntry);
    else if (row.t === 'event') events.set(row.v.id, row.v.at + EVENT_TTL_MS);
    else {
      let upgraded: unknown;
      try {
        upgraded = upgradeRequest(row.v);
      } catch (err) {
        bad(`request cannot be read: ${(err as Error).message}`);
        return;
      }
      const checked = requestShape.safeParse(upgraded);
      if (!checked.success) {
        bad(`not a request: ${problem(checked.error)}`);
        return;
      }
      // The last line of a request wins; a re-set keeps the first line's place in the order.
      requests.set(checked.data.id, upgraded as RerunRequest);
    }
  });
  return {
    requests: [...requests.values()],
    audit,
    events: [...events].filter(([, until]) => until > now.getTime()).map(([key, until]) => ({ key, until })),
    unreadable,
  };
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function appendDurably(path: string, text: string): void {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Renames the journal out of the way, durably (the directory entry is synced). */
function retire(dir: string, now: Date): string {
  const name = `rerun-journal.imported-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`;
  renameSync(join(dir, JOURNAL), join(dir, name));
  fsyncDir(dir);
  return join(dir, name);
}

/**
 * Imports `dir`'s journal into `sink` if there is one; removes the older store's lock file.
 * Returns what it did, for the caller to log, or undefined when there was no journal.
 * `dbFile` names the store in the refusal when the store is not empty.
 */
export function importJournal(dir: string, dbFile: string, sink: JournalSink, now: Date): ImportSummary | undefined {
  rmSync(join(dir, OLD_LOCK), { force: true });
  const journal = join(dir, JOURNAL);
  if (!existsSync(journal)) return undefined;
  const bytes = readFileSync(journal);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const none = { journal, requests: 0, audit: 0, events: 0, unreadable: 0 };
  if (sink.importedAlready(sha256)) return { ...none, renamedTo: retire(dir, now), alreadyImported: true };
  if (sink.holdsData()) {
    throw new Error(
      `${journal} was written by an older rerun-bot, but ${dbFile} already holds requests: it is imported only ` +
        `into an empty store. Move one of them out of ${dir} (keep it: it is the history it holds)`,
    );
  }
  const contents: JournalContents = { sha256, ...readJournal(bytes.toString('utf8'), now) };
  let unreadableFile: string | undefined;
  if (contents.unreadable.length) {
    unreadableFile = join(dir, UNREADABLE);
    appendDurably(
      unreadableFile,
      contents.unreadable.map((u) => JSON.stringify({ file: JOURNAL, ...u }) + '\n').join(''),
    );
  }
  sink.load(contents, now);
  return {
    journal,
    renamedTo: retire(dir, now),
    requests: contents.requests.length,
    audit: contents.audit.length,
    events: contents.events.length,
    unreadable: contents.unreadable.length,
    ...(unreadableFile ? { unreadableFile } : {}),
  };
}
