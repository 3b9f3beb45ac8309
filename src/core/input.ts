/**
 * From what a person typed (text pairs or form values) to the provider's validated params.
 * Both paths produce the same RawParams and meet the same schema, so the rules are one.
 */
import type { Message } from '../lib/message.ts';
import { inputIssue, type InputIssue } from '../lib/zod-issues.ts';
import type { AnyProvider, CommonTarget, FieldSpec, RawParams } from '../providers/types.ts';
import { coreMsg } from './messages.ts';
import { findField } from './model/field.ts';

export { findField };

/** Field key (or `_` for the whole request) → its first problem. */
export type FieldErrors = Record<string, InputIssue>;

export type Validation = { ok: true; params: unknown } | { ok: false; errors: FieldErrors };

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

/** Arguments of an example request for a target, from the provider's field examples. */
export function exampleArgs(provider: AnyProvider, targetId: string): string {
  const required = provider.fields.filter((f) => f.required);
  return [targetId, ...required.map((f) => `${f.key}=${/\s/.test(f.example) ? `"${f.example}"` : f.example}`)].join(
    ' ',
  );
}

/**
 * `raw` as the text that asks for it (`<target> key=value …`): lists comma-separated, values with
 * spaces or quotes quoted, as the command reader (command.ts) reads them back.
 */
export function argsText(targetId: string, raw: RawParams): string {
  // The command reader takes typographic quotes (which Slack's clients type) for plain ones.
  const quote = (v: string) => {
    const plain = v.replace(/[\u201c\u201d\u201e]/g, '"').replace(/[\u2018\u2019]/g, "'");
    return /[\s"']/.test(plain) || v === '' ? (plain.includes('"') ? `'${v}'` : `"${v}"`) : v;
  };
  const pairs = Object.entries(raw).flatMap(([key, v]) =>
    v === undefined ? [] : [`${key}=${quote(Array.isArray(v) ? v.join(',') : String(v))}`],
  );
  return [targetId, ...pairs].join(' ');
}
