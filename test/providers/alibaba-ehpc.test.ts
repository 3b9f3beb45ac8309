import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providerContract } from './contract.ts';
import { createRenderer, type SurfaceStyle } from '../../src/i18n/render.ts';
import type { Message } from '../../src/lib/message.ts';
import { inputIssue } from '../../src/lib/zod-issues.ts';
import { alibabaEhpc } from '../../src/providers/alibaba-ehpc/index.ts';
import { messages, msg } from '../../src/providers/alibaba-ehpc/messages.ts';
import type { RerunParams } from '../../src/providers/alibaba-ehpc/schema.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { sharedMessages } from '../../src/providers/_shared/messages.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import type { Pacers, ProviderSession, RawParams } from '../../src/providers/types.ts';
import {
  startEhpcEmulator,
  type EhpcCredentials,
  type EhpcEmulator,
} from '../../src/providers/alibaba-ehpc/emulator.ts';
import type { RecordedRequest } from '../../src/emulators/server.ts';
import { fitChoices } from '../../src/slack/blocks/option.ts';
import { slackWords } from '../../src/slack/words.ts';
import { captureLogger } from '../support/logs.ts';

const creds: EhpcCredentials = { accessKeyId: 'fake-access-key-id', accessKeySecret: 'fake-secret-for-tests' };
const CLUSTER = 'ehpc-hz-FYUr32abcd';

const isRerunCall = (r: RecordedRequest) =>
  r.headers['x-acs-action'] === 'RerunJobs' || /[?&]Action=RerunJobs(&|$)/.test(r.url);
const isListCall = (r: RecordedRequest) =>
  r.headers['x-acs-action'] === 'ListJobs' || /[?&]Action=ListJobs(&|$)/.test(r.url);
const queryOf = (r: RecordedRequest) => new URLSearchParams(r.url.slice(r.url.indexOf('?') + 1));

/** Plain text with nothing escaped: enough to read the words of a message in a test. */
const plain: SurfaceStyle = {
  escape: (s) => s,
  code: (s) => s,
  strong: (s) => s,
  user: (id) => `@${id}`,
  command: (args) => `/rerun ${args}`,
  date: (at) => at.toISOString(),
};
const renderer = createRenderer([messages, sharedMessages], () => new Date());
const english = (m: Message) => renderer.render(m, 'en', plain);

for (const signatureVersion of ['v3', 'v1'] as const) {
  providerContract(`alibaba-ehpc (${signatureVersion})`, async () => {
    const emu = await startEhpcEmulator(creds);
    emu.addCluster(CLUSTER);
    emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
    return {
      provider: alibabaEhpc,
      server: emu,
      target: {
        provider: 'alibaba-ehpc',
        region: 'cn-hangzhou',
        clusterId: CLUSTER,
        signatureVersion,
        endpoint: emu.url,
        timeout: '1s',
        auth: creds,
      },
      params: { jobs: ['1.scheduler'] },
      secrets: [creds.accessKeySecret],
      isRerunCall,
      notFoundNext: () => emu.failNext('ClusterNotFound'),
      throttleNext: () => emu.failNext('Throttling.User'),
      close: () => emu.close(),
    };
  });
}

interface Harness {
  session: ProviderSession<RerunParams>;
  params(raw: RawParams): RerunParams;
  logs: ReturnType<typeof captureLogger>;
}

function connect(
  emu: EhpcEmulator,
  target: Record<string, unknown> = {},
  clockOffsetMs = 0,
  pacers: Pacers = createPacers(),
): Harness {
  const parsed = alibabaEhpc.targetSchema.parse({
    provider: 'alibaba-ehpc',
    region: 'cn-hangzhou',
    clusterId: CLUSTER,
    endpoint: emu.url,
    timeout: '2s',
    auth: creds,
    ...target,
  });
  const logs = captureLogger();
  const session = alibabaEhpc.connect(parsed, {
    http: createHttpClient(),
    clock: { now: () => new Date(Date.now() + clockOffsetMs) },
    logger: logs.logger,
    timing: FAST_TIMING,
    pacers,
  }) as ProviderSession<RerunParams>;
  const schema = alibabaEhpc.paramsSchema({ target: parsed, now: new Date() });
  return { session, logs, params: (raw) => schema.parse(raw) as RerunParams };
}

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

