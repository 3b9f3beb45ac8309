/**
 * After a batch answer that says "some jobs, not all" (409 PartFailure, or the agent's
 * AgentError.Job.RerunFailure for several jobs), the states read before and after the call
 * tell, per job, what happened. RerunJobs puts a job back in its queue, so:
 *  - RUNNING before, QUEUED after: requeued;
 *  - its start time or last-change time moved: requeued (and maybe started again already);
 *  - RUNNING before and after with the same start time: not requeued;
 *  - anything else (QUEUED before and after unchanged, finished since, no "before" read):
 *    the states cannot tell, and the job is reported as such.
 * Nothing here resends: RerunJobs is not idempotent (it would requeue a requeued job again).
 */
import type { ItemOutcome } from '../types.ts';
import type { JobInfo } from './model.ts';
import { msg } from './messages.ts';

type NoEvidence = 'refused' | 'unknown';

export function reconcile(
  ids: readonly string[],
  before: ReadonlyMap<string, JobInfo> | undefined,
  after: ReadonlyMap<string, JobInfo> | undefined,
  /** What a job with no sign of a requeue is reported as: 'refused' when the agent said it failed. */
  noEvidence: NoEvidence,
): ItemOutcome[] {
  return ids.map((id): ItemOutcome => {
    if (!after) return { id, result: 'unknown', reason: msg('alibaba-ehpc.reconcile.notReadAfter', {}) };
    const a = after.get(id);
    const b = before?.get(id);
    if (!a) return { id, result: 'unknown', reason: msg('alibaba-ehpc.reconcile.gone', {}) };
    if (b && b.State === 'RUNNING' && a.State === 'QUEUED')
      return { id, result: 'accepted', reason: msg('alibaba-ehpc.reconcile.runningToQueued', {}) };
    if (b && b.StartTime && a.StartTime && b.StartTime !== a.StartTime) {
      return { id, result: 'accepted', reason: msg('alibaba-ehpc.reconcile.startedAgain', { at: a.StartTime }) };
    }
    if (b && b.LastModifyTime && a.LastModifyTime && b.LastModifyTime !== a.LastModifyTime && a.State === 'QUEUED') {
      return { id, result: 'accepted', reason: msg('alibaba-ehpc.reconcile.queuedChanged', { at: a.LastModifyTime }) };
    }
    if (b && b.State === 'RUNNING' && a.State === 'RUNNING') {
      const since = a.StartTime || undefined;
      return {
        id,
        result: 'refused',
        reason: msg('alibaba-ehpc.reconcile.stillRunning', since ? { since } : {}),
      };
    }
    if (noEvidence === 'refused') {
      const reason = b
        ? msg('alibaba-ehpc.reconcile.noSignUnchanged', { before: b.State, after: a.State })
        : msg('alibaba-ehpc.reconcile.noSignNotReadBefore', { state: a.State });
      return { id, result: 'refused', reason };
    }
    const reason = b
      ? msg('alibaba-ehpc.reconcile.unclearUnchanged', { before: b.State, after: a.State })
      : msg('alibaba-ehpc.reconcile.unclearNotReadBefore', { state: a.State });
    return { id, result: 'unknown', reason };
  });
}
