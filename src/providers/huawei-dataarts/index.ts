/**
 * Huawei Cloud DataArts Studio, DataArts Factory (DLF): "Rerunning Job Instances",
 * POST /v2/{project_id}/factory/jobs/{job_name}/instances/retry (docs/providers/FACTS.md §1). Reruns one or more
 * instances of a job (mode=instance), or the instances of jobs in a time window together with
 * their upstream and downstream instances (mode=chain). Preview and status read the instance
 * list; live instances are refused, as a rerun would start a second run beside them.
 */
import type { Message } from '../../lib/message.ts';
import { defineProvider } from '../_shared/define.ts';
import type { FieldSpec } from '../types.ts';
import { huaweiDemo } from './demo.ts';
import { messages, msg } from './messages.ts';
import { MAX_CONCURRENT, MAX_INSTANCES, MAX_WINDOW_DAYS, OPTIONS_WINDOW_DAYS, REQUESTS_PER_SECOND } from './limits.ts';
import {
  LOCATIONS,
  PROVIDER_ID,
  huaweiTargetSchema,
  instancesOf,
  rerunParamsSchema,
  type RerunParams,
} from './schema.ts';
import { selectItems } from './select.ts';
import { createSession } from './session.ts';

const none = {};
/** The fields of each mode (schema.ts refuses them in the other one); `mode` left out is `instance`. */
const INSTANCE_MODE = { key: 'mode', values: ['instance'] } as const;
const CHAIN_MODE = { key: 'mode', values: ['chain'] } as const;

const fields: readonly FieldSpec[] = [
  {
    key: 'job',
    aliases: ['job_name'],
    label: msg('huawei-dataarts.field.job.label', none),
    hint: msg('huawei-dataarts.field.job.hint', none),
    example: 'test_job_name',
    kind: 'text',
    required: true,
  },
  {
    key: 'mode',
    label: msg('huawei-dataarts.field.mode.label', none),
    hint: msg('huawei-dataarts.field.mode.hint', none),
    example: 'instance',
    kind: 'choice',
    required: false,
    default: 'instance',
    choices: [
      { value: 'instance', label: msg('huawei-dataarts.field.mode.instance', none) },
      { value: 'chain', label: msg('huawei-dataarts.field.mode.chain', none) },
    ],
  },
  {
    key: 'location',
    aliases: ['retry_location'],
    label: msg('huawei-dataarts.field.location.label', none),
    hint: msg('huawei-dataarts.field.location.hint', none),
    example: 'errorNode',
    kind: 'choice',
    required: true,
    choices: LOCATIONS.map((l) => ({
      value: l,
      label: msg(`huawei-dataarts.field.location.${l}`, none),
    })),
  },
  {
    key: 'node',
    aliases: ['node_name'],
    label: msg('huawei-dataarts.field.node.label', none),
    hint: msg('huawei-dataarts.field.node.hint', none),
    example: 'clean_orders',
    kind: 'text',
    required: false,
    when: { key: 'location', values: ['specifiedNode'] },
    neededWhen: true,
  },
  {
    key: 'version',
    aliases: ['retry_task_version'],
    label: msg('huawei-dataarts.field.version.label', none),
    hint: msg('huawei-dataarts.field.version.hint', none),
    example: 'original',
    kind: 'choice',
    required: true,
    choices: [
      { value: 'original', label: msg('huawei-dataarts.field.version.original', none) },
      { value: 'current', label: msg('huawei-dataarts.field.version.current', none) },
    ],
  },
  {
    key: 'ignore_obs_monitor',
    label: msg('huawei-dataarts.field.ignore_obs_monitor.label', none),
    hint: msg('huawei-dataarts.field.ignore_obs_monitor.hint', none),
    example: 'true',
    kind: 'boolean',
    required: false,
    default: 'true',
  },
  {
    key: 'instance',
    label: msg('huawei-dataarts.field.instance.label', none),
    hint: msg('huawei-dataarts.field.instance.hint', { max: MAX_INSTANCES, days: OPTIONS_WINDOW_DAYS }),
    example: '917567:1732601580000:1732239754684',
    kind: 'list',
    required: false,
    when: INSTANCE_MODE,
    neededWhen: true,
    pick: { dependsOn: ['job'] },
  },
  {
    key: 'job_id',
    label: msg('huawei-dataarts.field.job_id.label', none),
    hint: msg('huawei-dataarts.field.job_id.hint', none),
    example: '917567',
    kind: 'integer',
    required: false,
    when: INSTANCE_MODE,
    neededWhen: true,
    insteadOf: 'instance',
  },
  {
    key: 'plan_time',
    label: msg('huawei-dataarts.field.plan_time.label', none),
    hint: msg('huawei-dataarts.field.plan_time.hint', none),
    example: '2024-11-26 14:13',
    kind: 'time',
    required: false,
    when: INSTANCE_MODE,
    neededWhen: true,
    insteadOf: 'instance',
  },
  {
    key: 'submit_time',
    label: msg('huawei-dataarts.field.submit_time.label', none),
    hint: msg('huawei-dataarts.field.submit_time.hint', none),
    example: '1732239754684',
    kind: 'time',
    required: false,
    when: INSTANCE_MODE,
    neededWhen: true,
    insteadOf: 'instance',
  },
  {
    key: 'jobs',
    label: msg('huawei-dataarts.field.jobs.label', none),
    hint: msg('huawei-dataarts.field.jobs.hint', none),
    example: 'job_test_smn2,daily_report@62fbba734e634c5087656fc3ff7adf34',
    kind: 'list',
    required: false,
    when: CHAIN_MODE,
  },
  {
    key: 'begin',
    aliases: ['begin_time'],
    label: msg('huawei-dataarts.field.begin.label', none),
    hint: msg('huawei-dataarts.field.begin.hint', none),
    example: '-2h',
    kind: 'time',
    required: false,
    when: CHAIN_MODE,
    neededWhen: true,
  },
  {
    key: 'end',
    aliases: ['end_time'],
    label: msg('huawei-dataarts.field.end.label', none),
    hint: msg('huawei-dataarts.field.end.hint', { days: MAX_WINDOW_DAYS }),
    example: 'now',
    kind: 'time',
    required: false,
    when: CHAIN_MODE,
    neededWhen: true,
  },
  {
    key: 'concurrent',
    label: msg('huawei-dataarts.field.concurrent.label', none),
    hint: msg('huawei-dataarts.field.concurrent.hint', { max: MAX_CONCURRENT }),
    example: '2',
    kind: 'integer',
    required: false,
    when: CHAIN_MODE,
    default: '1',
  },
];

