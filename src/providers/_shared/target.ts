/**
 * The fields every target accepts, whatever its provider (docs/SPEC.md §3), typed as `CommonTarget`
 * (types.ts): `endpoint` used as is, `timeZone` for times typed without an offset, `timeout` per
 * provider call, `locale`, and `announce`, the channel that gets a one-line summary of each outcome
 * and final state.
 */
import { z } from 'zod';
import { parseDurationMs } from '../../lib/duration.ts';
import { LOCALES } from '../../lib/message.ts';

const DEFAULT_TIMEOUT = '15s';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const commonTargetFields = {
  endpoint: z
    .string()
    .regex(/^https?:\/\/[^\s/]+/, 'must be an http:// or https:// base URL')
    .optional(),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default('UTC'),
  timeout: z
    .string()
    .refine((s) => (parseDurationMs(s) ?? 0) > 0, 'must be a duration such as 15s or 2m')
    .default(DEFAULT_TIMEOUT)
    .transform((s) => parseDurationMs(s) as number),
  /** The language of what a whole channel sees for this target; default: the asker's. */
  locale: z.enum(LOCALES).optional(),
  /** Where a one-line summary of each outcome and final state goes: a channel id or `#name`. */
  announce: z
    .string()
    .regex(/^(?:[CG][A-Z0-9]{2,}|#[a-z0-9][a-z0-9._-]*)$/i, 'must be a channel id like C0123 or a name like #reruns')
    .optional(),
};

/** A required non-empty string, with the message the config error should show. */
export const requiredString = () => z.string().min(1, 'must not be empty');

/** Splits `https://host:port/base` into the origin and a base path without a trailing slash. */
export function parseEndpoint(endpoint: string): { origin: string; host: string; basePath: string } {
  const u = new URL(endpoint);
  return { origin: u.origin, host: u.host, basePath: u.pathname.replace(/\/+$/, '') };
}
