/**
 * The store port, by concern. A caller that needs one concern takes its narrow interface (a guard
 * reads requests, a gauge reads the reply queue); `Store` is all of them with the store's lifecycle,
 * for the composition root and the core's shared context. The SQLite store (embedded) and the
 * PostgreSQL store (several replicas) implement all of it and run the same contract suite, one
 * module per concern (test/store/contract/).
 *
 * Every query the core makes is answered from an index: nothing scans or filters the whole history
 * in memory, so start-up and memory stay flat as history grows.
 *
 * Time: leases, expiry and follow-up schedules are judged by the store's own clock, never by the
 * caller's, because replicas' clocks differ (one 90 s ahead took over live work and expired requests
 * early). The caller says how long a lease lasts; the store stamps it from its clock (PostgreSQL's
 * `statement_timestamp()`, which every replica shares; the process's clock for the embedded store,
 * which has one process) and compares `until`, `expiresAt` and `follow.nextAt` with that clock too.
 * The core reads the same clock through `now()` for what it stamps and decides (core/shared-clock.ts);
 * the `now` it passes to `reservePace` and `firstTime` is that reading.
 */
import type { Locale } from '../lib/message.ts';
import type { PostClaim, PostId, PostRecord, PostState } from './model/post.ts';
import type { QueuedReply, ReplyPatch, ReplyState } from './model/reply.ts';
import type { AuditEntry, RequestState, RerunRequest } from './model/request.ts';

export interface RequestFilter {
  targetId?: string | undefined;
  requester?: string | undefined;
  limit: number;
}

/**
 * Who holds a piece of work, and for how long: the store keeps it until its own clock's time, when
 * the statement runs, plus `ms`; once the store's clock reaches that, the lease is free.
 */
export interface Lease {
  owner: string;
  ms: number;
}

export interface TransitionOptions {
  /**
   * Change only if no lease of another owner is live by the store's clock: the work is free or
   * abandoned (its replica died and its lease ran out). A live replica's work is never touched.
   */
  onlyIfFree?: { owner: string };
  /** Sets the request's lease in the same conditional update; `null` releases it. Omitted: unchanged. */
  lease?: Lease | null;
}

/**
 * Requests and their items. A request's eligible preview items (`preview.items` with `eligible`)
 * are fixed when it is inserted; the store indexes them for `openWith` and `startedWith`.
 */
export interface RequestStore {
  /**
   * Stores a new request (with its lease, when the caller still has work to do on it). A request
   * with the same id stored already: a StoreError coded `conflict`.
   */
  insert(request: RerunRequest, lease?: Lease): Promise<void>;
  /**
   * Stores a new request unless an open request on its target (running, or pending and not
   * expired by the store's clock) already holds one of its eligible items: then returns that request and
   * stores nothing. Atomic across replicas: of two requests for one job asked at the same
   * moment, at different replicas, one is stored.
   */
  insertExclusive(request: RerunRequest, lease?: Lease): Promise<RerunRequest | undefined>;
  get(id: string): Promise<RerunRequest | undefined>;
  /**
   * Atomically, as one conditional update: if the stored request is in one of `from` (and, with
   * `onlyIfFree`, no other owner's lease is live), replaces it with `change(current)` and returns
   * the new value; otherwise (or when `change` returns undefined) changes nothing and returns
   * undefined. This is the exactly-once claim: of any number of concurrent callers, in any number
   * of processes, one wins. `change` must be pure: a store may call it again after a conflict.
   */
  transition(
    id: string,
    from: readonly RequestState[],
    change: (current: RerunRequest) => RerunRequest | undefined,
    options?: TransitionOptions,
  ): Promise<RerunRequest | undefined>;
  /** Newest first (history). */
  list(filter: RequestFilter): Promise<RerunRequest[]>;
  /**
   * Open requests on `targetId` holding any of `itemIds` among their eligible items: running,
   * or pending and not yet expired by the store's clock. However long the history, however many
   * newer requests.
   */
  openWith(targetId: string, itemIds: readonly string[]): Promise<RerunRequest[]>;
  /** Requests on `targetId` holding any of `itemIds` whose call started at or after `since`, except failed ones (cooldown). */
  startedWith(targetId: string, itemIds: readonly string[], since: Date): Promise<RerunRequest[]>;
  /**
   * Work nobody holds by the store's clock (no live lease), oldest first, at most `limit`: running
   * requests (their replica died), pending requests past `expiresAt`, pending requests never
   * published, and published requests whose message does not show their state (`markShown`).
   */
  due(limit: number): Promise<RerunRequest[]>;
  /**
   * Requests waiting for a decision: pending and not expired by the store's clock, oldest first, at
   * most `limit` (what the App Home and `pending` list; who may decide each is the policy's to say).
   */
  waiting(limit: number): Promise<RerunRequest[]>;
  /**
   * Followed reruns (`follow.nextAt`, the `follow_at` column) whose next poll has come by the
   * store's clock and that no live lease holds, at most `limit`: soonest first within a target, the
   * targets in turn (each one's soonest, then each one's next…), so one target's backlog never
   * crowds out another's. With `aheadMs`, as they will be that long from now (a gauge counts every
   * rerun still followed). Without the requests of `skipTargets` (target ids): those this replica
   * is reading already, which a tick leaves to the read under way.
   */
  dueFollowUps(limit: number, aheadMs?: number, skipTargets?: readonly string[]): Promise<RerunRequest[]>;
  /**
   * Waiting, published requests whose next reminder or escalation (`nudges.nextAt`, the `nudge_at`
   * column) has come by the store's clock and that no live lease holds, soonest first, at most `limit`.
   * A request that leaves `pending` leaves this list in the same write.
   */
  dueNudges(limit: number): Promise<RerunRequest[]>;
  /** Records that the request's message now shows `state`; ignored if the request has moved on. */
  markShown(id: string, state: RequestState): Promise<void>;
}

