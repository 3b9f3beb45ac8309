/**
 * From what a person typed (text pairs or form values) to the provider's validated params.
 * Both paths produce the same RawParams and meet the same schema, so the rules are one.
 */
import type { AnyProvider, FieldSpec, RawParams } from '../providers/types.ts';
import type { CommonTarget } from '../providers/_shared/target.ts';
import { plainErrors } from './issues.ts';

export type FieldErrors = Record<string, string>;

export type Validation = { ok: true; params: unknown } | { ok: false; errors: FieldErrors; missing: string[] };

export function findField(provider: AnyProvider, name: string): FieldSpec | undefined {
  const n = name.toLowerCase();
  return provider.fields.find((f) => f.key.toLowerCase() === n || f.aliases?.some((a) => a.toLowerCase() === n));
}

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
): { raw: RawParams } | { error: string } {
  const raw: RawParams = {};
  for (const [key, value] of pairs) {
    const field = findField(provider, key);
    if (!field) {
      const keys = provider.fields.map((f) => f.key).join(', ');
      return { error: `\`${key}\` is not a parameter of ${provider.displayName}. Use: ${keys}.` };
    }
    if (raw[field.key] !== undefined)
      return { error: `\`${field.key}\` is given twice; give it once (lists are comma-separated).` };
    raw[field.key] = normalizeValue(field, value);
  }
  return { raw };
}

export function validateParams(provider: AnyProvider, target: CommonTarget, raw: RawParams, now: Date): Validation {
  const schema = provider.paramsSchema({ target, now });
  const r = schema.safeParse(raw, { error: plainErrors });
  if (r.success) return { ok: true, params: r.data };
  const errors: FieldErrors = {};
  const missing: string[] = [];
  for (const iss of r.error.issues) {
    const key = iss.path.length ? String(iss.path[0]) : '_';
    if (errors[key]) continue;
    const at = iss.path.length > 1 ? ` (item ${Number(iss.path[1]) + 1})` : '';
    errors[key] = `${iss.message}${at}`;
    if (iss.message === 'required') missing.push(key);
  }
  return { ok: false, errors, missing };
}

/** An example command line for a target, from the provider's field examples. */
export function exampleFor(provider: AnyProvider, targetId: string): string {
  const required = provider.fields.filter((f) => f.required);
  return `/rerun ${targetId} ${required.map((f) => `${f.key}=${/\s/.test(f.example) ? `"${f.example}"` : f.example}`).join(' ')}`;
}
