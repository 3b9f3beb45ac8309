import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providerContract } from './contract.ts';
import { createRenderer, type SurfaceStyle } from '../../src/i18n/render.ts';
import { LOCALES, type Message } from '../../src/lib/message.ts';
import { inputIssue } from '../../src/lib/zod-issues.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { tencentBatch } from '../../src/providers/tencent-batch/index.ts';
import { isProviderFailure } from '../../src/core/errors.ts';
import type { Pacers, ProviderSession } from '../../src/providers/types.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { captureLogger } from '../support/logs.ts';

const creds = { secretId: 'AKIDFAKEFAKEFAKE', secretKey: 'fake-secret-key-for-tests' };

/** Plain text with the parameters as they are: enough to read what a message says. */
const plain: SurfaceStyle = {
  escape: (s) => s,
  code: (s) => `\`${s}\``,
  strong: (s) => `*${s}*`,
  user: (id) => `@${id}`,
  command: (args) => `/rerun ${args}`,
  date: (at) => at.toISOString(),
};
const renderer = createRenderer([tencentBatch.messages], () => new Date());
const english = (m: Message) => renderer.render(m, 'en', plain);

/** CJK ideographs and full-width punctuation: none may appear in an English rendering. */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

providerContract('tencent-batch', async () => {
  const emu = await startTencentEmulator(creds);
  emu.ratePerSecond = 100;
  emu.addJob('job-failed01', 'FAILED');
  return {
    provider: tencentBatch,
    server: emu,
    target: { provider: 'tencent-batch', region: 'ap-guangzhou', endpoint: emu.url, timeout: '1s', auth: creds },
    params: { job_ids: ['job-failed01'] },
    secrets: [creds.secretKey],
    isRerunCall: (r) => r.headers['x-tc-action'] === 'RetryJobs',
    notFoundNext: () => emu.failNextRetry('ResourceNotFound.Job', 'Job does not exist.'),
    throttleNext: () => emu.failNextRetry('RequestLimitExceeded', 'Too many requests.'),
    statusMix: () => {
      const acceptedAt = new Date(Date.now() - 1_000).toISOString();
      // A retried job that still shows the failure it was retried for (ended before the retry).
      const oldFailure = { EndTime: '2024-11-26T07:00:00Z' };
      for (const id of ['job-twoa0001', 'job-twob0002', 'job-again003']) emu.addJob(id, 'RUNNING');
      emu.addJob('job-stale004', 'FAILED', 'stale', oldFailure);
      return {
        requests: [
          { params: { job_ids: ['job-twoa0001', 'job-twob0002'] }, acceptedAt },
          { params: { job_ids: ['job-again003'] }, acceptedAt },
          { params: { job_ids: ['job-stale004'] }, acceptedAt },
          { params: { job_ids: ['job-unknown5'] }, acceptedAt },
        ],
        steps: [
          // The retried run fails at once; the old failure still shown is not the retry's; the unknown job is gone.
          { act: () => emu.finish('job-again003', 'FAILED'), expect: ['running', 'failed', 'running', 'ended'] },
          { act: () => emu.finish('job-twoa0001', 'SUCCEED'), expect: ['running', 'failed', 'running', 'ended'] },
          {
            act: () => {
              emu.finish('job-twob0002', 'SUCCEED');
              emu.finish('job-stale004', 'SUCCEED');
            },
            expect: ['succeeded', 'failed', 'succeeded', 'ended'],
          },
        ],
        isStatusRead: (r) => r.headers['x-tc-action'] === 'DescribeJobs',
      };
    },
    close: () => emu.close(),
  };
});

