/**
 * The store-independent half of `transition` (core/store-ports.ts), for both stores: from the row
 * read, the record upgraded, the state and the lease checked, the change made and the update
 * planned. Each store reads the row and runs the planned update its own way (SQLite in one
 * transaction, PostgreSQL guarded by the version read, again after a conflict).
 */
import type { RequestState, RerunRequest } from '../core/model/request.ts';
import type { Lease, TransitionOptions } from '../core/ports.ts';
import { columnsOf, type RecordReader, type RequestColumns } from './rows.ts';

/** A request's row as `transition` reads it (both stores' `read` statement). */
export interface TransitionRow {
  body: string;
  version: number;
  leaseOwner: string | null;
  /** Whether the lease has run out (or there is none) by the store's clock, as the read statement judged it. */
  leaseOut: boolean;
}

/** The named parameters of both stores' `update` statement. */
export interface UpdateParams extends RequestColumns {
  /** The version read: the update matches only if no other writer got in between. */
  version: number;
  /**
   * Whether the lease columns are set (to `leaseOwner`, until the store's clock plus `leaseMs`)
   * or left as they are. A null `leaseMs` releases the lease.
   */
  setLease: boolean;
  leaseOwner: string | null;
  leaseMs: number | null;
  /** With `onlyIfFree`: its owner, checked again by the database against the store's clock; else null. */
  freeFor: string | null;
}

/** What `transition` writes, when it writes: the new request, and the update that stores it. */
export interface PlannedUpdate {
  next: RerunRequest;
  params: UpdateParams;
}

/** The lease rule of `onlyIfFree`: nobody holds it, the caller does, or it ran out by the store's clock. */
function leaseLets(held: { owner: string | null; out: boolean }, by: { owner: string } | undefined): boolean {
  if (!by || held.owner === null || held.owner === by.owner) return true;
  return held.out;
}

/** The lease columns a write sets: `set` false leaves them as they are. */
function leaseColumns(lease: Lease | null | undefined): Pick<UpdateParams, 'setLease' | 'leaseOwner' | 'leaseMs'> {
  if (lease === undefined) return { setLease: false, leaseOwner: null, leaseMs: null };
  return { setLease: true, leaseOwner: lease?.owner ?? null, leaseMs: lease?.ms ?? null };
}

/**
 * Decides a transition from the row read (undefined: no such request): the update to run, or
 * undefined when nothing is to change (another state, another owner's live lease, or `change`
 * declined). Throws when `change` returns another request, and NewerRecordError for a record a
 * newer version wrote.
 */
export function planTransition(
  records: RecordReader,
  id: string,
  row: TransitionRow | undefined,
  from: readonly RequestState[],
  change: (current: RerunRequest) => RerunRequest | undefined,
  options: TransitionOptions,
): PlannedUpdate | undefined {
  if (!row) return undefined;
  // The state as the record says it (upgraded), not the column: a replica of the previous
  // version may have written its own names there during a rolling upgrade.
  const current = records.one(row.body);
  if (!from.includes(current.state)) return undefined;
  if (!leaseLets({ owner: row.leaseOwner, out: row.leaseOut }, options.onlyIfFree)) return undefined;
  const next = change(current);
  if (!next) return undefined;
  if (next.id !== id) throw new Error(`transition of ${id} returned request ${next.id}`);
  return {
    next,
    params: {
      ...columnsOf(next),
      version: row.version,
      ...leaseColumns(options.lease),
      freeFor: options.onlyIfFree?.owner ?? null,
    },
  };
}
