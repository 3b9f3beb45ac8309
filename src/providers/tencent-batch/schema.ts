/** zod schemas for a Tencent Batch target and for RetryJobs parameters. */
import { z } from 'zod';
import { commonTargetFields, requiredString } from '../_shared/target.ts';

export const PROVIDER_ID = 'tencent-batch';

export const tencentTargetSchema = z
  .object({
    provider: z.literal(PROVIDER_ID),
    ...commonTargetFields,
    region: requiredString().regex(/^[a-z]+-[a-z]+(?:-\d+)?$/, 'must be a region id such as ap-guangzhou'),
    auth: z
      .object({
        secretId: requiredString(),
        secretKey: requiredString(),
        /** Temporary credentials (STS) carry a session token. */
        token: z.string().optional(),
      })
      .strict(),
  })
  .strict();

export type TencentTarget = z.infer<typeof tencentTargetSchema>;

/** Batch job ids look like `job-rybewp57`. */
const JOB_ID = /^job-[a-z0-9]{4,32}$/;

export const retryParamsSchema = z.object({
  job_ids: z
    .array(z.string().trim().regex(JOB_ID, 'each job id looks like job-rybewp57'))
    .min(1, 'name at least one job id')
    .max(1000, 'at most 1000 job ids per request')
    .transform((ids) => [...new Set(ids)]),
});

export type RetryParams = z.infer<typeof retryParamsSchema>;
