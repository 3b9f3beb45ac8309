/**
 * The target schema and the rerun parameters: what is read, refused and sent, without a network.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isMessage, type Message } from '../../../src/lib/message.ts';
import { inputIssue } from '../../../src/lib/zod-issues.ts';
import { huaweiDataArts } from '../../../src/providers/huawei-dataarts/index.ts';
import { retryBody } from '../../../src/providers/huawei-dataarts/body.ts';
import { msg } from '../../../src/providers/huawei-dataarts/messages.ts';
import { MAX_INSTANCES, MAX_WINDOW_DAYS } from '../../../src/providers/huawei-dataarts/limits.ts';
import {
  huaweiTargetSchema,
  rerunParamsSchema,
  type RerunParams,
} from '../../../src/providers/huawei-dataarts/schema.ts';
import { parseCommand } from '../../../src/core/command.ts';
import { rawFromPairs } from '../../../src/core/input.ts';
import { parseTime } from '../../../src/providers/huawei-dataarts/times.ts';
import { PROJECT, WS, WS2, AKSK, IAM_USER, STATIC_TOKEN, PLAN, SUBMIT, text, vectors } from './setup.ts';

describe('huawei-dataarts target schema', () => {
  const base = { provider: 'huawei-dataarts', region: 'cn-north-4', projectId: PROJECT, workspace: WS };
  const issues = (v: unknown) =>
    huaweiTargetSchema.safeParse(v).error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? [];

  it('accepts the three ways to authenticate and fills the defaults', () => {
    const aksk = huaweiTargetSchema.parse({ ...base, auth: { ...AKSK, securityToken: 'fake-sts-token' } });
    expect(aksk.auth).toEqual({ kind: 'aksk', ...AKSK, securityToken: 'fake-sts-token' });
    expect(aksk.timeZone).toBe('UTC');
    expect(aksk.timeout).toBe(15_000);
    expect(aksk.endpoint).toBeUndefined();
    expect(huaweiTargetSchema.parse({ ...base, auth: { token: STATIC_TOKEN } }).auth).toEqual({
      kind: 'token',
      token: STATIC_TOKEN,
    });
    const pw = huaweiTargetSchema.parse({
      ...base,
      auth: { ...IAM_USER, iamEndpoint: 'https://iam.myhuaweicloud.com' },
    });
    expect(pw.auth.kind).toBe('password');
  });

  it("says 'required' for every missing field, at its path", () => {
    expect(issues({ provider: 'huawei-dataarts' })).toEqual(
      expect.arrayContaining([
        { path: 'region', message: 'required' },
        { path: 'projectId', message: 'required' },
        { path: 'workspace', message: 'required' },
        { path: 'auth', message: 'required' },
      ]),
    );
    expect(issues({ ...base, auth: {} })).toEqual([
      { path: 'auth.accessKey', message: 'required' },
      { path: 'auth.secretKey', message: 'required' },
    ]);
    expect(issues({ ...base, auth: { username: 'u' } })).toEqual([
      { path: 'auth.password', message: 'required' },
      { path: 'auth.domain', message: 'required' },
    ]);
  });

  it('is strict about unknown keys, mixed auth shapes and malformed values', () => {
    expect(issues({ ...base, auth: AKSK, cluster: 'x' })[0]?.message).toMatch(/unrecognized/i);
    expect(issues({ ...base, auth: { token: 't', accessKey: 'a' } })).toEqual([
      { path: 'auth.accessKey', message: expect.stringMatching(/unknown key/) },
    ]);
    expect(issues({ ...base, region: 'north', auth: AKSK })[0]).toEqual({
      path: 'region',
      message: expect.stringMatching(/cn-north-4/),
    });
    expect(issues({ ...base, projectId: 'abc', auth: AKSK })[0]?.path).toBe('projectId');
    expect(issues({ ...base, auth: 'secret' })[0]).toEqual({ path: 'auth', message: expect.stringMatching(/one of/) });
    expect(issues({ ...base, endpoint: 'dayu.example.com', auth: AKSK })[0]?.path).toBe('endpoint');
  });
});

describe('huawei-dataarts parameters', () => {
  const target = huaweiTargetSchema.parse({
    provider: 'huawei-dataarts',
    region: 'cn-north-4',
    projectId: PROJECT,
    workspace: WS,
    timeZone: 'Asia/Shanghai',
    auth: AKSK,
  });
  const now = new Date('2024-11-26T08:00:00Z');
  const schema = rerunParamsSchema({ target, now });
  /** The provider's own message of an issue (what the core renders), else zod's English. */
  const own = (i: z.core.$ZodIssue): Message | string =>
    i.code === 'custom' && isMessage(i.params?.['message']) ? i.params['message'] : i.message;
  const issues = (raw: Record<string, unknown>) =>
    schema.safeParse(raw).error?.issues.map((i) => ({ path: i.path.join('.'), message: own(i) })) ?? [];
  /** Whether each problem means "missing" (the form opens) or "invalid", as the core reads it. */
  const codes = (raw: Record<string, unknown>) =>
    schema.safeParse(raw).error?.issues.map((i) => `${i.path.join('.')}:${inputIssue(i).code}`) ?? [];
  const required = msg('huawei-dataarts.input.required', {});
  const base = { job: 'test_job_name', location: 'errorNode', version: 'original' };
  const inst = {
    ...base,
    mode: 'instance',
    job_id: '917567',
    plan_time: '2024-11-26 14:13',
    submit_time: '1732239754684',
  };
  const chain = { ...base, mode: 'chain', begin: '-2h', end: 'now' };

  it('reads the SPEC example: plan_time in the target time zone, everything sent as 13-digit ms', () => {
    expect(schema.parse(inst)).toEqual({
      job: 'test_job_name',
      mode: 'instance',
      location: 'errorNode',
      version: 'original',
      ignore_obs_monitor: true,
      instances: [{ job_id: 917567, plan_time: PLAN, submit_time: SUBMIT }],
    });
  });

  it('accepts the API names of values and is idempotent', () => {
    const p = schema.parse({
      ...inst,
      version: 'current_version',
      location: 'specifiedNode',
      node: '清洗_节点 1',
      ignore_obs_monitor: 'no',
    });
    expect(p).toMatchObject({
      version: 'current',
      location: 'specifiedNode',
      node: '清洗_节点 1',
      ignore_obs_monitor: false,
    });
    expect(schema.parse(p)).toEqual(p);
    const c = schema.parse({ ...chain, jobs: ['job_test_smn2', `other job@${WS2}`], concurrent: '2' });
    expect(schema.parse(c)).toEqual(c);
  });

  it('defaults mode to instance, ignore_obs_monitor to true, and a chain to the job itself with concurrency 1', () => {
    expect(schema.parse({ ...inst, mode: undefined }).mode).toBe('instance');
    expect(issues({ ...chain, mode: undefined }).map((i) => i.path)).toEqual(['begin', 'end', 'instance']);
    const c = schema.parse(chain);
    expect(c).toMatchObject({
      mode: 'chain',
      jobs: [`test_job_name@${WS}`],
      concurrent: 1,
      begin: now.getTime() - 7_200_000,
      end: now.getTime(),
    });
  });

  it('requires job, location and version', () => {
    const bare = { mode: 'instance', job_id: '1', plan_time: String(PLAN), submit_time: String(SUBMIT) };
    expect(issues(bare)).toEqual([
      { path: 'job', message: required },
      { path: 'location', message: required },
      { path: 'version', message: required },
    ]);
    expect(codes(bare)).toEqual(['job:required', 'location:required', 'version:required']);
    expect(issues({ ...inst, location: 'lastNode' })).toEqual([
      { path: 'location', message: msg('huawei-dataarts.input.location', {}) },
    ]);
    expect(codes({ ...inst, location: 'lastNode' })).toEqual(['location:invalid']);
    expect(issues({ ...inst, version: 'newest' })).toEqual([
      { path: 'version', message: msg('huawei-dataarts.input.version', {}) },
    ]);
    expect(issues({ ...inst, mode: 'all' })[0]?.path).toBe('mode');
  });

  it('node is required with specifiedNode and refused otherwise', () => {
    expect(issues({ ...inst, location: 'specifiedNode' })).toEqual([
      { path: 'node', message: msg('huawei-dataarts.input.nodeRequired', {}) },
    ]);
    expect(codes({ ...inst, location: 'specifiedNode' })).toEqual(['node:required']);
    expect(issues({ ...inst, node: 'clean' })).toEqual([
      { path: 'node', message: msg('huawei-dataarts.input.nodeUnused', { location: 'errorNode' }) },
    ]);
    expect(codes({ ...inst, node: 'clean' })).toEqual(['node:invalid']);
    expect(schema.parse({ ...inst, location: 'specifiedNode', node: 'clean' }).node).toBe('clean');
  });

  it('mode=instance needs job_id, plan_time and submit_time (or instance) and refuses chain fields', () => {
    expect(issues({ ...base, mode: 'instance' })).toEqual([
      { path: 'instance', message: msg('huawei-dataarts.input.instanceRequired', {}) },
    ]);
    expect(codes({ ...base, mode: 'instance' })).toEqual(['instance:required']);
    expect(issues({ ...base, job_id: '917567' })).toEqual([
      { path: 'plan_time', message: msg('huawei-dataarts.input.instancePartRequired', { key: 'plan_time' }) },
      { path: 'submit_time', message: msg('huawei-dataarts.input.instancePartRequired', { key: 'submit_time' }) },
    ]);
    expect(codes({ ...base, job_id: '917567' })).toEqual(['plan_time:required', 'submit_time:required']);
    expect(
      issues({ ...inst, begin: '-2h', concurrent: '2', jobs: ['a'] })
        .map((i) => i.path)
        .sort(),
    ).toEqual(['begin', 'concurrent', 'jobs']);
    const picked = schema.parse({ ...base, instance: `917567:${PLAN}:${SUBMIT}` });
    expect(picked).toMatchObject({
      mode: 'instance',
      instances: [{ job_id: 917567, plan_time: PLAN, submit_time: SUBMIT }],
    });
    expect(issues({ ...base, instance: `917567:${PLAN}:${SUBMIT}`, job_id: '917567' })).toEqual([
      { path: 'instance', message: msg('huawei-dataarts.input.instanceBoth', {}) },
    ]);
    expect(issues({ ...base, instance: ['917567-yesterday'] })[0]).toEqual({
      path: 'instance.0',
      message: msg('huawei-dataarts.input.instanceValue', {}),
    });
    expect(text(msg('huawei-dataarts.input.instanceValue', {}))).toMatch(/job_id:plan_time:submit_time/);
    expect(issues({ ...inst, job_id: 'job-1' })).toEqual([
      { path: 'job_id', message: msg('huawei-dataarts.input.jobId', {}) },
    ]);
  });

  it('mode=chain needs begin < end, takes 1–128 concurrent, and refuses instance fields', () => {
    expect(issues({ ...base, mode: 'chain' })).toEqual([
      { path: 'begin', message: msg('huawei-dataarts.input.windowRequired', { key: 'begin' }) },
      { path: 'end', message: msg('huawei-dataarts.input.windowRequired', { key: 'end' }) },
    ]);
    expect(codes({ ...base, mode: 'chain' })).toEqual(['begin:required', 'end:required']);
    const endBeforeBegin = msg('huawei-dataarts.input.endBeforeBegin', {});
    expect(issues({ ...chain, begin: 'now', end: '-2h' })).toEqual([{ path: 'end', message: endBeforeBegin }]);
    expect(issues({ ...chain, begin: '-1h', end: '-1h' })).toEqual([{ path: 'end', message: endBeforeBegin }]);
    for (const bad of ['0', '129', '2.5', 'two'])
      expect(issues({ ...chain, concurrent: bad })[0]?.path).toBe('concurrent');
    expect(schema.parse({ ...chain, concurrent: '128' })).toMatchObject({ concurrent: 128 });
    expect(
      issues({
        ...chain,
        job_id: '1',
        plan_time: String(PLAN),
        submit_time: String(SUBMIT),
        instance: `1:${PLAN}:${SUBMIT}`,
      })
        .map((i) => i.path)
        .sort(),
    ).toEqual(['instance', 'job_id', 'plan_time', 'submit_time']);
  });

  it('reads jobs as name or name@workspace, deduplicated, at most 100', () => {
    const c = schema.parse({
      ...chain,
      jobs: ['job_test_smn2', `job_test_smn2@${WS}`, ` 日报 汇总@${WS2}`],
    }) as Extract<RerunParams, { mode: 'chain' }>;
    expect(c.jobs).toEqual([`job_test_smn2@${WS}`, `日报 汇总@${WS2}`]);
    expect(issues({ ...chain, jobs: Array.from({ length: 101 }, (_, i) => `j${i}`) })).toEqual([
      { path: 'jobs', message: msg('huawei-dataarts.input.tooManyJobs', { max: 100 }) },
    ]);
    expect(issues({ ...chain, jobs: ['a/b'] })[0]).toEqual({
      path: 'jobs.0',
      message: msg('huawei-dataarts.input.jobsEntry', {
        ref: 'a/b',
        problem: msg('huawei-dataarts.input.name.forbidden', { key: 'jobs' }),
      }),
    });
    expect(issues({ ...chain, jobs: [] })).toEqual([
      { path: 'jobs', message: msg('huawei-dataarts.input.noJobs', {}) },
    ]);
  });

  it('takes Chinese characters and spaces in names, but not / % or control characters', () => {
    expect(schema.parse({ ...inst, job: '日报(汇总)_v2 daily' }).job).toBe('日报(汇总)_v2 daily');
    for (const bad of ['a/b', 'daily%20report', 'a\u0007b', 'x'.repeat(129)])
      expect(issues({ ...inst, job: bad })[0]?.path).toBe('job');
  });

  it('reads times as epoch ms, ISO 8601 with offset, local wall time, or relative to now', () => {
    const tz = 'Asia/Shanghai';
    expect(parseTime('1732601580000', tz, now)).toBe(PLAN);
    expect(parseTime(PLAN, tz, now)).toBe(PLAN);
    expect(parseTime('2024-11-26T14:13:00+08:00', tz, now)).toBe(PLAN);
    expect(parseTime('2024-11-26T06:13:00Z', tz, now)).toBe(PLAN);
    expect(parseTime('2024-11-26 14:13', tz, now)).toBe(PLAN);
    expect(parseTime('2024-11-26 14:13:00', tz, now)).toBe(PLAN);
    expect(parseTime('2024-11-26 14:13', 'UTC', now)).toBe(PLAN + 8 * 3_600_000);
    expect(parseTime('-2h', tz, now)).toBe(now.getTime() - 7_200_000);
    expect(parseTime('-1h30m', tz, now)).toBe(now.getTime() - 5_400_000);
    expect(parseTime('now', tz, now)).toBe(now.getTime());
    for (const bad of [
      '2024-13-01 10:00',
      '12345',
      '173260158000',
      '+2h',
      'yesterday',
      '2024-11-26',
      '1970-01-01T00:00:00Z',
    ]) {
      expect(parseTime(bad, tz, now)).toBeUndefined();
    }
    const timeProblem = msg('huawei-dataarts.input.time', { key: 'plan_time', timeZone: 'Asia/Shanghai' });
    expect(issues({ ...inst, plan_time: 'yesterday' })).toEqual([{ path: 'plan_time', message: timeProblem }]);
    expect(text(timeProblem)).toMatch(/13-digit.*Asia\/Shanghai/);
  });

  it('reads ignore_obs_monitor as true/false or yes/no', () => {
    expect(schema.parse({ ...inst, ignore_obs_monitor: 'yes' }).ignore_obs_monitor).toBe(true);
    expect(schema.parse({ ...inst, ignore_obs_monitor: false }).ignore_obs_monitor).toBe(false);
    expect(issues({ ...inst, ignore_obs_monitor: 'maybe' })[0]?.path).toBe('ignore_obs_monitor');
  });

  it('instance takes a list (text gives string[], a plain string is split), each entry read and deduplicated', () => {
    const a = `917567:${PLAN}:${SUBMIT}`;
    const b = `917567:${PLAN + 3_600_000}:${SUBMIT + 1}`;
    const fromText = rawFromPairs(huaweiDataArts, [
      ['job', 'test_job_name'],
      ['location', 'errorNode'],
      ['version', 'original'],
      ['instance', `${a},${b}`],
    ]);
    expect(fromText).toEqual({
      raw: { job: 'test_job_name', location: 'errorNode', version: 'original', instance: [a, b] },
    });
    const parsed = schema.parse((fromText as { raw: Record<string, unknown> }).raw);
    expect(parsed).toMatchObject({
      mode: 'instance',
      instances: [
        { job_id: 917567, plan_time: PLAN, submit_time: SUBMIT },
        { job_id: 917567, plan_time: PLAN + 3_600_000, submit_time: SUBMIT + 1 },
      ],
    });
    expect(schema.parse(parsed)).toEqual(parsed);
    expect(schema.parse({ ...base, instance: `${a}, ${b}` })).toEqual(parsed);
    expect(schema.parse({ ...base, instance: [a, b, ` ${a} `] })).toEqual(parsed);
    expect(issues({ ...base, instance: [a, 'yesterday'] })).toEqual([
      { path: 'instance.1', message: msg('huawei-dataarts.input.instanceValue', {}) },
    ]);
    expect(issues({ ...base, instance: [] })).toEqual([
      { path: 'instance', message: msg('huawei-dataarts.input.instanceRequired', {}) },
    ]);
    expect(issues({ ...base, instance: [a], job_id: '917567' })[0]?.message).toEqual(
      msg('huawei-dataarts.input.instanceBoth', {}),
    );
    const many = Array.from({ length: MAX_INSTANCES + 1 }, (_, i) => `917567:${PLAN + i * 60_000}:${SUBMIT}`);
    expect(issues({ ...base, instance: many })).toEqual([
      { path: 'instance', message: msg('huawei-dataarts.input.tooManyInstances', { max: MAX_INSTANCES }) },
    ]);
    expect(
      (schema.parse({ ...base, instance: many.slice(1) }) as Extract<RerunParams, { mode: 'instance' }>).instances,
    ).toHaveLength(MAX_INSTANCES);
    expect(issues({ ...chain, instance: [a] })).toEqual([
      { path: 'instance', message: msg('huawei-dataarts.input.instanceOnly', { key: 'instance' }) },
    ]);
    const field = huaweiDataArts.fields.find((f) => f.key === 'instance');
    expect(field).toMatchObject({ kind: 'list', pick: { dependsOn: ['job'] } });
  });

  it('every help example reads through the command parser and the schema', () => {
    for (const example of huaweiDataArts.help.examples) {
      const command = parseCommand(`dlf-prod ${example}`);
      expect(command.kind, example).toBe('request');
      const read = rawFromPairs(huaweiDataArts, (command as Extract<typeof command, { kind: 'request' }>).pairs);
      expect('raw' in read, example).toBe(true);
      expect(schema.safeParse((read as { raw: Record<string, unknown> }).raw).success, example).toBe(true);
    }
  });

  it(`mode=chain: the window is at most ${MAX_WINDOW_DAYS} days`, () => {
    const begin = PLAN;
    const max = begin + MAX_WINDOW_DAYS * 86_400_000;
    expect(schema.parse({ ...chain, begin: String(begin), end: String(max) })).toMatchObject({ begin, end: max });
    const tooLong = msg('huawei-dataarts.input.windowTooLong', { days: MAX_WINDOW_DAYS });
    expect(issues({ ...chain, begin: String(begin), end: String(max + 1) })).toEqual([
      { path: 'end', message: tooLong },
    ]);
    expect(issues({ ...chain, begin: '-32d', end: 'now' })).toEqual([{ path: 'end', message: tooLong }]);
    expect(text(tooLong)).toMatch(/at most 31 days/);
    expect(text(huaweiDataArts.fields.find((f) => f.key === 'end')?.hint)).toMatch(
      /at most 31 days; split longer reruns/,
    );
  });

  it('summarises several instances with their planned times', () => {
    const p = schema.parse({ ...base, instance: [`917567:${PLAN}:${SUBMIT}`, `917567:${PLAN + 3_600_000}:${SUBMIT}`] });
    expect(huaweiDataArts.summarize(p)).toEqual(
      msg('huawei-dataarts.summary.instances', {
        location: 'errorNode',
        node: undefined,
        version: 'original',
        job: 'test_job_name',
        jobIds: [917567],
        count: 2,
        planned: [PLAN, PLAN + 3_600_000],
        more: 0,
      }),
    );
    expect(text(huaweiDataArts.summarize(p))).toBe(
      "Rerun 2 instances of DataArts job test_job_name (job id 917567) planned 2024-11-26T06:13:00.000Z, 2024-11-26T07:13:00.000Z, from the node that failed, with the original run's parameters",
    );
    expect(JSON.parse(retryBody(p, WS)).task_retrys).toEqual([
      { job_id: 917567, plan_time: PLAN, submit_time: SUBMIT },
      { job_id: 917567, plan_time: PLAN + 3_600_000, submit_time: SUBMIT },
    ]);
  });

  it('treats blank form values as absent', () => {
    expect(schema.parse({ ...inst, node: '', jobs: undefined, begin: '  ' }).node).toBeUndefined();
  });

  it('serialises the documented bodies byte for byte', () => {
    const v = vectors.vectors[0];
    const seed = schema.parse({ ...base, job_id: '917567', plan_time: String(PLAN), submit_time: String(SUBMIT) });
    expect(retryBody(seed, WS)).toBe(v.inputs.body);
    const v2 = vectors.vectors[1];
    const nonAscii = schema.parse({
      ...base,
      job: '日报(汇总)_v2',
      location: 'specifiedNode',
      node: '清洗_节点 1',
      version: 'current',
      ignore_obs_monitor: 'false',
      job_id: '917568',
      plan_time: String(PLAN),
      submit_time: String(SUBMIT),
    });
    expect(retryBody(nonAscii, WS)).toBe(v2.inputs.body);
    const c = schema.parse({
      ...base,
      version: 'current',
      mode: 'chain',
      begin: '1732608520000',
      end: '1732612120000',
      jobs: ['job_test_smn2'],
      concurrent: '2',
    });
    expect(JSON.parse(retryBody(c, WS))).toEqual({
      retry_location: 'errorNode',
      retry_task_version: 'current_version',
      ignore_obs_monitor: true,
      begin_time: 1732608520000,
      end_time: 1732612120000,
      jobs: [{ job_name: 'job_test_smn2', workspace_id: WS }],
      concurrent: 2,
    });
  });

  it('summarises what will be rerun', () => {
    expect(huaweiDataArts.summarize(schema.parse(inst))).toEqual(
      msg('huawei-dataarts.summary.instance', {
        location: 'errorNode',
        node: undefined,
        version: 'original',
        job: 'test_job_name',
        jobIds: [917567],
        planned: PLAN,
      }),
    );
    const c = huaweiDataArts.summarize(schema.parse({ ...chain, jobs: ['a', 'b'] }));
    expect(c).toMatchObject({ id: 'huawei-dataarts.summary.chain', params: { jobs: ['a', 'b'], concurrent: 1 } });
    expect(text(c)).toMatch(/a and b.*upstream and downstream/);
  });

  it('exposes every field key the schema reads, with the API names as aliases', () => {
    const keys = huaweiDataArts.fields.map((f) => f.key);
    expect(keys.sort()).toEqual([
      'begin',
      'concurrent',
      'end',
      'ignore_obs_monitor',
      'instance',
      'job',
      'job_id',
      'jobs',
      'location',
      'mode',
      'node',
      'plan_time',
      'submit_time',
      'version',
    ]);
    const aliases = huaweiDataArts.fields.flatMap((f) => f.aliases ?? []);
    expect(aliases.sort()).toEqual([
      'begin_time',
      'end_time',
      'job_name',
      'node_name',
      'retry_location',
      'retry_task_version',
    ]);
    expect(huaweiDataArts.fields.find((f) => f.key === 'instance')?.pick).toEqual({ dependsOn: ['job'] });
  });
});
