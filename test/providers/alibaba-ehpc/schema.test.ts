/** The target schema and the RerunJobs parameters: what is read and refused, without a network. */
import { describe, expect, it } from 'vitest';
import { inputIssue } from '../../../src/lib/zod-issues.ts';
import { alibabaEhpc } from '../../../src/providers/alibaba-ehpc/index.ts';
import { msg } from '../../../src/providers/alibaba-ehpc/messages.ts';
import type { RawParams } from '../../../src/providers/types.ts';
import { CLUSTER } from './setup.ts';

describe('alibaba-ehpc target schema', () => {
  const minimal = { provider: 'alibaba-ehpc', region: 'cn-hangzhou', auth: { accessKeyId: 'a', accessKeySecret: 'b' } };
  const issues = (value: unknown) => {
    const r = alibabaEhpc.targetSchema.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
  };

  it('accepts the minimal shape and fills the defaults', () => {
    const t = alibabaEhpc.targetSchema.parse(minimal);
    expect(t).toEqual({ ...minimal, signatureVersion: 'v3', timeZone: 'UTC', timeout: 15_000 });
  });

  it('accepts every documented field', () => {
    const full = {
      ...minimal,
      clusterId: CLUSTER,
      endpoint: 'https://ehpc.cn-hangzhou.aliyuncs.com',
      signatureVersion: 'v1',
      timeZone: 'Asia/Shanghai',
      timeout: '30s',
      auth: { accessKeyId: 'a', accessKeySecret: 'b', securityToken: 'sts' },
    };
    expect(alibabaEhpc.targetSchema.parse(full)).toMatchObject({
      signatureVersion: 'v1',
      timeout: 30_000,
      clusterId: CLUSTER,
    });
  });

  it('says "required" for every missing field', () => {
    expect(issues({})).toEqual([
      ['provider', 'required'],
      ['region', 'required'],
      ['auth', 'required'],
    ]);
    expect(issues({ ...minimal, auth: {} })).toEqual([
      ['auth.accessKeyId', 'required'],
      ['auth.accessKeySecret', 'required'],
    ]);
  });

  it('rejects unknown keys at the top and under auth', () => {
    expect(issues({ ...minimal, cluster: CLUSTER })).toHaveLength(1);
    expect(issues({ ...minimal, auth: { ...minimal.auth, secretKey: 'x' } })).toHaveLength(1);
  });

  it('explains bad values', () => {
    expect(issues({ ...minimal, signatureVersion: 'v2' })).toEqual([
      ['signatureVersion', expect.stringMatching(/v3.*v1/)],
    ]);
    expect(issues({ ...minimal, clusterId: 'my-cluster' })).toEqual([['clusterId', expect.stringMatching(/ehpc-hz-/)]]);
    expect(issues({ ...minimal, region: 'Hangzhou' })).toEqual([['region', expect.stringMatching(/cn-hangzhou/)]]);
    expect(issues({ ...minimal, endpoint: 'ehpc.aliyuncs.com' })).toEqual([
      ['endpoint', expect.stringMatching(/http/)],
    ]);
    expect(issues({ ...minimal, auth: { accessKeyId: '', accessKeySecret: 'b' } })).toEqual([
      ['auth.accessKeyId', 'must not be empty'],
    ]);
  });
});