describe('tencent-batch schemas', () => {
  const target = tencentBatch.targetSchema.parse({ provider: 'tencent-batch', region: 'ap-guangzhou', auth: creds });
  const params = tencentBatch.paramsSchema({ target, now: new Date() });

  it('reads a target with defaults and rejects unknown keys and bad regions', () => {
    expect(target).toMatchObject({ region: 'ap-guangzhou', timeZone: 'UTC', timeout: 15_000 });
    expect(
      tencentBatch.targetSchema.safeParse({ provider: 'tencent-batch', region: 'Guangzhou', auth: creds }).success,
    ).toBe(false);
    expect(
      tencentBatch.targetSchema.safeParse({
        provider: 'tencent-batch',
        region: 'ap-guangzhou',
        auth: { ...creds, extra: 1 },
      }).success,
    ).toBe(false);
    expect(
      tencentBatch.targetSchema.safeParse({
        provider: 'tencent-batch',
        region: 'ap-guangzhou',
        auth: { secretId: 'x' },
      }).success,
    ).toBe(false);
  });

  it('takes 1 to 1000 job ids, removes repeats, and rejects malformed ids', () => {
    expect(params.parse({ job_ids: ['job-rybewp57', 'job-rybewp57', 'job-97zcl3wt'] })).toEqual({
      job_ids: ['job-rybewp57', 'job-97zcl3wt'],
    });
    const empty = params.safeParse({ job_ids: [] });
    expect(empty.success).toBe(false);
    // An empty list counts as missing, so the form opens instead of an error.
    expect(empty.error?.issues.map(inputIssue)).toEqual([
      { code: 'required', message: { id: 'tencent-batch.input.noJobIds', params: {} } },
    ]);
    const malformed = params.safeParse({ job_ids: ['job-ok123456', ' JOB-1 '] });
    expect(malformed.success).toBe(false);
    expect(malformed.error?.issues.map(inputIssue)).toEqual([
      {
        code: 'invalid',
        message: {
          id: 'input.atItem',
          params: {
            item: 2,
            issue: { id: 'tencent-batch.input.jobId', params: { value: 'JOB-1', example: 'job-rybewp57' } },
          },
        },
      },
    ]);
    const tooMany = params.safeParse({
      job_ids: Array.from({ length: 1001 }, (_, i) => `job-${String(i).padStart(8, '0')}`),
    });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues.map(inputIssue)).toEqual([
      { code: 'invalid', message: { id: 'tencent-batch.input.tooManyJobIds', params: { max: 1000, count: 1001 } } },
    ]);
    expect(params.safeParse({ job_ids: ['job-ok123456'], other: 1 }).success).toBe(true);
  });
});