describe('alibaba-ehpc against the emulator', () => {
  let emu: EhpcEmulator;
  beforeEach(async () => {
    emu = await startEhpcEmulator(creds);
    emu.addCluster(CLUSTER);
  });
  afterEach(async () => {
    await emu.close();
  });

  describe('preview', () => {
    it('marks RUNNING and QUEUED jobs eligible and refuses FINISHED and unknown ones with the reason', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING', { NodeList: ['compute7'] });
      emu.addJob(CLUSTER, '2.scheduler', 'QUEUED');
      emu.addJob(CLUSTER, '3.scheduler', 'FINISHED');
      const h = connect(emu);
      const preview = await h.session.preview(
        h.params({ jobs: ['1.scheduler', '2.scheduler', '3.scheduler', '9.scheduler'] }),
      );
      expect(preview.items.map((i) => [i.id, i.state, i.eligible])).toEqual([
        ['1.scheduler', 'RUNNING', true],
        ['2.scheduler', 'QUEUED', true],
        ['3.scheduler', 'FINISHED', false],
        ['9.scheduler', 'NOT FOUND', false],
      ]);
      expect(preview.items[0]?.details).toContainEqual(msg('alibaba-ehpc.detail.nodes', { nodes: ['compute7'] }));
      expect(preview.items[2]?.reason).toEqual(msg('alibaba-ehpc.refused.finished', {}));
      expect(preview.items[3]?.reason).toEqual(
        msg('alibaba-ehpc.refused.notFound', { id: '9.scheduler', cluster: 'ehpc-hz-FYUr32abcd' }),
      );
      expect(preview.notes).toEqual([
        msg('alibaba-ehpc.note.whatItDoes', {}),
        msg('alibaba-ehpc.note.plan', { count: 2, calls: 1, perCall: 100, perSecond: 1 }),
      ]);
      expect(english(preview.notes[0] as Message)).toMatch(/requeues jobs that are RUNNING or QUEUED/);
      expect(english(preview.notes[0] as Message)).toMatch(/FINISHED cannot be rerun/);
      expect(preview.send).toEqual({ jobs: ['1.scheduler', '2.scheduler'], cluster: CLUSTER, async: false });
    });

    it('sends nothing when no job is eligible', async () => {
      emu.addJob(CLUSTER, '3.scheduler', 'FINISHED');
      const h = connect(emu);
      const preview = await h.session.preview(h.params({ jobs: ['3.scheduler'] }));
      expect(preview.send).toBeNull();
    });

    it('pages through ListJobs 50 at a time and stops once every job is found', async () => {
      for (let i = 1; i <= 180; i += 1) emu.addJob(CLUSTER, `${i}.scheduler`, 'RUNNING');
      const h = connect(emu);
      const preview = await h.session.preview(h.params({ jobs: ['120.scheduler'] }));
      expect(preview.items[0]?.eligible).toBe(true);
      const lists = emu.requests.filter(isListCall).map((r) => Object.fromEntries(queryOf(r)));
      expect(lists.map((q) => [q['State'], q['PageNumber'], q['PageSize']])).toEqual([
        ['notfinish', '1', '50'],
        ['notfinish', '2', '50'],
        ['notfinish', '3', '50'],
      ]);
    });

    it('mentions the async channel when async=true', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      const h = connect(emu);
      const preview = await h.session.preview(h.params({ jobs: ['1.scheduler'], async: 'yes' }));
      expect(preview.notes).toContainEqual(msg('alibaba-ehpc.note.async', {}));
    });

    it('explains an unknown cluster', async () => {
      const h = connect(emu);
      await expect(
        h.session.preview(h.params({ jobs: ['1.scheduler'], cluster: 'ehpc-hz-nothere01' })),
      ).rejects.toMatchObject({
        code: 'ClusterNotFound',
        detail: {
          id: 'alibaba-ehpc.error.clusterNotFound',
          params: {
            cluster: 'ehpc-hz-nothere01',
            region: 'cn-hangzhou',
            vendor: 'The specified cluster does not exist.',
            diagnosis: expect.stringMatching(/^https:\/\/api\.aliyun\.com\/troubleshoot/),
          },
        },
      });
    });
  });

  describe('describeCall', () => {
    it('V3: the exact request, Jobs as the API takes it, credentials redacted', () => {
      const h = connect(emu, { auth: { ...creds, securityToken: 'fake-sts-token' } });
      const [call, more] = h.session.describeCall({
        jobs: ['1.scheduler'],
        cluster: 'ehpc-sh-3VeFyRabcd',
        async: false,
      });
      expect(more).toBeUndefined();
      expect(call?.method).toBe('GET');
      expect(call?.url).toBe(`${emu.url}/?ClusterId=ehpc-sh-3VeFyRabcd&Jobs=%5B%7B%22Id%22%3A%221.scheduler%22%7D%5D`);
      expect(call?.headers['x-acs-action']).toBe('RerunJobs');
      expect(call?.headers['x-acs-version']).toBe('2018-04-12');
      expect(call?.headers['authorization']).toMatch(
        /^ACS3-HMAC-SHA256 Credential=\[redacted\],SignedHeaders=host;.*,Signature=\[redacted\]$/,
      );
      expect(call?.headers['x-acs-security-token']).toBe('[redacted]');
      const text = JSON.stringify(call);
      for (const secret of [creds.accessKeySecret, creds.accessKeyId, 'fake-sts-token'])
        expect(text).not.toContain(secret);
    });

    it('V1: the query with AccessKeyId, SecurityToken and Signature redacted; one call per 100 jobs', () => {
      const h = connect(emu, { signatureVersion: 'v1', auth: { ...creds, securityToken: 'fake-sts-token' } });
      const jobs = Array.from({ length: 150 }, (_, i) => `${i + 1}.scheduler`);
      const calls = h.session.describeCall({ jobs, cluster: CLUSTER, async: true });
      expect(calls).toHaveLength(2);
      const url = calls[0]?.url ?? '';
      expect(url).toMatch(/AccessKeyId=\[redacted\]/);
      expect(url).toMatch(/SecurityToken=\[redacted\]/);
      expect(url).toMatch(/&Signature=\[redacted\]$/);
      expect(url).toMatch(/Action=RerunJobs&Async=true&ClusterId=ehpc-hz-FYUr32abcd/);
      expect(decodeURIComponent(/Jobs=([^&]+)/.exec(calls[1]?.url ?? '')?.[1] ?? '')).toBe(
        JSON.stringify(jobs.slice(100).map((Id) => ({ Id }))),
      );
      for (const secret of [creds.accessKeySecret, creds.accessKeyId, 'fake-sts-token'])
        expect(JSON.stringify(calls)).not.toContain(secret);
    });
  });

  describe('rerun', () => {
    it.each(['v3', 'v1'] as const)(
      '%s: requeues the jobs, with Jobs on the wire exactly as the vectors show',
      async (signatureVersion) => {
        emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
        const h = connect(emu, { signatureVersion });
        const outcome = await h.session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: true });
        expect(outcome).toMatchObject({
          status: 'accepted',
          calls: 1,
          items: [{ id: '1.scheduler', result: 'accepted' }],
        });
        expect(outcome.requestId).toMatch(/^[0-9A-F-]{36}$/);
        expect(outcome.message).toEqual(
          msg('alibaba-ehpc.outcome.accepted', { count: 1, cluster: CLUSTER, async: true }),
        );
        const wire = queryOf(emu.requests.filter(isRerunCall)[0] as RecordedRequest);
        expect(wire.get('Jobs')).toBe('[{"Id":"1.scheduler"}]');
        expect(wire.get('ClusterId')).toBe(CLUSTER);
        expect(wire.get('Async')).toBe('true');
        expect(emu.rerunCalls).toEqual([
          {
            cluster: CLUSTER,
            jobs: ['1.scheduler'],
            async: true,
            signature: signatureVersion,
            requeued: ['1.scheduler'],
          },
        ]);
        expect(emu.job(CLUSTER, '1.scheduler')).toMatchObject({ State: 'QUEUED', reruns: 1 });
      },
    );

    it('splits 250 jobs into calls of 100, 100 and 50 and merges the outcomes, without earning a throttle', async () => {
      emu.ratePerSecond = 5;
      const jobs = Array.from({ length: 250 }, (_, i) => `${i + 1}.scheduler`);
      for (const id of jobs) emu.addJob(CLUSTER, id, 'RUNNING');
      const h = connect(emu);
      const outcome = await h.session.rerun({ jobs, cluster: CLUSTER, async: false });
      expect(outcome.status).toBe('accepted');
      expect(outcome.items).toHaveLength(250);
      expect(outcome.calls).toBe(3);
      expect(emu.rerunCalls.map((c) => c.jobs.length)).toEqual([100, 100, 50]);
      expect(outcome.requestId?.split(', ')).toHaveLength(3);
      expect(jobs.every((id) => emu.job(CLUSTER, id)?.State === 'QUEUED')).toBe(true);
    });

    it('does not send a job that finished since the preview, and sends the others', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.addJob(CLUSTER, '2.scheduler', 'RUNNING');
      const h = connect(emu);
      const preview = await h.session.preview(h.params({ jobs: ['1.scheduler', '2.scheduler'] }));
      (emu.job(CLUSTER, '2.scheduler') as { State: string }).State = 'FINISHED';
      const outcome = await h.session.rerun(preview.send as RerunParams);
      expect(outcome.status).toBe('partial');
      expect(outcome.items).toEqual([
        { id: '1.scheduler', result: 'accepted' },
        { id: '2.scheduler', result: 'refused', reason: msg('alibaba-ehpc.refused.goneSincePreview', {}) },
      ]);
      expect(outcome.message).toEqual({
        id: 'provider.merged',
        params: {
          parts: [
            msg('alibaba-ehpc.outcome.goneSincePreview', { jobs: ['2.scheduler'] }),
            msg('alibaba-ehpc.outcome.accepted', { count: 1, cluster: CLUSTER, async: false }),
          ],
        },
      });
      expect(english(outcome.message)).toMatch(/1 job was no longer running or queued and was not sent: 2\.scheduler/);
      expect(emu.rerunCalls.map((c) => c.jobs)).toEqual([['1.scheduler']]);
    });

    it('uses a new nonce and timestamp for every attempt (V3 and V1)', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.addJob(CLUSTER, '2.scheduler', 'RUNNING');
      emu.failNext('Throttling.User');
      const v3 = await connect(emu).session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
      expect(v3).toMatchObject({ status: 'accepted', calls: 2 });
      emu.failNext('Throttling.User');
      const v1 = await connect(emu, { signatureVersion: 'v1' }).session.rerun({
        jobs: ['2.scheduler'],
        cluster: CLUSTER,
        async: false,
      });
      expect(v1).toMatchObject({ status: 'accepted', calls: 2 });
      const [a, b, c, d] = emu.requests.filter(isRerunCall);
      expect(a?.headers['x-acs-signature-nonce']).toBeTruthy();
      expect(a?.headers['x-acs-signature-nonce']).not.toBe(b?.headers['x-acs-signature-nonce']);
      expect(queryOf(c as RecordedRequest).get('SignatureNonce')).not.toBe(
        queryOf(d as RecordedRequest).get('SignatureNonce'),
      );
    });

    it('re-signs and resends once after InvalidTimeStamp.Expired', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.failNext('InvalidTimeStamp.Expired');
      const outcome = await connect(emu).session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
      expect(outcome).toMatchObject({ status: 'accepted', calls: 2 });
      expect(emu.rerunCalls).toHaveLength(1);
    });

    it('reports SignatureNonceUsed on RerunJobs as outcome unknown and never resends (the same request arrived twice)', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.failNext('SignatureNonceUsed');
      const outcome = await connect(emu).session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
      expect(outcome).toMatchObject({ status: 'unknown', code: 'SignatureNonceUsed', calls: 1 });
      expect(emu.requests.filter(isRerunCall)).toHaveLength(1);
    });

    it('resends after ConflictOpt (nothing ran), and gives up with the code after 3 resends', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.failNext('ConflictOpt');
      expect(await connect(emu).session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false })).toMatchObject(
        { status: 'accepted', calls: 2 },
      );
      emu.addJob(CLUSTER, '2.scheduler', 'RUNNING');
      emu.failNext('ConflictOpt', { times: 10 });
      const outcome = await connect(emu).session.rerun({ jobs: ['2.scheduler'], cluster: CLUSTER, async: false });
      expect(outcome).toMatchObject({ status: 'rejected', code: 'ConflictOpt', calls: 4 });
      expect(outcome.message).toEqual(
        msg('alibaba-ehpc.error.conflict', expect.objectContaining({ cluster: CLUSTER })),
      );
      expect(emu.job(CLUSTER, '2.scheduler')?.reruns).toBe(0);
    });

    it('PartFailure: re-reads the states and reports per job, never resending', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.addJob(CLUSTER, '2.scheduler', 'RUNNING');
      emu.addJob(CLUSTER, '3.scheduler', 'QUEUED');
      emu.addJob(CLUSTER, '4.scheduler', 'QUEUED');
      emu.refuseRerun('2.scheduler', '4.scheduler');
      const outcome = await connect(emu).session.rerun({
        jobs: ['1.scheduler', '2.scheduler', '3.scheduler', '4.scheduler'],
        cluster: CLUSTER,
        async: false,
      });
      expect(outcome.status).toBe('partial');
      expect(outcome.code).toBe('PartFailure');
      expect(outcome.requestId).toMatch(/^[0-9A-F-]{36}$/);
      expect(outcome.calls).toBe(1);
      expect(outcome.items).toEqual([
        { id: '1.scheduler', result: 'accepted', reason: msg('alibaba-ehpc.reconcile.runningToQueued', {}) },
        {
          id: '2.scheduler',
          result: 'refused',
          reason: { id: 'alibaba-ehpc.reconcile.stillRunning', params: expect.anything() },
        },
        {
          id: '3.scheduler',
          result: 'accepted',
          reason: { id: 'alibaba-ehpc.reconcile.queuedChanged', params: { at: expect.any(String) } },
        },
        {
          id: '4.scheduler',
          result: 'unknown',
          reason: msg('alibaba-ehpc.reconcile.unclearUnchanged', { before: 'QUEUED', after: 'QUEUED' }),
        },
      ]);
      expect(outcome.message).toEqual(
        msg('alibaba-ehpc.outcome.reconciled', {
          reason: msg('alibaba-ehpc.error.partFailure', expect.objectContaining({ cluster: CLUSTER })),
          requeued: 2,
          notRequeued: 1,
          unclear: 1,
        }),
      );
      expect(emu.rerunCalls).toHaveLength(1);
    });

    it("AgentError.Job.RerunFailure for one job is a refusal with the scheduler's words", async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.refuseRerun('1.scheduler');
      const outcome = await connect(emu).session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
      expect(outcome).toMatchObject({ status: 'rejected', code: 'AgentError.Job.RerunFailure', calls: 1 });
      expect(outcome.message).toEqual(
        msg(
          'alibaba-ehpc.error.rerunFailure',
          expect.objectContaining({
            cluster: CLUSTER,
            jobs: ['1.scheduler'],
            vendor: expect.stringMatching(/not rerunnable/),
          }),
        ),
      );
    });

    it('stops after a request-wide refusal and does not send the remaining batches', async () => {
      const jobs = Array.from({ length: 150 }, (_, i) => `${i + 1}.scheduler`);
      for (const id of jobs) emu.addJob(CLUSTER, id, 'RUNNING');
      emu.failNext('NotAuthorized');
      const outcome = await connect(emu).session.rerun({ jobs, cluster: CLUSTER, async: false });
      expect(outcome.status).toBe('rejected');
      expect(outcome.calls).toBe(1);
      expect(outcome.items.filter((i) => i.result === 'refused')).toHaveLength(150);
      expect(outcome.items[149]?.reason).toEqual(
        msg('alibaba-ehpc.refused.earlierCallRefused', { code: 'NotAuthorized' }),
      );
      expect(emu.requests.filter(isRerunCall)).toHaveLength(1);
    });

    it('a bare HTTP 429 from a proxy counts as throttling: nothing ran, sent again', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.inject({ fault: { kind: 'status', status: 429, body: 'Too Many Requests' }, match: isRerunCall });
      const outcome = await connect(emu).session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
      expect(outcome).toMatchObject({ status: 'accepted', calls: 2 });
    });

    it('PartFailure: a job whose state shows no requeue is refused; without a readable state, unknown', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.addJob(CLUSTER, '2.scheduler', 'RUNNING');
      // A read answered 503 is retried; then RerunJobs answers PartFailure without requeueing anything.
      emu.failNext('ServiceUnavailable', { action: 'ListJobs' });
      emu.failNext('PartFailure');
      const outcome = await connect(emu).session.rerun({
        jobs: ['1.scheduler', '2.scheduler'],
        cluster: CLUSTER,
        async: false,
      });
      expect(outcome).toMatchObject({ status: 'rejected', code: 'PartFailure', calls: 1 });
      expect(outcome.items.map((i) => i.result)).toEqual(['refused', 'refused']);
      emu.addJob(CLUSTER, '3.scheduler', 'RUNNING');
      emu.failNext('PartFailure');
      emu.inject({ fault: { kind: 'status', status: 503, body: '{}' }, match: isListCall, times: 20 });
      const blind = await connect(emu).session.rerun({ jobs: ['3.scheduler'], cluster: CLUSTER, async: false });
      expect(blind).toMatchObject({ status: 'unknown', code: 'PartFailure' });
      expect(blind.items[0]?.reason).toEqual(msg('alibaba-ehpc.reconcile.notReadAfter', {}));
    });

    const mapping: [code: string, status: 'rejected' | 'unknown', message: string, params?: object][] = [
      ['InvalidParams', 'rejected', 'alibaba-ehpc.error.invalidParams', { cluster: CLUSTER }],
      ['NotEnabled', 'rejected', 'alibaba-ehpc.error.notEnabled'],
      ['InDebt', 'rejected', 'alibaba-ehpc.error.inDebt'],
      ['InvalidClusterStatus', 'rejected', 'alibaba-ehpc.error.clusterStatus', { cluster: CLUSTER }],
      [
        'ClusterNotFound',
        'rejected',
        'alibaba-ehpc.error.clusterNotFound',
        { cluster: CLUSTER, region: 'cn-hangzhou' },
      ],
      ['ManagerNotFound', 'rejected', 'alibaba-ehpc.error.managerNotFound', { cluster: CLUSTER }],
      ['NotAuthorized', 'rejected', 'alibaba-ehpc.error.notAuthorized'],
      ['Forbidden.RAM', 'rejected', 'alibaba-ehpc.error.ramForbidden'],
      ['MissingParameter', 'rejected', 'alibaba-ehpc.error.missingParameter'],
      ['IncompleteSignature', 'rejected', 'alibaba-ehpc.error.incompleteSignature'],
      ['InvalidAccessKeyId.NotFound', 'rejected', 'alibaba-ehpc.error.accessKeyNotFound'],
      ['InvalidAccessKeyId.Inactive', 'rejected', 'alibaba-ehpc.error.accessKeyInactive'],
      ['AgentResponseTimeout', 'unknown', 'alibaba-ehpc.error.agentTimeout', { cluster: CLUSTER }],
      ['AgentError', 'unknown', 'alibaba-ehpc.error.agentError', { cluster: CLUSTER }],
      ['AliyunError', 'unknown', 'alibaba-ehpc.error.aliyunError'],
      ['UnknownError', 'unknown', 'alibaba-ehpc.error.unknown'],
      ['InternalError', 'unknown', 'alibaba-ehpc.error.internal'],
      ['ServiceUnavailable', 'unknown', 'alibaba-ehpc.error.unavailable'],
    ];
    it.each(mapping)('%s → %s, with a sentence, the code and the request id', async (code, status, id, params = {}) => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.failNext(code);
      const outcome = await connect(emu).session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
      expect(outcome.status).toBe(status);
      expect(outcome.code).toBe(code);
      expect(outcome.requestId).toMatch(/^[0-9A-F-]{36}$/);
      // Our sentence, with the vendor's own words and diagnosis link as parameters.
      const detail = { id, params: { ...params, vendor: expect.any(String), diagnosis: expect.any(String) } };
      expect(outcome.message).toEqual(
        status === 'unknown' ? { id: 'provider.outcomeUnknown', params: { reason: detail } } : detail,
      );
      expect(outcome.items[0]?.reason).toEqual(detail);
      expect(outcome.calls).toBe(1);
      expect(emu.requests.filter(isRerunCall)).toHaveLength(1);
    });
  });

  describe('signatures and credentials', () => {
    it.each(['v3', 'v1'] as const)(
      '%s: a wrong secret is SignatureDoesNotMatch, refused and not resent',
      async (signatureVersion) => {
        emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
        const h = connect(emu, { signatureVersion, auth: { ...creds, accessKeySecret: 'wrong-secret-for-tests' } });
        const outcome = await h.session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
        expect(outcome).toMatchObject({ status: 'rejected', code: 'SignatureDoesNotMatch' });
        expect(outcome.message.id).toBe('alibaba-ehpc.error.signatureMismatch');
        expect(emu.requests.filter(isRerunCall)).toHaveLength(1);
        expect(emu.signatureFailures).toBeGreaterThan(0);
        expect(emu.job(CLUSTER, '1.scheduler')?.reruns).toBe(0);
      },
    );

    it.each(['v3', 'v1'] as const)(
      '%s: a clock 20 minutes off is InvalidTimeStamp.Expired, re-signed once, then refused',
      async (signatureVersion) => {
        emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
        const h = connect(emu, { signatureVersion }, -20 * 60_000);
        const outcome = await h.session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
        expect(outcome).toMatchObject({ status: 'rejected', code: 'InvalidTimeStamp.Expired', calls: 2 });
        expect(outcome.message.id).toBe('alibaba-ehpc.error.timestampExpired');
      },
    );

    it.each(['v3', 'v1'] as const)(
      '%s: the emulator refuses a replayed request with SignatureNonceUsed',
      async (signatureVersion) => {
        emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
        await connect(emu, { signatureVersion }).session.rerun({
          jobs: ['1.scheduler'],
          cluster: CLUSTER,
          async: false,
        });
        const sent = emu.requests.filter(isRerunCall)[0] as RecordedRequest;
        const { host: _host, connection: _c, ...headers } = sent.headers;
        const replay = await createHttpClient().send({
          method: sent.method,
          url: `${emu.url}${sent.url}`,
          headers,
          timeoutMs: 2000,
        });
        expect(replay.status).toBe(400);
        expect(JSON.parse(replay.body)).toMatchObject({ Code: 'SignatureNonceUsed' });
        expect(emu.job(CLUSTER, '1.scheduler')?.reruns).toBe(1);
      },
    );

    it.each(['v3', 'v1'] as const)('%s: STS credentials send and sign the security token', async (signatureVersion) => {
      await emu.close();
      emu = await startEhpcEmulator({ ...creds, securityToken: 'fake-sts-token-for-tests' });
      emu.addCluster(CLUSTER);
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      const withToken = connect(emu, {
        signatureVersion,
        auth: { ...creds, securityToken: 'fake-sts-token-for-tests' },
      });
      expect(await withToken.session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false })).toMatchObject({
        status: 'accepted',
      });
      expect(withToken.logs.text()).not.toContain('fake-sts-token-for-tests');
      emu.addJob(CLUSTER, '2.scheduler', 'RUNNING');
      const without = await connect(emu, { signatureVersion }).session.rerun({
        jobs: ['2.scheduler'],
        cluster: CLUSTER,
        async: false,
      });
      expect(without).toMatchObject({ status: 'rejected', code: 'InvalidSecurityToken.Malformed' });
    });

    it('never passes on the string to sign the gateway quotes (it holds the STS token)', async () => {
      await emu.close();
      emu = await startEhpcEmulator({ ...creds, securityToken: 'fake-sts-token-for-tests' });
      emu.addCluster(CLUSTER);
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      const h = connect(emu, {
        signatureVersion: 'v1',
        auth: { ...creds, accessKeySecret: 'wrong-secret-for-tests', securityToken: 'fake-sts-token-for-tests' },
      });
      const outcome = await h.session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
      expect(outcome.code).toBe('SignatureDoesNotMatch');
      expect(outcome.message.id).toBe('alibaba-ehpc.error.signatureMismatch');
      expect(JSON.stringify(outcome.message)).not.toMatch(/string to sign/);
      const everything = `${JSON.stringify(outcome)}\n${h.logs.text()}`;
      for (const secret of ['fake-sts-token-for-tests', 'wrong-secret-for-tests'])
        expect(everything).not.toContain(secret);
    });

    it('V3 signs host and every x-acs-* header it sends', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      await connect(emu).session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
      const sent = emu.requests.filter(isRerunCall)[0] as RecordedRequest;
      expect(sent.headers['host']).toBe(emu.host);
      expect(sent.headers['x-acs-content-sha256']).toBe(
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      );
      expect(sent.headers['authorization']).toContain(
        'SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,',
      );
    });
  });

  describe('status', () => {
    it('FINISHED and no-longer-listed jobs are terminal; RUNNING and QUEUED are not', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.addJob(CLUSTER, '2.scheduler', 'QUEUED');
      emu.addJob(CLUSTER, '3.scheduler', 'FINISHED');
      const h = connect(emu);
      const params = h.params({ jobs: ['1.scheduler', '2.scheduler', '3.scheduler', '4.scheduler'] });
      const status = await h.session.status(params, {});
      expect(status.items.map((i) => [i.id, i.state, i.terminal])).toEqual([
        ['1.scheduler', 'RUNNING', false],
        ['2.scheduler', 'QUEUED', false],
        ['3.scheduler', 'FINISHED', true],
        ['4.scheduler', 'FINISHED', true],
      ]);
      expect(status.items[3]?.detail).toEqual(msg('alibaba-ehpc.status.gone', {}));
      expect(status.items[0]?.detail).toEqual({
        id: 'alibaba-ehpc.status.job',
        params: { details: expect.arrayContaining([msg('alibaba-ehpc.detail.nodes', { nodes: ['compute2'] })]) },
      });
      expect(status.terminal).toBe(false);
      (emu.job(CLUSTER, '1.scheduler') as { State: string }).State = 'FINISHED';
      (emu.job(CLUSTER, '2.scheduler') as { State: string }).State = 'FINISHED';
      expect((await h.session.status(params, {})).terminal).toBe(true);
    });

    it('follows a rerun: RUNNING → QUEUED', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      const h = connect(emu);
      const params = h.params({ jobs: ['1.scheduler'] });
      await h.session.rerun(params);
      expect(await h.session.status(params, { acceptedAt: new Date().toISOString() })).toMatchObject({
        terminal: false,
        items: [{ id: '1.scheduler', state: 'QUEUED' }],
      });
    });
  });

  describe('options', () => {
    it('offers the running and queued jobs of the cluster, each a value the params schema reads', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING', { Name: 'cfd-run' });
      emu.addJob(CLUSTER, '2.scheduler', 'QUEUED');
      emu.addJob(CLUSTER, '3.scheduler', 'FINISHED');
      const h = connect(emu);
      const choices = (await h.session.options?.('jobs', {})) ?? [];
      expect(choices).toEqual([
        {
          value: '1.scheduler',
          label: msg('alibaba-ehpc.option.job', { id: '1.scheduler', name: 'cfd-run', state: 'RUNNING' }),
        },
        {
          value: '2.scheduler',
          label: msg('alibaba-ehpc.option.job', { id: '2.scheduler', name: 'job2', state: 'QUEUED' }),
        },
      ]);
      expect(english(choices[0]?.label as Message)).toBe('1.scheduler · cfd-run · RUNNING');
      for (const c of choices) {
        expect(c.value.length).toBeLessThanOrEqual(75);
        expect(h.params({ jobs: [c.value] }).jobs).toEqual([c.value]);
      }
      // What Slack receives: the labels as they are, within its 75 characters.
      expect(fitChoices(slackWords(renderer), choices, 'en')).toEqual([
        { value: '1.scheduler', label: '1.scheduler · cfd-run · RUNNING' },
        { value: '2.scheduler', label: '2.scheduler · job2 · QUEUED' },
      ]);
      expect(await h.session.options?.('jobs', { cluster: 'not-a-cluster' })).toEqual([]);
      expect(await h.session.options?.('async', {})).toEqual([]);
    });

    it('offers whole labels, which Slack fits to its 75 characters by cutting the name, keeping id and state', async () => {
      const name = 'cfd-run-with-a-very-long-name-for-the-parameter-sweep-of-the-wing-section';
      const longId = `${'9'.repeat(76)}.scheduler`;
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING', { Name: name });
      emu.addJob(CLUSTER, longId, 'QUEUED');
      const h = connect(emu);
      const choices = (await h.session.options?.('jobs', {})) ?? [];
      expect(choices.map((c) => c.value)).toEqual(['1.scheduler', longId]);
      expect(english(choices[0]?.label as Message)).toBe(`1.scheduler · ${name} · RUNNING`);
      for (const locale of ['en', 'zh-CN'] as const) {
        // An id longer than Slack's 75 characters cannot be a value: cut, it would name another job.
        const options = fitChoices(slackWords(renderer), choices, locale);
        expect(options.map((o) => o.value)).toEqual(['1.scheduler']);
        expect(options[0]?.label).toHaveLength(75);
        expect(options[0]?.label).toMatch(/^1\.scheduler · cfd-run-with-a-very-long-name.*… · \S/);
      }
      expect(fitChoices(slackWords(renderer), choices, 'en')[0]?.label).toMatch(/… · RUNNING$/);
    });
  });

  it('help and summary say plainly that it requeues running or queued jobs', () => {
    expect(english(alibabaEhpc.help.summary)).toMatch(
      /requeues E-HPC jobs that are RUNNING or QUEUED.*finished jobs cannot be rerun/,
    );
    const summary = alibabaEhpc.summarize({ jobs: ['1.scheduler'], cluster: CLUSTER, async: true });
    expect(summary).toEqual(msg('alibaba-ehpc.summary', { jobs: ['1.scheduler'], cluster: CLUSTER, async: true }));
    expect(english(summary)).toBe('Requeue 1 job on E-HPC cluster ehpc-hz-FYUr32abcd (async): 1.scheduler');
    expect(alibabaEhpc.fields.map((f) => [f.key, f.aliases])).toEqual([
      ['jobs', ['Jobs']],
      ['cluster', ['ClusterId']],
      ['async', ['Async']],
    ]);
  });
});

