/**
 * Times as people type them (docs/SPEC.md §4), always sent to DataArts as 13-digit epoch milliseconds:
 * `1732601580000`, ISO 8601 with an offset (`2024-11-26T14:13:00+08:00`), `YYYY-MM-DD HH:mm`
 * (or `…:ss`) read in the target's time zone, or relative to now (`-2h`, `-1h30m`, `now`).
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import { parseISO } from 'date-fns/parseISO';
import { parseDurationMs } from '../../lib/duration.ts';

/** 13-digit epoch milliseconds: 2001-09-09 … 2286-11-20. */
const MIN_MS = 1_000_000_000_000;
const MAX_MS = 9_999_999_999_999;
const EPOCH_MS = /^\d{13}$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const LOCAL_FORMATS: readonly [RegExp, string][] = [
  [/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/, "yyyy-MM-dd'T'HH:mm"],
  [/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/, "yyyy-MM-dd'T'HH:mm:ss"],
];

/** Reads one time; undefined when the text is none of the accepted forms or not a 13-digit ms time. */
export function parseTime(value: string | number, timeZone: string, now: Date): number | undefined {
  const ms = readTime(value, timeZone, now);
  return ms !== undefined && Number.isInteger(ms) && ms >= MIN_MS && ms <= MAX_MS ? ms : undefined;
}

function readTime(value: string | number, timeZone: string, now: Date): number | undefined {
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (EPOCH_MS.test(text)) return Number(text);
  if (text.toLowerCase() === 'now') return now.getTime();
  if (text.startsWith('-')) {
    const ms = parseDurationMs(text.slice(1));
    return ms === undefined ? undefined : now.getTime() - ms;
  }
  if (ISO_WITH_OFFSET.test(text)) {
    const d = parseISO(text);
    return isValid(d) ? d.getTime() : undefined;
  }
  for (const [shape, pattern] of LOCAL_FORMATS) {
    if (!shape.test(text)) continue;
    // Parsing against a TZDate reference yields a TZDate, so the wall time is read in the target's zone.
    const d = parse(text.replace(' ', 'T'), pattern, new TZDate(now.getTime(), timeZone));
    return isValid(d) ? d.getTime() : undefined;
  }
  return undefined;
}

/** `2024-11-26 14:13:00 Asia/Shanghai`: how times are shown back in previews and choices. */
export function formatTime(ms: number, timeZone: string, withSeconds = true): string {
  const d = new TZDate(ms, timeZone);
  return `${format(d, withSeconds ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm')} ${timeZone}`;
}

/** `2024-11-26 14:13:00`, the wall time in `timeZone`, for lists whose zone is named once. */
export function formatWallTime(ms: number, timeZone: string): string {
  return format(new TZDate(ms, timeZone), 'yyyy-MM-dd HH:mm:ss');
}
