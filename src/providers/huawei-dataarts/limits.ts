/**
 * DataArts' documented limits and the bot's own bounds for it, in one place: the pace of calls,
 * the list API's page and query span, how much one operation reads, what one request may name,
 * and how long a just-accepted rerun may still look finished. Messages name them from here.
 */

import type { Allowances } from '../_shared/allowances.ts';

/** The operations the bot calls, by the SDK's names (docs/providers/FACTS.md §1.1, §1.5). */
export type DlfOperation = 'ListFactoryJobInstancesByName' | 'RetryFactoryJobInstance' | 'ShowJobInstance';

/**
 * Documented DataArts Factory limits (docs/providers/FACTS.md §1.6): V2 APIs 100 requests/s
 * each, V1 APIs 300 each, and 10 requests/s per user across APIs (V1 lists 30 per user; the
 * low figure counts for all, as nobody says whether V1 and V2 share the user's count). Each
 * call waits for its API's pace and for the user's; a rerun never waits behind the reads'
 * queue, and the user's cap serves it first (_shared/pacing.ts). A target sets other quotas
 * with `limits:` (the cap across APIs is `user`).
 */
export const ALLOWANCES: Allowances<DlfOperation> = {
  operations: { ListFactoryJobInstancesByName: 100, RetryFactoryJobInstance: 100, ShowJobInstance: 300 },
  shared: {
    user: {
      perSecond: 10,
      covers: ['ListFactoryJobInstancesByName', 'RetryFactoryJobInstance', 'ShowJobInstance'],
    },
  },
};
/** The user's cap, which help and the throttling message name. */
export const REQUESTS_PER_SECOND = 10;

/** The list API's page size (it allows up to 1000). */
export const PAGE_SIZE = 100;
/** How many instances one job's window reads at most. */
export const MAX_LISTED = 1000;
/**
 * List calls one preview, one status or one pre-send check makes in all, across every job and
 * instance it reads (at 10 calls per second, about ten seconds). What is left unread when it
 * runs out is refused (preview, pre-send check) or reported as not final (status), and said so.
 */
export const MAX_LIST_CALLS = 100;
/** The list API reads at most about a month per query; longer windows are read in slices. */
export const SLICE_MS = 30 * 86_400_000;
/** The node details are a nice-to-have in the preview: never wait long for them. */
export const DETAIL_TIMEOUT_MS = 5_000;

export const MAX_CONCURRENT = 128;
/** Jobs named in one chain rerun; one call carries them all (the API documents no batch size). */
export const MAX_CHAIN_JOBS = 100;
/** Instances named in one mode=instance rerun (one call carries them all in task_retrys). */
export const MAX_INSTANCES = 20;
/** The longest chain window (end − begin): the instance list reads about a month per query. */
export const MAX_WINDOW_DAYS = 31;
export const MAX_WINDOW_MS = MAX_WINDOW_DAYS * 86_400_000;

/** The `instance` choices: failed instances planned in the last week, newest first, at most 100 (a Slack select's limit). */
export const OPTIONS_WINDOW_DAYS = 7;
export const OPTIONS_WINDOW_MS = OPTIONS_WINDOW_DAYS * 86_400_000;
export const OPTIONS_LIMIT = 100;

/**
 * After DataArts accepts a rerun, the list may still show the previous run's final state for a
 * moment; for this long status() reports such an instance as not final yet.
 */
export const RESTART_GRACE_MS = 10 * 60_000;

/**
 * Followed requests on one job whose windows lie within this of each other share one listing
 * (shared-windows.ts): the gap between them adds at most an hour's instances to the read, where
 * a read of its own would cost each request at least one call.
 */
export const STATUS_MERGE_GAP_MS = 3_600_000;
