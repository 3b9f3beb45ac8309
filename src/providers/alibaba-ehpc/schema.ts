/** zod schemas for an E-HPC target and for RerunJobs parameters (docs/SPEC.md §3, §4; docs/providers/FACTS.md §3.1). */
import { z } from 'zod';
import { limitsField } from '../_shared/allowances.ts';
import { commonTargetFields } from '../_shared/target.ts';
import type { ParamsContext } from '../types.ts';
import { ALLOWANCES, MAX_JOBS_PER_CALL, MAX_JOBS_PER_REQUEST } from './limits.ts';
import { msg } from './messages.ts';

export const PROVIDER_ID = 'alibaba-ehpc';

/** Cluster ids look like `ehpc-hz-FYUr32abcd`: `ehpc-`, a region abbreviation, an id. */
export const CLUSTER_ID = /^ehpc-[a-z0-9]+-[A-Za-z0-9]+$/;
const CLUSTER_HINT = 'a cluster id looks like ehpc-hz-FYUr32abcd (see ListClusters or the E-HPC console)';
/**
 * Job ids as the cluster's scheduler names them: PBS `1.scheduler`, array jobs `2[].manager`,
 * Slurm or SGE `42`. Letters, digits, `.`, `_`, `-` and `[]`, starting with a letter or digit.
 */
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._\-[\]]{0,127}$/;
const JOB_HINT = 'each job id looks like 1.scheduler (PBS) or 42 (Slurm), as ListJobs shows it';
/** Alibaba region ids: cn-hangzhou, ap-southeast-1, cn-shanghai-finance-1, … */
const REGION = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;

/** A string field whose absence reads "required" (the config loader and the form key on it). */
const text = (what = 'must be text') => z.string({ error: (iss) => (iss.input === undefined ? 'required' : what) });

export const ehpcTargetSchema = z
  .object({
    provider: z.literal(PROVIDER_ID, {
      error: (iss) => (iss.input === undefined ? 'required' : `must be ${PROVIDER_ID}`),
    }),
    ...commonTargetFields,
    limits: limitsField(ALLOWANCES),
    region: text().regex(REGION, 'must be a region id such as cn-hangzhou'),
    /** The default cluster; a request may name another with `cluster=`. */
    clusterId: text().regex(CLUSTER_ID, `must be an E-HPC cluster id: ${CLUSTER_HINT}`).optional(),
    /**
     * v3 (default): ACS3-HMAC-SHA256 in the Authorization header, what current SDKs send;
     * v1: the older RPC HMAC-SHA1 query signature. E-HPC 2018-04-12 accepts both (docs/providers/FACTS.md §3.3).
     */
    signatureVersion: z
      .enum(['v3', 'v1'], { error: 'must be v3 (ACS3-HMAC-SHA256) or v1 (RPC HMAC-SHA1)' })
      .default('v3'),
    auth: z
      .object(
        {
          accessKeyId: text().min(1, 'must not be empty'),
          accessKeySecret: text().min(1, 'must not be empty'),
          /** STS temporary credentials carry a security token. */
          securityToken: text().min(1, 'must not be empty').optional(),
        },
        {
          error: (iss) =>
            iss.input === undefined ? 'required' : 'must be { accessKeyId, accessKeySecret, securityToken? }',
        },
      )
      .strict(),
  })
  .strict();

export type EhpcTarget = z.infer<typeof ehpcTargetSchema>;

/**
 * Reads the jobs list. Values arrive split on commas; the API's own JSON form
 * (`Jobs=[{"Id":"1.scheduler"}]`, split by the comma splitter too) is joined back and read.
 */
function toJobList(raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const parts = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : raw;
  if (!Array.isArray(parts)) return parts;
  const joined = parts.join(',').trim();
  if (joined.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(joined);
      if (Array.isArray(parsed))
        return parsed.map((j: unknown) => (j && typeof j === 'object' && 'Id' in j ? (j as { Id: unknown }).Id : j));
    } catch {
      // Not JSON: fall through and let the id rule explain what is wrong.
    }
  }
  return parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== '');
}

const ASYNC_HINT = 'async is true or false (yes/no also work)';
const TRUE = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);

function toBoolean(raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') return raw;
  const t = raw.trim().toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return raw;
}

export interface RerunParams {
  /** Job ids, de-duplicated, in the order given. */
  jobs: string[];
  cluster: string;
  /** Async=true sends the rerun through E-HPC's asynchronous message channel. */
  async: boolean;
}

/**
 * The rerun parameters; `cluster` defaults to the target's clusterId and is required without one.
 * The zod messages stay English for logs; what a person reads is the message in each issue's params.
 */
export function rerunParamsSchema(ctx: ParamsContext<EhpcTarget>): z.ZodType<RerunParams> {
  const defaultCluster = ctx.target.clusterId;
  const jobId = z.string({ error: JOB_HINT }).superRefine((value, c) => {
    if (!JOB_ID.test(value))
      c.addIssue({
        code: 'custom',
        message: JOB_HINT,
        params: { message: msg('alibaba-ehpc.input.jobId', { value }) },
      });
  });
  const tooMany = `at most ${MAX_JOBS_PER_REQUEST} job ids per request (they are sent in calls of ${MAX_JOBS_PER_CALL})`;
  return z
    .object({
      jobs: z.preprocess(
        toJobList,
        z
          .array(jobId, {
            error: (iss) => (iss.input === undefined ? 'required' : 'a comma-separated list of job ids'),
          })
          .min(1, 'name at least one job id')
          .refine((jobs) => jobs.length <= MAX_JOBS_PER_REQUEST, {
            message: tooMany,
            params: {
              message: msg('alibaba-ehpc.input.tooManyJobs', { max: MAX_JOBS_PER_REQUEST, perCall: MAX_JOBS_PER_CALL }),
            },
          }),
      ),
      cluster: z.preprocess(
        (raw) => (raw === undefined || raw === '' ? defaultCluster : typeof raw === 'string' ? raw.trim() : raw),
        text().superRefine((value, c) => {
          if (!CLUSTER_ID.test(value))
            c.addIssue({
              code: 'custom',
              message: CLUSTER_HINT,
              params: { message: msg('alibaba-ehpc.input.clusterId', { value }) },
            });
        }),
      ),
      async: z.preprocess(
        toBoolean,
        z
          .unknown()
          .superRefine((value, c) => {
            if (value !== undefined && typeof value !== 'boolean')
              c.addIssue({
                code: 'custom',
                message: ASYNC_HINT,
                params: { message: msg('alibaba-ehpc.input.async', { value: String(value) }) },
              });
          })
          .transform((value) => value === true),
      ),
    })
    .strict()
    .transform((p): RerunParams => ({ jobs: [...new Set(p.jobs)], cluster: p.cluster, async: p.async }));
}
