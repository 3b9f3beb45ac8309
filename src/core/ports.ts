/**
 * The ports the domain talks through: storage, the front end that shows requests, and who
 * belongs to which group. core/ depends on these shapes only; main.ts wires real ones in.
 */
import type { Message } from '../lib/message.ts';
import type { AuditEntry, RequestState, RerunRequest, SurfaceRef } from './model/request.ts';

export type { Clock, Logger } from '../lib/ports.ts';

export interface RequestFilter {
  targetId?: string | undefined;
  requester?: string | undefined;
  limit: number;
}

/**
 * Requests, their audit trail and the ids of events already handled. The embedded store and
 * the PostgreSQL store implement it and run the same store test suite.
 */
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
  /** Records an event id; true if it was already recorded (a retried delivery). */
  seenEvent(eventId: string): Promise<boolean>;
  /** Health for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Shows requests where people see them. Each front end renders the request (in
 * `request.locale`) its own way; the core only says what happened.
 */
export interface Notifier {
  /** Posts the approval request where it was asked (`request.surface`); returns where it is. */
  publish(request: RerunRequest): Promise<SurfaceRef>;
  /** Renders the published request again from its current state, in place. */
  update(request: RerunRequest): Promise<void>;
  /** A reply under the published request (its thread). */
  reply(request: RerunRequest, message: Message): Promise<void>;
}

/** Answers whether a person belongs to a principal: their own id, or a group handle. */
export interface Directory {
  isMember(userId: string, principal: string): Promise<boolean>;
}
