/**
 * What both SQL stores write for a request: the columns they query, computed from the request
 * in one place, so SQLite and PostgreSQL can never index it differently.
 */
import { needsUpdate, type QueuedReply } from '../core/model/reply.ts';
import type { RequestState, RerunRequest } from '../core/model/request.ts';
import { NewerRecordError, upgradeRequest } from '../core/model/upgrade.ts';
import type { HomeViewer, Lease } from '../core/ports.ts';
import { LOCALES } from '../lib/message.ts';
import { StoreError } from './errors.ts';

/** A request's queried fields. Times are milliseconds since the epoch; `body` is the request as JSON. */
export interface RequestColumns {
  id: string;
  targetId: string;
  requester: string;
  state: RequestState;
  createdAt: number;
  expiresAt: number;
  startedAt: number | null;
  updatedAt: number;
  published: boolean;
  /** The next poll of a followed rerun (`follow.nextAt`); null when nothing is followed. */
  followAt: number | null;
  /** The next reminder or escalation of a waiting, published request (`nudges.nextAt`); else null. */
  nudgeAt: number | null;
  body: string;
}

function epochMs(request: RerunRequest, field: string, iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`request ${request.id}: ${field} is not a time: ${JSON.stringify(iso)}`);
  return ms;
}

export function columnsOf(r: RerunRequest): RequestColumns {
  return {
    id: r.id,
    targetId: r.targetId,
    requester: r.requester,
    state: r.state,
    createdAt: epochMs(r, 'createdAt', r.createdAt),
    expiresAt: epochMs(r, 'expiresAt', r.expiresAt),
    startedAt: r.execution ? epochMs(r, 'execution.startedAt', r.execution.startedAt) : null,
    updatedAt: epochMs(r, 'updatedAt', r.updatedAt),
    published: r.published !== undefined,
    followAt: r.follow?.nextAt !== undefined ? epochMs(r, 'follow.nextAt', r.follow.nextAt) : null,
    nudgeAt:
      r.state === 'pending' && r.published !== undefined && r.nudges?.nextAt !== undefined
        ? epochMs(r, 'nudges.nextAt', r.nudges.nextAt)
        : null,
    body: JSON.stringify(r),
  };
}

/** The ids of the request's eligible preview items, each once (what openWith and startedWith match). */
export function eligibleItems(r: RerunRequest): string[] {
  return [...new Set(r.preview.items.filter((i) => i.eligible).map((i) => i.id))];
}

/** A request with this id is stored already: coded `conflict`, with the driver's error as the cause. */
export function duplicateRequest(id: string, cause: unknown): StoreError {
  return new StoreError('conflict', `request ${id} exists`, { cause });
}

/** Whether a queued reply still needs a post or an update (the `work` column). */
export function replyNeedsWork(r: QueuedReply): boolean {
  return r.state === 'pending' || r.state === 'sending' || needsUpdate(r);
}

/** The thread of the alert a queued reply answers (the `thread_ts` column); null for a digest. */
export function replyThreadOf(r: QueuedReply): string | null {
  return r.body.kind === 'alert' ? r.body.threadTs : null;
}

/**
 * Reads stored request bodies as the current shape. A record a newer version of rerun-bot wrote
 * is left out of a listing (this replica leaves it alone, during a rolling upgrade) and said once
 * per record to `warn`; read one by one (`get`, `transition`) it throws NewerRecordError.
 */
export class RecordReader {
  private readonly warned = new Set<string>();

  constructor(private readonly warn?: (err: NewerRecordError) => void) {}

  one(body: string): RerunRequest {
    return upgradeRequest(JSON.parse(body));
  }

  all(rows: readonly { body: string }[]): RerunRequest[] {
    const out: RerunRequest[] = [];
    for (const row of rows) {
      try {
        out.push(this.one(row.body));
      } catch (err) {
        if (!(err instanceof NewerRecordError)) throw err;
        if (!this.warned.has(err.requestId)) {
          this.warned.add(err.requestId);
          this.warn?.(err);
        }
      }
    }
    return out;
  }
}

/** How a store says it met a newer record (once per record). */
export function warnNewer(logger: { warn(obj: object, msg: string): void } | undefined) {
  return (err: NewerRecordError) => logger?.warn({ requestId: err.requestId, recordVersion: err.version }, err.message);
}

/**
 * The parameters of PostgreSQL's `insert` (postgres-sql.ts): one array per column, the requests'
 * eligible items as two more, so any number of requests is one statement.
 */
export function insertParams(requests: readonly RerunRequest[], lease: Lease | undefined): Record<string, unknown[]> {
  const cols = requests.map(columnsOf);
  const items = requests.flatMap((r) => eligibleItems(r).map((item) => [r.id, item] as const));
  const column = <K extends keyof RequestColumns>(key: K) => cols.map((c) => c[key]);
  return {
    id: column('id'),
    targetId: column('targetId'),
    requester: column('requester'),
    state: column('state'),
    createdAt: column('createdAt'),
    expiresAt: column('expiresAt'),
    startedAt: column('startedAt'),
    updatedAt: column('updatedAt'),
    published: column('published'),
    leaseOwner: cols.map(() => lease?.owner ?? null),
    leaseMs: cols.map(() => lease?.ms ?? null),
    body: column('body'),
    followAt: column('followAt'),
    nudgeAt: column('nudgeAt'),
    itemRequest: items.map(([id]) => id),
    item: items.map(([, item]) => item),
  };
}

/** A viewer's row as both stores read it (PostgreSQL's BIGINT comes as a string). */
export interface ViewerRow {
  user: string;
  locale: string | null;
  seenAt: number | string;
}

/** A row as a viewer: a locale this version does not speak (written by a newer one) reads as unknown. */
export function viewerOf(row: ViewerRow): HomeViewer {
  const locale = LOCALES.find((l) => l === row.locale);
  return { user: row.user, locale, seenAt: Number(row.seenAt) };
}
