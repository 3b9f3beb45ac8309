/**
 * zod schemas for a Tencent Batch target and for RetryJobs parameters. The target schema is read
 * by the operator in the log, so it stays English; the params rules carry messages for people.
 */
import { z } from 'zod';
import { limitsField } from '../_shared/allowances.ts';
import { commonTargetFields, requiredString } from '../_shared/target.ts';
import { ALLOWANCES, MAX_JOB_IDS } from './limits.ts';
import { msg } from './messages.ts';

export const PROVIDER_ID = 'tencent-batch';

export const tencentTargetSchema = z
  .object({
    provider: z.literal(PROVIDER_ID),
    ...commonTargetFields,
    limits: limitsField(ALLOWANCES),
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
export const JOB_ID_EXAMPLE = 'job-rybewp57';

// The English `message` of each rule is for logs; `params.message` is what a person reads.
const jobId = z
  .string()
  .trim()
  .superRefine((id, ctx) => {
    if (!JOB_ID.test(id))
      ctx.addIssue({
        code: 'custom',
        message: `each job id looks like ${JOB_ID_EXAMPLE}`,
        params: { message: msg('tencent-batch.input.jobId', { value: id, example: JOB_ID_EXAMPLE }) },
      });
  });

export const retryParamsSchema = z.object({
  job_ids: z
    .array(jobId)
    // An empty list is a missing field: the form opens instead of an error.
    .refine((ids) => ids.length > 0, {
      message: 'name at least one job id',
      params: { message: msg('tencent-batch.input.noJobIds', {}), required: true },
    })
    .superRefine((ids, ctx) => {
      if (ids.length > MAX_JOB_IDS)
        ctx.addIssue({
          code: 'custom',
          message: `at most ${MAX_JOB_IDS} job ids per request`,
          params: { message: msg('tencent-batch.input.tooManyJobIds', { max: MAX_JOB_IDS, count: ids.length }) },
        });
    })
    .transform((ids) => [...new Set(ids)]),
});

export type RetryParams = z.infer<typeof retryParamsSchema>;
