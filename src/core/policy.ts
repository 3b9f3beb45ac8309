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
    ...(policy.remind ? { remindMs: policy.remind, remindTimes: policy.remindTimes } : {}),
    ...(policy.escalate ? { escalate: { afterMs: policy.escalate.after, to: policy.escalate.to } } : {}),
    ...(policy.onTimeout !== 'expire' ? { onTimeout: policy.onTimeout } : {}),
  };
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

/** Whether a room is allowed by a policy's `channels` (ids, or names with a trailing `*`). */
export function placeAllowed(policy: Policy, place: Place): boolean {
  if (!policy.channels?.length) return true;
  return policy.channels.some((c) =>
    c.startsWith('#') ? !!place.name && globToRegExp(c.slice(1)).test(place.name) : c === place.id,
  );
}
