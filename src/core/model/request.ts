/**
 * A rerun request: what was asked, under which policy, and where it stands in its lifecycle
 * (model/lifecycle.ts holds the states and every transition). Everything a person reads is kept as
 * messages (ids with parameters), so a stored request can be rendered again later, in any language.
 */
import type { Locale, Message } from '../../lib/message.ts';
import type { CallDescription, PreviewItem, RawParams } from '../../providers/types.ts';
import type { Decision, Execution, Follow, Lifecycle, RequestState } from './lifecycle.ts';

export type { Decision, DecisionKind, Follow, Nudges, RequestState, Remainder } from './lifecycle.ts';

/**
 * The version of the stored record's shape; a store upgrades older records when it reads them
 * (model/upgrade.ts). 3: the lifecycle's states (sending, accepted, refused, not-sent) and the
 * follow-up as a union of running and ended.
 */
export const REQUEST_SCHEMA_VERSION = 3;

/** The policy as it stood when the request was made: later config changes do not move it. */
export interface PolicySnapshot {
  /** The policy's key in `policies:` (absent in records older than this field). */
  name?: string;
  approval: 'confirm' | 'peer' | 'group';
  approvers: string[];
  minApprovals: number;
  expiresAfterMs: number;
  /** How long the rerun is followed after acceptance (absent in records older than this setting). */
  followForMs?: number;
  /** The requester may break glass (approve their own request with a reason and a confirmation). */
  breakGlass?: true;
  /** A reason was required; `reasonPattern` is what it had to match. */
  requireReason?: true;
  reasonPattern?: string;
  /** Between reminders while it waits, and at most how many (absent: no reminders). */
  remindMs?: number;
  remindTimes?: number;
  /** Past `afterMs` from asking, `to` may approve too, and is mentioned once. */
  escalate?: { afterMs: number; to: string[] };
  /** What a timeout does besides expiring (absent: it expires). */
  onTimeout?: 'reject' | 'approve';
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
  /**
   * Only its members see it (a private channel, a DM, a group DM), or the front end could not tell:
   * a request asked here is listed to others only where its policy names them (use-cases/pending.ts).
   * Absent (records older than this field too): a public room.
   */
  private?: true | undefined;
}

export interface RerunRequest extends Lifecycle {
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
  /**
   * Why the rerun is needed, as the asker gave it (`reason=`, the form's Reason field, or prefilled
   * from an alert): an incident reference where the policy asks for one.
   */
  reason?: string;
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

type AuditEvent =
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
  | 'follow-final'
  /** The requester approved their own request through break-glass: `detail.reason`. */
  | 'break-glass'
  /** An approver acknowledged a break-glass approval afterwards. */
  | 'reviewed'
  /** A reminder was given while it waited (`detail.n`), or the escalation (`detail.to`). */
  | 'reminded'
  | 'escalated'
  /** Someone whose ask collided with the request watches it (told of its decision and final state). */
  | 'watched';

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
