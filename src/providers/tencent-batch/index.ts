/**
 * Tencent Cloud Batch: RetryJobs retries the failed task instances of FAILED jobs.
 * Preview and status read DescribeJobs; only FAILED jobs are sent (docs/providers/FACTS.md §2).
 */
import { defineProvider } from '../_shared/define.ts';
import { tencentDemo } from './demo.ts';
import { MAX_IDS_PER_CALL, REQUESTS_PER_SECOND } from './limits.ts';
import { messages, msg } from './messages.ts';
import { PROVIDER_ID, retryParamsSchema, tencentTargetSchema } from './schema.ts';
import { createSession } from './session.ts';

export const tencentBatch = defineProvider({
  id: PROVIDER_ID,
  displayName: msg('tencent-batch.name', {}),
  targetSchema: tencentTargetSchema,
  paramsSchema: () => retryParamsSchema,
  fields: [
    {
      key: 'job_ids',
      aliases: ['jobs', 'JobIds'],
      label: msg('tencent-batch.field.job_ids.label', {}),
      hint: msg('tencent-batch.field.job_ids.hint', {}),
      example: 'job-rybewp57,job-97zcl3wt',
      kind: 'list',
      required: true,
    },
  ],
  help: {
    summary: msg('tencent-batch.help.summary', { perCall: MAX_IDS_PER_CALL, perSecond: REQUESTS_PER_SECOND }),
    examples: ['job_ids=job-rybewp57,job-97zcl3wt'],
  },
  summarize: (p) => msg('tencent-batch.summary', { jobIds: p.job_ids }),
  selectItems: (raw, items) => ({ ...raw, job_ids: [...items] }),
  messages,
  connect: createSession,
  demo: tencentDemo,
});
