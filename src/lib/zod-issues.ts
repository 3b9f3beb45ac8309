/**
 * zod problems, two ways. For the config file (read by whoever deploys, in the log): plain
 * English with a dotted path. For people typing a request: an issue code (`required` decides
 * whether the form opens) and a message to render in their language. A schema's own rule
 * carries its message as `params.message` on a custom issue.
 */
import type { z } from 'zod';
import { isMessage, messagesOf, type Message } from './message.ts';

/** Per-parse error map for the config file: zod's own wording is kept unless a plainer one fits. */
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

/** The messages of input problems; their words are in the core's catalogs. */
export type InputMessages = {
  'input.required': Record<string, never>;
  'input.type': { expected: string };
  'input.oneOf': { values: string[] };
  'input.tooSmall': { minimum: number; origin: string };
  'input.tooBig': { maximum: number; origin: string };
  'input.format': Record<string, never>;
  'input.unknownKeys': { keys: string[] };
  'input.invalid': { detail: string };
  'input.atItem': { issue: Message; item: number };
};

export const inputMsg = messagesOf<InputMessages>();

type IssueCode = 'required' | 'invalid';

export interface InputIssue {
  code: IssueCode;
  message: Message;
}

/** One zod issue as a person reads it. */
export function inputIssue(iss: z.core.$ZodIssue): InputIssue {
  const item = iss.path.length > 1 && typeof iss.path[1] === 'number' ? iss.path[1] + 1 : undefined;
  const at = (message: Message): Message => (item ? inputMsg('input.atItem', { issue: message, item }) : message);
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return { code: 'required', message: inputMsg('input.required', {}) };
      return { code: 'invalid', message: at(inputMsg('input.type', { expected: String(iss.expected) })) };
    case 'invalid_value':
      return { code: 'invalid', message: at(inputMsg('input.oneOf', { values: iss.values.map(String) })) };
    case 'too_small':
      return {
        code: 'invalid',
        message: at(inputMsg('input.tooSmall', { minimum: Number(iss.minimum), origin: String(iss.origin) })),
      };
    case 'too_big':
      return {
        code: 'invalid',
        message: at(inputMsg('input.tooBig', { maximum: Number(iss.maximum), origin: String(iss.origin) })),
      };
    case 'invalid_format':
      return { code: 'invalid', message: at(inputMsg('input.format', {})) };
    case 'unrecognized_keys':
      return { code: 'invalid', message: inputMsg('input.unknownKeys', { keys: iss.keys }) };
    case 'custom': {
      const own: unknown = iss.params?.['message'];
      if (isMessage(own)) return { code: iss.params?.['required'] === true ? 'required' : 'invalid', message: at(own) };
      return { code: 'invalid', message: at(inputMsg('input.invalid', { detail: iss.message })) };
    }
    default:
      return { code: 'invalid', message: at(inputMsg('input.invalid', { detail: iss.message })) };
  }
}