describe('alibaba-ehpc pacing', () => {
  it('paces per target through the injected pacers, keyed without any secret', async () => {
    const emu = await startEhpcEmulator({ ...creds, securityToken: 'fake-sts-token' });
    try {
      emu.addCluster(CLUSTER);
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      const real = createPacers();
      const asked: [string, number][] = [];
      const pacers: Pacers = {
        get(key, intervalMs) {
          asked.push([key, intervalMs]);
          return real.get(key, intervalMs);
        },
      };
      const h = connect(emu, { auth: { ...creds, securityToken: 'fake-sts-token' } }, 0, pacers);
      expect(await h.session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false })).toMatchObject({
        status: 'accepted',
      });
      // 4 calls per second for every action, 1 RerunJobs call per second, as before.
      expect(asked.map(([, ms]) => ms)).toEqual([250, 1000]);
      const [all, reruns] = asked.map(([key]) => key);
      expect(all?.startsWith('alibaba-ehpc:fake-access-key-id@')).toBe(true);
      expect(reruns).toBe(`${all}:RerunJobs`);
      for (const [key] of asked)
        for (const secret of [creds.accessKeySecret, 'fake-sts-token']) expect(key).not.toContain(secret);
      // Another target (another default cluster) has its own pace.
      connect(emu, { clusterId: 'ehpc-sh-3VeFyRabcd' }, 0, pacers);
      expect(new Set(asked.map(([key]) => key)).size).toBe(4);
    } finally {
      await emu.close();
    }
  });
});

