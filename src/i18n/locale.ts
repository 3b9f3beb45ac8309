/**
 * Which catalog a person reads. Slack and the console name locales as BCP 47 tags; zh-CN and
 * zh-SG read Simplified Chinese, every other tag English until a catalog for it exists.
 */
import { LOCALES, type Locale } from '../lib/message.ts';

const DEFAULT_LOCALE: Locale = 'en';

const SIMPLIFIED_CHINESE = /^zh(?:[-_](?:CN|SG|Hans(?:[-_].*)?))?$/i;

export function resolveLocale(tag: string | undefined): Locale {
  if (!tag) return DEFAULT_LOCALE;
  if ((LOCALES as readonly string[]).includes(tag)) return tag as Locale;
  if (SIMPLIFIED_CHINESE.test(tag)) return 'zh-CN';
  return DEFAULT_LOCALE;
}
