/**
 * The subtask retry against the emulator (an emulator seeded with task 100, started and closed
 * around each test): credentials, answers and resends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { sharedMsg } from '../../../src/providers/_shared/messages.ts';
import { msg } from '../../../src/providers/oceanbase-ocp/messages.ts';
import { retryParamsSchema, type RetryParams } from '../../../src/providers/oceanbase-ocp/schema.ts';
import { rfc1123, signOcp } from '../../../src/providers/oceanbase-ocp/sign.ts';
import { startOcpEmulator, type OcpEmulator } from '../../../src/providers/oceanbase-ocp/emulator.ts';
import {
  USER,
  VIEWER,
  akAuth,
  basicAuth,
  basicToken,
  seed,
  isRetry,
  render,
  type ConnectOptions,
  connectTo,
} from './setup.ts';

describe('oceanbase-ocp against the emulator', () => {
  let emu: OcpEmulator;
  beforeEach(async () => {
    emu = await startOcpEmulator({ users: [USER, VIEWER] });
    seed(emu);
  });
  afterEach(async () => {
    await emu.close();
  });
  const connect = (auth?: Record<string, string>, opts?: ConnectOptions) => connectTo(emu, auth, opts);
  const params = (task: number | string, subtask: number | string) =>
    retryParamsSchema.parse({ task: String(task), subtask: String(subtask) });

  describe('rerun', () => {
    it('retries the subtask with an AccessKey signature and keeps the trace id', async () => {
      const { session } = connect();
      const outcome = await session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'accepted', calls: 1, items: [{ id: '1000', result: 'accepted' }] });
      expect(outcome.requestId).toMatch(/^[0-9a-f]{16}$/);
      expect(outcome.message).toEqual(
        msg('oceanbase-ocp.outcome.accepted', {
          task: 100,
          subtask: 1000,
          name: 'Create tenant',
          state: 'RUNNING',
          runs: 2,
        }),
      );
      expect(emu.subtask(100, 1000)).toMatchObject({ status: 'RUNNING', runTime: 2, operation: 'RETRY' });
      expect(emu.tasks.get(100)?.status).toBe('RUNNING');
      expect(emu.retryCalls).toEqual([{ task: 100, subtask: 1000, user: 'rerun-bot' }]);
      const sent = emu.requests[0];
      expect(sent?.headers).toMatchObject({
        host: emu.host,
        'content-type': 'application/json',
        'x-ocp-origin': 'rerun-bot',
      });
      expect(sent?.headers['authorization']).toMatch(
        /^OCP-ACCESS-KEY-HMACSHA1 fake-access-key-for-tests:[A-Za-z0-9+/]+=*$/,
      );
      expect(sent?.body).toBe('');
    });

    it('retries the subtask with HTTP Basic', async () => {
      const outcome = await connect(basicAuth).session.rerun({ task: 100, subtask: 1000 });
      expect(outcome.status).toBe('accepted');
      expect(emu.requests[0]?.headers['authorization']).toBe(`Basic ${basicToken}`);
    });

    it('signs the base path when OCP is served under one', async () => {
      const behind = await startOcpEmulator({ users: [USER], basePath: '/ocp' });
      seed(behind);
      try {
        const session = connect(akAuth, { endpoint: `${behind.url}/ocp/` }).session;
        const send = (await session.preview(params(100, 1000))).send;
        expect(send).not.toBeNull();
        expect((await session.rerun(send as RetryParams)).status).toBe('accepted');
        expect(behind.requests.map((r) => r.path)).toEqual([
          '/ocp/api/v2/tasks/instances/100',
          '/ocp/api/v2/tasks/instances/100/subtasks/1000/retry',
        ]);
        expect(behind.authFailures).toEqual([]);
      } finally {
        await behind.close();
      }
    });

    it('tells a user without TASK_MANAGER what permission is missing', async () => {
      const { session, logs } = connect({ accessKey: VIEWER.accessKey, secretKey: VIEWER.secretKey });
      expect((await session.preview(params(100, 1000))).send).not.toBeNull();
      const outcome = await session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({
        status: 'rejected',
        code: '30014',
        calls: 1,
        items: [{ id: '1000', result: 'refused' }],
      });
      expect(outcome.message).toEqual(
        msg('oceanbase-ocp.error.permission.retry', { said: 'Operation not permitted: TASK_MANAGER is required' }),
      );
      expect(render(outcome.message)).toMatch(/lacks the `TASK_MANAGER` \(task management\) permission/);
      expect(outcome.requestId).toMatch(/^[0-9a-f]{16}$/);
      expect(emu.retryCalls).toHaveLength(0);
      expect(logs.text()).not.toContain(VIEWER.secretKey);
    });

    it('refuses a wrong password with a sentence about the credentials', async () => {
      const { session, logs } = connect({ username: USER.username, password: 'wrong-fake-password' });
      await expect(session.preview(params(100, 1000))).rejects.toMatchObject({
        kind: 'auth',
        code: '30004',
        detail: { id: 'oceanbase-ocp.error.auth.basic' },
      });
      const outcome = await session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'rejected', code: '30004', calls: 1 });
      expect(emu.authFailures).toContain('Bad credentials');
      expect(logs.text()).not.toContain('wrong-fake-password');
    });

    it('refuses a wrong secretKey: the emulator checks the signature', async () => {
      const outcome = await connect({ accessKey: USER.accessKey, secretKey: 'another-fake-secret' }).session.rerun({
        task: 100,
        subtask: 1000,
      });
      expect(outcome).toMatchObject({ status: 'rejected', code: '30000', calls: 1 });
      expect(outcome.message).toMatchObject({ id: 'oceanbase-ocp.error.auth.accessKey' });
      expect(emu.authFailures).toEqual(['Signature mismatch']);
      expect(emu.subtask(100, 1000)?.status).toBe('FAILED');
    });

    it('is refused when this host clock is 15 minutes or more off, and accepted within', async () => {
      const stale = await connect(akAuth, { now: () => new Date(Date.now() - 16 * 60_000) }).session.rerun({
        task: 100,
        subtask: 1000,
      });
      expect(stale).toMatchObject({ status: 'rejected', calls: 1 });
      expect(stale.message).toMatchObject({ id: 'oceanbase-ocp.error.auth.accessKey' });
      expect(render(stale.message)).toMatch(/this host's clock is within 15 minutes/);
      expect(emu.authFailures).toEqual(['Request expired: Date is more than 15 minutes from server time']);
      const skewed = await connect(akAuth, { now: () => new Date(Date.now() + 10 * 60_000) }).session.rerun({
        task: 100,
        subtask: 1000,
      });
      expect(skewed.status).toBe('accepted');
    });

    it('the emulator accepts only the upper-case HMACSHA1 algorithm name', async () => {
      const path = '/api/v2/tasks/instances/100';
      const signed = signOcp({
        accessKey: USER.accessKey,
        secretKey: USER.secretKey,
        method: 'GET',
        host: emu.host,
        path,
        query: [],
        headers: { 'Content-Type': 'application/json' },
        body: '',
        date: rfc1123(new Date()),
      });
      const send = (authorization: string) =>
        request(`${emu.url}${path}`, { headers: { ...signed.headers, Authorization: authorization } });
      const lower = await send(signed.authorization.replace('HMACSHA1', 'hmacsha1'));
      expect(lower.statusCode).toBe(401);
      expect(await lower.body.json()).toMatchObject({
        successful: false,
        status: 401,
        error: { code: 30000, message: expect.stringMatching(/only OCP-ACCESS-KEY-HMACSHA1/) },
      });
      const upper = await send(signed.authorization);
      expect(upper.statusCode).toBe(200);
      expect(await upper.body.json()).toMatchObject({ successful: true, data: { id: 100 } });
    });

    it('reports TASK_STATE_INVALID as refused: the subtask changed state after the preview', async () => {
      const { session } = connect();
      const send = (await session.preview(params(100, 1000))).send as RetryParams;
      (emu.subtask(100, 1000) as { status: string }).status = 'RUNNING';
      const outcome = await session.rerun(send);
      expect(outcome).toMatchObject({ status: 'rejected', code: '20003', calls: 1, items: [{ result: 'refused' }] });
      expect(outcome.message).toEqual({
        id: 'oceanbase-ocp.error.stateInvalid',
        params: {
          task: 100,
          subtask: 1000,
          said: expect.stringMatching(/^Task state invalid: subtask 1000 is RUNNING/),
        },
      });
    });

    it('maps a bare 404 to "no subtask in task" with the HTTP status as the code', async () => {
      emu.failNextRetry({ httpStatus: 404, body: 'Not Found' });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'rejected', code: 'HTTP 404' });
      expect(outcome.message).toEqual(
        msg('oceanbase-ocp.error.notFound.subtask', { task: 100, subtask: 1000, said: undefined }),
      );
    });

    it('leaves the outcome unknown for an envelope with successful:false and a server status, and says what to check', async () => {
      emu.failNextRetry({ httpStatus: 500, code: 10010, message: 'Unexpected error' });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({
        status: 'unknown',
        code: '10010',
        calls: 1,
        items: [{ id: '1000', result: 'unknown' }],
      });
      expect(outcome.requestId).toMatch(/^[0-9a-f]{16}$/);
      expect(outcome.message).toEqual(
        sharedMsg('provider.outcomeUnknown', {
          reason: msg('oceanbase-ocp.error.failed', { task: 100, subtask: 1000, said: 'Unexpected error' }),
        }),
      );
      expect(outcome.items[0]?.reason).toEqual(msg('oceanbase-ocp.outcome.checkState', { task: 100, subtask: 1000 }));
    });

    it('treats successful:false in an HTTP 200 answer as unknown, never as accepted', async () => {
      emu.failNextRetry({
        httpStatus: 200,
        body: JSON.stringify({ successful: false, status: 200, traceId: 't-1', data: null }),
      });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'unknown', requestId: 't-1', calls: 1 });
    });

    it("treats the vendor document's broken sample as an answer to the retry: outcome unknown", async () => {
      const sample = readFileSync(
        new URL('../../../src/providers/oceanbase-ocp/fixtures/doc-sample-response.txt', import.meta.url),
        'utf8',
      );
      emu.failNextRetry({ httpStatus: 200, body: sample });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toEqual(
        sharedMsg('provider.outcomeUnknown', { reason: sharedMsg('provider.notJson', { status: 200 }) }),
      );
    });

    it("reads the sample's field spellings in a retry answer", async () => {
      const data = {
        id: 1000,
        name: 'Uninstall ocp agent',
        status: 'READY',
        operation: 'RETRY',
        runTime: 1,
        parallelIdx: -1,
        downstreams: [13000336],
      };
      emu.failNextRetry({
        httpStatus: 200,
        body: JSON.stringify({
          data,
          duration: 55,
          server: 'a83ad33525',
          status: 200,
          successful: true,
          traceId: '0bc49000675d41af',
        }),
      });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'accepted', requestId: '0bc49000675d41af' });
      expect(outcome.message).toEqual(
        msg('oceanbase-ocp.outcome.accepted', {
          task: 100,
          subtask: 1000,
          name: 'Uninstall ocp agent',
          state: 'READY',
          runs: 1,
        }),
      );
    });

    it('after an answer lost on the way back, says so once, and status shows the retry happened', async () => {
      emu.inject({ fault: { kind: 'reset' }, match: isRetry, execute: true });
      const { session } = connect();
      const outcome = await session.rerun({ task: 100, subtask: 1000 });
      expect(outcome.status).toBe('unknown');
      expect(outcome.message.id).toBe('provider.outcomeUnknown');
      expect(outcome.items[0]?.reason).toEqual(msg('oceanbase-ocp.outcome.checkState', { task: 100, subtask: 1000 }));
      expect(render(outcome.items[0]?.reason)).toMatch(
        /`READY`, `RUNNING` or a higher run count means OCP took the retry/,
      );
      expect(emu.requests.filter(isRetry)).toHaveLength(1);
      const status = await session.status(params(100, 1000), {});
      expect(status.items[0]).toMatchObject({ state: 'RUNNING', terminal: false });
    });

    it('waits out a Retry-After before sending again after a 429', async () => {
      // The emulator's gateway stays shut until the Retry-After runs out: an early resend earns another 429.
      emu.failNextRetry({ httpStatus: 429, body: '{}', headers: { 'retry-after': '1' } });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'accepted', calls: 2 });
      expect(emu.throttledCount).toBe(0);
      expect(emu.retryCalls).toHaveLength(1);
    });

    it('does not wait out a long Retry-After: refused, nothing ran', async () => {
      emu.failNextRetry({ httpStatus: 429, body: '{}', headers: { 'retry-after': '120' } });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'rejected', calls: 1, code: 'HTTP 429' });
      expect(outcome.message).toEqual(msg('oceanbase-ocp.error.throttled', { waitMs: 120_000, said: undefined }));
      expect(render(outcome.message)).toMatch(/throttled the request; it asks to wait 2 minutes before trying again/);
      expect(emu.retryCalls).toHaveLength(0);
    });
  });
});
