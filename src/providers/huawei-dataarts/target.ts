/**
 * The zod schema for a DataArts Studio target (docs/SPEC.md §3): region, project, workspace and
 * one of three auth shapes (AK/SK, IAM token, IAM password).
 */
import { z } from 'zod';
import { limitsField } from '../_shared/allowances.ts';
import { commonTargetFields } from '../_shared/target.ts';
import { ALLOWANCES } from './limits.ts';

export const PROVIDER_ID = 'huawei-dataarts';

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const PROJECT_ID = /^[0-9a-f]{32}$/;
export const WORKSPACE_ID = /^[0-9A-Za-z_-]{1,64}$/;
const HTTP_URL = /^https?:\/\/[^\s/]+/;

/**
 * A required non-empty string whose absence says `required` on its own: the auth shapes are
 * parsed inside a transform, where the core's per-parse error map does not reach.
 */
const requiredString = () =>
  z.string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be a string') }).min(1, 'must not be empty');

const akskAuth = z
  .object({
    accessKey: requiredString(),
    secretKey: requiredString(),
    /** Temporary AK/SK (from STS) carry a security token, sent and signed as X-Security-Token. */
    securityToken: requiredString().optional(),
  })
  .strict()
  .transform((a) => ({ kind: 'aksk' as const, ...a }));

const tokenAuth = z
  .object({ token: requiredString().max(4096, 'an IAM token is at most 4096 characters') })
  .strict()
  .transform((a) => ({ kind: 'token' as const, ...a }));

const passwordAuth = z
  .object({
    username: requiredString(),
    password: requiredString(),
    /** The account (domain) name the IAM user belongs to. */
    domain: requiredString(),
    /** Default https://iam.{region}.myhuaweicloud.com. */
    iamEndpoint: z.string().regex(HTTP_URL, 'must be an http:// or https:// base URL').optional(),
  })
  .strict()
  .transform((a) => ({ kind: 'password' as const, ...a }));

const AUTH_SHAPES =
  '{ accessKey, secretKey, securityToken? }, { token } or { username, password, domain, iamEndpoint? }';

/** Picks the auth shape by the keys present, so a missing field says `required` rather than "no union member matched". */
function authSchemaFor(value: unknown): typeof akskAuth | typeof tokenAuth | typeof passwordAuth {
  const keys = value && typeof value === 'object' ? Object.keys(value) : [];
  if (keys.includes('token')) return tokenAuth;
  if (['username', 'password', 'domain', 'iamEndpoint'].some((k) => keys.includes(k))) return passwordAuth;
  return akskAuth;
}

const authSchema = z.unknown().transform((value, ctx) => {
  if (value === undefined || value === null) {
    ctx.addIssue({ code: 'custom', message: 'required' });
    return z.NEVER;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: `must be one of ${AUTH_SHAPES}` });
    return z.NEVER;
  }
  const result = authSchemaFor(value).safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        ctx.addIssue({
          code: 'custom',
          message: `unknown key; auth takes one of ${AUTH_SHAPES}`,
          path: [...issue.path, key],
        });
    } else {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  }
  return z.NEVER;
});

export const huaweiTargetSchema = z
  .object({
    provider: z.literal(PROVIDER_ID),
    ...commonTargetFields,
    limits: limitsField(ALLOWANCES),
    region: requiredString().regex(REGION, 'must be a region id such as cn-north-4'),
    projectId: requiredString().regex(
      PROJECT_ID,
      'must be a 32-character project id such as 62099355b894428e8916573ae635f1f9',
    ),
    workspace: requiredString().regex(WORKSPACE_ID, 'must be a workspace id such as 62fbba734e634c5087656fc3ff7adf34'),
    auth: authSchema,
  })
  .strict();

export type HuaweiTarget = z.infer<typeof huaweiTargetSchema>;
export type HuaweiAuth = HuaweiTarget['auth'];
