/**
 * Each person's language, from their Slack locale (`users.info` with `include_locale`), cached:
 * what a person sees alone follows it. A failed lookup falls back to English and is retried later.
 */
import type { WebClient } from '@slack/web-api';
import { resolveLocale } from '../i18n/locale.ts';
import type { Locale } from '../lib/message.ts';
import type { Clock, Logger } from '../lib/ports.ts';

const LOCALE_CACHE_MS = 60 * 60_000;
const FAILED_RETRY_MS = 60_000;
/**
 * How long an answer that goes in Slack's 3-second ack waits for a person's locale the first
 * time; past it the answer is English, and the lookup still fills the cache for next time.
 */
export const ACK_LOCALE_WAIT_MS = 800;

export class SlackPeople {
  private readonly cache = new Map<string, { at: number; ttl: number; locale: Locale }>();

  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The person's locale, or the fallback if it takes longer than `waitMs` (for answers inside an ack). */
  async localeWithin(userId: string, waitMs: number): Promise<Locale> {
    const hit = this.cached(userId);
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

  /** The cached locale while it is fresh: no call, no timer (the ack path's common case). */
  private cached(userId: string): Locale | undefined {
    const hit = this.cache.get(userId);
    return hit && this.clock.now().getTime() - hit.at < hit.ttl ? hit.locale : undefined;
  }

  async locale(userId: string): Promise<Locale> {
    const fresh = this.cached(userId);
    if (fresh) return fresh;
    const now = this.clock.now().getTime();
    const hit = this.cache.get(userId);
    try {
      const res = await this.client.users.info({ user: userId, include_locale: true });
      const locale = resolveLocale(res.user?.locale);
      this.cache.set(userId, { at: now, ttl: LOCALE_CACHE_MS, locale });
      return locale;
    } catch (err) {
      this.logger.warn({ err, user: userId }, 'could not read the user locale; using English');
      const locale = hit?.locale ?? 'en';
      this.cache.set(userId, { at: now, ttl: FAILED_RETRY_MS, locale });
      return locale;
    }
  }
}
