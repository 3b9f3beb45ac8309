import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import type { z } from 'zod';
import { providerContract } from './contract.ts';
import { createRenderer, type SurfaceStyle } from '../../src/i18n/render.ts';
import { isMessage, LOCALES, type Locale, type Message } from '../../src/lib/message.ts';
import { inputIssue } from '../../src/lib/zod-issues.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { sharedMessages } from '../../src/providers/_shared/messages.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import type { Pacers, ProviderSession } from '../../src/providers/types.ts';
import { huaweiDataArts } from '../../src/providers/huawei-dataarts/index.ts';
import { retryBody } from '../../src/providers/huawei-dataarts/body.ts';
import { TERMINAL, LIVE } from '../../src/providers/huawei-dataarts/model.ts';
import { messages, msg, samples } from '../../src/providers/huawei-dataarts/messages.ts';
import { MAX_INSTANCES, MAX_LIST_CALLS, MAX_WINDOW_DAYS } from '../../src/providers/huawei-dataarts/limits.ts';
import {
  huaweiTargetSchema,
  rerunParamsSchema,
  type HuaweiTarget,
  type RerunParams,
} from '../../src/providers/huawei-dataarts/schema.ts';
import { credentialKey, pacerFor } from '../../src/providers/huawei-dataarts/state.ts';
import { parseCommand } from '../../src/core/command.ts';
import { rawFromPairs } from '../../src/core/input.ts';
import { parseTime } from '../../src/providers/huawei-dataarts/times.ts';
import { startHuaweiEmulator, type HuaweiEmulator } from '../../src/providers/huawei-dataarts/emulator.ts';
import { captureLogger } from '../support/logs.ts';

const PROJECT = '62099355b894428e8916573ae635f1f9';
const WS = '62fbba734e634c5087656fc3ff7adf34';
const WS2 = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const PROJECT2 = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const AKSK = { accessKey: 'FAKEACCESSKEYFORTESTS', secretKey: 'fake-secret-for-tests' };
const IAM_USER = { username: 'rerun-bot', password: 'fake-password-for-tests', domain: 'example-domain' };
const STATIC_TOKEN = 'fake-static-token-for-tests';
const PLAN = 1732601580000; // 2024-11-26 14:13 Asia/Shanghai
const SUBMIT = 1732239754684;

/** Plain text, codes and all, so sentences read as they do on a terminal. */
const PLAIN: SurfaceStyle = {
  escape: (s) => s,
  code: (s) => s,
  strong: (s) => s,
  user: (id) => `@${id}`,
  command: (args) => `/rerun ${args}`,
  date: (at) => at.toISOString(),
};
const renderer = createRenderer([sharedMessages, messages], () => new Date());
const text = (m: Message | undefined, locale: Locale = 'en') => (m ? renderer.render(m, locale, PLAIN) : '');

const vectors = JSON.parse(
  readFileSync(new URL('../../src/providers/huawei-dataarts/fixtures/signing-vectors.json', import.meta.url), 'utf8'),
);

async function startEmu(): Promise<HuaweiEmulator> {
  return startHuaweiEmulator({
    projectId: PROJECT,
    workspaces: [WS, WS2],
    aksk: AKSK,
    iam: IAM_USER,
    staticTokens: [STATIC_TOKEN],
  });
}

function targetFor(
  emu: HuaweiEmulator,
  auth: Record<string, unknown> = AKSK,
  extra: Record<string, unknown> = {},
): HuaweiTarget {
  return huaweiTargetSchema.parse({
    provider: 'huawei-dataarts',
    region: 'cn-north-4',
    projectId: PROJECT,
    workspace: WS,
    endpoint: emu.url,
    timeZone: 'Asia/Shanghai',
    timeout: '2s',
    auth,
    ...extra,
  });
}

function paramsFor(
  target: HuaweiTarget,
  raw: Record<string, string | string[] | boolean>,
  now = new Date(),
): RerunParams {
  return rerunParamsSchema({ target, now }).parse(raw);
}

function connect(target: HuaweiTarget, opts: { now?: () => Date; pacers?: Pacers } = {}) {
  const logs = captureLogger();
  const session = huaweiDataArts.connect(target, {
    http: createHttpClient(),
    clock: { now: opts.now ?? (() => new Date()) },
    logger: logs.logger,
    timing: FAST_TIMING,
    pacers: opts.pacers ?? createPacers(),
  }) as ProviderSession<RerunParams>;
  return { session, logs };
}

const instanceRaw = (jobId: number, extra: Record<string, string> = {}) => ({
  job: 'test_job_name',
  mode: 'instance',
  location: 'errorNode',
  version: 'original',
  job_id: String(jobId),
  plan_time: String(PLAN),
  submit_time: String(SUBMIT),
  ...extra,
});

// ---------------------------------------------------------------------------------------------
// The shared contract, once per way of authenticating that signs or fetches something.

for (const mode of ['AK/SK', 'IAM password'] as const) {
  providerContract(`huawei-dataarts (${mode})`, async () => {
    const emu = await startEmu();
    emu.ratePerSecond = 1000;
    const job = emu.addJob('test_job_name');
    emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail', failedNode: 'clean' });
    const auth = mode === 'AK/SK' ? AKSK : { ...IAM_USER, iamEndpoint: emu.url };
    return {
      provider: huaweiDataArts,
      server: emu,
      target: {
        provider: 'huawei-dataarts',
        region: 'cn-north-4',
        projectId: PROJECT,
        workspace: WS,
        endpoint: emu.url,
        timeout: '1s',
        auth,
      },
      params: { ...instanceRaw(job.id), plan_time: String(PLAN) },
      secrets: mode === 'AK/SK' ? [AKSK.secretKey, AKSK.accessKey] : [IAM_USER.password],
      isRerunCall: (r) => r.method === 'POST' && r.path.endsWith('/instances/retry'),
      notFoundNext: () => emu.failNextRetry('DLF.1000', 'Failed to find the job.'),
      throttleNext: () =>
        emu.failNextRetry(
          'APIG.0308',
          'The throttling threshold has been reached: policy user over ratelimit, limit:10, time:1 second',
        ),
      close: () => emu.close(),
    };
  });
}

// ---------------------------------------------------------------------------------------------

