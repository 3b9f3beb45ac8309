/**
 * Label values that come from outside the bot's own code (a provider's error code, a Slack error,
 * a target id after a config reload) go through a cap: each distinct value is a new time series
 * in every scraper, so an answer that invents codes must not grow them without bound.
 */

/** What a label value may look like: short, and nothing a scraper or a reader would trip on. */
const SAFE = /^[A-Za-z0-9._-]{1,64}$/;

/** The value every refused or surplus label value is counted under. */
export const OTHER = 'other';

interface LabelCap {
  /** `value` as a label: itself if safe and among the first `max` seen, else `other`. */
  (value: string | undefined): string;
}

/** A cap of `max` distinct values, kept for the life of one metrics registry. */
export function labelCap(max: number): LabelCap {
  const seen = new Set<string>();
  return (value) => {
    if (value === undefined || !SAFE.test(value)) return OTHER;
    if (seen.has(value)) return value;
    if (seen.size >= max) return OTHER;
    seen.add(value);
    return value;
  };
}
