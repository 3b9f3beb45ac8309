/**
 * The reply queue: the answers to alerts, waiting for their turn at Slack's pace (about one
 * `chat.postMessage` per second per channel). A row is written when an alert matches and is
 * posted by whichever replica holds its channel's lease (core/use-cases/replies/); the queue is
 * in the store, so a restart or a failover loses nothing.
 */
import type { RawParams } from '../../providers/types.ts';
import type { Locale } from '../../lib/message.ts';

/**
 * pending: waiting for its turn; sending: being posted now (a replica that dies here leaves it,
 * and the next owner looks in the thread before posting again); posted: in Slack (`postedTs`);
 * folded: listed in a digest instead (`foldedInto`); failed: Slack refused it for good.
 */
export type ReplyState = 'pending' | 'sending' | 'posted' | 'folded' | 'failed';

/** An alert's answer: the rerun its match names, in the alert's thread. */
export interface AlertReplyBody {
  kind: 'alert';
  /** The alert message's ts: the reply goes in its thread. */
  threadTs: string;
  targetId: string;
  raw: RawParams;
  items: string[];
  locale: Locale;
  /** The reason the form is prefilled with: the captured incident reference, or the alert's title. */
  reason?: string | undefined;
}

/** A digest: the alerts of a channel whose replies could not be posted promptly, in one message. */
export interface DigestBody {
  kind: 'digest';
  /** The folded replies (ids), oldest first. */
  replies: string[];
  locale: Locale;
}

export interface QueuedReply {
  id: string;
  channel: string;
  /** Identical alerts (same target, same captured values) share it and collapse into one reply. */
  collapseKey: string;
  /** When it was queued, ms since the epoch. */
  createdAt: number;
  body: AlertReplyBody | DigestBody;
  state: ReplyState;
  /** How many alerts this reply answers (identical alerts collapsed into it). */
  count: number;
  /** The count its posted message shows; less than `count`: the message is updated. */
  shownCount: number;
  attempts: number;
  postedTs?: string | undefined;
  foldedInto?: string | undefined;
  /**
   * When it first entered `sending` (ms since the epoch): a look for it in Slack reads only what
   * was posted since (less Slack's clock skew). Rows queued before it was recorded have none; their
   * look reads from `createdAt`.
   */
  sendingAt?: number | undefined;
  /** Looks for it in Slack that failed (`sending`): a few refusals, or more failures, and it is given up. */
  looks?: number | undefined;
  /** `sending`, after a failed look: not looked for again before then (ms since the epoch). */
  lookAfter?: number | undefined;
}

/** What a queue step changes on a row (the columns that move; the body never does). */
export type ReplyPatch = Partial<
  Pick<
    QueuedReply,
    'state' | 'shownCount' | 'attempts' | 'postedTs' | 'foldedInto' | 'sendingAt' | 'looks' | 'lookAfter'
  >
>;

/** A posted reply whose message does not show its count yet. */
export const needsUpdate = (r: QueuedReply): boolean =>
  (r.state === 'posted' || r.state === 'folded') && r.count > r.shownCount;

/** The front end's answer to a post or update Slack refused with a 429: try again after `retryAfter` (Slack's units). */
export class RateLimited extends Error {
  constructor(readonly retryAfter: number) {
    super(`rate limited: retry after ${retryAfter}`);
    this.name = 'RateLimited';
  }
}

export const isAlert = (r: QueuedReply): r is QueuedReply & { body: AlertReplyBody } => r.body.kind === 'alert';
export const isDigest = (r: QueuedReply): r is QueuedReply & { body: DigestBody } => r.body.kind === 'digest';