/** Planned times named in a summary before "and N more". */
const SUMMARY_TIMES = 5;

function summarize(p: RerunParams): Message {
  const options = { location: p.location, node: p.node, version: p.version };
  if (p.mode === 'instance') {
    const refs = instancesOf(p);
    const jobIds = [...new Set(refs.map((r) => r.job_id))];
    const first = refs[0];
    if (refs.length === 1 && first) {
      return msg('huawei-dataarts.summary.instance', { ...options, job: p.job, jobIds, planned: first.plan_time });
    }
    return msg('huawei-dataarts.summary.instances', {
      ...options,
      job: p.job,
      jobIds,
      count: refs.length,
      planned: refs.slice(0, SUMMARY_TIMES).map((r) => r.plan_time),
      more: Math.max(0, refs.length - SUMMARY_TIMES),
    });
  }
  return msg('huawei-dataarts.summary.chain', {
    ...options,
    jobs: p.jobs.map((j) => j.split('@')[0] ?? j),
    begin: p.begin,
    end: p.end,
    concurrent: p.concurrent,
  });
}

export const huaweiDataArts = defineProvider({
  id: PROVIDER_ID,
  displayName: msg('huawei-dataarts.name', none),
  targetSchema: huaweiTargetSchema,
  paramsSchema: rerunParamsSchema,
  fields,
  help: {
    summary: msg('huawei-dataarts.help', {
      maxInstances: MAX_INSTANCES,
      windowDays: MAX_WINDOW_DAYS,
      perSecond: REQUESTS_PER_SECOND,
    }),
    examples: [
      'job=test_job_name mode=instance location=errorNode version=original job_id=917567 plan_time="2024-11-26 14:13" submit_time=1732239754684',
      'job=test_job_name location=firstNode version=current instance=917567:1732601580000:1732239754684,917567:1732605180000:1732239754685',
      'job=test_job_name mode=chain location=errorNode version=current jobs=job_test_smn2 begin="2024-11-26 16:08" end="2024-11-26 17:08" concurrent=2',
    ],
  },
  summarize,
  selectItems,
  messages,
  connect: createSession,
  demo: huaweiDemo,
});
