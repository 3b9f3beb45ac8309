/** Batch's own records: a job as DescribeJobs answers it (docs/providers/FACTS.md §2), and its states. */

export interface JobSummary {
  JobId: string;
  JobName?: string;
  JobState: string;
  CreateTime?: string;
  EndTime?: string | null;
  TaskMetrics?: { FailedCount?: number; SucceedCount?: number; RunningCount?: number };
}

/** The only state RetryJobs retries. */
export const RETRYABLE_STATE = 'FAILED';
/** States a job does not leave by itself. */
export const TERMINAL = new Set(['SUCCEED', 'FAILED', 'FAILED_INTERRUPTED']);
