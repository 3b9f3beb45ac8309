/**
 * Signatures (V3 and V1), credentials and the pace per target, against the emulator (an emulator
 * with one cluster, started and closed around each test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/providers/_shared/http.ts';
import { createPacers } from '../../../src/providers/_shared/pacing.ts';
import type { Pacers } from '../../../src/providers/types.ts';
import { startEhpcEmulator, type EhpcEmulator } from '../../../src/providers/alibaba-ehpc/emulator.ts';
import type { RecordedRequest } from '../../../src/emulators/server.ts';
import { creds, CLUSTER, isRerunCall, connect } from './setup.ts';

describe('alibaba-ehpc against the emulator', () => {
  let emu: EhpcEmulator;
  beforeEach(async () => {
    emu = await startEhpcEmulator(creds);
    emu.addCluster(CLUSTER);
  });
  afterEach(async () => {
    await emu.close();
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
});

describe('alibaba-ehpc pacing', () => {
  it('paces per target and action through the injected pacers, keyed without any secret', async () => {
    const emu = await startEhpcEmulator({ ...creds, securityToken: 'fake-sts-token' });
    try {
      emu.addCluster(CLUSTER);
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      const real = createPacers();
      const asked: [string, number][] = [];
      const pacers: Pacers = {
        get(limits) {
          for (const { key, intervalMs } of limits) asked.push([key, intervalMs]);
          return real.get(limits);
        },
      };
      const h = connect(emu, { auth: { ...creds, securityToken: 'fake-sts-token' } }, 0, pacers);
      expect(await h.session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false })).toMatchObject({
        status: 'accepted',
      });
      // The rerun reads the live jobs (ListJobs, 4 a second), then sends RerunJobs (1 a second),
      // each action on its own pace, spaced 4% wider.
      expect(asked.map(([, ms]) => ms)).toEqual([260, 1040]);
      const [reads, reruns] = asked.map(([key]) => key);
      expect(reads?.startsWith('alibaba-ehpc:fake-access-key-id@')).toBe(true);
      expect(reads?.endsWith(':ListJobs')).toBe(true);
      expect(reruns).toBe(`${reads?.slice(0, -':ListJobs'.length)}:RerunJobs`);
      for (const [key] of asked)
        for (const secret of [creds.accessKeySecret, 'fake-sts-token']) expect(key).not.toContain(secret);
      // Another target (another default cluster) has its own paces.
      const other = connect(
        emu,
        { clusterId: 'ehpc-sh-3VeFyRabcd', auth: { ...creds, securityToken: 'fake-sts-token' } },
        0,
        pacers,
      );
      emu.addCluster('ehpc-sh-3VeFyRabcd');
      await other.session.preview({ jobs: ['1.scheduler'], cluster: 'ehpc-sh-3VeFyRabcd', async: false });
      expect(new Set(asked.map(([key]) => key)).size).toBe(3);
    } finally {
      await emu.close();
    }
  });
});
