/**
 * The post ledger: every message the bot posts for a request (its approval request, the call to
 * its approvers, a reminder or the escalation, the final reply, an announce line, a message to the
 * requester) is recorded
 * before it is sent, under its identity (request, kind, key), so an answer that is lost never
 * leads to a second message (use-cases/posts.ts holds the one procedure every kind goes through).
 *
 *   posting ──ok──▶ posted (ts)
 *      │ ──a definite refusal (channel_not_found, invalid_blocks, …)──▶ refused (final, said so)
 *      │ ──429 (proves nothing was posted)──▶ retry ──(later)──▶ posting
 *      └ ──5xx, timeout, reset, or the replica died──▶ maybe ──look first──▶ posted (adopted) | posting
 */
import type { Locale, Message } from '../../lib/message.ts';
import type { RawParams } from '../../providers/types.ts';

export type PostKind = 'request' | 'approvers' | 'glass' | 'final' | 'announce' | 'dm' | 'reminder' | 'escalation';

export type PostState = 'posting' | 'posted' | 'maybe' | 'retry' | 'refused';

/** Which post: one message per (request, kind, key), e.g. the final reply, or the announce line of the outcome. */
export interface PostId {
  request: string;
  kind: PostKind;
  /** Tells apart posts of one kind for one request ('' when there is one: the approval request). */
  key: string;
}

/**
 * What the post says, kept with its record so any replica can post it again (or look for it)
 * later. The approval request and the approvers' call are rendered from the stored request.
 */
export type PostBody =
  | { kind: 'request' }
  | { kind: 'approvers' }
  /** A break-glass approval, told in the thread with the approvers' mentions (rendered from the stored request). */
  | { kind: 'glass' }
  | { kind: 'final'; message: Message; again?: { raw?: RawParams } }
  | { kind: 'announce'; channel: string; locale: Locale; message: Message }
  /** A private message to the requester, or to `to` (someone who watches the request, use-cases/watch.ts). */
  | { kind: 'dm'; message: Message; to?: string }
  /**
   * A reminder in the request's thread (`message`); `mention`: it calls the approvers again (under
   * `group`; under `peer` and `confirm` nobody is listed, and the requester gets a DM instead).
   */
  | { kind: 'reminder'; message: Message; mention: boolean }
  /** The escalation, once, in the request's thread: it calls the policy's `escalate.to`. */
  | { kind: 'escalation'; message: Message };

/** Where a post goes, as the front end names it (Slack: a channel, or a person for a DM, and a thread). */
export interface PostPlace {
  channel: string;
  thread?: string | undefined;
}

export interface PostRecord extends PostId, PostPlace {
  /** When the first attempt started (ms since the epoch): a look for it reads from here on. */
  startedAt: number;
  state: PostState;
  /** Where it is, once posted (or adopted). */
  ts?: string | undefined;
  /** Who is posting it now (state `posting`). */
  owner?: string | undefined;
  /** `posting`: until when its owner holds it; `maybe` and `retry`: not tried again before then. */
  until?: number | undefined;
  attempts: number;
  /** Why it was refused (Slack's error code), or why the last attempt failed. */
  error?: string | undefined;
  body: PostBody;
}

/** A claim on a post: the record as claimed, and the state it was in before (undefined: new). */
export interface PostClaim {
  post: PostRecord;
  from: PostState | undefined;
}

/** The front end's answer to a post Slack refused for good (not a 429): `code` is Slack's error. */
export class PostRefused extends Error {
  constructor(readonly code: string) {
    super(`refused: ${code}`);
    this.name = 'PostRefused';
  }
}

/**
 * The front end's answer to a look for a lost post that Slack refused for good (not a 429, not a
 * 5xx): the thread or the conversation is gone, or the bot may no longer read it
 * (`thread_not_found`, `channel_not_found`, `not_in_channel`…; `code` is Slack's error). Asking
 * again gets the same answer, so a caller gives the post up after a few such answers.
 */
export class LookRefused extends Error {
  constructor(readonly code: string) {
    super(`look refused: ${code}`);
    this.name = 'LookRefused';
  }
}

export const postKey = (p: PostId): string => `${p.request}/${p.kind}/${p.key}`;

/**
 * Whether `existing` may be claimed for a new attempt at `now` (and how): a post not yet recorded
 * is claimed as new; one that may have landed (`maybe`, or `posting` whose owner's hold ran out)
 * is claimed for a look first; one a 429 turned away is claimed to post again. The stores apply
 * this inside their own transaction (store/posts.ts).
 */
export function claimable(existing: PostRecord | undefined, now: number): boolean {
  if (!existing) return true;
  if (existing.state === 'posted' || existing.state === 'refused') return false;
  return (existing.until ?? 0) <= now;
}
