/**
 * Which policy governs a target, and who may ask and decide under it (docs/SPEC.md §3, §4).
 * Keys are target ids or globs; the first match in file order wins; else `default`.
 */
import type { Message } from '../lib/message.ts';
import { coreMsg } from './messages.ts';
import type { Policy, PolicyTable } from './model/policy.ts';
import { approvalsOf } from './model/lifecycle.ts';
import type { DecisionKind, Place, PolicySnapshot, RerunRequest } from './model/request.ts';
import type { Directory } from './ports.ts';

const BUILT_IN_DEFAULT: Policy = {
  approval: 'peer',
  minApprovals: 1,
  expiresAfter: 30 * 60_000,
};

export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`, 'i');
}

export function policyFor(policies: PolicyTable, targetId: string): Policy {
  const hit = policies.find((p) => p.pattern !== 'default' && globToRegExp(p.pattern).test(targetId));
  return hit?.policy ?? policies.find((p) => p.pattern === 'default')?.policy ?? BUILT_IN_DEFAULT;
}

export function snapshot(policy: Policy): PolicySnapshot {
  return {
    approval: policy.approval,
    approvers: policy.approvers ?? [],
    minApprovals: policy.approval === 'group' ? policy.minApprovals : 1,
    expiresAfterMs: policy.expiresAfter,
    ...(policy.followFor ? { followForMs: policy.followFor } : {}),
  };
}

export async function isAmong(directory: Directory, userId: string, principals: readonly string[]): Promise<boolean> {
  for (const p of principals) {
    if (p === userId) return true;
    if (p.startsWith('@') && (await directory.isMember(userId, p))) return true;
  }
  return false;
}

type Verdict = { allowed: true } | { allowed: false; reason: Message };

/** Whether a click counts. Under peer and group the requester's click never counts. */
export async function mayDecide(
  request: RerunRequest,
  userId: string,
  kind: DecisionKind,
  directory: Directory,
): Promise<Verdict> {
  const { policy } = request;
  if (kind === 'cancel') {
    return userId === request.requester
      ? { allowed: true }
      : { allowed: false, reason: coreMsg('click.onlyRequesterCancels', {}) };
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
  if (kind === 'approve' && approvalsOf(request).some((d) => d.userId === userId)) {
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
