/**
 * RerunJobs against the emulator (an emulator with one cluster, started and closed around each
 * test): batches, resends, partial failures and the check just before sending.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { msg } from '../../../src/providers/alibaba-ehpc/messages.ts';
import type { RerunParams } from '../../../src/providers/alibaba-ehpc/schema.ts';
import { startEhpcEmulator, type EhpcEmulator } from '../../../src/providers/alibaba-ehpc/emulator.ts';
import type { RecordedRequest } from '../../../src/emulators/server.ts';
import { creds, CLUSTER, isRerunCall, isListCall, queryOf, english, connect } from './setup.ts';

describe('alibaba-ehpc against the emulator', () => {
  let emu: EhpcEmulator;
  beforeEach(async () => {
    emu = await startEhpcEmulator(creds);
    emu.addCluster(CLUSTER);
  });
  afterEach(async () => {
    await emu.close();
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
  });
});
