/**
 * The ports the domain talks through: storage, the front end that shows requests and posts alert
 * replies, and who belongs to which group. core/ depends on these shapes only; main.ts wires real ones in.
 */
import type { Locale, Message } from '../lib/message.ts';
import type { RawParams } from '../providers/types.ts';
import type { Offer } from './model/alert.ts';
import type { AlertReplyBody, DigestBody, QueuedReply, ReplyPatch, ReplyState } from './model/reply.ts';
import type { AuditEntry, RequestState, RerunRequest, SurfaceRef } from './model/request.ts';
import type { Target } from './model/target.ts';

export type { Clock, Logger } from '../lib/ports.ts';

export interface RequestFilter {
  targetId?: string | undefined;
  requester?: string | undefined;
  limit: number;
}

/** Who holds a piece of work, and until when (ms since the epoch). A lease past `until` is free. */
export interface Lease {
  owner: string;
  until: number;
}

export interface TransitionOptions {
  /**
   * Change only if no lease of another owner is live at `now`: the work is free or abandoned
   * (its replica died and its lease ran out). A live replica's work is never touched.
   */
  onlyIfFree?: { owner: string; now: Date };
  /** Sets the request's lease in the same conditional update; `null` releases it. Omitted: unchanged. */
  lease?: Lease | null;
}

/**
 * Requests, their audit trail, leases, and what was already handled. The SQLite store
 * (embedded) and the PostgreSQL store (several replicas) implement it and run the same store
 * test suite. Every query the core makes is answered from an index: nothing scans or filters
 * the whole history in memory, so start-up and memory stay flat as history grows.
 *
 * A request's eligible preview items (`preview.items` with `eligible`) are fixed when it is
 * inserted; the store indexes them for `openWith` and `startedWith`.
 */