describe('alibaba-ehpc params schema', () => {
  const target = alibabaEhpc.targetSchema.parse({
    provider: 'alibaba-ehpc',
    region: 'cn-hangzhou',
    clusterId: CLUSTER,
    auth: { accessKeyId: 'a', accessKeySecret: 'b' },
  });
  const noDefault = alibabaEhpc.targetSchema.parse({
    provider: 'alibaba-ehpc',
    region: 'cn-hangzhou',
    auth: { accessKeyId: 'a', accessKeySecret: 'b' },
  });
  const parse = (raw: RawParams, t = target) => alibabaEhpc.paramsSchema({ target: t, now: new Date() }).safeParse(raw);
  /** Each problem as a person gets it: the field, whether it only asks for a value, and the message. */
  const issues = (raw: RawParams, t = target) => {
    const r = parse(raw, t);
    return r.success
      ? []
      : r.error.issues.map((i) => {
          const { code, message } = inputIssue(i);
          return [i.path.join('.'), code, message];
        });
  };
  const required = { id: 'input.required', params: {} };

  it('takes the cluster from the target by default, de-duplicates jobs, and async defaults to false', () => {
    expect(parse({ jobs: ['1.scheduler', '2.scheduler', '1.scheduler'] }).data).toEqual({
      jobs: ['1.scheduler', '2.scheduler'],
      cluster: CLUSTER,
      async: false,
    });
  });

  it('lets a request name another cluster', () => {
    expect(parse({ jobs: ['1.scheduler'], cluster: 'ehpc-sh-3VeFyRabcd' }).data).toMatchObject({
      cluster: 'ehpc-sh-3VeFyRabcd',
    });
  });

  it('requires a cluster when the target has no default', () => {
    expect(issues({ jobs: ['1.scheduler'] }, noDefault)).toEqual([['cluster', 'required', required]]);
    expect(parse({ jobs: ['1.scheduler'], cluster: CLUSTER }, noDefault).success).toBe(true);
  });

  it('requires jobs, at least one, at most 1000', () => {
    expect(issues({})).toEqual([['jobs', 'required', required]]);
    expect(issues({ jobs: [] })).toEqual([
      ['jobs', 'invalid', { id: 'input.tooSmall', params: { minimum: 1, origin: 'array' } }],
    ]);
    const many = Array.from({ length: 1001 }, (_, i) => `${i}.scheduler`);
    expect(issues({ jobs: many })).toEqual([
      ['jobs', 'invalid', msg('alibaba-ehpc.input.tooManyJobs', { max: 1000, perCall: 100 })],
    ]);
    expect(parse({ jobs: many.slice(0, 1000) }).success).toBe(true);
  });

  it('reads PBS, array and Slurm job ids and points at the bad one', () => {
    expect(parse({ jobs: ['1.scheduler', '2[].manager', '42', 'job_7.sched-01'] }).success).toBe(true);
    const atItem = (item: number, value: string) => ({
      id: 'input.atItem',
      params: { item, issue: msg('alibaba-ehpc.input.jobId', { value }) },
    });
    expect(issues({ jobs: ['1.scheduler', 'rm -rf', '<@U1>'] })).toEqual([
      ['jobs.1', 'invalid', atItem(2, 'rm -rf')],
      ['jobs.2', 'invalid', atItem(3, '<@U1>')],
    ]);
  });

  it("accepts the API's own JSON form of Jobs, split on commas as text arrives", () => {
    expect(parse({ jobs: ['[{"Id":"1.scheduler"}', '{"Id":"2.scheduler"}]'] }).data).toMatchObject({
      jobs: ['1.scheduler', '2.scheduler'],
    });
  });

  it('reads async as true/false or yes/no, and says so otherwise', () => {
    for (const [raw, value] of [
      ['true', true],
      ['yes', true],
      ['false', false],
      ['no', false],
      [true, true],
    ] as const) {
      expect(parse({ jobs: ['1.scheduler'], async: raw }).data).toMatchObject({ async: value });
    }
    expect(issues({ jobs: ['1.scheduler'], async: 'maybe' })).toEqual([
      ['async', 'invalid', msg('alibaba-ehpc.input.async', { value: 'maybe' })],
    ]);
  });

  it('checks the cluster id', () => {
    expect(issues({ jobs: ['1.scheduler'], cluster: 'prod' })).toEqual([
      ['cluster', 'invalid', msg('alibaba-ehpc.input.clusterId', { value: 'prod' })],
    ]);
  });

  it('rejects keys it does not know', () => {
    expect(parse({ jobs: ['1.scheduler'], job_ids: ['x'] } as RawParams).success).toBe(false);
  });
});
