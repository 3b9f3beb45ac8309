/**
 * E-HPC's documented limits and the bot's own bounds for it, in one place: the pace of calls,
 * the ListJobs pages read, and the jobs one call and one request may name. Messages name them
 * from here.
 */
import type { Allowances } from '../_shared/allowances.ts';

/** The operations the bot calls, by E-HPC's action names. */
export type EhpcAction = 'ListJobs' | 'RerunJobs';

/**
 * E-HPC publishes no rate limit (docs/providers/FACTS.md §3.5), and every call of this API is served by the
 * cluster's manager node through its agent (hence AgentError / AgentResponseTimeout), not by a
 * large fleet. So the adapter paces itself, each action on its own (a rerun never waits behind
 * the reads): at most 4 ListJobs calls per second (a preview of a busy cluster pages through
 * ListJobs), and at most 1 RerunJobs call per second: each one asks the scheduler to stop and
 * requeue up to 100 jobs, which is heavy work for one manager node (1,000 jobs take about 10
 * seconds). A target with a known quota sets `limits:`.
 */
export const ALLOWANCES: Allowances<EhpcAction> = { operations: { ListJobs: 4, RerunJobs: 1 } };
/** RerunJobs' pace, which the preview's note names. */
export const RERUN_CALLS_PER_SECOND = ALLOWANCES.operations.RerunJobs;

/** The largest page ListJobs serves. */
export const LIST_PAGE_SIZE = 50;
/** Pages read per pass at most (2,000 jobs): a bound on a preview's time and calls. */
export const MAX_LIST_PAGES = 40;
/** The jobs read per state at most, for the sentences that say where the search stopped. */
export const LIST_LIMIT = MAX_LIST_PAGES * LIST_PAGE_SIZE;
/** Pages of live jobs offered in the form's pick list (a Slack select shows at most 100 options). */
export const OPTION_PAGES = 2;

/** RerunJobs takes 1 to 100 jobs per call (seed doc, "作业数量取值范围:1~100"). */
export const MAX_JOBS_PER_CALL = 100;
/** One request may name more; the adapter splits it into calls of 100 (docs/SPEC.md §7: 1,000 jobs). */
export const MAX_JOBS_PER_REQUEST = 1000;
