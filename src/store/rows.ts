/**
 * What both SQL stores write for a request: the columns they query, computed from the request
 * in one place, so SQLite and PostgreSQL can never index it differently.
 */
import { needsUpdate, type QueuedReply } from '../core/model/reply.ts';
import type { RequestState, RerunRequest } from '../core/model/request.ts';
import { NewerRecordError, upgradeRequest } from '../core/model/upgrade.ts';
import type { Lease } from '../core/ports.ts';

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
    body: JSON.stringify(r),
  };
}

/** The ids of the request's eligible preview items, each once (what openWith and startedWith match). */
export function eligibleItems(r: RerunRequest): string[] {
  return [...new Set(r.preview.items.filter((i) => i.eligible).map((i) => i.id))];
}

/** The lease rule of `onlyIfFree`: nobody holds it, the caller does, or it ran out. */
export function leaseLets(
  held: { owner: string | null; until: number | null },
  by: { owner: string; now: Date } | undefined,
): boolean {
  if (!by || held.owner === null || held.owner === by.owner) return true;
  return held.until === null || held.until <= by.now.getTime();
}

/** A transition's `change` must keep the request it was given. */
export function checkSameRequest(id: string, next: RerunRequest): void {
  if (next.id !== id) throw new Error(`transition of ${id} returned request ${next.id}`);
}

/** The lease columns a write sets: `set` false leaves them as they are. */
export function leaseColumns(lease: Lease | null | undefined): {
  set: boolean;
  owner: string | null;
  until: number | null;
} {
  if (lease === undefined) return { set: false, owner: null, until: null };
  return { set: true, owner: lease?.owner ?? null, until: lease?.until ?? null };
}

export const duplicateMessage = (id: string) => `request ${id} exists`;

/** Whether a queued reply still needs a post or an update (the `work` column). */
export function replyNeedsWork(r: QueuedReply): boolean {
  return r.state === 'pending' || r.state === 'sending' || needsUpdate(r);
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
export function insertValues(requests: readonly RerunRequest[], lease: Lease | undefined): unknown[] {
  const cols = requests.map(columnsOf);
  const items = requests.flatMap((r) => eligibleItems(r).map((item) => [r.id, item] as const));
  return [
    cols.map((c) => c.id),
    cols.map((c) => c.targetId),
    cols.map((c) => c.requester),
    cols.map((c) => c.state),
    cols.map((c) => c.createdAt),
    cols.map((c) => c.expiresAt),
    cols.map((c) => c.startedAt),
    cols.map((c) => c.updatedAt),
    cols.map((c) => c.published),
    cols.map(() => lease?.owner ?? null),
    cols.map(() => lease?.until ?? null),
    cols.map((c) => c.body),
    items.map(([id]) => id),
    items.map(([, item]) => item),
    cols.map((c) => c.followAt),
  ];
}
