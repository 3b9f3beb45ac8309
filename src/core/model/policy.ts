/**
 * A policy as the domain reads it (docs/SPEC.md §3): who may approve, how many, who may ask and
 * where, and the limits on asking. config/ parses the file into this shape.
 */
/** Who approves (docs/SPEC.md §3): the requester confirms their own, anyone else (peer), or an approver of `approvers`. */
export const APPROVAL_MODES = ['confirm', 'peer', 'group'] as const;

/**
 * What a request nobody decided in time becomes (issue 19): `expire` (the default: it ends, its
 * jobs are free, the requester may ask again), `reject` (rejected by the policy, nothing to ask
 * again from) or `approve` (approved by the policy: only where the policy names `expiresAfter`).
 */
export const TIMEOUT_ACTIONS = ['expire', 'reject', 'approve'] as const;
export type TimeoutAction = (typeof TIMEOUT_ACTIONS)[number];

/** Past `after` (ms from asking) the request also accepts `to` (user ids or group handles), mentioned once. */
export interface Escalation {
  after: number;
  to: string[];
}

export interface Policy {
  approval: (typeof APPROVAL_MODES)[number];
  /** User ids or group handles (`@data-oncall`). */
  approvers?: string[] | undefined;
  minApprovals: number;
  requesters?: string[] | undefined;
  /** Room ids, or `#names` that may end in `*`. */
  channels?: string[] | undefined;
  maxJobsPerRequest?: number | undefined;
  cooldown?: { reruns: number; per: number } | undefined;
  /** Milliseconds. */
  expiresAfter: number;
  /** Milliseconds after acceptance the bot follows a rerun before it stops watching (absent: 24 h). */
  followFor?: number | undefined;
  /** The requester may approve their own request under peer or group, with a reason and a confirmation. */
  breakGlass?: boolean | undefined;
  /** A reason must be given with every request. */
  requireReason?: boolean | undefined;
  /** The reason must match this regular expression (an incident reference); implies a reason is required. */
  reasonPattern?: string | undefined;
  /** Milliseconds between reminders while a request waits (absent: no reminders). */
  remind?: number | undefined;
  /** At most this many reminders (default 3). */
  remindTimes: number;
  escalate?: Escalation | undefined;
  onTimeout: TimeoutAction;
}

/** A policy per target id or glob, in file order: the first match wins, else `default`. */
export type PolicyTable = readonly { pattern: string; policy: Policy }[];
