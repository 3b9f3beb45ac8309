/**
 * Status after the rerun against the emulator (the emulator seeded with test_job_name, started and
 * closed around each test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TERMINAL, LIVE } from '../../../src/providers/huawei-dataarts/model.ts';
import { msg } from '../../../src/providers/huawei-dataarts/messages.ts';
import type { HuaweiEmulator } from '../../../src/providers/huawei-dataarts/emulator.ts';
import { PLAN, SUBMIT, text, startEmu, targetFor, paramsFor, connect, instanceRaw } from './setup.ts';

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
});