describe('alibaba-ehpc messages', () => {
  const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  /** Messages made only of values (a pick-list entry): the same in every language. */
  const VALUES_ONLY = new Set(['alibaba-ehpc.option.job']);
  const all = Object.entries(messages.samples).map(([id, params]): Message => ({ id, params }));

  it('has an id under the provider for every message, and a sample of each', () => {
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) expect(m.id.startsWith('alibaba-ehpc.'), m.id).toBe(true);
    expect(Object.keys(messages.catalogs.en).sort()).toEqual(all.map((m) => m.id).sort());
    expect(Object.keys(messages.catalogs['zh-CN']).sort()).toEqual(all.map((m) => m.id).sort());
  });

  it.each(all.map((m) => [m.id, m] as const))('%s renders in English and in Chinese', (id, m) => {
    const en = renderer.render(m, 'en', plain);
    const zh = renderer.render(m, 'zh-CN', plain);
    expect(en.trim(), id).not.toBe('');
    expect(en, id).not.toMatch(CJK);
    expect(en, id).not.toContain('undefined');
    expect(zh, id).not.toContain('undefined');
    if (VALUES_ONLY.has(id)) return;
    expect(zh, id).not.toBe(en);
    expect(zh, id).toMatch(CJK);
  });

  it('shows the provider by its Chinese console name', () => {
    expect(renderer.render(alibabaEhpc.displayName, 'zh-CN', plain)).toBe('阿里云弹性高性能计算 E-HPC');
    expect(english(alibabaEhpc.displayName)).toBe('Alibaba Cloud E-HPC');
  });
});
