/**
 * How zod problems are worded for people: a missing value says "required", an unknown key
 * names the key, and every problem carries its dotted path.
 */
import type { z } from 'zod';

/** Per-parse error map: zod's own wording is kept unless a plainer one fits. */
export const plainErrors: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'invalid_type' && iss.input === undefined) return 'required';
  if (iss.code === 'invalid_type') return `must be a ${iss.expected}`;
  if (iss.code === 'invalid_value' && 'values' in iss) return `must be one of ${iss.values.map(String).join(', ')}`;
  return undefined;
};

export interface Problem {
  path: string;
  message: string;
}

export function toProblems(error: z.ZodError, prefix: readonly (string | number)[] = []): Problem[] {
  return error.issues.flatMap((iss) => {
    const base = [...prefix, ...iss.path.map((p) => String(p))];
    if (iss.code === 'unrecognized_keys') {
      return iss.keys.map((k) => ({ path: [...base, k].join('.'), message: 'unknown key' }));
    }
    return [{ path: base.join('.'), message: iss.message }];
  });
}