describe('tencent-batch against the emulator', () => {
  let emu: TencentEmulator;
  let session: ProviderSession<unknown>;
  let logs: ReturnType<typeof captureLogger>;
  /** One per test, as the process has one: sessions of the same credential share its pace. */
  let pacers: Pacers;

  function connect(extra: Record<string, unknown> = {}): ProviderSession<unknown> {
    const target = tencentBatch.targetSchema.parse({
      provider: 'tencent-batch',
      region: 'ap-guangzhou',
      endpoint: emu.url,
      timeout: '1s',
      auth: creds,
      ...extra,
    });
    return tencentBatch.connect(target, {
      http: createHttpClient(),
      clock: { now: () => new Date() },
      logger: logs.logger,
      timing: FAST_TIMING,
      pacers,
    });
  }

  beforeEach(async () => {
    emu = await startTencentEmulator(creds);
    emu.ratePerSecond = 100;
    logs = captureLogger();
    pacers = createPacers();
    session = connect();
  });
  afterEach(async () => {
    await emu.close();
  });

  it('previews each job: FAILED is sent, other states and unknown ids are refused with the reason', async () => {
    emu.addJob('job-failed01', 'FAILED', 'etl');
    emu.addJob('job-succee01', 'SUCCEED');
    emu.addJob('job-runnin01', 'RUNNING');
    const p = await session.preview({ job_ids: ['job-failed01', 'job-succee01', 'job-runnin01', 'job-missing1'] });
    expect(p.items.map((i) => [i.id, i.state, i.eligible])).toEqual([
      ['job-failed01', 'FAILED', true],
      ['job-succee01', 'SUCCEED', false],
      ['job-runnin01', 'RUNNING', false],
      ['job-missing1', 'NOT FOUND', false],
    ]);
    expect(p.items[1]?.reason).toEqual({ id: 'tencent-batch.refused.notFailed', params: { state: 'SUCCEED' } });
    expect(p.items[2]?.reason).toEqual({ id: 'tencent-batch.refused.notFailed', params: { state: 'RUNNING' } });
    expect(p.items[3]?.reason).toEqual({ id: 'tencent-batch.refused.notFound', params: { region: 'ap-guangzhou' } });
    expect(p.items[0]?.details).toEqual([
      { id: 'tencent-batch.detail.failedTasks', params: { count: 1 } },
      { id: 'tencent-batch.detail.created', params: { at: '2024-11-26T06:00:00.000Z' } },
    ]);
    expect(p.notes).toEqual([{ id: 'tencent-batch.note.retryJobs', params: {} }]);
    expect(p.send).toEqual({ job_ids: ['job-failed01'] });
  });

  it('describes the exact call with the credential redacted', () => {
    const [call] = session.describeCall({ job_ids: ['job-failed01'] });
    expect(call).toMatchObject({ method: 'POST', url: `${emu.url}/`, body: '{"JobIds":["job-failed01"]}' });
    expect(call?.headers).toMatchObject({
      'X-TC-Action': 'RetryJobs',
      'X-TC-Version': '2017-03-12',
      'X-TC-Region': 'ap-guangzhou',
      'Content-Type': 'application/json',
    });
    expect(call?.headers['Authorization']).toContain('[redacted]');
    expect(JSON.stringify(call)).not.toContain(creds.secretId);
  });

  it('sends temporary credentials with X-TC-Token and redacts it in the description', async () => {
    session = connect({ auth: { ...creds, token: 'fake-session-token' } });
    emu.addJob('job-failed01', 'FAILED');
    await session.rerun({ job_ids: ['job-failed01'] });
    const sent = emu.requests.find((r) => r.headers['x-tc-action'] === 'RetryJobs');
    expect(sent?.headers['x-tc-token']).toBe('fake-session-token');
    expect(JSON.stringify(session.describeCall({ job_ids: ['job-failed01'] }))).not.toContain('fake-session-token');
  });

  it('splits 250 jobs into RetryJobs calls of 100 and merges the outcomes per job', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `job-b${String(i).padStart(7, '0')}`);
    for (const id of ids) emu.addJob(id, 'FAILED');
    emu.failNextRetry('InternalError', 'boom');
    const outcome = await session.rerun({ job_ids: ids });
    expect(emu.retryCalls.map((c) => c.length)).toEqual([100, 50]);
    expect(outcome.status).toBe('partial');
    expect(outcome.items.filter((i) => i.result === 'unknown')).toHaveLength(100);
    expect(outcome.items.filter((i) => i.result === 'accepted')).toHaveLength(150);
    expect(outcome.calls).toBe(3);
    // Every call's request id is kept, the failed one's too.
    expect(outcome.requestId?.split(', ')).toHaveLength(3);
  });

  it('re-signs once after AuthFailure.SignatureExpire, which proves nothing ran', async () => {
    emu.addJob('job-failed01', 'FAILED');
    emu.failNextRetry('AuthFailure.SignatureExpire', 'expired');
    const outcome = await session.rerun({ job_ids: ['job-failed01'] });
    expect(outcome.status).toBe('accepted');
    const sent = emu.requests.filter((r) => r.headers['x-tc-action'] === 'RetryJobs');
    expect(sent).toHaveLength(2);
    expect(Number(sent[1]?.headers['x-tc-timestamp'])).toBeGreaterThanOrEqual(
      Number(sent[0]?.headers['x-tc-timestamp']),
    );
    expect(emu.authFailures).toBe(0);
  });

  const vendor = 'vendor words';
  const jobIds = ['job-failed01'];
  const notFailed = { id: 'tencent-batch.error.notFailed', params: { jobIds, vendor } };
  it.each<[string, string, Message]>([
    ['AuthFailure.SignatureFailure', 'rejected', { id: 'tencent-batch.error.signature', params: { vendor } }],
    ['AuthFailure.SecretIdNotFound', 'rejected', { id: 'tencent-batch.error.secretId', params: { vendor } }],
    [
      'UnauthorizedOperation.UserNotAllowedToUseBatch',
      'rejected',
      { id: 'tencent-batch.error.notAllowed', params: { vendor } },
    ],
    [
      'InvalidParameter.JobIdMalformed',
      'rejected',
      { id: 'tencent-batch.error.jobIdMalformed', params: { jobIds, example: 'job-rybewp57', vendor } },
    ],
    [
      'ResourceNotFound.Job',
      'rejected',
      { id: 'tencent-batch.error.jobNotFound', params: { jobIds, region: 'ap-guangzhou', vendor } },
    ],
    ['UnsupportedOperation', 'rejected', notFailed],
    ['ResourceInUse.Job', 'rejected', { id: 'tencent-batch.error.busy', params: { jobIds, vendor } }],
    ['UnsupportedRegion', 'rejected', { id: 'tencent-batch.error.region', params: { region: 'ap-guangzhou', vendor } }],
    [
      'InternalError',
      'unknown',
      { id: 'provider.outcomeUnknown', params: { reason: { id: 'tencent-batch.error.internal', params: { vendor } } } },
    ],
  ])('maps %s to a sentence, keeping the code and request id', async (code, status, message) => {
    emu.addJob('job-failed01', 'FAILED');
    emu.failNextRetry(code, vendor);
    const outcome = await session.rerun({ job_ids: ['job-failed01'] });
    expect(outcome.status).toBe(status);
    expect(outcome.code).toBe(code);
    expect(outcome.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.message).toEqual(message);
    // The code and request id travel beside the message, for the surface to show once.
    expect(english(outcome.message)).not.toContain(outcome.requestId);
    expect(emu.requests.filter((r) => r.headers['x-tc-action'] === 'RetryJobs')).toHaveLength(1);
  });

  it('refuses a wrong secret at the emulator and says which key to check', async () => {
    session = connect({ auth: { ...creds, secretKey: 'another-fake-key' } });
    emu.addJob('job-failed01', 'FAILED');
    const err: unknown = await session.preview({ job_ids: ['job-failed01'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isProviderFailure(err)).toBe(true);
    if (!isProviderFailure(err)) return;
    expect(err.code).toBe('AuthFailure.SignatureFailure');
    expect(err.detail.id).toBe('tencent-batch.error.signature');
    expect(english(err.detail)).toMatch(/check the target's `secretKey`/);
    expect(emu.authFailures).toBeGreaterThan(0);
  });

  it('reads the status after a rerun and says when every job has ended', async () => {
    emu.addJob('job-failed01', 'FAILED');
    const outcome = await session.rerun({ job_ids: ['job-failed01'] });
    expect(outcome.message).toEqual({ id: 'tencent-batch.accepted', params: { count: 1 } });
    const acceptedAt = new Date().toISOString();
    const moving = await session.status({ job_ids: ['job-failed01'] }, { acceptedAt });
    expect(moving).toMatchObject({ terminal: false, items: [{ id: 'job-failed01', state: 'RUNNABLE' }] });
    (emu.jobs.get('job-failed01') as { JobState: string }).JobState = 'SUCCEED';
    const done = await session.status({ job_ids: ['job-failed01'] }, { acceptedAt });
    expect(done).toMatchObject({ terminal: true, items: [{ id: 'job-failed01', state: 'SUCCEED', terminal: true }] });
  });

  it('paces two targets that share a SecretId as one account, so the 2/s limit is never hit', async () => {
    emu.ratePerSecond = 2;
    const gz = connect({ region: 'ap-guangzhou' });
    const sh = connect({ region: 'ap-shanghai' });
    emu.addJob('job-failed01', 'FAILED');
    // Each read names a whole call's worth of ids (100), so no two of them can share a call.
    const ids = (i: number) => ['job-failed01', ...Array.from({ length: 99 }, (_, k) => `job-x${i}-${k}`)];
    const reads = Array.from({ length: 6 }, (_, i) => (i % 2 ? gz : sh).status({ job_ids: ids(i) }, {}));
    const results = await Promise.all(reads);
    expect(results.every((r) => r.items[0]?.state === 'FAILED')).toBe(true);
    // Every answer was a real one: no RequestLimitExceeded was needed to be retried.
    expect(emu.requests).toHaveLength(6);
  });

  it('shares DescribeJobs calls among previews asked at once, so 100 previews fit in the pace (2 calls, not 100)', async () => {
    emu.ratePerSecond = 2;
    const job = (i: number) => `job-burst${String(i).padStart(3, '0')}`;
    for (let i = 0; i < 100; i++) emu.addJob(job(i), i % 10 ? 'FAILED' : 'RUNNING');
    const previews = await Promise.all(Array.from({ length: 100 }, (_, i) => session.preview({ job_ids: [job(i)] })));
    // Each preview sees its own job, and only its own.
    previews.forEach((p, i) =>
      expect([p.items.map((it) => [it.id, it.state]), p.send]).toEqual([
        [[job(i), i % 10 ? 'FAILED' : 'RUNNING']],
        i % 10 ? { job_ids: [job(i)] } : null,
      ]),
    );
    // The first call goes alone; everything asked while it waited rides on the next.
    const calls = emu.requests.filter((r) => r.headers['x-tc-action'] === 'DescribeJobs');
    expect(calls.length).toBeLessThanOrEqual(2);
  });

  it('does not take FAILED as final while Batch has not picked up an accepted retry', async () => {
    emu.lagAfterRetry = true;
    emu.addJob('job-failed01', 'FAILED');
    await session.rerun({ job_ids: ['job-failed01'] });
    const status = await session.status({ job_ids: ['job-failed01'] }, { acceptedAt: new Date().toISOString() });
    expect(status.terminal).toBe(false);
    expect(status.items[0]).toMatchObject({
      state: 'FAILED',
      detail: { id: 'tencent-batch.status.awaitingPickup', params: {} },
    });
  });

  it('takes FAILED as final within the grace when the job ended after the accepted retry (it failed again at once)', async () => {
    emu.addJob('job-failed01', 'FAILED', 'job', { EndTime: '2024-11-26T05:47:31Z' });
    const acceptedAt = new Date(Date.now() - 1_000).toISOString();
    await session.rerun({ job_ids: ['job-failed01'] });
    // The old failure's end time, before the retry: not final yet.
    emu.lagAfterRetry = true;
    const job = emu.jobs.get('job-failed01');
    if (job) Object.assign(job, { JobState: 'FAILED', EndTime: '2024-11-26T05:47:31Z' });
    expect((await session.status({ job_ids: ['job-failed01'] }, { acceptedAt })).terminal).toBe(false);
    emu.finish('job-failed01', 'FAILED');
    const status = await session.status({ job_ids: ['job-failed01'] }, { acceptedAt });
    expect(status.terminal).toBe(true);
    expect(status.items[0]).toMatchObject({ state: 'FAILED', terminal: true, result: 'failed' });
  });

  it('waits out the pickup grace after a restart too: the accepted time comes from the store', async () => {
    emu.lagAfterRetry = true;
    emu.addJob('job-failed01', 'FAILED');
    await session.rerun({ job_ids: ['job-failed01'] });
    const acceptedAt = new Date().toISOString();
    // A new session knows nothing of the rerun but what the store hands it.
    const afterRestart = connect();
    const status = await afterRestart.status({ job_ids: ['job-failed01'] }, { acceptedAt });
    expect(status.terminal).toBe(false);
    expect(status.items[0]?.detail).toEqual({ id: 'tencent-batch.status.awaitingPickup', params: {} });
  });

  it('takes FAILED as final once the grace has passed, or when no retry was accepted', async () => {
    emu.addJob('job-failed01', 'FAILED');
    const longAgo = new Date(Date.now() - 3 * 60_000).toISOString();
    for (const context of [{ acceptedAt: longAgo }, {}]) {
      const status = await session.status({ job_ids: ['job-failed01'] }, context);
      expect(status.terminal).toBe(true);
      expect(status.items[0]).toMatchObject({
        state: 'FAILED',
        terminal: true,
        detail: {
          id: 'tencent-batch.detail.facts',
          params: {
            facts: [
              { id: 'tencent-batch.detail.failedTasks', params: { count: 1 } },
              { id: 'tencent-batch.detail.created', params: { at: '2024-11-26T06:00:00.000Z' } },
            ],
          },
        },
      });
    }
  });

  it('asks the injected pacers for one pace per SecretId and action, never keyed by the secret', async () => {
    const asked: [string, number][] = [];
    const recording: Pacers = {
      get: (limits) => {
        for (const { key, intervalMs } of limits) asked.push([key, intervalMs]);
        return pacers.get(limits);
      },
    };
    const target = tencentBatch.targetSchema.parse({
      provider: 'tencent-batch',
      region: 'ap-shanghai',
      endpoint: emu.url,
      auth: creds,
    });
    const recorded = tencentBatch.connect(target, {
      http: createHttpClient(),
      clock: { now: () => new Date() },
      logger: logs.logger,
      timing: FAST_TIMING,
      pacers: recording,
    });
    emu.addJob('job-failed01', 'FAILED');
    await recorded.preview({ job_ids: ['job-failed01'] });
    await recorded.rerun({ job_ids: ['job-failed01'] });
    // Each action 2 requests per second, spaced 4% wider, on its own pace (made once per action).
    expect(asked).toEqual([
      ['tencent-batch:AKIDFAKEFAKEFAKE:DescribeJobs', 520],
      ['tencent-batch:AKIDFAKEFAKEFAKE:RetryJobs', 520],
    ]);
    expect(JSON.stringify(asked)).not.toContain(creds.secretKey);
  });
});

describe('tencent-batch messages', () => {
  const samples = renderer.samples();

  it("has one sample per message, and every id is the provider's own", () => {
    const ids = samples.map((m) => m.id).sort();
    for (const locale of LOCALES) expect(Object.keys(tencentBatch.messages.catalogs[locale]).sort()).toEqual(ids);
    for (const id of ids) expect(id.startsWith('tencent-batch.'), id).toBe(true);
  });

  it.each(samples.map((m) => [m.id, m] as const))('renders %s in English and in Chinese', (_id, m) => {
    const en = renderer.render(m, 'en', plain);
    const zh = renderer.render(m, 'zh-CN', plain);
    expect(en).not.toMatch(CJK);
    expect(zh).not.toBe(en);
    for (const text of [en, zh]) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/undefined|NaN|\[object /);
    }
  });

  it("keeps Tencent Cloud's own words in both languages, and leaves them out when there are none", () => {
    const withVendor = { id: 'tencent-batch.error.internal', params: { vendor: 'An internal error has occurred.' } };
    expect(renderer.render(withVendor, 'en', plain)).toBe(
      'Tencent Cloud Batch had an internal error. Tencent Cloud says: "An internal error has occurred."',
    );
    expect(renderer.render(withVendor, 'zh-CN', plain)).toBe(
      '腾讯云批量计算发生内部错误。腾讯云返回的信息：“An internal error has occurred.”',
    );
    const without = { id: 'tencent-batch.error.internal', params: {} };
    expect(renderer.render(without, 'en', plain)).toBe('Tencent Cloud Batch had an internal error');
    expect(renderer.render(without, 'zh-CN', plain)).toBe('腾讯云批量计算发生内部错误');
  });

  it('names the product as its console does', () => {
    expect(renderer.render(tencentBatch.displayName, 'en', plain)).toBe('Tencent Cloud Batch');
    expect(renderer.render(tencentBatch.displayName, 'zh-CN', plain)).toBe('腾讯云批量计算');
    expect(renderer.render(tencentBatch.summarize({ job_ids: ['job-a1234567', 'job-b1234567'] }), 'zh-CN', plain)).toBe(
      '重试 2 个批量计算作业：`job-a1234567`、`job-b1234567`',
    );
  });
});
