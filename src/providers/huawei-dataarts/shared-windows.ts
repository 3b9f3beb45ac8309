/**
 * One listing of a job's instances shared by the followed requests that read it: their windows
 * of the same job (each instance's planned time in mode=instance, the chain window in mode=chain)
 * that overlap or lie within STATUS_MERGE_GAP_MS of each other are read as one window, once, and
 * each request takes its own window's instances from it. A shared read that fails is the answer
 * of every request that needed it; one that stopped at a bound (MAX_LISTED, MAX_LIST_CALLS)
 * leaves each request to read its own window, as `status` does.
 */
import { sharedReads } from '../_shared/status-many.ts';
import type { SessionContext } from './context.ts';
import { STATUS_MERGE_GAP_MS } from './limits.ts';
import { listWindow, newBudget, type Listed, type WindowReader } from './listing.ts';
import { instancesOf, splitJobRef, type RerunParams } from './schema.ts';

/** A job's instances planned in [from, to]. */
export interface Window {
  job: string;
  workspace: string;
  from: number;
  to: number;
}

/** The windows `params` reads, as status() reads them. */
export function windowsOf(ctx: SessionContext, params: RerunParams): Window[] {
  if (params.mode === 'instance') {
    return instancesOf(params).map((ref) => ({
      job: params.job,
      workspace: ctx.target.workspace,
      from: ref.plan_time,
      to: ref.plan_time,
    }));
  }
  return params.jobs.map((ref) => {
    const { job_name, workspace_id } = splitJobRef(ref, ctx.target.workspace);
    return { job: job_name, workspace: workspace_id, from: params.begin, to: params.end };
  });
}

const jobKey = (w: Pick<Window, 'job' | 'workspace'>) => JSON.stringify([w.workspace, w.job]);

/** Each job's windows, merged where they overlap or lie within the gap of each other. */
function mergedWindows(windows: readonly Window[]): Map<string, Window[]> {
  const byJob = new Map<string, Window[]>();
  for (const w of [...windows].sort((a, b) => a.from - b.from)) {
    const merged = byJob.get(jobKey(w)) ?? [];
    const last = merged.at(-1);
    if (last && w.from <= last.to + STATUS_MERGE_GAP_MS) last.to = Math.max(last.to, w.to);
    else merged.push({ ...w });
    byJob.set(jobKey(w), merged);
  }
  return byJob;
}

/** A reader that serves `windows` from shared listings, each read once within its own budget. */
export function sharedWindows(ctx: SessionContext, windows: readonly Window[]): WindowReader {
  const merged = mergedWindows(windows);
  const read = sharedReads(
    ctx.deps.timing.actionBudgetMs,
    (w: Window) => JSON.stringify([w.workspace, w.job, w.from, w.to]),
    (w: Window): Promise<Listed> => listWindow(ctx, w.job, w.workspace, w.from, w.to, newBudget()),
  );
  return async (job, workspace, from, to, budget) => {
    const span = merged.get(jobKey({ job, workspace }))?.find((w) => w.from <= from && to <= w.to);
    if (span) {
      const listed = await read(span);
      if (listed.complete)
        return { instances: listed.instances.filter((i) => i.plan_time >= from && i.plan_time <= to), complete: true };
    }
    return listWindow(ctx, job, workspace, from, to, budget);
  };
}
