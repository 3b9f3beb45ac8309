/**
 * The bot's bounds for OCP, in one place: OCP documents no limits for its task APIs, so these are
 * the bot's own choices, each with its reason.
 */

/**
 * OCP documents no rate limit for its task APIs (docs/providers/FACTS.md §4.4). It is one self-hosted
 * management server that also serves its console and runs its own schedulers, so the bot
 * stays modest: 5 calls per second per target. A rerun request needs a handful of calls
 * (task detail for the preview and the form, one retry, status polls), so a person never
 * waits on this pace, while a burst of form refreshes or follow-ups cannot load OCP.
 */
export const REQUESTS_PER_SECOND = 5;
/** A Retry-After longer than this is reported to the person instead of waited out. */
export const MAX_RESEND_WAIT_MS = 30_000;
