/**
 * E-HPC's own records: a job as ListJobs answers it (2018-04-12, docs/providers/FACTS.md §3.4), the
 * states ListJobs filters by, and the states RerunJobs acts on.
 */

/** One job as ListJobs returns it (Jobs.JobInfo[]). Times are scheduler-local, like 2018-07-18T17:46:48. */
export interface JobInfo {
  Id: string;
  Name?: string;
  Owner?: string;
  /** FINISHED, RUNNING or QUEUED. */
  State: string;
  /** JSON text listing the compute nodes, like ["compute2", "compute3"]. */
  NodeList?: string;
  Priority?: number | string;
  SubmitTime?: string;
  StartTime?: string;
  LastModifyTime?: string;
  ArrayRequest?: string;
  Comment?: string;
}

export interface ListJobsAnswer {
  Jobs?: { JobInfo?: JobInfo[] };
  TotalCount?: number;
  PageNumber?: number;
  PageSize?: number;
}

export type ListState = 'all' | 'finished' | 'notfinish';

/** The states RerunJobs accepts (seed doc: "需要重新运行的作业状态必须为RUNNING或QUEUED"). */
export const RERUNNABLE_STATES: ReadonlySet<string> = new Set(['RUNNING', 'QUEUED']);

/** The compute nodes of a job, read from NodeList (JSON text) or a plain comma list. */
export function nodesOf(job: JobInfo): string[] {
  const raw = job.NodeList?.trim();
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed.map(String).filter(Boolean);
  } catch {
    // Some schedulers report a plain list.
  }
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
