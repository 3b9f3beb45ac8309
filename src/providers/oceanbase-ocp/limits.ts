/**
 * The bot's bounds for OCP, in one place: OCP documents no limits for its task APIs, so these are
 * the bot's own choices, each with its reason.
 */
import type { Allowances } from '../_shared/allowances.ts';

/** The operations the bot calls: the task detail read, and the subtask retry (docs/providers/FACTS.md §4.1, §4.3). */
export type OcpOperation = 'GetTaskInstance' | 'RetrySubtask';

/**
 * OCP documents no rate limit for its task APIs (docs/providers/FACTS.md §4.4). It is one self-hosted
 * management server that also serves its console and runs its own schedulers, so the bot
 * stays modest, each operation on its own pace (a retry never waits behind the reads): 5 task
 * reads per second per target, and 1 retry per second (each starts work on the OCP server). A
 * rerun request needs a handful of calls (task detail for the preview and the form, one retry,
 * status polls), so a person never waits on this pace, while a burst of form refreshes or
 * follow-ups cannot load OCP. A target whose OCP allows more sets `limits:`.
 */
export const ALLOWANCES: Allowances<OcpOperation> = { operations: { GetTaskInstance: 5, RetrySubtask: 1 } };
/** The reads' pace. */
export const REQUESTS_PER_SECOND = ALLOWANCES.operations.GetTaskInstance;
/** A Retry-After longer than this is reported to the person instead of waited out. */
export const MAX_RESEND_WAIT_MS = 30_000;
