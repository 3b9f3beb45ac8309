/**
 * Which policy governs a target, and who may ask and decide under it (docs/SPEC.md §3, §4).
 * Keys are target ids or globs; the first match in file order wins; else `default`.
 */
import type { Message } from '../lib/message.ts';
import { coreMsg } from './messages.ts';
import type { Policy, PolicyTable } from './model/policy.ts';
import { approversOf } from './model/lifecycle.ts';
import type { DecisionKind, Place, PolicySnapshot, RerunRequest } from './model/request.ts';
import type { Directory } from './ports.ts';

const BUILT_IN_DEFAULT: Policy = {
  approval: 'peer',
  minApprovals: 1,
  expiresAfter: 30 * 60_000,
  remindTimes: 3,
  onTimeout: 'expire',
};

export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`, 'i');
}

export function policyFor(policies: PolicyTable, targetId: string): Policy {
  return namedPolicyFor(policies, targetId).policy;
}

/** The policy with its name (its key in `policies:`; `default` for the built-in one). */
export function namedPolicyFor(policies: PolicyTable, targetId: string): { pattern: string; policy: Policy } {
  const hit = policies.find((p) => p.pattern !== 'default' && globToRegExp(p.pattern).test(targetId));
  return hit ?? policies.find((p) => p.pattern === 'default') ?? { pattern: 'default', policy: BUILT_IN_DEFAULT };
}

export function snapshot(policy: Policy, name?: string): PolicySnapshot {
  return {
    ...(name !== undefined ? { name } : {}),
    approval: policy.approval,
    approvers: policy.approvers ?? [],
    minApprovals: policy.approval === 'group' ? policy.minApprovals : 1,
    expiresAfterMs: policy.expiresAfter,
    ...(policy.followFor ? { followForMs: policy.followFor } : {}),
    ...(policy.breakGlass && policy.approval !== 'confirm' ? { breakGlass: true as const } : {}),
    ...(policy.requireReason || policy.reasonPattern ? { requireReason: true as const } : {}),
    ...(policy.reasonPattern ? { reasonPattern: policy.reasonPattern } : {}),
    ...(policy.remind ? { remindMs: policy.remind, remindTimes: policy.remindTimes } : {}),
    ...(policy.escalate ? { escalate: { afterMs: policy.escalate.after, to: policy.escalate.to } } : {}),
    ...(policy.onTimeout !== 'expire' ? { onTimeout: policy.onTimeout } : {}),
  };
}

/** A reason is a line or two (an incident reference, a title and a link), never a document. */
export const MAX_REASON_CHARS = 500;

/**
 * What is wrong with a request's reason under its policy (issue 19 item 4), or undefined: required
 * when the policy says so (a pattern implies it), and matching the pattern when there is one.
 */
export function reasonProblem(
  policy: Pick<PolicySnapshot, 'requireReason' | 'reasonPattern'>,
  reason: string | undefined,
): Message | undefined {
  const given = reason?.trim() ?? '';
  if (!given) return policy.requireReason ? coreMsg('reason.required', { pattern: policy.reasonPattern }) : undefined;
  if (given.length > MAX_REASON_CHARS) return coreMsg('reason.tooLong', { max: MAX_REASON_CHARS });
  if (policy.reasonPattern && !new RegExp(policy.reasonPattern).test(given))
    return coreMsg('reason.pattern', { pattern: policy.reasonPattern });
  return undefined;
}

/** Whether the request's escalation has come at `now`: its escalation approvers are accepted from then on. */
export function escalated(r: Pick<RerunRequest, 'policy' | 'createdAt'>, now: Date): boolean {
  const e = r.policy.escalate;
  return !!e && now.getTime() >= Date.parse(r.createdAt) + e.afterMs;
}

export async function isAmong(directory: Directory, userId: string, principals: readonly string[]): Promise<boolean> {
  for (const p of principals) {
    if (p === userId) return true;
    if (p.startsWith('@') && (await directory.isMember(userId, p))) return true;
  }
  return false;
}

type Verdict = { allowed: true } | { allowed: false; reason: Message };

/**
 * Whether a click counts. Under peer and group the requester's click never counts. Past the
 * escalation's `after` (`now`), its approvers are accepted too, whatever the approval mode.
 */
export async function mayDecide(
  request: RerunRequest,
  userId: string,
  kind: DecisionKind,
  directory: Directory,
  now: Date,
): Promise<Verdict> {
  const { policy } = request;
  if (kind === 'cancel') {
    return userId === request.requester
      ? { allowed: true }
      : { allowed: false, reason: coreMsg('click.onlyRequesterCancels', {}) };
  }
  const escalation = escalated(request, now) ? (policy.escalate?.to ?? []) : [];
  if (userId !== request.requester && escalation.length && (await isAmong(directory, userId, escalation))) {
    return kind === 'approve' && approversOf(request).includes(userId)
      ? { allowed: false, reason: coreMsg('click.alreadyApproved', {}) }
      : { allowed: true };
  }
  if (userId === request.requester && policy.approval !== 'confirm') {
    // Under a policy that allows break-glass, the refusal says how (issue 19 item 3).
    if (kind === 'approve' && policy.breakGlass)
      return { allowed: false, reason: coreMsg('click.ownRequestGlass', { id: request.id }) };
    return { allowed: false, reason: coreMsg('click.ownRequest', { policy: policy.approval, kind, id: request.id }) };
  }
  if (policy.approval === 'group' && !(await isAmong(directory, userId, policy.approvers))) {
    return {
      allowed: false,
      reason: coreMsg('click.notApprover', { approvers: policy.approvers, kind, target: request.targetId }),
    };
  }
  if (kind === 'approve' && approversOf(request).includes(userId)) {
    return { allowed: false, reason: coreMsg('click.alreadyApproved', {}) };
  }
  return { allowed: true };
}

/**
 * Whether `userId` may break glass on `request` (issue 19 item 3): only its requester, only under a
 * policy snapshot that allows it (peer or group with `breakGlass: true`), with a reason that meets
 * the request's reason rules (or any non-empty one), and only once they confirmed.
 */
export function mayBreakGlass(request: RerunRequest, userId: string, reason: string, confirmed: boolean): Verdict {
  if (!request.policy.breakGlass) {
    return { allowed: false, reason: coreMsg('glass.notAllowed', { target: request.targetId, id: request.id }) };
  }
  if (userId !== request.requester) return { allowed: false, reason: coreMsg('glass.onlyRequester', {}) };
  const problem = reasonProblem({ ...request.policy, requireReason: true }, reason);
  if (problem) return { allowed: false, reason: problem };
  if (!confirmed) return { allowed: false, reason: coreMsg('glass.confirmRequired', {}) };
  return { allowed: true };
}

/**
 * Who may acknowledge a break-glass approval afterwards: anyone who could have approved the request
 * (under group, its approvers; under peer, anyone but the requester; past the escalation's `after`
 * at `now`, its `escalate.to` too, as mayDecide accepts them), never the requester.
 */
export async function mayReview(
  request: RerunRequest,
  userId: string,
  directory: Directory,
  now: Date,
): Promise<Verdict> {
  if (!request.breakGlass) return { allowed: false, reason: coreMsg('glass.nothingToReview', { id: request.id }) };
  if (userId === request.breakGlass.by) return { allowed: false, reason: coreMsg('glass.reviewOwn', {}) };
  const { policy } = request;
  const escalation = escalated(request, now) ? (policy.escalate?.to ?? []) : [];
  if (escalation.length && (await isAmong(directory, userId, escalation))) return { allowed: true };
  if (policy.approval === 'group' && !(await isAmong(directory, userId, policy.approvers))) {
    return {
      allowed: false,
      reason: coreMsg('click.notApprover', { approvers: policy.approvers, kind: 'review', target: request.targetId }),
    };
  }
  return { allowed: true };
}

/** Whether a room is allowed by a policy's `channels` (ids, or names with a trailing `*`). */
export function placeAllowed(policy: Policy, place: Place): boolean {
  if (!policy.channels?.length) return true;
  return policy.channels.some((c) =>
    c.startsWith('#') ? !!place.name && globToRegExp(c.slice(1)).test(place.name) : c === place.id,
  );
}