/** Who holds which work: named leases (the sweeper) and the leases on requests; and the clock they are judged by. */
export interface LeaseStore {
  /**
   * The store's clock: the time every replica sharing this store agrees on (the database server's
   * on PostgreSQL, this process's for the embedded store). Leases and due work are judged by it.
   */
  now(): Promise<Date>;
  /** Claims (or renews) a named lease (the sweeper): true if `lease.owner` now holds it. */
  claimLease(name: string, lease: Lease): Promise<boolean>;
  /** Gives back the lease `owner` holds on one request (nothing else changes); a no-op if it holds none. */
  releaseLease(id: string, owner: string): Promise<void>;
  /**
   * Extends every lease `owner` holds, named, on a request or on a post being posted, to `ms` from
   * the store's clock (the heartbeat).
   */
  renewLeases(owner: string, ms: number): Promise<void>;
  /**
   * Releases every lease `owner` holds (a graceful shutdown), so another replica may go on at once.
   * A post it was posting is left `posting` with its hold ended: whoever takes it looks first.
   */
  releaseLeases(owner: string): Promise<void>;
}

/** The pace slots of provider credentials, shared by every replica. */
export interface PaceStore {
  /**
   * Reserves the next slot of `key` at least `intervalMs` after the previous one and returns when
   * it starts (ms since the epoch, never before `now`). The caller waits until then and sends.
   */
  reservePace(key: string, intervalMs: number, now: Date): Promise<number>;
}

/** Deliveries already handled (a Slack event id, a click, a form submission), remembered a while. */
export interface DeliveryStore {
  /**
   * Records `key` for `keepMs`; true the first time, false while it is remembered: a duplicate
   * delivery, to answer without acting again.
   */
  firstTime(key: string, now: Date, keepMs: number): Promise<boolean>;
}

/** The alert reply queue (core/model/reply.ts). */
export interface ReplyQueueStore {
  /**
   * Queues an alert's reply (use-cases/replies.ts); or, when a reply with the same collapse key
   * was queued in the same channel at or after `since` (ms) and not refused for good, counts one
   * more alert on that one instead. Returns the row that answers the alert. Atomic across replicas.
   */
  enqueueReply(reply: QueuedReply, since: number): Promise<QueuedReply>;
  /** A channel's replies that need a post or an update, oldest first, at most `limit`. */
  replyWork(channel: string, limit: number): Promise<QueuedReply[]>;
  /** Channels with replies that need a post or an update, at most `limit`. */
  replyChannels(limit: number): Promise<string[]>;
  getReplies(ids: readonly string[]): Promise<QueuedReply[]>;
  /**
   * The latest reply queued for the alert at (`channel`, `threadTs`), whatever its state: the alert
   * as the bot read it (its target and captured values). Undefined when none was queued for that
   * thread (an alert counted on another's row has no row of its own).
   */
  replyForThread(channel: string, threadTs: string): Promise<QueuedReply | undefined>;
  /** Applies `patch` if the reply is in one of `from` (one conditional update); the new row, or undefined. */
  updateReply(id: string, from: readonly ReplyState[], patch: ReplyPatch): Promise<QueuedReply | undefined>;
}

