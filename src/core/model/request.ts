/**
 * A rerun request and its state machine:
 *
 *   pending ──approve(s)──▶ running ──▶ succeeded | failed | partial | unknown
 *      │
 *      ├──reject──▶ rejected      ├──cancel──▶ cancelled      └──(clicked after expiry)──▶ expired
 *
 * Only `pending → running` sends anything, and it is an atomic claim in the store. Everything a
 * person reads is kept as messages (ids with parameters), so a stored request can be rendered
 * again later, in any language.
 */
import type { Locale, Message } from '../../lib/message.ts';
import type { CallDescription, JobStatus, PreviewItem, RawParams, RerunOutcome } from '../../providers/types.ts';

/** The version of the stored record's shape; a store upgrades older records when it reads them. */
export const REQUEST_SCHEMA_VERSION = 2;

export type RequestState =
  'pending' | 'running' | 'succeeded' | 'failed' | 'partial' | 'unknown' | 'rejected' | 'cancelled' | 'expired';

export const OPEN_STATES: readonly RequestState[] = ['pending', 'running'];

export type DecisionKind = 'approve' | 'reject' | 'cancel';

export interface Decision {
  userId: string;
  kind: DecisionKind;
  at: string;
}

/** The policy as it stood when the request was made: later config changes do not move it. */
export interface PolicySnapshot {
  approval: 'confirm' | 'peer' | 'group';
  approvers: string[];
  minApprovals: number;
  expiresAfterMs: number;
  /** How long the rerun is followed after acceptance (absent in records older than this setting). */
  followForMs?: number;
}

/**
 * Where something was asked or published, as the front end that made it knows it (Slack: a
 * channel, thread and message; the console: the terminal). Opaque to the core: only the
 * front end that wrote it reads its other fields.
 */
export interface SurfaceRef {
  kind: string;
  [key: string]: unknown;
}

/** The room a request was asked in, as policies name it (`channels:` ids and `#names`). */
export interface Place {
  id: string;
  name?: string | undefined;
}

/** The refused items of a rerun, and the raw parameters of a new request naming exactly them. */
export interface Remainder {
  items: string[];
  raw: RawParams;
}

export interface Execution {
  startedAt: string;
  finishedAt?: string;
  outcome?: RerunOutcome;
  /** Items the check just before sending left out, because their state had changed. */
  leftOut?: PreviewItem[];
  /** After an unknown outcome: the state read just then, or why it could not be read. */
  after?: { status: JobStatus } | { error: Message };
  /** What "Rerun the N remaining…" asks for (use-cases/remainder.ts); absent when nothing may be offered. */
  remainder?: Remainder;
}

/** How a followed rerun ended: every item succeeded, one failed again, finished without saying, or the limit came first. */
export type FollowEnd = 'succeeded' | 'failed' | 'finished' | 'limit';

/**
 * Following an accepted (or partial) rerun to the job's final state (use-cases/follow.ts). The
 * store schedules it through `nextAt` (its `follow_at` column) until `final` is replied.
 */
export interface Follow {
  startedAt: string;
  /** When the bot stops watching (the limit, 24 h by default). */
  until: string;
  /** The next poll; absent once the final reply is posted (nothing is due any more). */
  nextAt?: string;
  polls: number;
  /** What the last poll saw, and when. */
  last?: { at: string; status: JobStatus } | { at: string; error: Message };
  /** The final state, once seen (or the limit reached). */
  final?: { end: FollowEnd; at: string; status?: JobStatus };
  /** Set under the lease just before the final reply is posted (at most once: see follow.ts). */
  replying?: { at: string; by: string };
  /** The final reply is posted (or given up: `lost` after a replica died mid-post). */
  replied?: { at: string; lost?: boolean };
  /** Posts of the final reply the front end refused so far (tried again at the next poll). */
  replyFailures?: number;
}

export interface RerunRequest {
  v: typeof REQUEST_SCHEMA_VERSION;
  id: string;
  targetId: string;
  providerId: string;
  providerName: Message;
  requester: string;
  /** The asker's own language (what the requester alone is told follows it). */
  askerLocale: Locale;
  /** The language of what the whole channel sees: the target's `locale`, else the asker's. */
  locale: Locale;
  place: Place;
  /** Where it was asked. */
  surface: SurfaceRef;
  /** The approval request, once published. */
  published?: SurfaceRef;
  /** The target ran against a built-in emulator (console demo): every message says so. */
  emulated?: boolean;
  /** What was typed (text or form), kept so an expired request can be asked again as it was. */
  raw: RawParams;
  /** What was asked, as validated by the provider's schema. */
  params: unknown;
  /** What approval sends: the eligible part of `params`. */
  send: unknown;
  summary: Message;
  preview: { items: PreviewItem[]; notes: Message[] };
  calls: CallDescription[];
  policy: PolicySnapshot;
  state: RequestState;
  decisions: Decision[];
  execution?: Execution;
  /** After an accepted or partial rerun: the job followed to its final state. */
  follow?: Follow;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
}

export function approvalsOf(r: RerunRequest): Decision[] {
  return r.decisions.filter((d) => d.kind === 'approve');
}

export function stateAfter(outcome: RerunOutcome): RequestState {
  switch (outcome.status) {
    case 'accepted':
      return 'succeeded';
    case 'rejected':
      return 'failed';
    case 'partial':
      return 'partial';
    case 'unknown':
      return 'unknown';
  }
}

/** The request once its call ended at `at`: in the state its outcome means, with the outcome kept. */
export function finished(
  r: RerunRequest,
  outcome: RerunOutcome,
  at: string,
  extra: Pick<Execution, 'leftOut' | 'after' | 'remainder'> = {},
): RerunRequest {
  return {
    ...r,
    state: stateAfter(outcome),
    execution: { startedAt: r.execution?.startedAt ?? at, finishedAt: at, outcome, ...extra },
    updatedAt: at,
  };
}

export type AuditEvent =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'refused-click'
  | 'call-started'
  /** The rerun call was handed to the network (after any wait for the pace): from here its outcome may be unknown. */
  | 'call-sent'
  | 'call-finished'
  | 'recovered'
  /** A followed rerun reached its final state (or the limit): `detail.end`. */
  | 'follow-final';

export interface AuditEntry {
  at: string;
  requestId: string;
  event: AuditEvent;
  /** Who acted: a person's id on the surface, or `system`. */
  actor: string;
  /** The target (credential) that executed a call, named separately from the people. */
  targetId: string;
  detail?: Record<string, unknown>;
}
