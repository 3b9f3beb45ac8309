/**
 * Which policy governs a target, and who may ask and decide under it (docs/SPEC.md §3, §4).
 * Keys are target ids or globs; the first match in file order wins; else `default`.
 */
import type { Policy } from '../config/schema.ts';
import { approvalsOf, type DecisionKind, type PolicySnapshot, type RerunRequest } from './request.ts';

export const BUILT_IN_DEFAULT: Policy = { approval: 'peer', minApprovals: 1, expiresAfter: 30 * 60_000 };

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`, 'i');
}

export function policyFor(policies: readonly { pattern: string; policy: Policy }[], targetId: string): Policy {
  const hit = policies.find((p) => p.pattern !== 'default' && globToRegExp(p.pattern).test(targetId));
  return hit?.policy ?? policies.find((p) => p.pattern === 'default')?.policy ?? BUILT_IN_DEFAULT;
}

export function snapshot(policy: Policy): PolicySnapshot {
  return {
    approval: policy.approval,
    approvers: policy.approvers ?? [],
    minApprovals: policy.approval === 'group' ? policy.minApprovals : 1,
    expiresAfterMs: policy.expiresAfter,
  };
}

/** Answers whether `userId` belongs to a principal: a user id, or a user group handle. */
export interface Directory {
  isMember(userId: string, principal: string): Promise<boolean>;
}

export async function isAmong(directory: Directory, userId: string, principals: readonly string[]): Promise<boolean> {
  for (const p of principals) {
    if (p === userId) return true;
    if (p.startsWith('@') && (await directory.isMember(userId, p))) return true;
  }
  return false;
}

export type Verdict = { allowed: true } | { allowed: false; reason: string };

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
      : { allowed: false, reason: 'Only the person who asked can cancel this request.' };
  }
  if (userId === request.requester && policy.approval !== 'confirm') {
    return {
      allowed: false,
      reason: `You asked for this rerun, and the ${policy.approval} policy needs someone else to ${kind === 'approve' ? 'approve' : 'reject'} it. Use Cancel to withdraw it.`,
    };
  }
  if (policy.approval === 'group' && !(await isAmong(directory, userId, policy.approvers))) {
    return { allowed: false, reason: `Only ${policy.approvers.join(', ')} may ${kind} reruns of ${request.targetId}.` };
  }
  if (kind === 'approve' && approvalsOf(request).some((d) => d.userId === userId)) {
    return { allowed: false, reason: 'You have already approved this request; it needs another approver.' };
  }
  return { allowed: true };
}

/** Whether a channel is allowed by a policy's `channels` (ids, or names with a trailing `*`). */
export function channelAllowed(policy: Policy, channelId: string, channelName: string | undefined): boolean {
  if (!policy.channels?.length) return true;
  return policy.channels.some((c) =>
    c.startsWith('#') ? !!channelName && globToRegExp(c.slice(1)).test(channelName) : c === channelId,
  );
}