export interface Store {
  /** Stores a new request (with its lease, when the caller still has work to do on it). */
  insert(request: RerunRequest, lease?: Lease): Promise<void>;
  /**
   * Stores a new request unless an open request on its target (running, or pending and not
   * expired at `now`) already holds one of its eligible items: then returns that request and
   * stores nothing. Atomic across replicas: of two requests for one job asked at the same
   * moment, at different replicas, one is stored.
   */
  insertExclusive(request: RerunRequest, now: Date, lease?: Lease): Promise<RerunRequest | undefined>;
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
   * or pending and not yet expired at `now`. However long the history, however many newer
   * requests.
   */
  openWith(targetId: string, itemIds: readonly string[], now: Date): Promise<RerunRequest[]>;
  /** Requests on `targetId` holding any of `itemIds` whose call started at or after `since`, except failed ones (cooldown). */
  startedWith(targetId: string, itemIds: readonly string[], since: Date): Promise<RerunRequest[]>;
  /**
   * Work nobody holds at `now` (no live lease), oldest first, at most `limit`: running requests
   * (their replica died), pending requests past `expiresAt`, pending requests never published,
   * and published requests whose message does not show their state (`markShown`).
   */
  due(now: Date, limit: number): Promise<RerunRequest[]>;
  /**
   * Followed reruns (`follow.nextAt`, the `follow_at` column) whose next poll is at or before
   * `now` and that no live lease holds, soonest first, at most `limit`.
   */
  dueFollowUps(now: Date, limit: number): Promise<RerunRequest[]>;
  /** Records that the request's message now shows `state`; ignored if the request has moved on. */
  markShown(id: string, state: RequestState): Promise<void>;
  appendAudit(entry: AuditEntry): Promise<void>;
  auditOf(requestId: string): Promise<AuditEntry[]>;
  /**
   * Records `key` (a Slack event id, a click, a form submission) for `keepMs`; true the first
   * time, false while it is remembered: a duplicate delivery, to answer without acting again.
   */
  firstTime(key: string, now: Date, keepMs: number): Promise<boolean>;
  /** Claims (or renews) a named lease (the sweeper): true if `lease.owner` now holds it. */
  claimLease(name: string, lease: Lease, now: Date): Promise<boolean>;
  /** Gives back the lease `owner` holds on one request (nothing else changes); a no-op if it holds none. */
  releaseLease(id: string, owner: string): Promise<void>;
  /** Extends every lease `owner` holds, named or on a request, to `until` (the heartbeat). */
  renewLeases(owner: string, until: number): Promise<void>;
  /** Releases every lease `owner` holds (a graceful shutdown), so another replica may go on at once. */
  releaseLeases(owner: string): Promise<void>;
  /**
   * The pace of one provider credential, shared by every replica: reserves the next slot at least
   * `intervalMs` after the previous one and returns when it starts (ms since the epoch, never
   * before `now`). The caller waits until then and sends.
   */
  reservePace(key: string, intervalMs: number, now: Date): Promise<number>;
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
  /** Applies `patch` if the reply is in one of `from` (one conditional update); the new row, or undefined. */
  updateReply(id: string, from: readonly ReplyState[], patch: ReplyPatch): Promise<QueuedReply | undefined>;
  /** Health for /readyz: reachable, migrations applied. Throws with the reason when not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Shows requests where people see them. Each front end renders the request (in
 * `request.locale`) its own way; the core only says what happened.
 */
export interface Notifier {
  /** Posts the approval request where it was asked (`request.surface`); returns where it is. */
  publish(request: RerunRequest): Promise<SurfaceRef>;
  /** Renders the published request again from its current state, in place. */
  update(request: RerunRequest): Promise<void>;
  /** A reply under the published request (its thread), with what it offers to do next. */
  reply(request: RerunRequest, message: Message, offer?: ReplyOffer): Promise<void>;
  /**
   * One line in a target's announce channel (`to.channel`, in `to.locale`). The core calls it at
   * most once per outcome and final state, so an implementation must not retry a post that may
   * have landed.
   */
  announce(to: Announce, request: RerunRequest, message: Message): Promise<void>;
  /** A private message to the person who asked (`request.requester`), in their own language. */
  tellRequester(request: RerunRequest, message: Message): Promise<void>;
}

/** Where an announce line goes: the target's channel, in the target's language (English by default). */
export interface Announce {
  channel: string;
  locale: Locale;
}

/** What a reply may offer besides its words: after a job failed again, asking for it again. */
export interface ReplyOffer {
  kind: 'rerunAgain';
  /** The form's prefill when only some items failed again and the provider can name them; else the request's own. */
  raw?: RawParams;
}

/** Answers whether a person belongs to a principal: their own id, or a group handle. */
export interface Directory {
  isMember(userId: string, principal: string): Promise<boolean>;
}

/**
 * What the core reports for metrics that only it can see (a front end or the composition root
 * implements it; the core imports no metrics library). Label values are ids from the config.
 */
export interface CoreMetrics {
  /** A follow-up poll started `lagMs` after it was due (timers, load and other replicas delay it). */
  followPolled(targetId: string, lagMs: number): void;
}

/**
 * Posts the alert reply queue's rows where people see them (the Slack front end). The queue
 * (use-cases/replies/) keeps the pace; a poster only posts, and says when Slack refused for now.
 */
export interface ReplyPoster {
  /** Posts a row (an alert's reply in its thread, or a digest); its ts. Throws RateLimited on a 429. */
  post(view: ReplyView): Promise<string>;
  /** Renders a posted row again in place (a new count). Throws RateLimited on a 429. */
  update(view: ReplyView, ts: string): Promise<void>;
  /** The ts of this row's message if it is in Slack (a replica stopped while posting it). */
  find(reply: QueuedReply): Promise<string | undefined>;
}

/** What the front end posts for a queued row, as things stand when it is posted. */
export type ReplyView =
  | {
      kind: 'alert';
      reply: QueuedReply & { body: AlertReplyBody };
      target: Target;
      offer: Exclude<Offer, { kind: 'unknown-target' }>;
    }
  | { kind: 'digest'; reply: QueuedReply & { body: DigestBody }; entries: DigestEntry[] };

/** One alert a digest lists, with its target. */
export interface DigestEntry {
  reply: QueuedReply & { body: AlertReplyBody };
  target: Target;
}
