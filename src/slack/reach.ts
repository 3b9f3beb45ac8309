/**
 * Slack that cannot be reached is an operating condition, not a crash. This module keeps track
 * of it: one log line when Slack stops answering and one when it answers again (never a stack per
 * attempt), the bot token verified with auth.test under our own backoff (Bolt's own check runs once
 * at construction and keeps its failure forever), and the `slack` readiness condition held until
 * the token was verified once.
 */
import { ErrorCode, WebClient } from '@slack/web-api';
import pRetry from 'p-retry';
import type { Readiness } from '../lib/readiness.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import type { SlackCallObserver } from './clients.ts';
import { SLACK_CALL_TIMEOUT_MS } from './clients.ts';
import { quietSlackLogger } from './logger.ts';

/** How the bot waits between attempts to reach Slack (auth.test, Socket Mode's connection). */
export interface SlackTiming {
  /** The wait after the first failed attempt; each next wait is `factor` times longer, up to `retryMaxMs`. */
  retryMinMs: number;
  retryMaxMs: number;
  factor: number;
  /** Spread the waits at random (×1 to ×2), so replicas that lost Slack together do not retry together. */
  jitter: boolean;
  /** How long one Web API call may take (default SLACK_CALL_TIMEOUT_MS); tests shorten it. */
  callTimeoutMs?: number;
  /**
   * How long a person's answer may be in coming before they are told it waits its turn at a
   * provider's pace (default lib/queue-notice.ts, QUEUE_NOTICE_AFTER_MS); tests set 0.
   */
  queueNoticeMs?: number;
}

export const DEFAULT_SLACK_TIMING: SlackTiming = { retryMinMs: 1_000, retryMaxMs: 30_000, factor: 2, jitter: true };

/** The same rule, in milliseconds: tests see several failed attempts without waiting seconds. */
export const FAST_SLACK_TIMING: SlackTiming = { retryMinMs: 20, retryMaxMs: 100, factor: 2, jitter: false };

/** p-retry's options for `timing`: retried until it works or `signal` aborts. */
export function retryOptions(timing: SlackTiming, signal: AbortSignal) {
  return {
    retries: Number.POSITIVE_INFINITY,
    minTimeout: timing.retryMinMs,
    maxTimeout: timing.retryMaxMs,
    factor: timing.factor,
    randomize: timing.jitter,
    signal,
  };
}

/** Slack gave no answer at all (network, timeout) or not an API answer (an HTTP error status). */
function isUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === ErrorCode.RequestError || code === ErrorCode.HTTPError;
}

/** A short reason for a log line or /readyz: `ECONNREFUSED`, `HTTP 503`, `invalid_auth`. */
function failureReason(err: unknown): string {
  const e = err as {
    code?: unknown;
    statusCode?: number;
    data?: { error?: unknown };
    original?: { cause?: { code?: unknown }; message?: string };
    message?: string;
  } | null;
  if (typeof e?.data?.error === 'string') return e.data.error;
  if (e?.code === ErrorCode.HTTPError) return `HTTP ${e.statusCode ?? '?'}`;
  if (e?.code === ErrorCode.RequestError) {
    const cause = e.original?.cause?.code;
    return typeof cause === 'string' ? cause : (e.original?.message ?? 'no answer');
  }
  return e?.message ?? String(err);
}

/** Whether Slack answers, as every attempt to reach it reports; says so in the log when it changes. */
export class SlackReach {
  private down: { since: Date; failures: number } | undefined;
  /** Attempts and answers in the order they happened (see `attempt`). */
  private seq = 0;
  private lastAnswer = 0;

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  get reachable(): boolean {
    return this.down === undefined;
  }

  /**
   * Taken as an attempt starts: its failure is stale if Slack answered another attempt since (the
   * two overlapped as Slack came back), and says nothing of Slack now.
   */
  attempt(): number {
    return ++this.seq;
  }

  /** An attempt (`what`: auth.test, Socket Mode, a Web API method) got no answer from Slack. */
  failed(what: string, err: unknown, started = this.seq): void {
    if (started < this.lastAnswer) return;
    if (this.down) {
      this.down.failures += 1;
      this.logger.debug({ what, reason: failureReason(err) }, 'Slack still cannot be reached');
      return;
    }
    this.down = { since: this.clock.now(), failures: 1 };
    this.logger.warn(
      { what, reason: failureReason(err) },
      `Slack cannot be reached (${failureReason(err)}): the bot keeps running and tries again with backoff`,
    );
  }

