/**
 * The ports the domain talks through: storage (by concern, store-ports.ts), the front end that
 * shows requests, and who belongs to which group. core/ depends on these shapes only; main.ts wires
 * real ones in.
 */
import type { Locale, Message } from '../lib/message.ts';
import type { RawParams } from '../providers/types.ts';
import type { RerunRequest, SurfaceRef } from './model/request.ts';

export type { Clock, Logger } from '../lib/ports.ts';

export type {
  AuditStore,
  DeliveryStore,
  Lease,
  LeaseStore,
  PaceStore,
  ReplyQueueStore,
  RequestFilter,
  RequestStore,
  Store,
  StoreErrorCode,
  StoreLifecycle,
  TransitionOptions,
} from './store-ports.ts';

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
