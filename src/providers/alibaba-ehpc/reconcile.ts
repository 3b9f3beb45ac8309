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
import type { JobInfo } from './jobs.ts';

export type NoEvidence = 'refused' | 'unknown';

export function reconcile(
  ids: readonly string[],
  before: ReadonlyMap<string, JobInfo> | undefined,
  after: ReadonlyMap<string, JobInfo> | undefined,
  /** What a job with no sign of a requeue is reported as: 'refused' when the agent said it failed. */
  noEvidence: NoEvidence,
): ItemOutcome[] {
  return ids.map((id): ItemOutcome => {
    if (!after) return { id, result: 'unknown', reason: 'its state could not be read again after the call' };
    const a = after.get(id);
    const b = before?.get(id);
    if (!a)
      return {
        id,
        result: 'unknown',
        reason: 'it is no longer running or queued (finished or removed); whether it was requeued first cannot be told',
      };
    if (b && b.State === 'RUNNING' && a.State === 'QUEUED')
      return { id, result: 'accepted', reason: 'requeued: RUNNING → QUEUED' };
    if (b && b.StartTime && a.StartTime && b.StartTime !== a.StartTime) {
      return { id, result: 'accepted', reason: `requeued: it started again at ${a.StartTime}` };
    }
    if (b && b.LastModifyTime && a.LastModifyTime && b.LastModifyTime !== a.LastModifyTime && a.State === 'QUEUED') {
      return { id, result: 'accepted', reason: `requeued: QUEUED, changed at ${a.LastModifyTime}` };
    }
    if (b && b.State === 'RUNNING' && a.State === 'RUNNING') {
      return {
        id,
        result: 'refused',
        reason: `not requeued: still RUNNING${a.StartTime ? ` since ${a.StartTime}` : ''}`,
      };
    }
    const unclear = b
      ? `${b.State} before the call and ${a.State} after, unchanged`
      : `${a.State} now, and its state before the call was not read`;
    return noEvidence === 'refused'
      ? { id, result: 'refused', reason: `not requeued as far as can be seen (${unclear})` }
      : { id, result: 'unknown', reason: `${unclear}: whether it was requeued cannot be told` };
  });
}
