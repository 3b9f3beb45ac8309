/**
 * The Web API clients, with retries chosen per kind of call (docs/slack/PLATFORM.md §3.4):
 * - `post` sends chat.postMessage: never retried after a 5xx or a network error, because the
 *   message may have landed and a retry would post it twice; a 429 proves it did not land,
 *   so it is retried after Retry-After, a few times.
 * - `client` (also Bolt's) sends idempotent calls (chat.update, views.*, ephemeral, reads):
 *   a few quick retries.
 * - `openView` sends views.open once, and waits longer for its answer: its trigger_id expires 3 s
 *   after the click, so a retry can only be refused (expired_trigger_id), while the first attempt,
 *   answered late by a slow Slack, has opened the view and its answer names it.
 */
import {
  WebClient,
  WebClientEvent,
  type WebClientOptions,
  type ChatPostMessageArguments,
  type ChatPostMessageResponse,
  ErrorCode,
  type ViewsOpenArguments,
  type ViewsOpenResponse,
} from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../lib/ports.ts';
import { slackLogger } from './logger.ts';

export const IDEMPOTENT_RETRIES = { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 2_000 } as const;
/** No Slack call may hang a request: web-api's default is no timeout at all. */
export const SLACK_CALL_TIMEOUT_MS = 5_000;
/** views.open's answer is awaited longer: it names the view the bot then fills (see above). */
export const VIEW_OPEN_TIMEOUT_MS = 15_000;
const MAX_RATE_LIMITED_POSTS = 3;

/** Told of every Web API call the bot makes (metrics). Method names are the API's, from our code. */
export interface SlackCallObserver {
  /**
   * One call ended after `ms` (retries included); `error` is Slack's error code or web-api's, if it
   * failed, and `err` the error itself (whether Slack answered at all: slack/reach.ts).
   */
  call(method: string, ms: number, error: string | undefined, err?: unknown): void;
  /** Slack answered a call with 429 (web-api then waits Retry-After, or rejects for `postOnce`). */
  rateLimited(method: string): void;
}

/** Slack's own error (`channel_not_found`) when it answered one, else web-api's code (a timeout, a 429). */
function errorCodeOf(err: unknown): string {
  const e = err as { code?: unknown; data?: { error?: unknown } } | null;
  if (typeof e?.data?.error === 'string') return e.data.error;
  return typeof e?.code === 'string' ? e.code : 'unknown';
}

/**
 * A WebClient that reports each call. web-api binds every method helper (chat.postMessage, …) to
 * `apiCall` when the client is built, so overriding `apiCall` sees every call.
 */
class ObservedWebClient extends WebClient {
  constructor(
    token: string,
    options: WebClientOptions,
    private readonly observer: SlackCallObserver,
  ) {
    super(token, options);
    this.on(WebClientEvent.RATE_LIMITED, (_retryAfter: number, { url }: { url: string }) =>
      // The URL is the API base plus the method name (web-api's deriveRequestUrl).
      observer.rateLimited(url.split('?')[0]?.split('/').pop() ?? ''),
    );
  }

  override async apiCall(method: string, options?: Record<string, unknown>): ReturnType<WebClient['apiCall']> {
    const start = performance.now();
    try {
      const result = await super.apiCall(method, options);
      this.observer.call(method, performance.now() - start, undefined);
      return result;
    } catch (err) {
      this.observer.call(method, performance.now() - start, errorCodeOf(err), err);
      throw err;
    }
  }
}

function webClient(token: string, options: WebClientOptions, observer: SlackCallObserver | undefined): WebClient {
  return observer ? new ObservedWebClient(token, options, observer) : new WebClient(token, options);
}

export interface SlackClients {
  client: WebClient;
  post(args: ChatPostMessageArguments): Promise<ChatPostMessageResponse>;
  /**
   * chat.postMessage tried once: a 429 is thrown (code RateLimitedError, `retryAfter` in seconds)
   * for a caller that keeps its own pace (the alert reply queue).
   */
  postOnce(args: ChatPostMessageArguments): Promise<ChatPostMessageResponse>;
  /** views.open, sent once (see above). */
  openView(args: ViewsOpenArguments): Promise<ViewsOpenResponse>;
  /**
   * Tells one person something privately: ephemeral in the channel, or a DM when that fails;
   * `blocks` when it offers buttons (`text` is then the notification's fallback).
   */
  tell(channel: string | undefined, user: string, text: string, blocks?: KnownBlock[]): Promise<void>;
}

export function createClients(
  token: string,
  apiUrl: string | undefined,
  logger: Logger,
  observer?: SlackCallObserver,
  timeoutMs = SLACK_CALL_TIMEOUT_MS,
): SlackClients {
  const base: WebClientOptions = {
    slackApiUrl: apiUrl,
    timeout: timeoutMs,
    logger: slackLogger(logger.child({ component: 'web-api' })),
  };
  const client = webClient(token, { ...base, retryConfig: IDEMPOTENT_RETRIES }, observer);
  const poster = webClient(token, { ...base, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }, observer);
  const opener = webClient(token, { ...base, timeout: VIEW_OPEN_TIMEOUT_MS, retryConfig: { retries: 0 } }, observer);
  client.on(WebClientEvent.RATE_LIMITED, (retryAfter: number, { url }: { url: string }) =>
    logger.warn({ retryAfter, url }, 'Slack rate limited a call'),
  );
  const clients: SlackClients = {
    client,
    openView: (args) => opener.views.open(args),
    async tell(channel, user, text, blocks) {
      const shown = blocks?.length ? { text, blocks } : { text };
      if (channel) {
        try {
          await client.chat.postEphemeral({ channel, user, ...shown });
          return;
        } catch (err) {
          logger.warn({ err, channel }, 'ephemeral message failed; sending a direct message instead');
        }
      }
      await clients.post({ channel: user, ...shown });
    },
    postOnce: (args) => poster.chat.postMessage(args),
    async post(args) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await poster.chat.postMessage(args);
        } catch (err) {
          const e = err as { code?: string; retryAfter?: number };
          if (e.code !== ErrorCode.RateLimitedError || attempt >= MAX_RATE_LIMITED_POSTS) throw err;
          logger.warn({ retryAfter: e.retryAfter, attempt }, 'chat.postMessage rate limited; waiting Retry-After');
          await sleep((e.retryAfter ?? 1) * 1000);
        }
      }
    },
  };
  return clients;
}
