/**
 * The rerun against the emulator (the emulator seeded with test_job_name, started and closed
 * around each test): the described call, the send and its outcome, several instances, and the
 * check just before sending.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/lib/message.ts';
import { huaweiDataArts } from '../../../src/providers/huawei-dataarts/index.ts';
import { retryBody } from '../../../src/providers/huawei-dataarts/body.ts';
import { msg } from '../../../src/providers/huawei-dataarts/messages.ts';
import type { RerunParams } from '../../../src/providers/huawei-dataarts/schema.ts';
import type { HuaweiEmulator } from '../../../src/providers/huawei-dataarts/emulator.ts';
import {
  PROJECT,
  WS,
  AKSK,
  IAM_USER,
  STATIC_TOKEN,
  PLAN,
  SUBMIT,
  text,
  vectors,
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
            reason: msg('huawei-dataarts.refused.chain.changed', { seen: 'fail×1', now: 'fail×1, success×1' }),
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
});
