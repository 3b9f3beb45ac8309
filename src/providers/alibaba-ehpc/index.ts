/**
 * Alibaba Cloud E-HPC (API 2018-04-12): RerunJobs REQUEUES jobs that are RUNNING or QUEUED —
 * typically a job stuck on a bad node — so the scheduler starts them again; it cannot rerun a
 * job that has finished. Preview, the pre-send check and status read ListJobs (docs/providers/FACTS.md §3).
 */
import { defineProvider } from '../_shared/define.ts';
import { ehpcDemo } from './demo.ts';
import { MAX_JOBS_PER_CALL } from './limits.ts';
import { messages, msg } from './messages.ts';
import { ehpcTargetSchema, PROVIDER_ID, rerunParamsSchema } from './schema.ts';
import { createSession } from './session.ts';

export const alibabaEhpc = defineProvider({
  id: PROVIDER_ID,
  displayName: msg('alibaba-ehpc.name', {}),
  targetSchema: ehpcTargetSchema,
  paramsSchema: rerunParamsSchema,
  fields: [
    {
      key: 'jobs',
      aliases: ['Jobs'],
      label: msg('alibaba-ehpc.field.jobs.label', {}),
      hint: msg('alibaba-ehpc.field.jobs.hint', {}),
      example: '1.scheduler,2.scheduler',
      kind: 'list',
      required: true,
      pick: { dependsOn: ['cluster'] },
    },
    {
      key: 'cluster',
      aliases: ['ClusterId'],
      label: msg('alibaba-ehpc.field.cluster.label', {}),
      hint: msg('alibaba-ehpc.field.cluster.hint', {}),
      example: 'ehpc-hz-FYUr32abcd',
      kind: 'text',
      required: false,
    },
    {
      key: 'async',
      aliases: ['Async'],
      label: msg('alibaba-ehpc.field.async.label', {}),
      hint: msg('alibaba-ehpc.field.async.hint', {}),
      example: 'false',
      kind: 'boolean',
      required: false,
      default: 'false',
    },
  ],
  help: {
    summary: msg('alibaba-ehpc.help.summary', { perCall: MAX_JOBS_PER_CALL }),
    examples: ['jobs=1.scheduler,2.scheduler', 'jobs=1.scheduler cluster=ehpc-hz-FYUr32abcd async=true'],
  },
  summarize: (p) => msg('alibaba-ehpc.summary', { jobs: p.jobs, cluster: p.cluster, async: p.async }),
  selectItems: (raw, items) => ({ ...raw, jobs: [...items] }),
  messages,
  connect: createSession,
  demo: ehpcDemo,
});
