/**
 * A failed chat.postMessage, read as what it proves about the post. A 429 proves nothing was posted
 * (RateLimited, with Slack's Retry-After); Slack's own "no" (channel_not_found, not_in_channel,
 * msg_too_long, is_archived, invalid_blocks…) is final (PostRefused); anything else (a 5xx, a
 * timeout, a reset, Slack saying it failed on its side) may hide a post that landed, and is thrown
 * as it is. The post ledger (the notifier) and the alert reply queue (the reply poster) read it alike.
 */
import { ErrorCode } from '@slack/web-api';
import { PostRefused } from '../core/model/post.ts';
import { RateLimited } from '../core/model/reply.ts';

/** Slack's answers that say it failed on its side: the post may still have landed. */
const UNSURE = new Set(['fatal_error', 'internal_error', 'service_unavailable', 'request_timeout']);

export function classifiedPostError(err: unknown): never {
  const e = err as { code?: string; retryAfter?: number; data?: { error?: unknown } };
  if (e.code === ErrorCode.RateLimitedError) throw new RateLimited(e.retryAfter ?? 1);
  const said = e.data?.error;
  if (e.code === ErrorCode.PlatformError && typeof said === 'string' && !UNSURE.has(said)) throw new PostRefused(said);
  throw err;
}

/** A failed update (chat.update): a 429 is the core's to wait out (RateLimited); anything else is only a failure. */
export function rateLimited(err: unknown): never {
  const e = err as { code?: string; retryAfter?: number };
  if (e.code === ErrorCode.RateLimitedError) throw new RateLimited(e.retryAfter ?? 1);
  throw err;
}
