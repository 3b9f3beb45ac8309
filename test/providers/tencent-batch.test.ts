import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providerContract } from './contract.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { tencentBatch } from '../../src/providers/tencent-batch/index.ts';
import type { ProviderSession } from '../../src/providers/types.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { captureLogger } from '../support/logs.ts';

const creds = { secretId: 'AKIDFAKEFAKEFAKE', secretKey: 'fake-secret-key-for-tests' };

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
    expect(params.safeParse({ job_ids: [] }).success).toBe(false);
    expect(params.safeParse({ job_ids: ['JOB-1'] }).success).toBe(false);
    expect(
      params.safeParse({ job_ids: Array.from({ length: 1001 }, (_, i) => `job-${String(i).padStart(8, '0')}`) })
        .success,
    ).toBe(false);
    expect(params.safeParse({ job_ids: ['job-ok123456'], other: 1 }).success).toBe(true);
  });
});

describe('tencent-batch against the emulator', () => {
  let emu: TencentEmulator;
  let session: ProviderSession<unknown>;
  let logs: ReturnType<typeof captureLogger>;

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
    });
  }

  beforeEach(async () => {
    emu = await startTencentEmulator(creds);
    emu.ratePerSecond = 100;
    logs = captureLogger();
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
    expect(p.items[1]?.reason).toMatch(/only FAILED jobs can be retried; this one is SUCCEED/);
    expect(p.items[3]?.reason).toMatch(/no such job in ap-guangzhou/);
    expect(p.items[0]?.details).toContain('failed tasks: 1');
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

  it.each([
    ['AuthFailure.SignatureFailure', 'rejected', /refused the request signature; check the target's secretKey/],
    ['AuthFailure.SecretIdNotFound', 'rejected', /does not know the target's secretId/],
    ['UnauthorizedOperation.UserNotAllowedToUseBatch', 'rejected', /grant it batch:RetryJobs/],
    ['InvalidParameter.JobIdMalformed', 'rejected', /malformed/],
    ['ResourceNotFound.Job', 'rejected', /No job job-failed01 in ap-guangzhou; check the id/],
    ['UnsupportedOperation', 'rejected', /only jobs in state FAILED can be retried/],
    ['ResourceInUse.Job', 'rejected', /busy with another operation/],
    ['UnsupportedRegion', 'rejected', /not available in region ap-guangzhou/],
    ['InternalError', 'unknown', /Outcome unknown: Tencent Cloud Batch had an internal error/],
  ])('maps %s to a sentence, keeping the code and request id', async (code, status, sentence) => {
    emu.addJob('job-failed01', 'FAILED');
    emu.failNextRetry(code, 'vendor words');
    const outcome = await session.rerun({ job_ids: ['job-failed01'] });
    expect(outcome.status).toBe(status);
    expect(outcome.code).toBe(code);
    expect(outcome.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.message).toMatch(sentence);
    expect(outcome.message).toContain(outcome.requestId);
    expect(emu.requests.filter((r) => r.headers['x-tc-action'] === 'RetryJobs')).toHaveLength(1);
  });

  it('refuses a wrong secret at the emulator and says which key to check', async () => {
    session = connect({ auth: { ...creds, secretKey: 'another-fake-key' } });
    emu.addJob('job-failed01', 'FAILED');
    await expect(session.preview({ job_ids: ['job-failed01'] })).rejects.toThrow(/secretKey/);
    expect(emu.authFailures).toBeGreaterThan(0);
  });

  it('reads the status after a rerun and says when every job has ended', async () => {
    emu.addJob('job-failed01', 'FAILED');
    await session.rerun({ job_ids: ['job-failed01'] });
    const moving = await session.status({ job_ids: ['job-failed01'] });
    expect(moving).toMatchObject({ terminal: false, summary: 'job-failed01: RUNNABLE' });
    (emu.jobs.get('job-failed01') as { JobState: string }).JobState = 'SUCCEED';
    const done = await session.status({ job_ids: ['job-failed01'] });
    expect(done).toMatchObject({ terminal: true, summary: 'job-failed01: SUCCEED' });
  });

  it('paces two targets that share a SecretId as one account, so the 2/s limit is never hit', async () => {
    emu.ratePerSecond = 2;
    const gz = connect({ region: 'ap-guangzhou' });
    const sh = connect({ region: 'ap-shanghai' });
    emu.addJob('job-failed01', 'FAILED');
    const reads = Array.from({ length: 6 }, (_, i) => (i % 2 ? gz : sh).status({ job_ids: ['job-failed01'] }));
    const results = await Promise.all(reads);
    expect(results.every((r) => r.items[0]?.state === 'FAILED')).toBe(true);
    // Every answer was a real one: no RequestLimitExceeded was needed to be retried.
    expect(emu.requests).toHaveLength(6);
  });

  it('does not take FAILED as final while Batch has not picked up an accepted retry', async () => {
    emu.lagAfterRetry = true;
    emu.addJob('job-failed01', 'FAILED');
    await session.rerun({ job_ids: ['job-failed01'] });
    const status = await session.status({ job_ids: ['job-failed01'] });
    expect(status.terminal).toBe(false);
    expect(status.items[0]).toMatchObject({
      state: 'FAILED',
      detail: 'retry accepted; waiting for Batch to pick it up',
    });
  });
});
