/**
 * Reads a request as typed, without I/O, so a front end can answer at once: ready to ask,
 * missing fields (open the form, prefilled, with those fields marked), or problems to fix.
 */
import type { Message } from '../../lib/message.ts';
import type { RawParams } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';
import { exampleArgs, missingFields, rawFromPairs, validateParams, type FieldErrors } from '../input.ts';

export type CheckResult =
  | { kind: 'ok'; targetId: string; raw: RawParams }
  /**
   * Only required fields are missing: the form should open with what was given. `example` is a
   * complete request, for a surface without a form (the console).
   */
  | { kind: 'form'; targetId: string; prefill: RawParams; missing: string[]; example: string }
  /** The values have problems; `example` is a request that would work. */
  | { kind: 'invalid'; targetId: string; errors: FieldErrors; example: string }
  /** The text itself is wrong (an unknown key, a key given twice). */
  | { kind: 'unreadable'; targetId: string; message: Message; example: string }
  | { kind: 'unknown-target'; targetId: string };

/** A request typed as `key=value` pairs. */
export function checkText(ctx: CoreContext, targetId: string, pairs: readonly [string, string][]): CheckResult {
  const target = ctx.targets.get(targetId);
  if (!target) return { kind: 'unknown-target', targetId };
  const read = rawFromPairs(target.provider, pairs);
  if ('error' in read)
    return { kind: 'unreadable', targetId, message: read.error, example: exampleArgs(target.provider, targetId) };
  return checkRaw(ctx, targetId, read.raw, true);
}

/**
 * Values from the text or the form. From text, a request with only missing fields opens the
 * form; from the form itself (`fromText` false) every problem goes back next to its field.
 */
export function checkRaw(ctx: CoreContext, targetId: string, raw: RawParams, fromText = false): CheckResult {
  const target = ctx.targets.get(targetId);
  if (!target) return { kind: 'unknown-target', targetId };
  const v = validateParams(target.provider, target.config, raw, ctx.clock.now());
  if (v.ok) return { kind: 'ok', targetId, raw };
  const missing = missingFields(v.errors);
  if (fromText && missing.length === Object.keys(v.errors).length) {
    return { kind: 'form', targetId, prefill: raw, missing, example: exampleArgs(target.provider, targetId, raw) };
  }
  return { kind: 'invalid', targetId, errors: v.errors, example: exampleArgs(target.provider, targetId, raw) };
}