  /** Slack answered something (even a refusal): it is reachable. */
  answered(): void {
    this.lastAnswer = ++this.seq;
    if (!this.down) return;
    const { since, failures } = this.down;
    this.down = undefined;
    this.logger.info({ downForMs: this.clock.now().getTime() - since.getTime(), failures }, 'Slack is reachable again');
  }

  /** Tells this of every Web API call the bot makes, besides `next` (the metrics). */
  observing(next: SlackCallObserver | undefined): SlackCallObserver {
    return {
      call: (method, ms, error, err) => {
        next?.call(method, ms, error, err);
        if (error === undefined || !isUnreachable(err)) this.answered();
        else this.failed(method, err);
      },
      rateLimited: (method) => {
        next?.rateLimited(method);
        this.answered();
      },
    };
  }
}

/** What auth.test said of the bot token: what Bolt needs to recognise the bot's own messages. */
interface BotIdentity {
  botId?: string;
  botUserId?: string;
  teamId?: string;
}

interface TokenCheckOptions {
  token: string;
  apiUrl: string | undefined;
  reach: SlackReach;
  readiness: Readiness;
  logger: Logger;
  timing: SlackTiming;
}

/**
 * The bot token verified with auth.test, retried with backoff until it is: the `slack` readiness
 * condition is held until then, and says why. An event that arrives before tries once more at
 * once (Slack sent it, so it is likely back) rather than wait for the next attempt.
 */
export class TokenCheck {
  private verified: BotIdentity | undefined;
  private inflight: Promise<BotIdentity> | undefined;
  private refusedWith: string | undefined;
  private readonly abort = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  /** One attempt, one call: the backoff here is the only one. */
  private readonly client: WebClient;

  constructor(private readonly o: TokenCheckOptions) {
    this.client = new WebClient(o.token, {
      slackApiUrl: o.apiUrl,
      timeout: SLACK_CALL_TIMEOUT_MS,
      retryConfig: { retries: 0 },
      logger: quietSlackLogger(o.logger.child({ component: 'web-api' })),
    });
    o.readiness.hold('slack', 'the bot token is not verified yet (auth.test under way)');
  }

  get identity(): BotIdentity | undefined {
    return this.verified;
  }

  /**
   * Starts verifying in the background (failures are logged and retried, never thrown); resolves
   * when the first attempt has ended, either way, so a bot that can verify at once starts ready.
   */
  start(): Promise<void> {
    this.loop = pRetry(() => this.attempt(), retryOptions(this.o.timing, this.abort.signal)).then(
      () => undefined,
      (err: unknown) => {
        if (!this.abort.signal.aborted) this.o.logger.error({ err }, 'verifying the bot token stopped');
      },
    );
    // pRetry made its first attempt synchronously: this is the same call.
    return this.attempt().then(
      () => undefined,
      () => undefined,
    );
  }

  /** The verified identity, or one attempt now; rejects when the token is still not verified. */
  async now(): Promise<BotIdentity> {
    return this.verified ?? this.attempt();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private attempt(): Promise<BotIdentity> {
    if (this.verified) return Promise.resolve(this.verified);
    const started = this.o.reach.attempt();
    this.inflight ??= this.client.auth
      .test()
      .then(
        (r) => this.accept({ botId: r.bot_id, botUserId: r.user_id, teamId: r.team_id }),
        (err: unknown) => this.refuse(err, started),
      )
      .finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private accept(identity: BotIdentity): BotIdentity {
    this.o.reach.answered();
    this.verified = identity;
    this.o.readiness.release('slack');
    this.o.logger.info({ ...identity }, 'the bot token is verified');
    return identity;
  }

  private refuse(err: unknown, started: number): never {
    const reason = failureReason(err);
    if (isUnreachable(err)) {
      this.o.reach.failed('auth.test', err, started);
      this.o.readiness.hold('slack', `the bot token is not verified yet: Slack cannot be reached (${reason})`);
    } else {
      // Slack answered and said no (invalid_auth, account_inactive): said once per reason.
      this.o.reach.answered();
      if (this.refusedWith !== reason)
        this.o.logger.error({ reason }, `Slack refused the bot token (${reason}): check SLACK_BOT_TOKEN`);
      this.refusedWith = reason;
      this.o.readiness.hold('slack', `Slack refused the bot token (${reason})`);
    }
    throw err;
  }
}
