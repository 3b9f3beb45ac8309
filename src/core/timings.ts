/**
 * The core's timings and their defaults, in one place (docs/STYLE.md, habit 5): how long a
 * replica holds its work, when followed reruns are polled, the alert reply queue's pace and the App
 * Home's. A
 * front end or test passes a `Partial` of each to `createCore` (tests compress them); the rest
 * come from here. The action budget's default lives in lib/budget.ts, beside the budget the
 * providers share.
 */

/**
 * How long a replica's hold on work lasts without renewal, and how often it renews and sweeps.
 * A replica that dies loses its work to another after at most `leaseMs`.
 */
export interface LeaseTiming {
  leaseMs: number;
  /** How often leases are renewed (well under `leaseMs`). */
  renewMs: number;
  /** How often the sweeper looks for due work (expiry, message repair, recovery). */
  sweepMs: number;
}

export const DEFAULT_LEASES = { leaseMs: 30_000, renewMs: 10_000, sweepMs: 5_000 } satisfies LeaseTiming;

/** When polls happen: quick at first, then every `everyMs`; `limitMs` after acceptance the bot stops watching. */
export interface FollowTiming {
  /** How often a replica looks for due follow-ups. */
  tickMs: number;
  /** The waits before the first polls, after acceptance; then `everyMs` between polls. */
  firstMs: readonly number[];
  /** At most this long between polls (with `tickMs`, the final state is known within ~20 s). */
  everyMs: number;
  /** How long after acceptance the bot stops watching. */
  limitMs: number;
}

export const DEFAULT_FOLLOW = {
  tickMs: 2_000,
  firstMs: [3_000, 5_000, 10_000],
  everyMs: 15_000,
  limitMs: 24 * 3_600_000,
} satisfies FollowTiming;

/** The alert reply queue's timing (use-cases/replies/). */
export interface ReplyTiming {
  /** Identical alerts of a channel within this window collapse into one reply. */
  collapseMs: number;
  /**
   * One post per channel per this many ms: Slack's pace for chat.postMessage (one per second), with
   * a 2% margin so that network jitter does not land two posts within one of Slack's seconds.
   */
  paceMs: number;
  /** A Retry-After of N means N of these (1000: seconds, as Slack says; tests compress it). */
  retryAfterUnitMs: number;
  /** More replies than this waiting in one channel (over `digestAfter` × `paceMs` of backlog) fold into digests. */
  digestAfter: number;
  /** How often a replica looks for channels with replies to post (after a restart, or another replica's). */
  tickMs: number;
}

export const DEFAULT_REPLIES = {
  collapseMs: 10 * 60_000,
  paceMs: 1_020,
  retryAfterUnitMs: 1_000,
  digestAfter: 10,
  tickMs: 2_000,
} satisfies ReplyTiming;

/**
 * The pace of updates to messages already shown (Slack's chat.update, counted per workspace: Tier 3,
 * about 50 a minute). One pace for the whole workspace, kept in the store like the reply queue's,
 * so every replica shares it: the background's updates (polls, repairs, timeouts, alert counts)
 * wait for its slots; the update after a person's click takes a slot without waiting for it, so it
 * goes ahead of them and the background makes room (core/update-pace.ts).
 */
export interface UpdateTiming {
  /** One update per this many ms across the workspace: 48 a minute, under Slack's ~50. */
  paceMs: number;
  /**
   * The count on a posted alert reply or digest is updated at most once per this many ms: alerts
   * folding into one message meanwhile show in that one update, with the latest count.
   */
  coalesceMs: number;
}

export const DEFAULT_UPDATES = { paceMs: 1_250, coalesceMs: 5_000 } satisfies UpdateTiming;

/**
 * The App Home's pace and memory (use-cases/home.ts): the front end publishes each person's Home
 * (slack/home.ts) at the slots these make, shared by every replica through the store.
 */
export interface HomeTiming {
  /** At most one republish of a person's Home this often, across replicas: the changes meanwhile come as one. */
  gapMs: number;
  /** Between two Home publishes in the workspace, across replicas (views.publish: Tier 4, 100+ a minute). */
  spacingMs: number;
  /** Someone who has not opened their Home for this long is no longer kept fresh (until they open it again). */
  keepMs: number;
}

export const DEFAULT_HOME = { gapMs: 5_000, spacingMs: 700, keepMs: 30 * 24 * 3_600_000 } satisfies HomeTiming;

/**
 * A replica's clock further than this from the store's is logged as a warning (once, until it
 * agrees again within half of it): the core goes by the store's clock, but a skewed host clock
 * also signs provider calls and stamps logs, and says NTP is not doing its work.
 */
export const CLOCK_SKEW_WARN_MS = 5_000;

/** An alert is answered once however often it is seen (events, replicas, mentions): longer than any retry. */
export const ALERT_WINDOW_MS = 24 * 60 * 60_000;
