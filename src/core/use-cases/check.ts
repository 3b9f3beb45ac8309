/**
 * Reads a request as typed, without I/O, so a front end can answer at once: ready to ask,
 * missing fields (open the form, prefilled, with those fields marked), or problems to fix.
 */
import type { Message } from '../../lib/message.ts';
import type { RawParams } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';
import { exampleArgs, missingFields, rawFromPairs, REASON_KEY, validateParams, type FieldErrors } from '../input.ts';
import { coreMsg } from '../messages.ts';
import { reasonProblem, snapshot } from '../policy.ts';
import { policyOf } from './targets.ts';

export type CheckResult =
  /** `reason`: why the rerun is asked (`reason=`, the form's Reason field), when given. */
  | { kind: 'ok'; targetId: string; raw: RawParams; reason?: string }
  /**
   * Only required fields are missing: the form should open with what was given. `example` is a
   * complete request, for a surface without a form (the console).
   */
  | { kind: 'form'; targetId: string; prefill: RawParams; missing: string[]; example: string }
  /** The values have problems; `example` is a request that would work; `prefill`, the values as read. */
  | { kind: 'invalid'; targetId: string; errors: FieldErrors; example: string; prefill: RawParams }
  /** The text itself is wrong (an unknown key, a key given twice). */
  | { kind: 'unreadable'; targetId: string; message: Message; example: string }
  | { kind: 'unknown-target'; targetId: string };

/** A request typed as `key=value` pairs. */
export function checkText(ctx: CoreContext, targetId: string, pairs: readonly [string, string][]): CheckResult {
  const target = ctx.targets.get(targetId);
  if (!target) return { kind: 'unknown-target', targetId };
  // `reason=` is the request's, not the provider's: it is read here and never reaches its schema.
  const reasons = pairs.filter(([k]) => k.toLowerCase() === REASON_KEY);
  const example = () => exampleArgs(target.provider, targetId);
  if (reasons.length > 1)
    return {
      kind: 'unreadable',
      targetId,
      message: coreMsg('input.givenTwice', { key: REASON_KEY }),
      example: example(),
    };
  const read = rawFromPairs(
    target.provider,
    pairs.filter(([k]) => k.toLowerCase() !== REASON_KEY),
  );
  if ('error' in read) return { kind: 'unreadable', targetId, message: read.error, example: example() };
  return checkRaw(ctx, targetId, read.raw, true, reasons[0]?.[1]);
}

/**
 * Values from the text or the form. From text, a request with only missing fields opens the
 * form; from the form itself (`fromText` false) every problem goes back next to its field.
 */
export function checkRaw(
  ctx: CoreContext,
  targetId: string,
  raw: RawParams,
  fromText = false,
  reason?: string,
): CheckResult {
  const target = ctx.targets.get(targetId);
  if (!target) return { kind: 'unknown-target', targetId };
  const given = reason?.trim() || undefined;
  // The policy's reason rules (requireReason, reasonPattern) are checked with the values, so the
  // text form and the form answer them at once; ask.ts checks them again as the guarantee.
  const problem = reasonProblem(snapshot(policyOf(ctx, targetId)), given);
  const v = validateParams(target.provider, target.config, raw, ctx.clock.now());
  if (v.ok && !problem) return { kind: 'ok', targetId, raw, ...(given ? { reason: given } : {}) };
  if (v.ok) {
    const errors: FieldErrors = { [REASON_KEY]: { code: 'invalid', message: problem as Message } };
    return { kind: 'invalid', targetId, errors, example: exampleArgs(target.provider, targetId, raw), prefill: raw };
  }
  if (problem) v.errors[REASON_KEY] = { code: 'invalid', message: problem };
  const missing = missingFields(v.errors);
  if (fromText && missing.length === Object.keys(v.errors).length) {
    return { kind: 'form', targetId, prefill: raw, missing, example: exampleArgs(target.provider, targetId, raw) };
  }
  return {
    kind: 'invalid',
    targetId,
    errors: v.errors,
    example: exampleArgs(target.provider, targetId, raw),
    prefill: raw,
  };
}