describe('huawei-dataarts messages', () => {
  /** Messages that are only values (a time, a state code, a number): the same in every language. */
  const VALUES_ONLY = new Set(['huawei-dataarts.choice.instance', 'huawei-dataarts.detail.chain.instance']);
  const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

  it('renders every message in English and Chinese: English has no CJK, Chinese is its own', () => {
    const all = createRenderer([messages], () => new Date()).samples();
    expect(all.length).toBe(Object.keys(samples).length);
    expect(all.length).toBeGreaterThan(100);
    for (const m of all) {
      expect(m.id.startsWith('huawei-dataarts.'), m.id).toBe(true);
      const en = text(m, 'en');
      const zh = text(m, 'zh-CN');
      for (const t of [en, zh]) {
        expect(t.trim(), m.id).not.toBe('');
        // A nested message without words shows its id; a missing value shows as "undefined".
        expect(t, m.id).not.toMatch(/undefined|NaN|\[object|huawei-dataarts\.|provider\./);
      }
      expect(en, m.id).not.toMatch(CJK);
      if (VALUES_ONLY.has(m.id)) continue;
      expect(zh, m.id).not.toBe(en);
      expect(zh, m.id).toMatch(CJK);
    }
  });

  it('every message the provider object carries has words', () => {
    const carried: Message[] = [
      huaweiDataArts.displayName,
      huaweiDataArts.help.summary,
      ...huaweiDataArts.fields.flatMap((f) => [f.label, f.hint, ...(f.choices ?? []).map((c) => c.label)]),
    ];
    for (const m of carried) {
      expect(Object.keys(messages.catalogs.en), m.id).toContain(m.id);
      expect(text(m, 'zh-CN'), m.id).toMatch(CJK);
    }
    expect(text(huaweiDataArts.displayName, 'zh-CN')).toBe('华为云 DataArts Studio');
  });
});

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

// ---------------------------------------------------------------------------------------------

describe('huawei-dataarts against the emulator', () => {
  let emu: HuaweiEmulator;
  let jobId: number;
  beforeEach(async () => {
    emu = await startEmu();
    emu.ratePerSecond = 1000;
    jobId = emu.addJob('test_job_name').id;
  });
  afterEach(async () => {
    await emu.close();
  });

  describe('preview', () => {
    it('shows a failed instance with its failed node and sends it', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail', failedNode: 'clean' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const params = paramsFor(target, instanceRaw(jobId));
      const preview = await session.preview(params);
      expect(preview.items).toHaveLength(1);
      const item = preview.items[0]!;
      expect(item).toMatchObject({ id: 'test_job_name', state: 'fail', eligible: true });
      expect(item.details).toEqual([
        msg('huawei-dataarts.detail.failedNode', { node: 'clean', state: 'fail', type: 'DLISQL', retries: 2 }),
        msg('huawei-dataarts.detail.planned', { at: '2024-11-26 14:13:00 Asia/Shanghai' }),
        msg('huawei-dataarts.detail.ended', { at: '2024-11-26 14:14:00 Asia/Shanghai' }),
        msg('huawei-dataarts.detail.submitted', { at: '2024-11-22 09:42:34 Asia/Shanghai' }),
        { id: 'huawei-dataarts.detail.instanceId', params: { id: expect.any(Number) } },
      ]);
      for (const locale of LOCALES)
        expect(item.details!.map((d) => text(d, locale)).join(', ').length).toBeLessThan(300);
      expect(preview.notes.map((n) => text(n)).join(' ')).toMatch(/the node that failed.*Times are in Asia\/Shanghai/);
      // send carries what the preview saw, so rerun() can tell a change since.
      expect(preview.send).toEqual({
        ...params,
        instances: [
          { job_id: jobId, plan_time: PLAN, submit_time: SUBMIT, seen: { status: 'fail', end_time: PLAN + 60_000 } },
        ],
      });
    });

    it.each(['running', 'waiting', 'pause'])(
      'refuses a %s instance: a rerun would start a second run',
      async (status) => {
        emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status });
        const target = targetFor(emu);
        const { session } = connect(target);
        const preview = await session.preview(paramsFor(target, instanceRaw(jobId)));
        expect(preview.items[0]).toMatchObject({
          state: status,
          eligible: false,
          reason: msg('huawei-dataarts.refused.live', { state: status }),
        });
        expect(text(preview.items[0]?.reason)).toMatch(/second run/);
        expect(preview.send).toBeNull();
      },
    );

    it.each(['running-exception', 'manual-stop', 'success'])(
      'lets a %s instance be rerun (from the first node)',
      async (status) => {
        emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status });
        const target = targetFor(emu);
        const { session } = connect(target);
        const preview = await session.preview(paramsFor(target, instanceRaw(jobId, { location: 'firstNode' })));
        expect(preview.items[0]).toMatchObject({ state: status, eligible: true });
      },
    );

    it('refuses errorNode for a successful instance and an unknown node for specifiedNode', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'success' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const errorNode = await session.preview(paramsFor(target, instanceRaw(jobId)));
      expect(errorNode.items[0]?.reason).toEqual(msg('huawei-dataarts.refused.noFailedNode', {}));
      const unknown = await session.preview(
        paramsFor(target, instanceRaw(jobId, { location: 'specifiedNode', node: 'transform' })),
      );
      expect(unknown.items[0]?.reason).toEqual(
        msg('huawei-dataarts.refused.noSuchNode', { node: 'transform', nodes: ['extract', 'clean', 'load'] }),
      );
      expect(text(unknown.items[0]?.reason)).toBe(
        'the job has no node transform (its nodes: extract, clean, and load)',
      );
      const known = await session.preview(
        paramsFor(target, instanceRaw(jobId, { location: 'specifiedNode', node: 'load' })),
      );
      expect(known.items[0]?.eligible).toBe(true);
    });

    it('refuses a frozen instance', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'freeze' });
      const target = targetFor(emu);
      const preview = await connect(target).session.preview(paramsFor(target, instanceRaw(jobId)));
      expect(preview.items[0]).toMatchObject({ eligible: false, reason: msg('huawei-dataarts.refused.frozen', {}) });
    });

    it('says when the job, the plan time or the submit time does not match', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT + 1, status: 'fail' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const wrongSubmit = await session.preview(paramsFor(target, instanceRaw(jobId)));
      expect(wrongSubmit.items[0]).toMatchObject({
        eligible: false,
        reason: {
          id: 'huawei-dataarts.refused.otherSubmit',
          params: { submitTime: SUBMIT + 1, given: SUBMIT, planned: '2024-11-26 14:13:00 Asia/Shanghai' },
        },
      });
      expect(text(wrongSubmit.items[0]?.reason)).toMatch(new RegExp(`submitted at ${SUBMIT + 1}`));
      const noPlan = await session.preview(paramsFor(target, instanceRaw(jobId, { plan_time: String(PLAN + 60_000) })));
      expect(noPlan.items[0]).toMatchObject({
        state: 'NOT FOUND',
        eligible: false,
        reason: msg('huawei-dataarts.refused.noInstance', {
          job: 'test_job_name',
          planned: '2024-11-26 14:14:00 Asia/Shanghai',
          workspace: WS,
        }),
      });
      const noJob = await session.preview(paramsFor(target, instanceRaw(jobId, { job: 'missing job' })));
      // DataArts's own error, explained, with its code and request id beside it for support.
      expect(noJob.items[0]).toMatchObject({
        state: 'NOT FOUND',
        eligible: false,
        reason: { id: 'huawei-dataarts.error.noJob', params: { job: 'missing job', workspace: WS } },
        code: expect.stringMatching(/^DLF\./),
        requestId: expect.any(String),
      });
      expect(text(noJob.items[0]?.reason)).toMatch(/^No job missing job in workspace /);
      expect(noJob.send).toBeNull();
    });

    it("refuses a job_id that is not the job's id", async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      const preview = await connect(target).session.preview(paramsFor(target, { ...instanceRaw(jobId), job_id: '42' }));
      expect(preview.items[0]?.reason).toEqual(
        msg('huawei-dataarts.refused.wrongJobId', { given: 42, job: 'test_job_name', actual: jobId }),
      );
    });

    it('still previews when the v1 instance detail is not served, and says so', async () => {
      emu.v1Detail = false;
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail', failedNode: 'clean' });
      const target = targetFor(emu);
      const preview = await connect(target).session.preview(paramsFor(target, instanceRaw(jobId)));
      expect(preview.items[0]).toMatchObject({
        eligible: true,
        details: expect.arrayContaining([msg('huawei-dataarts.detail.failedNodeUnavailable', {})]),
      });
      expect(preview.notes).toContainEqual({
        id: 'huawei-dataarts.note.noDetail',
        params: { host: expect.any(String) },
      });
      expect(preview.notes.map((n) => text(n)).join(' ')).toMatch(/Node details could not be read/);
    });

    it('chain mode: one item per job, a job with a live instance in the window is refused, the rest are sent', async () => {
      emu.addJob('job_test_smn2');
      emu.addJob('日报 汇总', { workspace: WS2 });
      emu.addJob('quiet_job');
      emu.addInstance('job_test_smn2', { plan_time: PLAN, status: 'fail', failedNode: 'load' });
      emu.addInstance('job_test_smn2', { plan_time: PLAN + 3_600_000, status: 'success' });
      emu.addInstance('日报 汇总', { plan_time: PLAN, status: 'success', workspace: WS2 });
      emu.addInstance('日报 汇总', { plan_time: PLAN + 1_800_000, status: 'running', workspace: WS2 });
      emu.addInstance('test_job_name', { plan_time: PLAN - 86_400_000, status: 'fail' }); // outside the window
      const target = targetFor(emu);
      const params = paramsFor(target, {
        job: 'test_job_name',
        mode: 'chain',
        location: 'errorNode',
        version: 'current',
        jobs: ['job_test_smn2', `日报 汇总@${WS2}`, 'quiet_job', 'no_such_job'],
        begin: String(PLAN - 60_000),
        end: String(PLAN + 7_200_000),
        concurrent: '2',
      });
      const preview = await connect(target).session.preview(params);
      const byId = Object.fromEntries(preview.items.map((i) => [i.id, i]));
      expect(Object.keys(byId)).toEqual(['job_test_smn2', `日报 汇总@${WS2}`, 'quiet_job', 'no_such_job']);
      expect(byId['job_test_smn2']).toMatchObject({ state: 'fail×1, success×1', eligible: true });
      expect(byId['job_test_smn2']?.details).toEqual([
        msg('huawei-dataarts.detail.chain.count', { count: 2, more: false }),
        msg('huawei-dataarts.detail.chain.instance', { planned: '2024-11-26 14:13:00', state: 'fail' }),
        msg('huawei-dataarts.detail.chain.instance', { planned: '2024-11-26 15:13:00', state: 'success' }),
      ]);
      expect(byId[`日报 汇总@${WS2}`]).toMatchObject({
        eligible: false,
        reason: msg('huawei-dataarts.refused.chain.live', {
          count: 1,
          state: 'running',
          planned: '2024-11-26 14:43:00 Asia/Shanghai',
        }),
      });
      expect(text(byId[`日报 汇总@${WS2}`]?.reason)).toMatch(/not finished \(running/);
      expect(byId['quiet_job']).toMatchObject({
        state: 'NO INSTANCES',
        eligible: false,
        reason: { id: 'huawei-dataarts.refused.chain.noInstances', params: { job: 'quiet_job', workspace: WS } },
      });
      expect(byId['no_such_job']).toMatchObject({
        state: 'NOT FOUND',
        eligible: false,
        reason: { id: 'huawei-dataarts.error.noJob', params: { job: 'no_such_job' } },
      });
      expect(preview.send).toEqual({
        ...params,
        jobs: [`job_test_smn2@${WS}`],
        seen: { [`job_test_smn2@${WS}`]: 'fail×1, success×1' },
      });
      expect(preview.notes[0]).toEqual(
        msg('huawei-dataarts.note.chain', {
          jobs: 4,
          from: '2024-11-26 14:12:00 Asia/Shanghai',
          to: '2024-11-26 16:13:00 Asia/Shanghai',
          concurrent: 2,
        }),
      );
      expect(text(preview.notes[0])).toMatch(/successful ones included.*2 at a time/);
    });
  });

  describe('describeCall', () => {
    it('is the exact retry request with every credential redacted (AK/SK)', () => {
      const target = targetFor(emu, { ...AKSK, securityToken: 'fake-sts-token-for-tests' });
      const { session } = connect(target, { now: () => new Date('2024-11-26T06:00:00Z') });
      const params = paramsFor(target, instanceRaw(917567, { job: '日报(汇总)_v2' }));
      const [call] = session.describeCall(params);
      expect(call).toEqual({
        method: 'POST',
        url: `${emu.url}/v2/${PROJECT}/factory/jobs/%E6%97%A5%E6%8A%A5%28%E6%B1%87%E6%80%BB%29_v2/instances/retry`,
        headers: {
          'Content-Type': 'application/json;charset=UTF-8',
          workspace: WS,
          'X-Project-Id': PROJECT,
          'X-Sdk-Date': '20241126T060000Z',
          'X-Security-Token': '[redacted]',
          Authorization:
            'SDK-HMAC-SHA256 Access=[redacted], SignedHeaders=content-type;host;workspace;x-project-id;x-sdk-date;x-security-token, Signature=[redacted]',
        },
        body: retryBody(params, WS),
      });
      const text = JSON.stringify(call);
      for (const secret of [AKSK.accessKey, AKSK.secretKey, 'fake-sts-token-for-tests'])
        expect(text).not.toContain(secret);
    });

    it('redacts the token for token and password auth', () => {
      for (const auth of [{ token: STATIC_TOKEN }, IAM_USER]) {
        const target = targetFor(emu, auth);
        const [call] = connect(target).session.describeCall(paramsFor(target, instanceRaw(1)));
        expect(call?.headers).toEqual({
          'Content-Type': 'application/json;charset=UTF-8',
          workspace: WS,
          'X-Auth-Token': '[redacted]',
        });
        expect(JSON.stringify(call)).not.toContain(STATIC_TOKEN);
        expect(JSON.stringify(call)).not.toContain(IAM_USER.password);
      }
    });
  });

  describe('rerun', () => {
    it('is accepted on 200 with an empty body, keeping X-Request-Id as the request id', async () => {
      const inst = emu.addInstance('test_job_name', {
        plan_time: PLAN,
        submit_time: SUBMIT,
        status: 'fail',
        failedNode: 'clean',
      });
      const target = targetFor(emu);
      const { session } = connect(target);
      const params = paramsFor(target, instanceRaw(jobId));
      const outcome = await session.rerun(params);
      expect(outcome).toMatchObject({
        status: 'accepted',
        calls: 1,
        requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      expect(outcome.items).toEqual([{ id: 'test_job_name', result: 'accepted' }]);
      // The request id travels beside the message (the surfaces show it), not inside it.
      expect(outcome.message).toEqual(
        msg('huawei-dataarts.outcome.accepted.one', {
          job: 'test_job_name',
          planned: '2024-11-26 14:13:00 Asia/Shanghai',
        }),
      );
      expect(emu.retryCalls).toEqual([
        { job: 'test_job_name', workspace: WS, body: JSON.parse(retryBody(params, WS)) },
      ]);
      expect(inst).toMatchObject({ status: 'waiting', runs: 2 });
    });

    it('encodes a job name with spaces and Chinese characters once, on the wire as in the signature', async () => {
      const v = vectors.extra_vectors[0];
      emu.addJob('daily report 日报', { id: 917569 });
      emu.addInstance('daily report 日报', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      const outcome = await connect(target).session.rerun(
        paramsFor(target, instanceRaw(917569, { job: 'daily report 日报', location: 'firstNode' })),
      );
      expect(outcome.status).toBe('accepted');
      const sent = emu.requests.find((r) => r.method === 'POST');
      expect(sent?.url).toBe(v.expected.request_target);
      expect(emu.authFailures).toBe(0);
    });

    const table: [string, string, RegExp, string][] = [
      ['DLF.0100', 'noJob', /No job test_job_name in workspace 62fb.*check the job name/, 'rejected'],
      ['DLF.1000', 'noJob', /No job test_job_name/, 'rejected'],
      ['DLF.0137', 'noInstance', /No such instance of job test_job_name/, 'rejected'],
      ['DLF.0810', 'noTask', /no such task/, 'rejected'],
      ['DLF.0136', 'notBatch', /Only batch jobs/, 'rejected'],
      ['DLF.3018', 'badJobName', /job name test_job_name is invalid/, 'rejected'],
      ['DLF.6888', 'noPermission', /lacks permission in workspace 62fb/, 'rejected'],
      ['APIG.0301', 'credentials', /accessKey\/secretKey.*clock is within 15 minutes/, 'rejected'],
      ['APIG.0307', 'tokenExpired', /token has expired/, 'rejected'],
      ['APIG.0101', 'apiNotFound', /API was not found on 127\.0\.0\.1:\d+.*region \(cn-north-4\)/, 'rejected'],
      ['APIG.0201', 'backendTimeout', /Outcome unknown: The API gateway timed out/, 'unknown'],
    ];
    it.each(table)('maps %s to a sentence, keeping the code and request id', async (code, id, sentence, status) => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      emu.failNextRetry(code, 'Vendor words.');
      const outcome = await connect(target).session.rerun(paramsFor(target, instanceRaw(jobId)));
      expect(outcome.status).toBe(status);
      expect(outcome.code).toBe(code);
      expect(outcome.requestId).toMatch(/^[0-9a-f]{32}$/);
      // The vendor's words travel as a parameter of our message; the code and request id beside it.
      const detail = status === 'unknown' ? outcome.message.params['reason'] : outcome.message;
      expect(detail).toMatchObject({ id: `huawei-dataarts.error.${id}`, params: { said: 'Vendor words.' } });
      expect(text(outcome.message)).toMatch(sentence);
      expect(text(outcome.message)).toContain('DataArts says: "Vendor words."');
      expect(text(outcome.message)).not.toContain(outcome.requestId);
      expect(text(outcome.message, 'zh-CN')).toContain('DataArts 返回：“Vendor words.”');
      expect(outcome.calls).toBe(1);
      expect(emu.retryCalls).toHaveLength(0);
    });

    it('keeps resending after APIG.0308 only up to its limit', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      for (let i = 0; i < 5; i += 1) emu.failNextRetry('APIG.0308');
      const target = targetFor(emu);
      const outcome = await connect(target).session.rerun(paramsFor(target, instanceRaw(jobId)));
      expect(outcome).toMatchObject({ status: 'rejected', code: 'APIG.0308', calls: 4 });
      expect(outcome.message).toMatchObject({ id: 'huawei-dataarts.error.throttled', params: { perSecond: 10 } });
      expect(text(outcome.message)).toMatch(/10 requests per second/);
    });

    it('sends a chain rerun once for all its jobs', async () => {
      emu.addJob('job_test_smn2');
      const a = emu.addInstance('job_test_smn2', { plan_time: PLAN, status: 'fail' });
      const target = targetFor(emu);
      const params = paramsFor(target, {
        job: 'test_job_name',
        mode: 'chain',
        location: 'errorNode',
        version: 'current',
        jobs: ['job_test_smn2'],
        begin: String(PLAN - 1),
        end: String(PLAN + 1),
      });
      const outcome = await connect(target).session.rerun(params);
      expect(outcome).toMatchObject({
        status: 'accepted',
        calls: 1,
        items: [{ id: 'job_test_smn2', result: 'accepted' }],
      });
      expect(a.status).toBe('waiting');
      expect(emu.retryCalls[0]?.body).toMatchObject({
        jobs: [{ job_name: 'job_test_smn2', workspace_id: WS }],
        begin_time: PLAN - 1,
        end_time: PLAN + 1,
        concurrent: 1,
      });
    });
  });

  describe('status', () => {
    const statusTable: [string, boolean][] = [
      ...[...TERMINAL].map((s): [string, boolean] => [s, true]),
      ...[...LIVE, 'freeze'].map((s): [string, boolean] => [s, false]),
    ];
    it.each(statusTable)('%s is terminal: %s', async (state, terminal) => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      emu.finishRun('test_job_name', PLAN, state);
      const target = targetFor(emu);
      const status = await connect(target).session.status(paramsFor(target, instanceRaw(jobId)), {});
      expect(status).toMatchObject({ terminal, items: [{ id: 'test_job_name', state, terminal }] });
    });

    it('follows a rerun to its end', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const params = paramsFor(target, instanceRaw(jobId));
      await session.rerun(params);
      const acceptedAt = new Date().toISOString();
      expect(await session.status(params, { acceptedAt })).toMatchObject({
        terminal: false,
        items: [{ state: 'waiting' }],
      });
      emu.finishRun('test_job_name', PLAN, 'success');
      const done = await session.status(params, { acceptedAt });
      expect(done).toMatchObject({ terminal: true, items: [{ state: 'success', terminal: true }] });
      expect(done.items[0]?.detail).toEqual(
        msg('huawei-dataarts.status.instance', {
          planned: undefined,
          pending: false,
          started: expect.stringMatching(/ Asia\/Shanghai$/),
          ended: expect.stringMatching(/ Asia\/Shanghai$/),
        }),
      );
    });

    it('does not call the old failed state final while the accepted rerun has not started', async () => {
      emu.applyRetry = 'manual';
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      const params = paramsFor(target, instanceRaw(jobId));
      expect((await connect(target).session.rerun(params)).status).toBe('accepted');
      // When it was accepted comes from the store, so a new session (or a new process) knows.
      const acceptedAt = new Date().toISOString();
      const pending = await connect(target).session.status(params, { acceptedAt });
      expect(pending).toMatchObject({
        terminal: false,
        items: [
          {
            state: 'fail',
            terminal: false,
            detail: { id: 'huawei-dataarts.status.instance', params: { pending: true } },
          },
        ],
      });
      expect(text(pending.items[0]?.detail)).toMatch(/previous run/);
      // Nothing is remembered in the process: without the stored time the old state reads as final.
      expect((await connect(target).session.status(params, {})).terminal).toBe(true);
      // Past the grace period, an unchanged old state is final again.
      const longAgo = new Date(Date.now() - 11 * 60_000).toISOString();
      expect((await connect(target).session.status(params, { acceptedAt: longAgo })).terminal).toBe(true);
      emu.finishRun('test_job_name', PLAN, 'fail');
      expect((await connect(target).session.status(params, { acceptedAt })).terminal).toBe(true);
    });

    it('chain mode reports each job and is terminal when every instance in the window is', async () => {
      emu.addJob('job_test_smn2');
      emu.addInstance('job_test_smn2', { plan_time: PLAN, status: 'fail' });
      emu.addInstance('job_test_smn2', { plan_time: PLAN + 60_000, status: 'running' });
      const target = targetFor(emu);
      const params = paramsFor(target, {
        job: 'test_job_name',
        mode: 'chain',
        location: 'firstNode',
        version: 'current',
        jobs: ['job_test_smn2'],
        begin: String(PLAN),
        end: String(PLAN + 60_000),
      });
      const { session } = connect(target);
      expect(await session.status(params, {})).toMatchObject({
        terminal: false,
        items: [
          {
            id: 'job_test_smn2',
            state: 'fail×1, running×1',
            detail: msg('huawei-dataarts.status.chain.live', { count: 1 }),
          },
        ],
      });
      emu.finishRun('job_test_smn2', PLAN + 60_000, 'success');
      expect(await session.status(params, {})).toMatchObject({
        terminal: true,
        items: [{ id: 'job_test_smn2', state: 'fail×1, success×1', terminal: true }],
      });
    });
  });

  describe('instance choices', () => {
    it('lists the failed instances of the last week, newest first, as values the schema reads back', async () => {
      const now = Date.now();
      const hour = 3_600_000;
      emu.addInstance('test_job_name', { plan_time: now - 2 * hour, status: 'fail', failedNode: 'clean' });
      emu.addInstance('test_job_name', { plan_time: now - 26 * hour, status: 'fail' });
      emu.addInstance('test_job_name', { plan_time: now - 3 * hour, status: 'success' });
      emu.addInstance('test_job_name', { plan_time: now - 9 * 24 * hour, status: 'fail' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const choices = await session.options!('instance', { job: 'test_job_name' });
      expect(choices).toHaveLength(2);
      const [newest] = choices;
      expect(newest?.label).toEqual(
        msg('huawei-dataarts.choice.instance', {
          planned: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai$/),
          state: 'fail',
          instanceId: expect.any(Number),
        }),
      );
      expect(text(newest?.label)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai · fail · #\d+$/);
      for (const c of choices) {
        expect(c.value.length).toBeLessThanOrEqual(75);
        for (const locale of LOCALES) expect(text(c.label, locale).length).toBeLessThanOrEqual(75);
        const p = paramsFor(target, {
          job: 'test_job_name',
          location: 'errorNode',
          version: 'original',
          instance: c.value,
        });
        expect((await session.preview(p)).items[0]?.eligible).toBe(true);
      }
      expect(await session.options!('instance', { job: 'no such job' })).toEqual([]);
      expect(await session.options!('instance', {})).toEqual([]);
      expect(await session.options!('job', { job: 'test_job_name' })).toEqual([]);
    });
  });

  describe('authentication', () => {
    beforeEach(() => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
    });

    it('AK/SK: a clock more than 15 minutes off is refused with APIG.0301 and a sentence about the clock', async () => {
      const target = targetFor(emu);
      const { session } = connect(target, { now: () => new Date(Date.now() + 20 * 60_000) });
      const outcome = await session.rerun(paramsFor(target, instanceRaw(jobId)));
      // The instance is read again just before sending: that read is refused, so nothing is sent.
      expect(outcome).toMatchObject({ status: 'rejected', code: 'APIG.0301', calls: 0 });
      expect(outcome.message).toMatchObject({
        id: 'huawei-dataarts.outcome.notReadBeforeSending',
        params: { reason: { id: 'huawei-dataarts.error.credentials' } },
      });
      expect(text(outcome.message)).toMatch(
        /^Nothing was sent to DataArts: the state could not be read again just before sending/,
      );
      expect(text(outcome.message)).toMatch(/clock/);
      expect(text(outcome.message)).toMatch(/15 minutes/);
      expect(emu.authFailures).toBe(1);
      const ok = await connect(target, { now: () => new Date(Date.now() + 10 * 60_000) }).session.preview(
        paramsFor(target, instanceRaw(jobId)),
      );
      expect(ok.items[0]?.eligible).toBe(true);
    });

    it('AK/SK: a wrong secret key is refused; temporary keys send and sign X-Security-Token', async () => {
      const bad = targetFor(emu, { ...AKSK, secretKey: 'another-fake-secret' });
      await expect(connect(bad).session.preview(paramsFor(bad, instanceRaw(jobId)))).rejects.toMatchObject({
        code: 'APIG.0301',
      });
      await emu.close();
      emu = await startHuaweiEmulator({
        projectId: PROJECT,
        workspaces: [WS],
        aksk: { ...AKSK, securityToken: 'fake-sts-token-for-tests' },
      });
      const id = emu.addJob('test_job_name').id;
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const sts = targetFor(emu, { ...AKSK, securityToken: 'fake-sts-token-for-tests' });
      expect((await connect(sts).session.rerun(paramsFor(sts, instanceRaw(id)))).status).toBe('accepted');
      expect(emu.requests.at(-1)?.headers['authorization']).toMatch(
        /SignedHeaders=content-type;host;workspace;x-project-id;x-sdk-date;x-security-token,/,
      );
    });

    it('token: a given X-Auth-Token is sent as is; an unknown one is refused; an expired one says to replace it', async () => {
      const target = targetFor(emu, { token: STATIC_TOKEN });
      const { session, logs } = connect(target);
      expect((await session.rerun(paramsFor(target, instanceRaw(jobId)))).status).toBe('accepted');
      const sent = emu.requests.at(-1)!;
      expect(sent.headers['x-auth-token']).toBe(STATIC_TOKEN);
      expect(sent.headers['authorization']).toBeUndefined();
      expect(sent.headers['workspace']).toBe(WS);
      const unknown = targetFor(emu, { token: 'fake-unknown-token' });
      await expect(connect(unknown).session.status(paramsFor(unknown, instanceRaw(jobId)), {})).rejects.toMatchObject({
        code: 'APIG.0301',
      });
      emu.finishRun('test_job_name', PLAN, 'fail'); // the first rerun ran and failed again
      emu.failNextRetry('APIG.0307', 'The token must be updated.');
      const expired = await session.rerun(paramsFor(target, instanceRaw(jobId)));
      expect(expired).toMatchObject({ status: 'rejected', code: 'APIG.0307', calls: 1 });
      expect(expired.message).toMatchObject({ id: 'huawei-dataarts.error.tokenExpired' });
      expect(text(expired.message)).toMatch(/put a fresh token in the target/);
      expect(logs.text()).not.toContain(STATIC_TOKEN);
    });

    it('password: one IAM token, cached across calls and sessions, fetched by concurrent calls only once', async () => {
      const target = targetFor(emu, { ...IAM_USER, iamEndpoint: emu.url });
      const params = paramsFor(target, instanceRaw(jobId));
      const { session, logs } = connect(target);
      await Promise.all([session.preview(params), session.status(params, {}), session.preview(params)]);
      await connect(target).session.status(params, {});
      expect(emu.tokenRequests).toBe(1);
      const iamCall = emu.requests.find((r) => r.path === '/v3/auth/tokens')!;
      expect(iamCall.url).toBe('/v3/auth/tokens?nocatalog=true');
      expect(JSON.parse(iamCall.body)).toEqual({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: { name: IAM_USER.username, password: IAM_USER.password, domain: { name: IAM_USER.domain } },
            },
          },
          scope: { project: { id: PROJECT } },
        },
      });
      const token = emu.requests.at(-1)!.headers['x-auth-token']!;
      expect(token).toMatch(/^fake-iam-token-/);
      expect(logs.text()).not.toContain(token);
      expect(logs.text()).not.toContain(IAM_USER.password);
    });

    it('password: APIG.0307 fetches a new token and sends the rerun once more', async () => {
      const target = targetFor(emu, { ...IAM_USER, iamEndpoint: emu.url });
      const params = paramsFor(target, instanceRaw(jobId));
      const { session } = connect(target);
      await session.preview(params);
      // The gateway answers the POST itself with APIG.0307 (the read just before it still passed).
      emu.failNextRetry('APIG.0307', 'The token must be updated.');
      const outcome = await session.rerun(params);
      expect(outcome).toMatchObject({ status: 'accepted', calls: 2 });
      expect(emu.tokenRequests).toBe(2);
      expect(emu.retryCalls).toHaveLength(1);
      // An expired token on a read is replaced the same way, and the rerun goes on.
      emu.finishRun('test_job_name', PLAN, 'fail');
      emu.expireTokens();
      expect(await session.rerun(params)).toMatchObject({ status: 'accepted', calls: 1 });
      expect(emu.tokenRequests).toBe(3);
    });

    it('password: a token is replaced shortly before it expires', async () => {
      emu.tokenLifetimeMs = 4 * 60_000; // inside the 5-minute margin: never reused
      const target = targetFor(emu, { ...IAM_USER, iamEndpoint: emu.url });
      const params = paramsFor(target, instanceRaw(jobId));
      const { session } = connect(target);
      await session.status(params, {});
      await session.status(params, {});
      expect(emu.tokenRequests).toBe(2);
    });

    it('password: a wrong password sends nothing and says what to check', async () => {
      const target = targetFor(emu, { ...IAM_USER, password: 'wrong-fake-password', iamEndpoint: emu.url });
      const params = paramsFor(target, instanceRaw(jobId));
      const { session, logs } = connect(target);
      const outcome = await session.rerun(params);
      expect(outcome).toMatchObject({ status: 'rejected', calls: 0, code: '401' });
      expect(outcome.message).toEqual(
        msg('huawei-dataarts.outcome.nothingSent', {
          reason: msg('huawei-dataarts.iam.refused', {
            said: 'The username or password is wrong.',
            domain: 'example-domain',
            status: 401,
          }),
        }),
      );
      expect(text(outcome.message)).toMatch(
        /^Nothing was sent to DataArts: IAM refused the target's username\/password for domain example-domain/,
      );
      expect(text(outcome.message)).toContain('The username or password is wrong.');
      await expect(session.preview(params)).rejects.toMatchObject({ detail: { id: 'huawei-dataarts.iam.refused' } });
      expect(emu.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(0);
      expect(logs.text()).not.toContain('wrong-fake-password');
    });
  });

  it('the emulator requires the workspace header', async () => {
    const res = await request(`${emu.url}/v2/${PROJECT}/factory/jobs/test_job_name/instances/detail`, {
      headers: { 'X-Auth-Token': STATIC_TOKEN },
    });
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toMatchObject({ error_code: 'APIG.0106' });
  });

  it('paces calls at the documented 10 per second, so reads never earn APIG.0308', async () => {
    emu.ratePerSecond = 10;
    emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
    const target = targetFor(emu, { token: STATIC_TOKEN });
    const params = paramsFor(target, instanceRaw(jobId));
    const { session } = connect(target);
    const results = await Promise.all(Array.from({ length: 15 }, () => session.status(params, {})));
    expect(results.every((r) => r.items[0]?.state === 'fail')).toBe(true);
    expect(emu.throttledCount).toBe(0); // never an APIG.0308
    expect(emu.requests).toHaveLength(15);
  });

  describe('one pace per credential (10 requests/s per IAM user)', () => {
    const credentials = [
      ['the same access key', AKSK],
      ['the same token', { token: STATIC_TOKEN }],
      ['the same IAM user and domain', IAM_USER],
    ] as const;

    it.each(credentials)(
      'two targets with %s, in other projects and workspaces, stay within 10/s together',
      async (_, auth) => {
        await emu.close();
        emu = await startHuaweiEmulator({
          projectId: PROJECT,
          otherProjects: [PROJECT2],
          workspaces: [WS, WS2],
          aksk: AKSK,
          iam: IAM_USER,
          staticTokens: [STATIC_TOKEN],
        });
        emu.ratePerSecond = 10;
        emu.addJob('test_job_name', { id: 917567 });
        emu.addJob('other_job', { id: 917568, workspace: WS2 });
        emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
        emu.addInstance('other_job', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail', workspace: WS2 });
        const withIam = 'username' in auth ? { ...auth, iamEndpoint: emu.url } : auth;
        const a = targetFor(emu, withIam);
        const b = targetFor(emu, withIam, { projectId: PROJECT2, workspace: WS2 });
        // One process: the composition root hands every session the same pacers.
        const pacers = createPacers();
        const sa = connect(a, { pacers }).session;
        const sb = connect(b, { pacers }).session;
        const pa = paramsFor(a, instanceRaw(917567));
        const pb = paramsFor(b, instanceRaw(917568, { job: 'other_job' }));
        if ('username' in auth) await Promise.all([sa.status(pa, {}), sb.status(pb, {})]); // fetch both project tokens first
        const before = emu.requests.filter((r) => r.path.startsWith('/v2/')).length;
        const results = await Promise.all(
          Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? sa.status(pa, {}) : sb.status(pb, {}))),
        );
        expect(results.every((r) => r.items[0]?.state === 'fail')).toBe(true);
        expect(emu.throttledCount).toBe(0); // never an APIG.0308
        const reads = emu.requests.filter((r) => r.path.startsWith('/v2/')).slice(before);
        expect(reads).toHaveLength(16); // none sent again after a throttle
        expect(new Set(reads.map((r) => r.path.split('/')[2]))).toEqual(new Set([PROJECT, PROJECT2]));
      },
    );

    it('keys the pace by who calls, never by a secret in clear', () => {
      const pacers = createPacers();
      const asked: string[] = [];
      const spy: Pacers = {
        get: (key, intervalMs) => {
          asked.push(key);
          return pacers.get(key, intervalMs);
        },
      };
      const pace = (auth: HuaweiTarget['auth']) => pacerFor(spy, auth);
      expect(pace({ kind: 'aksk', ...AKSK })).toBe(
        pace({ kind: 'aksk', accessKey: AKSK.accessKey, secretKey: 'another-fake-secret' }),
      );
      expect(pace({ kind: 'aksk', ...AKSK })).not.toBe(
        pace({ kind: 'aksk', accessKey: 'ANOTHERFAKEACCESSKEY', secretKey: AKSK.secretKey }),
      );
      expect(pace({ kind: 'token', token: STATIC_TOKEN })).toBe(pace({ kind: 'token', token: STATIC_TOKEN }));
      expect(pace({ kind: 'token', token: STATIC_TOKEN })).not.toBe(pace({ kind: 'token', token: 'fake-other-token' }));
      const pw = { kind: 'password' as const, ...IAM_USER };
      expect(pace(pw)).toBe(
        pace({
          ...pw,
          password: 'another-fake-password',
          username: 'Rerun-Bot',
          iamEndpoint: 'https://iam.myhuaweicloud.com',
        }),
      );
      expect(pace(pw)).not.toBe(pace({ ...pw, domain: 'other-domain' }));
      // Keys are the provider's own (so providers never share a pace) and never hold a secret.
      expect(asked.every((k) => k.startsWith('huawei-dataarts:'))).toBe(true);
      for (const secret of [AKSK.secretKey, STATIC_TOKEN, IAM_USER.password, 'another-fake-password'])
        for (const k of asked) expect(k).not.toContain(secret);
      const keys = [
        credentialKey({ kind: 'aksk', ...AKSK }),
        credentialKey({ kind: 'token', token: STATIC_TOKEN }),
        credentialKey(pw),
      ];
      for (const secret of [AKSK.secretKey, STATIC_TOKEN, IAM_USER.password])
        for (const k of keys) expect(k).not.toContain(secret);
      expect(keys[1]).toMatch(/^token:[0-9a-f]{64}$/);
      // A shared pace stores its key: printable text only (Postgres text takes no NUL).
      for (const k of keys) expect(k).not.toMatch(/\p{Cc}/u);
    });
  });

  describe('several instances in one request', () => {
    const HOUR = 3_600_000;
    const ref = (plan: number, submit = SUBMIT) => `${jobId}:${plan}:${submit}`;
    const raw = (instances: string[], extra: Record<string, string> = {}) => ({
      job: 'test_job_name',
      location: 'errorNode',
      version: 'original',
      instance: instances,
      ...extra,
    });

    it('previews each instance as its own item, sends only the eligible ones, all in one task_retrys', async () => {
      const a = emu.addInstance('test_job_name', {
        plan_time: PLAN,
        submit_time: SUBMIT,
        status: 'fail',
        failedNode: 'clean',
      });
      emu.addInstance('test_job_name', { plan_time: PLAN + HOUR, submit_time: SUBMIT, status: 'running' });
      emu.addInstance('test_job_name', { plan_time: PLAN + 2 * HOUR, submit_time: SUBMIT, status: 'success' });
      const c = emu.addInstance('test_job_name', {
        plan_time: PLAN + 3 * HOUR,
        submit_time: SUBMIT,
        status: 'running-exception',
      });
      const target = targetFor(emu);
      const { session } = connect(target);
      const params = paramsFor(
        target,
        raw([ref(PLAN), ref(PLAN + HOUR), ref(PLAN + 2 * HOUR), ref(PLAN + 3 * HOUR), ref(PLAN + 4 * HOUR)]),
      );
      const preview = await session.preview(params);
      // Item names are wall times in the target's zone (a name is text, not a message: no words in it).
      expect(preview.items.map((i) => [i.id, i.name, i.state, i.eligible])).toEqual([
        ['test_job_name', '2024-11-26 14:13:00', 'fail', true],
        ['test_job_name', '2024-11-26 15:13:00', 'running', false],
        ['test_job_name', '2024-11-26 16:13:00', 'success', false],
        ['test_job_name', '2024-11-26 17:13:00', 'running-exception', true],
        ['test_job_name', '2024-11-26 18:13:00', 'NOT FOUND', false],
      ]);
      expect(preview.items[0]?.details?.[0]).toEqual(
        msg('huawei-dataarts.detail.failedNode', { node: 'clean', state: 'fail', type: 'DLISQL', retries: 2 }),
      );
      const at = (planned: string, reason: Message) => msg('huawei-dataarts.refused.atInstance', { planned, reason });
      expect(preview.items[1]?.reason).toEqual(
        at('2024-11-26 15:13:00', msg('huawei-dataarts.refused.live', { state: 'running' })),
      );
      expect(text(preview.items[1]?.reason)).toMatch(
        /^instance planned 2024-11-26 15:13:00: the instance is running; rerunning it now would start a second run/,
      );
      expect(preview.items[2]?.reason).toEqual(
        at('2024-11-26 16:13:00', msg('huawei-dataarts.refused.noFailedNode', {})),
      );
      expect(preview.items[4]?.reason).toEqual(
        at(
          '2024-11-26 18:13:00',
          msg('huawei-dataarts.refused.noInstance', {
            job: 'test_job_name',
            planned: '2024-11-26 18:13:00 Asia/Shanghai',
            workspace: WS,
          }),
        ),
      );
      expect(preview.notes[0]).toEqual(msg('huawei-dataarts.note.instances', { job: 'test_job_name', count: 5 }));
      expect(text(preview.notes[0])).toMatch(
        /^Reruns 5 instances of test_job_name in one call; each is listed with its own verdict/,
      );
      const send = preview.send as Extract<RerunParams, { mode: 'instance' }>;
      expect(send.instances.map((i) => i.plan_time)).toEqual([PLAN, PLAN + 3 * HOUR]);

      const [call] = session.describeCall(send);
      expect(JSON.parse(call!.body!).task_retrys).toEqual([
        { job_id: jobId, plan_time: PLAN, submit_time: SUBMIT },
        { job_id: jobId, plan_time: PLAN + 3 * HOUR, submit_time: SUBMIT },
      ]);
      const outcome = await session.rerun(send);
      expect(outcome).toMatchObject({ status: 'accepted', calls: 1 });
      expect(outcome.items).toEqual([
        { id: 'test_job_name', result: 'accepted' },
        { id: 'test_job_name', result: 'accepted' },
      ]);
      expect(outcome.message).toEqual(
        msg('huawei-dataarts.outcome.accepted.many', {
          job: 'test_job_name',
          count: 2,
          planned: ['2024-11-26 14:13:00', '2024-11-26 17:13:00'],
          timeZone: 'Asia/Shanghai',
        }),
      );
      expect(text(outcome.message)).toMatch(
        /accepted the rerun of 2 instances of test_job_name \(planned 2024-11-26 14:13:00, 2024-11-26 17:13:00, Asia\/Shanghai\)/,
      );
      expect(emu.retryCalls).toHaveLength(1);
      expect(emu.retryCalls[0]?.body['task_retrys']).toEqual(JSON.parse(call!.body!).task_retrys);
      expect(emu.requests.filter((r) => r.method === 'POST')[0]?.body).toBe(call!.body);
      expect([a.status, c.status, emu.instance('test_job_name', PLAN + HOUR)?.runs]).toEqual(['waiting', 'waiting', 1]);

      const acceptedAt = new Date().toISOString();
      const status = await session.status(send, { acceptedAt });
      // Each item names its instance by its planned time (the items share the job's name as id).
      expect(status).toMatchObject({
        terminal: false,
        items: [
          {
            id: 'test_job_name',
            state: 'waiting',
            detail: { id: 'huawei-dataarts.status.instance', params: { planned: '2024-11-26 14:13:00' } },
          },
          {
            id: 'test_job_name',
            state: 'waiting',
            detail: { id: 'huawei-dataarts.status.instance', params: { planned: '2024-11-26 17:13:00' } },
          },
        ],
      });
      emu.finishRun('test_job_name', PLAN, 'success');
      emu.finishRun('test_job_name', PLAN + 3 * HOUR, 'fail');
      expect(await session.status(send, { acceptedAt })).toMatchObject({
        terminal: true,
        items: [
          { state: 'success', terminal: true },
          { state: 'fail', terminal: true },
        ],
      });
    });

    it('refuses every instance of a job that does not exist, reading it once', async () => {
      const target = targetFor(emu);
      const { session } = connect(target);
      const preview = await session.preview(
        paramsFor(target, raw([ref(PLAN), ref(PLAN + HOUR)], { job: 'missing job' })),
      );
      expect(preview.items).toHaveLength(2);
      expect(
        preview.items.every((i) => i.state === 'NOT FOUND' && i.reason?.id === 'huawei-dataarts.error.noJob'),
      ).toBe(true);
      expect(preview.send).toBeNull();
      expect(emu.requests.filter((r) => r.path.endsWith('/instances/detail'))).toHaveLength(1);
    });

    it('still reads a request stored in the single-instance shape of the previous version', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const legacy = {
        job: 'test_job_name',
        mode: 'instance',
        location: 'errorNode',
        version: 'original',
        ignore_obs_monitor: true,
        job_id: jobId,
        plan_time: PLAN,
        submit_time: SUBMIT,
      } as unknown as RerunParams;
      expect((await session.preview(legacy)).items[0]).toMatchObject({ id: 'test_job_name', eligible: true });
      expect(JSON.parse(session.describeCall(legacy)[0]!.body!).task_retrys).toEqual([
        { job_id: jobId, plan_time: PLAN, submit_time: SUBMIT },
      ]);
      expect(huaweiDataArts.summarize(legacy)).toMatchObject({
        id: 'huawei-dataarts.summary.instance',
        params: { planned: PLAN, jobIds: [jobId] },
      });
      expect((await session.rerun(legacy)).status).toBe('accepted');
      expect((await session.status(legacy, {})).items[0]?.state).toBe('waiting');
    });
  });

  describe('checked again just before sending', () => {
    it('approved, then the instance starts running: rerun() sends nothing and says why', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      const { session, logs } = connect(target);
      const send = (await session.preview(paramsFor(target, instanceRaw(jobId)))).send!;
      emu.finishRun('test_job_name', PLAN, 'running'); // the scheduler (or a person) started it meanwhile
      const outcome = await session.rerun(send);
      expect(outcome).toMatchObject({ status: 'rejected', calls: 0 });
      expect(outcome.items).toEqual([
        {
          id: 'test_job_name',
          result: 'refused',
          reason: msg('huawei-dataarts.refused.atInstance', {
            planned: '2024-11-26 14:13:00',
            reason: msg('huawei-dataarts.refused.live', { state: 'running' }),
          }),
        },
      ]);
      expect(text(outcome.items[0]?.reason)).toMatch(
        /^instance planned 2024-11-26 14:13:00: the instance is running; rerunning it now would start a second run/,
      );
      expect(outcome.message).toEqual(msg('huawei-dataarts.outcome.noneAsPreviewed', { count: 1 }));
      expect(text(outcome.message)).toMatch(/^Nothing was sent to DataArts: read again just before sending/);
      expect(emu.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
      expect(emu.retryCalls).toHaveLength(0);
      expect(emu.instance('test_job_name', PLAN)?.runs).toBe(1);
      expect(logs.text()).toMatch(/nothing is still as previewed/);
    });

    it('an instance that ran again since the preview (same state, new end) is left out, by rerun() and by a fresh preview of send', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const send = (await session.preview(paramsFor(target, instanceRaw(jobId)))).send!;
      emu.finishRun('test_job_name', PLAN, 'fail'); // someone reran it elsewhere, and it failed again
      const again = await session.preview(send);
      const ranAgain = {
        id: 'huawei-dataarts.refused.ranAgain',
        params: { endedThen: '2024-11-26 14:14:00', endedNow: expect.any(String) },
      };
      expect(again.items[0]).toMatchObject({ state: 'fail', eligible: false, reason: ranAgain });
      expect(text(again.items[0]?.reason)).toMatch(
        /ran again since the preview \(ended 2024-11-26 14:14:00 then, ended .* now\)/,
      );
      expect(again.send).toBeNull();
      const outcome = await session.rerun(send);
      expect(outcome).toMatchObject({
        status: 'rejected',
        calls: 0,
        items: [
          { result: 'refused', reason: { id: 'huawei-dataarts.refused.atInstance', params: { reason: ranAgain } } },
        ],
      });
      emu.finishRun('test_job_name', PLAN, 'manual-stop');
      expect((await session.rerun(send)).items[0]?.reason).toEqual(
        msg('huawei-dataarts.refused.atInstance', {
          planned: '2024-11-26 14:13:00',
          reason: msg('huawei-dataarts.refused.stateChanged', { was: 'fail', now: 'manual-stop' }),
        }),
      );
      expect(emu.retryCalls).toHaveLength(0);
    });

    it('of several, only those still as previewed are sent; the others are reported refused', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      emu.addInstance('test_job_name', { plan_time: PLAN + 3_600_000, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const params = paramsFor(target, {
        job: 'test_job_name',
        location: 'errorNode',
        version: 'original',
        instance: [`${jobId}:${PLAN}:${SUBMIT}`, `${jobId}:${PLAN + 3_600_000}:${SUBMIT}`],
      });
      const send = (await session.preview(params)).send!;
      emu.finishRun('test_job_name', PLAN + 3_600_000, 'waiting');
      const outcome = await session.rerun(send);
      expect(outcome).toMatchObject({ status: 'partial', calls: 1 });
      expect(outcome.items).toEqual([
        { id: 'test_job_name', result: 'accepted' },
        {
          id: 'test_job_name',
          result: 'refused',
          reason: msg('huawei-dataarts.refused.atInstance', {
            planned: '2024-11-26 15:13:00',
            reason: msg('huawei-dataarts.refused.live', { state: 'waiting' }),
          }),
        },
      ]);
      expect(outcome.message).toEqual({
        id: 'provider.merged',
        params: {
          parts: [
            msg('huawei-dataarts.outcome.accepted.one', {
              job: 'test_job_name',
              planned: '2024-11-26 14:13:00 Asia/Shanghai',
            }),
            msg('huawei-dataarts.outcome.leftOut', { count: 1 }),
          ],
        },
      });
      expect(text(outcome.message)).toMatch(
        /DataArts accepted the rerun of the instance of test_job_name planned 2024-11-26 14:13:00[^]*Left out, as read again just before sending/,
      );
      expect(emu.retryCalls[0]?.body['task_retrys']).toEqual([{ job_id: jobId, plan_time: PLAN, submit_time: SUBMIT }]);
    });

    it('sends nothing when the state cannot be read just before sending', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const send = (await session.preview(paramsFor(target, instanceRaw(jobId)))).send!;
      emu.inject({ fault: { kind: 'status', status: 503, body: '{}' }, match: (r) => r.method === 'GET', times: 10 });
      const outcome = await session.rerun(send);
      expect(outcome).toMatchObject({ status: 'rejected', calls: 0 });
      expect(outcome.message).toEqual(
        msg('huawei-dataarts.outcome.notReadBeforeSending', {
          reason: msg('huawei-dataarts.error.internal', { said: undefined, httpStatus: 503 }),
        }),
      );
      expect(text(outcome.message)).toMatch(
        /^Nothing was sent to DataArts: the state could not be read again just before sending\. DataArts had an internal error/,
      );
      expect(emu.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    });

    it('chain mode: a job whose window gained a live instance, or changed, is left out', async () => {
      emu.addJob('job_a');
      emu.addJob('job_b');
      emu.addInstance('job_a', { plan_time: PLAN, status: 'fail' });
      emu.addInstance('job_b', { plan_time: PLAN, status: 'fail' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const params = paramsFor(target, {
        job: 'test_job_name',
        mode: 'chain',
        location: 'firstNode',
        version: 'current',
        jobs: ['job_a', 'job_b'],
        begin: String(PLAN - 60_000),
        end: String(PLAN + 3_600_000),
      });
      const send = (await session.preview(params)).send!;
      expect(send).toMatchObject({
        jobs: [`job_a@${WS}`, `job_b@${WS}`],
        seen: { [`job_a@${WS}`]: 'fail×1', [`job_b@${WS}`]: 'fail×1' },
      });
      emu.addInstance('job_a', { plan_time: PLAN + 1_800_000, status: 'running' });
      let outcome = await session.rerun(send);
      expect(outcome).toMatchObject({
        status: 'partial',
        calls: 1,
        items: [
          { id: 'job_b', result: 'accepted' },
          {
            id: 'job_a',
            result: 'refused',
            reason: { id: 'huawei-dataarts.refused.chain.live', params: { count: 1, state: 'running' } },
          },
        ],
      });
      expect(emu.retryCalls[0]?.body['jobs']).toEqual([{ job_name: 'job_b', workspace_id: WS }]);
      emu.finishRun('job_a', PLAN + 1_800_000, 'success');
      outcome = await session.rerun({ ...(send as Extract<RerunParams, { mode: 'chain' }>), jobs: [`job_a@${WS}`] });
      expect(outcome).toMatchObject({
        status: 'rejected',
        calls: 0,
        items: [
          {
            id: 'job_a',
            result: 'refused',
            reason: msg('huawei-dataarts.refused.chain.changed', { then: 'fail×1', now: 'fail×1, success×1' }),
          },
        ],
      });
      emu.jobs.delete(`${WS}/job_a`);
      outcome = await session.rerun({ ...(send as Extract<RerunParams, { mode: 'chain' }>), jobs: [`job_a@${WS}`] });
      expect(outcome).toMatchObject({
        status: 'rejected',
        calls: 0,
        items: [
          {
            id: 'job_a',
            result: 'refused',
            reason: { id: 'huawei-dataarts.error.noJob', params: { job: 'job_a', workspace: WS } },
          },
        ],
      });
      expect(emu.retryCalls).toHaveLength(1);
    });
  });

  describe(`at most ${MAX_LIST_CALLS} list calls per preview`, () => {
    it('a chain preview stops there, refuses the jobs it could not read and says so', { timeout: 60_000 }, async () => {
      const jobs = Array.from({ length: 55 }, (_, i) => `job_${String(i).padStart(2, '0')}`);
      for (const j of jobs) {
        emu.addJob(j);
        emu.addInstance(j, { plan_time: PLAN, status: 'fail' });
      }
      const target = targetFor(emu);
      // The pace is not what this test is about: its waits pass at once (pacing has its own tests).
      const { session } = connect(target, { pacers: createPacers({ sleep: async () => undefined }) });
      // 31 days: two list slices per job, so 50 jobs use the budget up.
      const params = paramsFor(target, {
        job: 'test_job_name',
        mode: 'chain',
        location: 'firstNode',
        version: 'current',
        jobs: jobs.join(','),
        begin: String(PLAN - 86_400_000),
        end: String(PLAN + 30 * 86_400_000),
      });
      const preview = await session.preview(params);
      expect(emu.requests.filter((r) => r.path.endsWith('/instances/detail'))).toHaveLength(MAX_LIST_CALLS);
      expect(preview.items.filter((i) => i.eligible)).toHaveLength(50);
      const unread = preview.items.filter((i) => !i.eligible);
      expect(unread.map((i) => i.id)).toEqual(jobs.slice(50));
      for (const i of unread)
        expect(i).toMatchObject({
          state: 'NOT READ',
          reason: msg('huawei-dataarts.refused.chain.notRead', { maxCalls: MAX_LIST_CALLS }),
        });
      expect(text(unread[0]?.reason)).toMatch(/^not checked: this check stops after 100 list calls/);
      expect(preview.notes).toContainEqual(msg('huawei-dataarts.note.cutShort.jobs', { maxCalls: MAX_LIST_CALLS }));
      expect(preview.notes.map((n) => text(n)).join(' ')).toMatch(
        /The preview was cut short after 100 list calls: some jobs were not read in full and refused/,
      );
      expect((preview.send as Extract<RerunParams, { mode: 'chain' }>).jobs).toHaveLength(50);
    });

    it('a job with more instances in the window than one read takes is refused, as a live one may be unread', async () => {
      emu.addJob('busy_job');
      for (let i = 0; i < 1_001; i += 1)
        emu.addInstance('busy_job', { plan_time: PLAN + i * 60_000, status: 'success' });
      const target = targetFor(emu);
      const params = paramsFor(target, {
        job: 'busy_job',
        mode: 'chain',
        location: 'firstNode',
        version: 'current',
        begin: String(PLAN),
        end: String(PLAN + 2 * 86_400_000),
      });
      const preview = await connect(target).session.preview(params);
      expect(preview.items[0]).toMatchObject({
        id: 'busy_job',
        eligible: false,
        reason: { id: 'huawei-dataarts.refused.chain.incomplete', params: { maxListed: 1000 } },
      });
      expect(text(preview.items[0]?.reason)).toMatch(/not all of its instances .* could be read \(more than 1,000/);
      expect(preview.items[0]?.details?.[0]).toEqual(
        msg('huawei-dataarts.detail.chain.count', { count: 1000, more: true }),
      );
      expect(text(preview.items[0]?.details?.[0])).toBe('1,000+ instances in the window');
      expect(preview.send).toBeNull();
    });
  });
});
