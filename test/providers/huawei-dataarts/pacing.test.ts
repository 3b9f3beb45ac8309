/**
 * The pace of calls (10 per second per IAM user), against the emulator (the emulator seeded with
 * test_job_name, started and closed around each test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPacers } from '../../../src/providers/_shared/pacing.ts';
import type { Pacers } from '../../../src/providers/types.ts';
import type { HuaweiTarget } from '../../../src/providers/huawei-dataarts/schema.ts';
import { credentialKey, pacersFor } from '../../../src/providers/huawei-dataarts/state.ts';
import { startHuaweiEmulator, type HuaweiEmulator } from '../../../src/providers/huawei-dataarts/emulator.ts';
import {
  PROJECT,
  WS,
  WS2,
  PROJECT2,
  AKSK,
  IAM_USER,
  STATIC_TOKEN,
  PLAN,
  SUBMIT,
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
      let last: string[] = [];
      const spy: Pacers = {
        get: (limits) => {
          last = limits.map((l) => l.key);
          asked.push(...last);
          return pacers.get(limits);
        },
      };
      /** The keys the retry's pacer waits on: the API's pace and the user's cap across APIs. */
      const pace = (auth: HuaweiTarget['auth']) => {
        pacersFor(spy, { auth, limits: undefined })('RetryFactoryJobInstance');
        return last.join(' ');
      };
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
});
