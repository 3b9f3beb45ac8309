/**
 * The storage port. The embedded store (default) and the PostgreSQL store implement it and
 * run the same store test suite.
 */
import type { AuditEntry, RequestState, RerunRequest } from './request.ts';

export interface RequestFilter {
  targetId?: string;
  requester?: string;
  limit: number;
}

export interface Store {
  insert(request: RerunRequest): Promise<void>;
  get(id: string): Promise<RerunRequest | undefined>;
  /**
   * Atomically: if the stored request is in one of `from`, replaces it with `change(current)`
   * and returns the new value; otherwise (or when `change` returns undefined) changes nothing
   * and returns undefined. This is the exactly-once claim: of any number of concurrent
   * callers, one wins. `change` must be pure: a store may call it again after a conflict.
   */
  transition(
    id: string,
    from: readonly RequestState[],
    change: (current: RerunRequest) => RerunRequest | undefined,
  ): Promise<RerunRequest | undefined>;
  /** Newest first. */
  list(filter: RequestFilter): Promise<RerunRequest[]>;
  appendAudit(entry: AuditEntry): Promise<void>;
  auditOf(requestId: string): Promise<AuditEntry[]>;
  /** Records an event id; true if it was already recorded (a Slack retry). */
  seenEvent(eventId: string): Promise<boolean>;
  /** Health for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