/** What a settled attempt changes on a post record. */
export interface PostSettle {
  state: Exclude<PostState, 'posting'>;
  ts?: string | undefined;
  /** `maybe` and `retry`: not tried again before then. */
  until?: number | undefined;
  error?: string | undefined;
}

/**
 * The post ledger (core/model/post.ts): every post the bot makes for a request, recorded before
 * it is sent, so an ambiguous answer is looked for before anything is posted again.
 */
export interface PostStore {
  /**
   * Claims a post for an attempt, atomically across replicas: records `post` (state `posting`,
   * held by `post.owner` until `post.until`) if it is new, or takes over the stored one when it is
   * claimable at `now` (model/post.ts, `claimable`: `maybe` or `retry` past its `until`, or
   * `posting` whose hold ran out), counting one more attempt and keeping its `startedAt`, place and
   * body. Undefined when it is posted, refused, or held by a live attempt.
   */
  claimPost(post: PostRecord, now: Date): Promise<PostClaim | undefined>;
  /** Ends `owner`'s attempt (only while it still holds the post in `posting`); the new record, or undefined. */
  settlePost(id: PostId, owner: string, settle: PostSettle): Promise<PostRecord | undefined>;
  /**
   * Records that the post is in Slack at `ts`, found there (a click on it, a look): whatever state
   * it was in, unless it was posted already; then the record as it stands (its own ts) is returned.
   * A post never recorded is recorded from `post`.
   */
  adoptPost(post: PostRecord, ts: string): Promise<PostRecord>;
  getPost(id: PostId): Promise<PostRecord | undefined>;
  /** Posts to try again at `now`: `maybe` and `retry` past their `until`, and `posting` whose hold ran out; oldest first. */
  duePosts(now: Date, limit: number): Promise<PostRecord[]>;
}

/** A person who opened the App Home: when last (the store's clock, ms), and their language then, if known. */
export interface HomeViewer {
  user: string;
  locale: Locale | undefined;
  seenAt: number;
}

/**
 * Who opened the App Home, shared by every replica: a change handled at any of them refreshes the
 * Homes it concerns (use-cases/home.ts), wherever each was opened.
 */
export interface HomeViewerStore {
  /**
   * Records that `user` opened their Home now, by the store's clock, in `locale` (undefined keeps
   * the one recorded before); and forgets everyone not seen for `keepMs`.
   */
  sawHome(user: string, locale: Locale | undefined, keepMs: number): Promise<void>;
  /** The people seen within `keepMs` of the store's clock, the most recently seen first, at most `limit`. */
  homeViewers(keepMs: number, limit: number): Promise<HomeViewer[]>;
}

/** Each request's audit trail, in the order it was written. */
export interface AuditStore {
  appendAudit(entry: AuditEntry): Promise<void>;
  auditOf(requestId: string): Promise<AuditEntry[]>;
}

/**
 * Who watches a request (issue 19 item 5): people told of its decision and its final state like its
 * requester. Watching twice is once, however many clicks race.
 */
export interface WatchStore {
  /** Records that `userId` watches the request (at `at`, ISO); true if they did not already. */
  watch(requestId: string, userId: string, at: string): Promise<boolean>;
  /** The request's watchers, in the order they came. */
  watchersOf(requestId: string): Promise<string[]>;
}

/** The store's own health and end. */
export interface StoreLifecycle {
  /** Health for /readyz: reachable, migrations applied. Throws (a StoreError) with the reason when not. */
  ping(): Promise<void>;
  /** Closes the store; closing twice is harmless. After it, every call throws a StoreError coded `closed`. */
  close(): Promise<void>;
}

/** Every concern of the store, and its lifecycle: what a store implements. */
export interface Store
  extends
    RequestStore,
    LeaseStore,
    PaceStore,
    DeliveryStore,
    ReplyQueueStore,
    PostStore,
    WatchStore,
    HomeViewerStore,
    AuditStore,
    StoreLifecycle {}

/**
 * What a store's error says, for a caller to decide by (never by the message's text):
 * - unreachable: the database cannot be reached or opened (the server is down, refuses us, the file
 *   cannot be opened); trying again later may work.
 * - conflict: the write conflicts with what is stored (a request with this id exists).
 * - closed: the store was closed (a shutdown); nothing more will be answered.
 * - schema: the schema is not at the version this code needs (migrations missing, or newer).
 * - damaged, read-only, full, not-a-directory, in-use: the embedded store's file or directory cannot
 *   be used (a refusal at start that says what to do; damaged also at run time).
 */
export type StoreErrorCode =
  'unreachable' | 'conflict' | 'closed' | 'schema' | 'damaged' | 'read-only' | 'full' | 'not-a-directory' | 'in-use';
