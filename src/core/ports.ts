/**
 * The ports the domain talks through: storage (by concern, store-ports.ts), the front end that
 * shows requests and posts alert replies, and who belongs to which group. core/ depends on these
 * shapes only; main.ts wires real ones in.
 */
import type { RawParams } from '../providers/types.ts';
import type { Offer } from './model/alert.ts';
import type { PostBody, PostPlace, PostRecord } from './model/post.ts';
import type { AlertReplyBody, DigestBody, QueuedReply } from './model/reply.ts';
import type { RerunRequest, SurfaceRef } from './model/request.ts';
import type { Target } from './model/target.ts';

export type { Clock, Logger } from '../lib/ports.ts';

export type {
  AuditStore,
  DeliveryStore,
  HomeViewer,
  HomeViewerStore,
  Lease,
  LeaseStore,
  PaceStore,
  PostSettle,
  PostStore,
  ReplyQueueStore,
  RequestFilter,
  RequestStore,
  Store,
  StoreErrorCode,
  StoreLifecycle,
  TransitionOptions,
  WatchStore,
} from './store-ports.ts';

/**
 * Shows requests where people see them. Each front end renders the request (in
 * `request.locale`) its own way; the core only says what happened.
 *
 * Every post (the approval request, the approvers' call, a reminder or the escalation, the final
 * reply, an announce line, a message to the requester) goes through the core's post ledger (use-cases/posts.ts): recorded
 * before it is sent, posted carrying its identity, and looked for after an answer that was lost.
 */
export interface Notifier {
  /** Where a post goes (its channel and thread), decided before it is sent so that a look can find it later. */
  placeOf(body: PostBody, request: RerunRequest): PostPlace;
  /**
   * Posts it once, carrying its identity (request, kind and key) so `find` can recognise it; its
   * ts. Throws PostRefused when refused for good (nothing was posted), RateLimited on a 429
   * (nothing was posted); any other failure (a 5xx, a timeout, a reset) may hide a post that landed.
   */
  post(post: PostRecord, request: RerunRequest): Promise<string>;
  /** The ts of the messages that carry this post's identity where it goes, oldest first (a bounded look). */
  find(post: PostRecord): Promise<string[]>;
  /** The reference a request keeps to its posted approval message (`published`). */
  refAt(place: PostPlace, ts: string): SurfaceRef;
  /**
   * Renders the published request again from its current state, in place. `now`: a person's action
   * is shown (sent at once, on a path no background call holds up); `paced`: the core waited for the
   * workspace's update pace, and a 429 is thrown as RateLimited for it to hold that pace.
   */
  update(request: RerunRequest, lane: UpdateLane): Promise<void>;
  /** A second message of the request (at `ts`) is updated to point to the live one (`published`), without buttons. */
  supersede(request: RerunRequest, ts: string): Promise<void>;
}

/** How an update of a shown message is sent (see Notifier.update). */
export type UpdateLane = 'now' | 'paced';

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
  /** A request nobody decided in time was expired, rejected or approved by its policy (`onTimeout`). */
  timedOut(targetId: string, action: 'expire' | 'reject' | 'approve'): void;
  /** This replica's clock is `aheadMs` ahead of the store's (negative: behind), as just measured. */
  clockSkew(aheadMs: number): void;
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
