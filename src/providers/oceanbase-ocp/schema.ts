/** zod schemas for an OceanBase OCP target and for the "retry a subtask" parameters. */
import { z } from 'zod';
import type { Message } from '../../lib/message.ts';
import { inputMsg } from '../../lib/zod-issues.ts';
import { limitsField } from '../_shared/allowances.ts';
import { commonTargetFields } from '../_shared/target.ts';
import { ALLOWANCES } from './limits.ts';
import { msg } from './messages.ts';

export const PROVIDER_ID = 'oceanbase-ocp';

/**
 * OCP is self-hosted: the endpoint is required, `http(s)://host:port`, optionally with a
 * base path when OCP sits behind a path prefix (the path sent, base included, is signed).
 */
const endpointSchema = z
  .string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be a URL such as http://ocp.internal:8080') })
  .min(1, 'must not be empty')
  .superRefine((s, ctx) => {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL such as http://ocp.internal:8080' });
      return;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL such as http://ocp.internal:8080' });
    } else if (u.username || u.password) {
      ctx.addIssue({ code: 'custom', message: 'must not carry a user or password; put them under auth' });
    } else if (u.search || u.hash) {
      ctx.addIssue({ code: 'custom', message: 'must be a base URL without ?query or #fragment' });
    }
  });

const secret = () => z.string({ error: 'must be a string' }).min(1, 'must not be empty');

/**
 * One of two credentials (docs/providers/FACTS.md §4.2): an OCP user's `username`/`password` (HTTP Basic)
 * or an AccessKey pair `accessKey`/`secretKey` (OCP-ACCESS-KEY-HMACSHA1). The written keys
 * are checked here so each missing one gets its own `required` at its own path.
 */
const authSchema = z
  .object(
    {
      username: secret()
        .refine((u) => !u.includes(':'), 'must not contain ":" (HTTP Basic cannot carry it)')
        .optional(),
      password: secret().optional(),
      accessKey: secret().optional(),
      secretKey: secret().optional(),
    },
    {
      error: (iss) =>
        iss.code !== 'invalid_type'
          ? undefined
          : iss.input === undefined
            ? 'required'
            : 'must be { username, password } or { accessKey, secretKey }',
    },
  )
  .strict()
  .superRefine((a, ctx) => {
    const basic = a.username !== undefined || a.password !== undefined;
    const key = a.accessKey !== undefined || a.secretKey !== undefined;
    if (basic && key) {
      ctx.addIssue({
        code: 'custom',
        message:
          'use either username and password (HTTP Basic) or accessKey and secretKey (AccessKey signature), not both',
      });
      return;
    }
    if (!basic && !key) {
      ctx.addIssue({ code: 'custom', message: 'required' });
      return;
    }
    const pair: [string, string] = basic ? ['username', 'password'] : ['accessKey', 'secretKey'];
    for (const name of pair) {
      if (a[name as keyof typeof a] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'required' });
    }
  })
  .transform((a): OcpAuth =>
    a.accessKey !== undefined
      ? { mode: 'accessKey', accessKey: a.accessKey, secretKey: a.secretKey as string }
      : { mode: 'basic', username: a.username as string, password: a.password as string },
  );

type OcpAuth =
  { mode: 'basic'; username: string; password: string } | { mode: 'accessKey'; accessKey: string; secretKey: string };

export const ocpTargetSchema = z
  .object({
    provider: z.literal(PROVIDER_ID),
    ...commonTargetFields,
    limits: limitsField(ALLOWANCES),
    endpoint: endpointSchema,
    auth: authSchema,
  })
  .strict();

export type OcpTarget = z.infer<typeof ocpTargetSchema>;

/** How a raw value is shown back in an error: short, whatever was typed. */
function shown(raw: string): string {
  return raw.length > 24 ? `${raw.slice(0, 24)}…` : raw;
}

/**
 * An OCP instance id (a Java Long, docs/providers/FACTS.md §4.1): a positive whole number, typed as text.
 * Ids above 2^53 would lose digits in JSON, so they are refused rather than rounded. Every problem
 * is a custom issue carrying its message for the person (`params.message`) and English for the log;
 * a missing value is marked `required` so a request with only missing ids opens the form.
 */
export function positiveId(field: string, example: string) {
  return z.unknown().transform((value, ctx) => {
    const fail = (message: string, params: { message: Message; required?: true }) => {
      ctx.addIssue({ code: 'custom', message, params });
      return z.NEVER;
    };
    const notANumber = (raw: string | undefined) =>
      fail(`${field} must be a positive whole number such as ${example}${raw === undefined ? '' : `, not "${raw}"`}`, {
        message: msg('oceanbase-ocp.input.notANumber', { field, example, raw }),
      });
    if (typeof value !== 'string' && typeof value !== 'number') {
      return value === undefined
        ? fail('required', { message: inputMsg('input.required', {}), required: true })
        : notANumber(undefined);
    }
    const raw = String(value).trim();
    if (raw === '') return fail('required', { message: inputMsg('input.required', {}), required: true });
    const typed = shown(raw);
    if (/^-\d*\.?\d+$/.test(raw))
      return fail(`${field} must be a positive whole number; "${typed}" is negative`, {
        message: msg('oceanbase-ocp.input.negative', { field, raw: typed }),
      });
    if (/^\d*\.\d*$/.test(raw) && raw !== '.')
      return fail(`${field} must be a whole number, not "${typed}"`, {
        message: msg('oceanbase-ocp.input.fraction', { field, raw: typed }),
      });
    if (!/^\d+$/.test(raw)) return notANumber(typed);
    const n = Number(raw);
    if (n === 0)
      return fail(`${field} must be 1 or more; OCP ids start at 1`, {
        message: msg('oceanbase-ocp.input.zero', { field }),
      });
    if (!Number.isSafeInteger(n))
      return fail(`${field} "${typed}" is too large for an OCP id`, {
        message: msg('oceanbase-ocp.input.tooLarge', { field, raw: typed }),
      });
    return n;
  });
}

export const retryParamsSchema = z.object({
  task: positiveId('task', '100'),
  subtask: positiveId('subtask', '1000'),
});

export type RetryParams = z.infer<typeof retryParamsSchema>;
