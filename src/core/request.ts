/**
 * A rerun request and its state machine:
 *
 *   pending ──approve(s)──▶ running ──▶ succeeded | failed | partial | unknown
 *      │
 *      ├──reject──▶ rejected      ├──cancel──▶ cancelled      └──(clicked after expiry)──▶ expired
 *
 * Only `pending → running` sends anything, and it is an atomic claim in the store.
 */
import type { CallDescription, PreviewItem, RawParams, RerunOutcome } from '../providers/types.ts';

export type RequestState =
  'pending' | 'running' | 'succeeded' | 'failed' | 'partial' | 'unknown' | 'rejected' | 'cancelled' | 'expired';

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
}

export interface Execution {
  startedAt: string;
  finishedAt?: string;
  outcome?: RerunOutcome;
}

export interface RerunRequest {
  id: string;
  targetId: string;
  providerId: string;
  providerName: string;
  requester: string;
  channel: string;
  /** The channel's name when known (policies may name channels as `#inc-*`). */
  channelName?: string;
  /** The alert's thread, when asked from one. */
  threadTs?: string;
  /** The approval message, once posted. */
  messageTs?: string;
  /** What was typed (text or form), kept so an expired request can be asked again as it was. */
  raw: RawParams;
  /** What was asked, as validated by the provider's schema. */
  params: unknown;
  /** What approval sends: the eligible part of `params`. */
  send: unknown;
  summary: string;
  preview: { items: PreviewItem[]; notes: string[] };
  calls: CallDescription[];
  policy: PolicySnapshot;
  state: RequestState;
  decisions: Decision[];
  execution?: Execution;
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

export interface AuditEntry {
  at: string;
  requestId: string;
  /** requested, approved, rejected, cancelled, expired, refused-click, call-started, call-finished, recovered */
  event: string;
  /** Who acted: a Slack user id, or `system`. */
  actor: string;
  /** The target (credential) that executed a call, named separately from the people. */
  targetId: string;
  detail?: Record<string, unknown>;
}
