/**
 * A failed chat.postMessage, read as what it proves about the post. A 429 proves nothing was posted
 * (RateLimited, with Slack's Retry-After); Slack's own "no" (channel_not_found, not_in_channel,
 * msg_too_long, is_archived, invalid_blocks…) is final (PostRefused); anything else (a 5xx, a
 * timeout, a reset, Slack saying it failed on its side) may hide a post that landed, and is thrown
 * as it is. The post ledger (the notifier) and the alert reply queue (the reply poster) read it alike.
 *
 * A failed look for a lost post (conversations.replies / .history / .open) is read the same way:
 * Slack saying the thread or the conversation is gone, or that the bot may not read it, is
 * LookRefused (asking again gets the same answer); anything else is thrown as it is, to be tried
 * again later.
 */
import { ErrorCode } from '@slack/web-api';
import { LookRefused, PostRefused } from '../core/model/post.ts';
import { RateLimited } from '../core/model/reply.ts';

/** Slack's answers that say it failed on its side: the post may still have landed. */
const UNSURE = new Set(['fatal_error', 'internal_error', 'service_unavailable', 'request_timeout']);

/**
 * Slack's answers to a read that stay the same however often it is asked: the thread's parent was
 * deleted (with no replies left), the conversation is gone or the bot is no longer in it, the
 * person of a DM is gone. A revoked token, a missing scope (fixed by reinstalling the app, see
 * docs/operations.md) or an outage is not among them: those looks are tried again later.
 */
const GONE = new Set([
  'thread_not_found',
  'message_not_found',
  'channel_not_found',
  'not_in_channel',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
]);

const slackError = (err: unknown) => {
  const e = err as { code?: string; retryAfter?: number; data?: { error?: unknown } };
  const said = e.code === ErrorCode.PlatformError && typeof e.data?.error === 'string' ? e.data.error : undefined;
  return { rateLimited: e.code === ErrorCode.RateLimitedError, retryAfter: e.retryAfter ?? 1, said };
};

export function classifiedPostError(err: unknown): never {
  const { rateLimited, retryAfter, said } = slackError(err);
  if (rateLimited) throw new RateLimited(retryAfter);
  if (said !== undefined && !UNSURE.has(said)) throw new PostRefused(said);
  throw err;
}

/** A failed look's error: LookRefused when Slack said the place is gone for the bot, else as it was. */
export function classifiedLookError(err: unknown): never {
  const { said } = slackError(err);
  if (said !== undefined && GONE.has(said)) throw new LookRefused(said);
  throw err;
}

/** A failed update (chat.update): a 429 is the core's to wait out (RateLimited); anything else is only a failure. */
export function rateLimited(err: unknown): never {
  const e = err as { code?: string; retryAfter?: number };
  if (e.code === ErrorCode.RateLimitedError) throw new RateLimited(e.retryAfter ?? 1);
  throw err;
}
