/**
 * Each person's language, from their Slack locale (`users.info` with `include_locale`), cached:
 * what a person sees alone follows it. A failed lookup falls back to English and is retried later.
 *
 * Nothing Slack waits 3 s for waits on a look-up (`known` reads the cache only). Look-ups are
 * shared and bounded, so a burst of people the bot has not met (1,000 commands at once) costs one
 * users.info per person and at most MAX_LOOKUPS at a time, instead of a thousand calls queueing in
 * the Web API client behind each other and in front of every other call the bot makes.
 */
import type { WebClient } from '@slack/web-api';
import { resolveLocale } from '../i18n/locale.ts';
import { limit } from '../lib/limit.ts';
import type { Locale } from '../lib/message.ts';
import type { Clock, Logger } from '../lib/ports.ts';

const LOCALE_CACHE_MS = 60 * 60_000;
const FAILED_RETRY_MS = 60_000;
/** users.info calls in flight at once; the rest wait their turn (and a waiting answer falls back). */
const MAX_LOOKUPS = 8;
/**
 * How long an answer sent after the ack (on the response_url, in an ephemeral message) waits for a
 * person's locale the first time; past it the answer is English, and the look-up still fills the
 * cache for next time.
 */
export const LOCALE_WAIT_MS = 2_000;

export class SlackPeople {
  private readonly cache = new Map<string, { at: number; ttl: number; locale: Locale }>();
  /** One look-up per person at a time, shared by everyone who needs that person's locale meanwhile. */
  private readonly inflight = new Map<string, Promise<Locale>>();
  private readonly turn = limit(MAX_LOOKUPS);

  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * The locale known for the person, without any call: the cached one (even past its hour: a
   * language rarely changes, and a look-up starts to refresh it), or undefined for someone the bot
   * has not met, whose look-up then starts. For answers that go in an ack.
   */
  known(userId: string): Locale | undefined {
    if (!this.cached(userId)) void this.locale(userId);
    return this.peek(userId);
  }

  /** The locale the cache holds for the person, fresh or not, and nothing else: no look-up starts. */
  peek(userId: string): Locale | undefined {
    return this.cache.get(userId)?.locale;
  }

  /**
   * The person's locale: the one known (refreshed in the background once past its hour), or for
   * someone new, the look-up's answer, or English if it takes longer than `waitMs` (it goes on).
   */
  async localeWithin(userId: string, waitMs = LOCALE_WAIT_MS): Promise<Locale> {
    const hit = this.known(userId);
    if (hit) return hit;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Locale>((resolve) => {
      timer = setTimeout(() => resolve(this.cache.get(userId)?.locale ?? 'en'), waitMs);
    });
    try {
      return await Promise.race([this.locale(userId), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The cached locale while it is fresh: no call, no timer (the common case). */
  private cached(userId: string): Locale | undefined {
    const hit = this.cache.get(userId);
    return hit && this.clock.now().getTime() - hit.at < hit.ttl ? hit.locale : undefined;
  }

  /** The person's locale, read from Slack unless fresh in the cache; never rejects. */
  locale(userId: string): Promise<Locale> {
    const fresh = this.cached(userId);
    if (fresh) return Promise.resolve(fresh);
    let reading = this.inflight.get(userId);
    if (!reading) {
      reading = this.turn(() => this.read(userId)).finally(() => this.inflight.delete(userId));
      this.inflight.set(userId, reading);
    }
    return reading;
  }

  private async read(userId: string): Promise<Locale> {
    // Another look-up may have filled the cache while this one waited for its turn.
    const fresh = this.cached(userId);
    if (fresh) return fresh;
    const hit = this.cache.get(userId);
    try {
      const res = await this.client.users.info({ user: userId, include_locale: true });
      const locale = resolveLocale(res.user?.locale);
      this.cache.set(userId, { at: this.clock.now().getTime(), ttl: LOCALE_CACHE_MS, locale });
      return locale;
    } catch (err) {
      this.logger.warn({ err, user: userId }, 'could not read the user locale; using English');
      const locale = hit?.locale ?? 'en';
      this.cache.set(userId, { at: this.clock.now().getTime(), ttl: FAILED_RETRY_MS, locale });
      return locale;
    }
  }
}
