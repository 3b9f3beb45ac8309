/**
 * From what a person typed (text pairs or form values) to the provider's validated params.
 * Both paths produce the same RawParams and meet the same schema, so the rules are one.
 */
import type { Message } from '../lib/message.ts';
import { inputIssue, type InputIssue } from '../lib/zod-issues.ts';
import type { AnyProvider, CommonTarget, FieldSpec, RawParams } from '../providers/types.ts';
import { parseCommand } from './command.ts';
import { coreMsg } from './messages.ts';
import { findField } from './model/field.ts';

export { findField };

/**
 * The key of a request's reason (issue 19 item 4) in the text form (`reason=…`) and in FieldErrors:
 * the request's own, never a provider's parameter.
 */
export const REASON_KEY = 'reason';

/** Field key (or `_` for the whole request) → its first problem. */
export type FieldErrors = Record<string, InputIssue>;

type Validation = { ok: true; params: unknown } | { ok: false; errors: FieldErrors };

/** A typed value in the shape the schema reads: lists split on commas and new lines. */
export function normalizeValue(field: FieldSpec, value: string): string | string[] {
  if (field.kind === 'list')
    return value
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
  return value.trim();
}

export function rawFromPairs(
  provider: AnyProvider,
  pairs: readonly [string, string][],
): { raw: RawParams } | { error: Message } {
  const raw: RawParams = {};
  for (const [key, value] of pairs) {
    const field = findField(provider, key);
    if (!field) {
      return {
        error: coreMsg('input.unknownParam', {
          key,
          provider: provider.displayName,
          keys: provider.fields.map((f) => f.key),
        }),
      };
    }
    if (raw[field.key] !== undefined) return { error: coreMsg('input.givenTwice', { key: field.key }) };
    raw[field.key] = normalizeValue(field, value);
  }
  return { raw };
}

export function validateParams(provider: AnyProvider, target: CommonTarget, raw: RawParams, now: Date): Validation {
  const r = provider.paramsSchema({ target, now }).safeParse(raw);
  if (r.success) return { ok: true, params: r.data };
  const errors: FieldErrors = {};
  for (const iss of r.error.issues) {
    const key = iss.path.length ? String(iss.path[0]) : '_';
    errors[key] ??= inputIssue(iss);
  }
  return { ok: false, errors };
}

/** The fields whose only problem is that they are missing. */
export function missingFields(errors: FieldErrors): string[] {
  return Object.entries(errors)
    .filter(([, e]) => e.code === 'required')
    .map(([k]) => k);
}

/** The provider's help examples as the arguments of a request to `targetId` (`<target> key=value …`). */
export function helpExamples(provider: AnyProvider, targetId: string): string[] {
  return provider.help.examples.map((e) => `${targetId} ${e}`);
}

/**
 * A complete request to show after a problem with `raw`: the help example closest to it (the same
 * choices, above all those that decide which keys apply, so a `mode=chain` request is shown the
 * chain example; then the most keys in common). Help examples run as
 * typed against the demo (test/e2e/examples.test.ts), so what a person copies from an answer works.
 */
export function exampleArgs(provider: AnyProvider, targetId: string, raw: RawParams = {}): string {
  const examples = helpExamples(provider, targetId);
  // A choice weighs more the more keys it decides (a `mode` that decides eight keys over one that decides one).
  const decides = (key: string) => provider.fields.filter((f) => f.when?.key === key).length;
  let best = examples[0] ?? targetId;
  let bestScore = -1;
  for (const example of examples) {
    const cmd = parseCommand(example);
    if (cmd.kind !== 'request') continue;
    const read = rawFromPairs(provider, cmd.pairs);
    if ('error' in read) continue;
    let score = 0;
    for (const [key, value] of Object.entries(raw)) {
      const field = findField(provider, key);
      if (value === undefined || !field) continue;
      const shown = read.raw[key] ?? field.default;
      if (field.kind === 'choice' || field.kind === 'boolean') {
        if (String(shown).toLowerCase() === String(value).toLowerCase()) score += 100 * (1 + decides(field.key));
      } else if (shown !== undefined) score += 1;
    }
    if (score > bestScore) [best, bestScore] = [example, score];
  }
  return best;
}

/**
 * `raw` as the text that asks for it (`<target> key=value …`): lists comma-separated, values with
 * spaces or quotes quoted, as the command reader (command.ts) reads them back.
 */
export function argsText(targetId: string, raw: RawParams): string {
  const quote = (v: string) => {
    if (v === '') return '""';
    if (!/[\s"'\u201c\u201d\u201e\u2018\u2019]/.test(v)) return v;
    // The reader joins quoted runs that touch and has no escape, so a value holding both kinds of
    // quote is written as runs, each in the quote it does not hold. It takes typographic quotes
    // (which Slack's clients type) for plain ones, so they count as the plain ones here.
    const plainOf = (ch: string) => (/[\u201c\u201d\u201e]/.test(ch) ? '"' : /[\u2018\u2019]/.test(ch) ? "'" : ch);
    let out = '';
    let run = '';
    let inside = plainOf(v[0] as string) === '"' ? "'" : '"';
    for (const ch of v) {
      const plain = plainOf(ch);
      if (plain === inside) {
        out += `${inside}${run}${inside}`;
        run = '';
        inside = inside === '"' ? "'" : '"';
      }
      run += ch;
    }
    return out + `${inside}${run}${inside}`;
  };
  const pairs = Object.entries(raw).flatMap(([key, v]) =>
    v === undefined ? [] : [`${key}=${quote(Array.isArray(v) ? v.join(',') : String(v))}`],
  );
  return [targetId, ...pairs].join(' ');
}
