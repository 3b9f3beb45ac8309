/**
 * The Web API clients, one per path, with retries chosen per kind of call (docs/slack/PLATFORM.md
 * §3.4). Slack limits each method per workspace, and web-api's own answer to a 429 (wait out
 * Retry-After) pauses the whole queue of its client: a 429 on chat.update would hold back a
 * views.open whose trigger_id lives 3 s. So no client here lets web-api wait (every one has
 * `rejectRateLimitedCalls`); the bot keeps Slack's Retry-After per method instead (`MethodHolds`,
 * shared by every client of the token), and a 429 on one method holds that method only.
 * - `personClient` sends what a person waits on (views.update, ephemeral answers, the update of a
 *   message after a click): its own queue, which no background call fills.
 * - `client` (reads, permalinks, look-ups) sends the background's idempotent calls: a few quick
 *   retries; after a 429 the method waits out its Retry-After, then is tried again.
 * - `pacedClient` sends the updates the core paces itself across replicas (alert counts, polls'
 *   updates): a 429 is thrown at once (code RateLimitedError, `retryAfter` in seconds), for the
 *   core to hold that pace until Retry-After.
 * - `post` sends chat.postMessage: never retried after a 5xx or a network error, because the
 *   message may have landed and a retry would post it twice; a 429 proves it did not land,
 *   so it is retried after Retry-After, a few times.
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
/** A call Slack answers 429 is sent this many times in all (waiting Retry-After between), then its 429 is thrown. */
const MAX_RATE_LIMITED_TRIES = 3;

/** Told of every Web API call the bot makes (metrics). Method names are the API's, from our code. */
export interface SlackCallObserver {
  /**
   * One call ended after `ms` (retries included); `error` is Slack's error code or web-api's, if it
   * failed, and `err` the error itself (whether Slack answered at all: slack/reach.ts).
   */
  call(method: string, ms: number, error: string | undefined, err?: unknown): void;
  /** Slack answered a call with 429 (the method is then held for Retry-After, see MethodHolds). */
  rateLimited(method: string): void;
}

/**
 * Until when Slack asked each method to wait (its last 429's Retry-After), for this token: Slack
 * counts per method and workspace, so a 429 on chat.update holds chat.update only. In this process
 * only: each replica learns of a 429 from its own calls (the core's paced updates hold their pace
 * in the store, for every replica).
 */
export class MethodHolds {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  hold(method: string, retryAfterSeconds: number): void {
    const until = this.now() + retryAfterSeconds * 1000;
    if (until > (this.until.get(method) ?? 0)) this.until.set(method, until);
  }

  /** How long `method` is still held, in ms (0: it may be sent). */
  remaining(method: string): number {
    const until = this.until.get(method);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) this.until.delete(method);
    return Math.max(0, left);
  }
}

/** What a client does with a 429: wait out the method's hold and send again, or throw it to its caller. */
type On429 = 'wait' | 'throw';

/** Slack's own error (`channel_not_found`) when it answered one, else web-api's code (a timeout, a 429). */
function errorCodeOf(err: unknown): string {
  const e = err as { code?: unknown; data?: { error?: unknown } } | null;
  if (typeof e?.data?.error === 'string') return e.data.error;
  return typeof e?.code === 'string' ? e.code : 'unknown';
}

const isRateLimited = (err: unknown): err is { retryAfter?: number } =>
  (err as { code?: unknown } | null)?.code === ErrorCode.RateLimitedError;

/** The method a URL names: the API base plus the method name (web-api's deriveRequestUrl). */
const methodOf = (url: string) => url.split('?')[0]?.split('/').pop() ?? '';

interface ClientDuty {
  holds: MethodHolds;
  on429: On429;
  logger: Logger;
  observer: SlackCallObserver | undefined;
}

/**
 * A WebClient that never lets web-api wait out a 429 (its queue stays open), holds the method
 * instead, and reports each call. web-api binds every method helper (chat.postMessage, …) to
 * `apiCall` when the client is built, so overriding `apiCall` sees every call.
 */
class SlackWebClient extends WebClient {
  constructor(
    token: string,
    options: WebClientOptions,
    private readonly duty: ClientDuty,
  ) {
    super(token, { ...options, rejectRateLimitedCalls: true });
    this.on(WebClientEvent.RATE_LIMITED, (retryAfter: number, { url }: { url: string }) => {
      const method = methodOf(url);
      duty.holds.hold(method, retryAfter);
      duty.observer?.rateLimited(method);
    });
  }

  override async apiCall(method: string, options?: Record<string, unknown>): ReturnType<WebClient['apiCall']> {
    const start = performance.now();
    try {
      const result = await this.send(method, options);
      this.duty.observer?.call(method, performance.now() - start, undefined);
      return result;
    } catch (err) {
      this.duty.observer?.call(method, performance.now() - start, errorCodeOf(err), err);
      throw err;
    }
  }

  private async send(method: string, options?: Record<string, unknown>): ReturnType<WebClient['apiCall']> {
    for (let tries = 1; ; tries++) {
      if (this.duty.on429 === 'wait') {
        const held = this.duty.holds.remaining(method);
        if (held > 0) await sleep(held);
      }
      try {
        return await super.apiCall(method, options);
      } catch (err) {
        if (this.duty.on429 === 'throw' || !isRateLimited(err) || tries >= MAX_RATE_LIMITED_TRIES) throw err;
        this.duty.logger.warn(
          { method, retryAfter: err.retryAfter, tries },
          'Slack rate limited a call; waiting Retry-After',
        );
      }
    }
  }
}

export interface SlackClients {
  /** The background's calls: reads, permalinks, look-ups (a 429 holds the method, then it is sent again). */
  client: WebClient;
  /** What a person waits on: views.update, the update of a message after their click (its own queue). */
  personClient: WebClient;
  /** Updates the core paces itself (see above): a 429 is thrown at once. */
  pacedClient: WebClient;
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
  // One record of Slack's Retry-After per method, for every client of this token (one workspace).
  const holds = new MethodHolds();
  const make = (options: WebClientOptions, on429: On429) =>
    new SlackWebClient(token, { ...base, ...options }, { holds, on429, logger, observer });
  const client = make({ retryConfig: IDEMPOTENT_RETRIES }, 'wait');
  const personClient = make({ retryConfig: IDEMPOTENT_RETRIES }, 'wait');
  const pacedClient = make({ retryConfig: IDEMPOTENT_RETRIES }, 'throw');
  const poster = make({ retryConfig: { retries: 0 } }, 'throw');
  const opener = make({ timeout: VIEW_OPEN_TIMEOUT_MS, retryConfig: { retries: 0 } }, 'throw');
  const clients: SlackClients = {
    client,
    personClient,
    pacedClient,
    openView: (args) => opener.views.open(args),
    async tell(channel, user, text, blocks) {
      const shown = blocks?.length ? { text, blocks } : { text };
      if (channel) {
        try {
          await personClient.chat.postEphemeral({ channel, user, ...shown });
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
          if (!isRateLimited(err) || attempt >= MAX_RATE_LIMITED_POSTS) throw err;
          logger.warn({ retryAfter: err.retryAfter, attempt }, 'chat.postMessage rate limited; waiting Retry-After');
          await sleep((err.retryAfter ?? 1) * 1000);
        }
      }
    },
  };
  return clients;
}
