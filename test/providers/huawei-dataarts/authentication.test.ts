/**
 * The three ways to authenticate, against the emulator (the emulator seeded with test_job_name,
 * started and closed around each test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { msg } from '../../../src/providers/huawei-dataarts/messages.ts';
import { startHuaweiEmulator, type HuaweiEmulator } from '../../../src/providers/huawei-dataarts/emulator.ts';
import {
  PROJECT,
  WS,
  AKSK,
  IAM_USER,
  STATIC_TOKEN,
  PLAN,
  SUBMIT,
  text,
  startEmu,
  targetFor,
  paramsFor,
  connect,
  instanceRaw,
} from './setup.ts';

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
});
