/**
 * Huawei Cloud DataArts Studio, DataArts Factory (DLF): "Rerunning Job Instances",
 * POST /v2/{project_id}/factory/jobs/{job_name}/instances/retry (docs/providers/FACTS.md §1). Reruns one or more
 * instances of a job (mode=instance), or the instances of jobs in a time window together with
 * their upstream and downstream instances (mode=chain). Preview and status read the instance
 * list; live instances are refused, as a rerun would start a second run beside them.
 */
import { defineProvider, type FieldSpec } from '../types.ts';
import { huaweiDemo } from './demo.ts';
import {
  LOCATIONS,
  MAX_CONCURRENT,
  MAX_INSTANCES,
  MAX_WINDOW_DAYS,
  PROVIDER_ID,
  huaweiTargetSchema,
  instancesOf,
  rerunParamsSchema,
  type HuaweiTarget,
  type RerunParams,
} from './schema.ts';
import { createSession } from './session.ts';
import { formatUtc } from './times.ts';

const fields: readonly FieldSpec[] = [
  {
    key: 'job',
    aliases: ['job_name'],
    label: 'Job',
    hint: 'The DataArts Factory job name, exactly as shown (Chinese characters and spaces are fine).',
    example: 'test_job_name',
    kind: 'text',
    required: true,
  },
  {
    key: 'mode',
    label: 'What to rerun',
    hint: "instance: this one instance. chain: the jobs' instances in a time window, with their upstream and downstream instances. Default instance.",
    example: 'instance',
    kind: 'choice',
    required: false,
    choices: [
      { value: 'instance', label: 'This instance' },
      { value: 'chain', label: 'With upstream and downstream' },
    ],
  },
  {
    key: 'location',
    aliases: ['retry_location'],
    label: 'Restart from',
    hint: 'errorNode restarts at the node that failed; specifiedNode needs a node name.',
    example: 'errorNode',
    kind: 'choice',
    required: true,
    choices: LOCATIONS.map((l) => ({
      value: l,
      label: { firstNode: 'First node', errorNode: 'Failed node', specifiedNode: 'A node I name' }[l],
    })),
  },
  {
    key: 'node',
    aliases: ['node_name'],
    label: 'Node',
    hint: 'Only with location=specifiedNode: the node to restart from.',
    example: 'clean_orders',
    kind: 'text',
    required: false,
  },
  {
    key: 'version',
    aliases: ['retry_task_version'],
    label: 'Job parameters',
    hint: "original: the parameters of the failed run; current: the job's parameters now.",
    example: 'original',
    kind: 'choice',
    required: true,
    choices: [
      { value: 'original', label: "Original run's" },
      { value: 'current', label: 'Current' },
    ],
  },
  {
    key: 'ignore_obs_monitor',
    label: 'Ignore OBS listening',
    hint: 'Whether the rerun skips OBS listening. Default true.',
    example: 'true',
    kind: 'boolean',
    required: false,
  },
  {
    key: 'instance',
    label: 'Failed instances',
    hint: `mode=instance: pick one or more failed instances of the job (last 7 days), at most ${MAX_INSTANCES}, each shown and checked on its own; or give job_id, plan_time and submit_time for one. Typed: job_id:plan_time:submit_time, comma-separated.`,
    example: '917567:1732601580000:1732239754684',
    kind: 'list',
    required: false,
    pick: { dependsOn: ['job'] },
  },
  {
    key: 'job_id',
    label: 'Job id',
    hint: "mode=instance: the job's numeric id, from the instance list.",
    example: '917567',
    kind: 'integer',
    required: false,
  },
  {
    key: 'plan_time',
    label: 'Planned time',
    hint: "mode=instance: when the instance was planned (epoch ms, ISO 8601, YYYY-MM-DD HH:mm in the target's zone, or -2h).",
    example: '2024-11-26 14:13',
    kind: 'time',
    required: false,
  },
  {
    key: 'submit_time',
    label: 'Submitted time',
    hint: 'mode=instance: when the instance was submitted, usually as 13-digit epoch ms from the instance list.',
    example: '1732239754684',
    kind: 'time',
    required: false,
  },
  {
    key: 'jobs',
    label: 'Jobs',
    hint: 'mode=chain: job names, comma-separated, each name or name@workspace. Default: the job itself.',
    example: 'job_test_smn2,daily_report@62fbba734e634c5087656fc3ff7adf34',
    kind: 'list',
    required: false,
  },
  {
    key: 'begin',
    aliases: ['begin_time'],
    label: 'Window start',
    hint: 'mode=chain: the first planned time to rerun.',
    example: '-2h',
    kind: 'time',
    required: false,
  },
  {
    key: 'end',
    aliases: ['end_time'],
    label: 'Window end',
    hint: `mode=chain: the last planned time to rerun (after the start). The window is at most ${MAX_WINDOW_DAYS} days; split longer reruns.`,
    example: 'now',
    kind: 'time',
    required: false,
  },
  {
    key: 'concurrent',
    label: 'Concurrency',
    hint: `mode=chain: how many instances run at once, 1 to ${MAX_CONCURRENT}. Default 1.`,
    example: '2',
    kind: 'integer',
    required: false,
  },
];

/** Planned times named in a summary before "and N more". */
const SUMMARY_TIMES = 5;

function summarize(p: RerunParams): string {
  const from = p.location === 'specifiedNode' ? `node ${p.node}` : p.location;
  if (p.mode === 'instance') {
    const refs = instancesOf(p);
    const ids = [...new Set(refs.map((r) => r.job_id))].join(', ');
    if (refs.length === 1) {
      return `Rerun the instance of DataArts job ${p.job} planned ${formatUtc(refs[0]?.plan_time ?? 0)} (job id ${ids}) from ${from}, ${p.version} parameters`;
    }
    const shown = refs.slice(0, SUMMARY_TIMES).map((r) => formatUtc(r.plan_time));
    const more = refs.length > SUMMARY_TIMES ? ` and ${refs.length - SUMMARY_TIMES} more` : '';
    return `Rerun ${refs.length} instances of DataArts job ${p.job} (job id ${ids}) planned ${shown.join(', ')}${more}, from ${from}, ${p.version} parameters`;
  }
  const jobs = p.jobs.map((j) => j.split('@')[0]).join(', ');
  return `Rerun DataArts job(s) ${jobs} with upstream and downstream, planned ${formatUtc(p.begin)} to ${formatUtc(p.end)}, from ${from}, ${p.version} parameters, ${p.concurrent} at a time`;
}

export const huaweiDataArts = defineProvider<HuaweiTarget, RerunParams>({
  id: PROVIDER_ID,
  displayName: 'Huawei Cloud DataArts Studio',
  targetSchema: huaweiTargetSchema,
  paramsSchema: rerunParamsSchema,
  fields,
  help: {
    summary: `DataArts Factory "rerun job instances": rerun failed instances of a job (up to ${MAX_INSTANCES}, in one call), or the jobs' instances in a time window of at most ${MAX_WINDOW_DAYS} days with their upstream and downstream (10 calls per second).`,
    examples: [
      'job=test_job_name mode=instance location=errorNode version=original job_id=917567 plan_time="2024-11-26 14:13" submit_time=1732239754684',
      'job=test_job_name location=firstNode version=current instance=917567:1732601580000:1732239754684,917567:1732605180000:1732239754685',
      'job=test_job_name mode=chain location=errorNode version=current jobs=job_test_smn2 begin=-2h end=-1h concurrent=2',
    ],
  },
  summarize,
  connect: createSession,
  demo: huaweiDemo,
});
