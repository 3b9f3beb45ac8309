/**
 * Preview against the emulator (the emulator seeded with test_job_name, started and closed around
 * each test): what is shown and sent, the list-call budget, and the form's instance list.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCALES } from '../../../src/lib/message.ts';
import { createPacers } from '../../../src/providers/_shared/pacing.ts';
import { msg } from '../../../src/providers/huawei-dataarts/messages.ts';
import { MAX_LIST_CALLS } from '../../../src/providers/huawei-dataarts/limits.ts';
import type { RerunParams } from '../../../src/providers/huawei-dataarts/schema.ts';
import type { HuaweiEmulator } from '../../../src/providers/huawei-dataarts/emulator.ts';
import { WS, WS2, PLAN, SUBMIT, text, startEmu, targetFor, paramsFor, connect, instanceRaw } from './setup.ts';

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

  describe('preview', () => {
    it('shows a failed instance with its failed node and sends it', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail', failedNode: 'clean' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const params = paramsFor(target, instanceRaw(jobId));
      const preview = await session.preview(params);
      expect(preview.items).toHaveLength(1);
      const item = preview.items[0]!;
      expect(item).toMatchObject({ id: 'test_job_name', state: 'fail', eligible: true });
      expect(item.details).toEqual([
        msg('huawei-dataarts.detail.failedNode', { node: 'clean', state: 'fail', type: 'DLISQL', retries: 2 }),
        msg('huawei-dataarts.detail.planned', { at: '2024-11-26 14:13:00 Asia/Shanghai' }),
        msg('huawei-dataarts.detail.ended', { at: '2024-11-26 14:14:00 Asia/Shanghai' }),
        msg('huawei-dataarts.detail.submitted', { at: '2024-11-22 09:42:34 Asia/Shanghai' }),
        { id: 'huawei-dataarts.detail.instanceId', params: { id: expect.any(Number) } },
      ]);
      for (const locale of LOCALES)
        expect(item.details!.map((d) => text(d, locale)).join(', ').length).toBeLessThan(300);
      expect(preview.notes.map((n) => text(n)).join(' ')).toMatch(/the node that failed.*Times are in Asia\/Shanghai/);
      // send carries what the preview saw, so rerun() can tell a change since.
      expect(preview.send).toEqual({
        ...params,
        instances: [
          { job_id: jobId, plan_time: PLAN, submit_time: SUBMIT, seen: { status: 'fail', end_time: PLAN + 60_000 } },
        ],
      });
    });

    it.each(['running', 'waiting', 'pause'])(
      'refuses a %s instance: a rerun would start a second run',
      async (status) => {
        emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status });
        const target = targetFor(emu);
        const { session } = connect(target);
        const preview = await session.preview(paramsFor(target, instanceRaw(jobId)));
        expect(preview.items[0]).toMatchObject({
          state: status,
          eligible: false,
          reason: msg('huawei-dataarts.refused.live', { state: status }),
        });
        expect(text(preview.items[0]?.reason)).toMatch(/second run/);
        expect(preview.send).toBeNull();
      },
    );

    it.each(['running-exception', 'manual-stop', 'success'])(
      'lets a %s instance be rerun (from the first node)',
      async (status) => {
        emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status });
        const target = targetFor(emu);
        const { session } = connect(target);
        const preview = await session.preview(paramsFor(target, instanceRaw(jobId, { location: 'firstNode' })));
        expect(preview.items[0]).toMatchObject({ state: status, eligible: true });
      },
    );

    it('refuses errorNode for a successful instance and an unknown node for specifiedNode', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'success' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const errorNode = await session.preview(paramsFor(target, instanceRaw(jobId)));
      expect(errorNode.items[0]?.reason).toEqual(msg('huawei-dataarts.refused.noFailedNode', {}));
      const unknown = await session.preview(
        paramsFor(target, instanceRaw(jobId, { location: 'specifiedNode', node: 'transform' })),
      );
      expect(unknown.items[0]?.reason).toEqual(
        msg('huawei-dataarts.refused.noSuchNode', { node: 'transform', nodes: ['extract', 'clean', 'load'] }),
      );
      expect(text(unknown.items[0]?.reason)).toBe(
        'the job has no node transform (its nodes: extract, clean, and load)',
      );
      const known = await session.preview(
        paramsFor(target, instanceRaw(jobId, { location: 'specifiedNode', node: 'load' })),
      );
      expect(known.items[0]?.eligible).toBe(true);
    });

    it('refuses a frozen instance', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'freeze' });
      const target = targetFor(emu);
      const preview = await connect(target).session.preview(paramsFor(target, instanceRaw(jobId)));
      expect(preview.items[0]).toMatchObject({ eligible: false, reason: msg('huawei-dataarts.refused.frozen', {}) });
    });

    it('says when the job, the plan time or the submit time does not match', async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT + 1, status: 'fail' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const wrongSubmit = await session.preview(paramsFor(target, instanceRaw(jobId)));
      expect(wrongSubmit.items[0]).toMatchObject({
        eligible: false,
        reason: {
          id: 'huawei-dataarts.refused.otherSubmit',
          params: { submitTime: SUBMIT + 1, given: SUBMIT, planned: '2024-11-26 14:13:00 Asia/Shanghai' },
        },
      });
      expect(text(wrongSubmit.items[0]?.reason)).toMatch(new RegExp(`submitted at ${SUBMIT + 1}`));
      const noPlan = await session.preview(paramsFor(target, instanceRaw(jobId, { plan_time: String(PLAN + 60_000) })));
      expect(noPlan.items[0]).toMatchObject({
        state: 'NOT FOUND',
        eligible: false,
        reason: msg('huawei-dataarts.refused.noInstance', {
          job: 'test_job_name',
          planned: '2024-11-26 14:14:00 Asia/Shanghai',
          workspace: WS,
        }),
      });
      const noJob = await session.preview(paramsFor(target, instanceRaw(jobId, { job: 'missing job' })));
      // DataArts's own error, explained, with its code and request id beside it for support.
      expect(noJob.items[0]).toMatchObject({
        state: 'NOT FOUND',
        eligible: false,
        reason: { id: 'huawei-dataarts.error.noJob', params: { job: 'missing job', workspace: WS } },
        code: expect.stringMatching(/^DLF\./),
        requestId: expect.any(String),
      });
      expect(text(noJob.items[0]?.reason)).toMatch(/^No job missing job in workspace /);
      expect(noJob.send).toBeNull();
    });

    it("refuses a job_id that is not the job's id", async () => {
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail' });
      const target = targetFor(emu);
      const preview = await connect(target).session.preview(paramsFor(target, { ...instanceRaw(jobId), job_id: '42' }));
      expect(preview.items[0]?.reason).toEqual(
        msg('huawei-dataarts.refused.wrongJobId', { given: 42, job: 'test_job_name', actual: jobId }),
      );
    });

    it('still previews when the v1 instance detail is not served, and says so', async () => {
      emu.v1Detail = false;
      emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail', failedNode: 'clean' });
      const target = targetFor(emu);
      const preview = await connect(target).session.preview(paramsFor(target, instanceRaw(jobId)));
      expect(preview.items[0]).toMatchObject({
        eligible: true,
        details: expect.arrayContaining([msg('huawei-dataarts.detail.failedNodeUnavailable', {})]),
      });
      expect(preview.notes).toContainEqual({
        id: 'huawei-dataarts.note.noDetail',
        params: { host: expect.any(String) },
      });
      expect(preview.notes.map((n) => text(n)).join(' ')).toMatch(/Node details could not be read/);
    });

    it('chain mode: one item per job, a job with a live instance in the window is refused, the rest are sent', async () => {
      emu.addJob('job_test_smn2');
      emu.addJob('日报 汇总', { workspace: WS2 });
      emu.addJob('quiet_job');
      emu.addInstance('job_test_smn2', { plan_time: PLAN, status: 'fail', failedNode: 'load' });
      emu.addInstance('job_test_smn2', { plan_time: PLAN + 3_600_000, status: 'success' });
      emu.addInstance('日报 汇总', { plan_time: PLAN, status: 'success', workspace: WS2 });
      emu.addInstance('日报 汇总', { plan_time: PLAN + 1_800_000, status: 'running', workspace: WS2 });
      emu.addInstance('test_job_name', { plan_time: PLAN - 86_400_000, status: 'fail' }); // outside the window
      const target = targetFor(emu);
      const params = paramsFor(target, {
        job: 'test_job_name',
        mode: 'chain',
        location: 'errorNode',
        version: 'current',
        jobs: ['job_test_smn2', `日报 汇总@${WS2}`, 'quiet_job', 'no_such_job'],
        begin: String(PLAN - 60_000),
        end: String(PLAN + 7_200_000),
        concurrent: '2',
      });
      const preview = await connect(target).session.preview(params);
      const byId = Object.fromEntries(preview.items.map((i) => [i.id, i]));
      expect(Object.keys(byId)).toEqual(['job_test_smn2', `日报 汇总@${WS2}`, 'quiet_job', 'no_such_job']);
      expect(byId['job_test_smn2']).toMatchObject({ state: 'fail×1, success×1', eligible: true });
      expect(byId['job_test_smn2']?.details).toEqual([
        msg('huawei-dataarts.detail.chain.count', { count: 2, more: false }),
        msg('huawei-dataarts.detail.chain.instance', { planned: '2024-11-26 14:13:00', state: 'fail' }),
        msg('huawei-dataarts.detail.chain.instance', { planned: '2024-11-26 15:13:00', state: 'success' }),
      ]);
      expect(byId[`日报 汇总@${WS2}`]).toMatchObject({
        eligible: false,
        reason: msg('huawei-dataarts.refused.chain.live', {
          count: 1,
          state: 'running',
          planned: '2024-11-26 14:43:00 Asia/Shanghai',
        }),
      });
      expect(text(byId[`日报 汇总@${WS2}`]?.reason)).toMatch(/not finished \(running/);
      expect(byId['quiet_job']).toMatchObject({
        state: 'NO INSTANCES',
        eligible: false,
        reason: { id: 'huawei-dataarts.refused.chain.noInstances', params: { job: 'quiet_job', workspace: WS } },
      });
      expect(byId['no_such_job']).toMatchObject({
        state: 'NOT FOUND',
        eligible: false,
        reason: { id: 'huawei-dataarts.error.noJob', params: { job: 'no_such_job' } },
      });
      expect(preview.send).toEqual({
        ...params,
        jobs: [`job_test_smn2@${WS}`],
        seen: { [`job_test_smn2@${WS}`]: 'fail×1, success×1' },
      });
      expect(preview.notes[0]).toEqual(
        msg('huawei-dataarts.note.chain', {
          jobs: 4,
          from: '2024-11-26 14:12:00 Asia/Shanghai',
          to: '2024-11-26 16:13:00 Asia/Shanghai',
          concurrent: 2,
        }),
      );
      expect(text(preview.notes[0])).toMatch(/successful ones included.*2 at a time/);
    });
  });

  describe('instance choices', () => {
    it('lists the failed instances of the last week, newest first, as values the schema reads back', async () => {
      const now = Date.now();
      const hour = 3_600_000;
      emu.addInstance('test_job_name', { plan_time: now - 2 * hour, status: 'fail', failedNode: 'clean' });
      emu.addInstance('test_job_name', { plan_time: now - 26 * hour, status: 'fail' });
      emu.addInstance('test_job_name', { plan_time: now - 3 * hour, status: 'success' });
      emu.addInstance('test_job_name', { plan_time: now - 9 * 24 * hour, status: 'fail' });
      const target = targetFor(emu);
      const { session } = connect(target);
      const choices = await session.options!('instance', { job: 'test_job_name' });
      expect(choices).toHaveLength(2);
      const [newest] = choices;
      expect(newest?.label).toEqual(
        msg('huawei-dataarts.choice.instance', {
          planned: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai$/),
          state: 'fail',
          instanceId: expect.any(Number),
        }),
      );
      expect(text(newest?.label)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai · fail · #\d+$/);
      for (const c of choices) {
        expect(c.value.length).toBeLessThanOrEqual(75);
        for (const locale of LOCALES) expect(text(c.label, locale).length).toBeLessThanOrEqual(75);
        const p = paramsFor(target, {
          job: 'test_job_name',
          location: 'errorNode',
          version: 'original',
          instance: c.value,
        });
        expect((await session.preview(p)).items[0]?.eligible).toBe(true);
      }
      expect(await session.options!('instance', { job: 'no such job' })).toEqual([]);
      expect(await session.options!('instance', {})).toEqual([]);
      expect(await session.options!('job', { job: 'test_job_name' })).toEqual([]);
    });
  });

  describe(`at most ${MAX_LIST_CALLS} list calls per preview`, () => {
    it('a chain preview stops there, refuses the jobs it could not read and says so', { timeout: 60_000 }, async () => {
      const jobs = Array.from({ length: 55 }, (_, i) => `job_${String(i).padStart(2, '0')}`);
      for (const j of jobs) {
        emu.addJob(j);
        emu.addInstance(j, { plan_time: PLAN, status: 'fail' });
      }
      const target = targetFor(emu);
      // The pace is not what this test is about: its waits pass at once (pacing has its own tests).
      const { session } = connect(target, { pacers: createPacers({ sleep: async () => undefined }) });
      // 31 days: two list slices per job, so 50 jobs use the budget up.
      const params = paramsFor(target, {
        job: 'test_job_name',
        mode: 'chain',
        location: 'firstNode',
        version: 'current',
        jobs: jobs.join(','),
        begin: String(PLAN - 86_400_000),
        end: String(PLAN + 30 * 86_400_000),
      });
      const preview = await session.preview(params);
      expect(emu.requests.filter((r) => r.path.endsWith('/instances/detail'))).toHaveLength(MAX_LIST_CALLS);
      expect(preview.items.filter((i) => i.eligible)).toHaveLength(50);
      const unread = preview.items.filter((i) => !i.eligible);
      expect(unread.map((i) => i.id)).toEqual(jobs.slice(50));
      for (const i of unread)
        expect(i).toMatchObject({
          state: 'NOT READ',
          reason: msg('huawei-dataarts.refused.chain.notRead', { maxCalls: MAX_LIST_CALLS }),
        });
      expect(text(unread[0]?.reason)).toMatch(/^not checked: this check stops after 100 list calls/);
      expect(preview.notes).toContainEqual(msg('huawei-dataarts.note.cutShort.jobs', { maxCalls: MAX_LIST_CALLS }));
      expect(preview.notes.map((n) => text(n)).join(' ')).toMatch(
        /The preview was cut short after 100 list calls: some jobs were not read in full and refused/,
      );
      expect((preview.send as Extract<RerunParams, { mode: 'chain' }>).jobs).toHaveLength(50);
    });

    it('a job with more instances in the window than one read takes is refused, as a live one may be unread', async () => {
      emu.addJob('busy_job');
      for (let i = 0; i < 1_001; i += 1)
        emu.addInstance('busy_job', { plan_time: PLAN + i * 60_000, status: 'success' });
      const target = targetFor(emu);
      const params = paramsFor(target, {
        job: 'busy_job',
        mode: 'chain',
        location: 'firstNode',
        version: 'current',
        begin: String(PLAN),
        end: String(PLAN + 2 * 86_400_000),
      });
      const preview = await connect(target).session.preview(params);
      expect(preview.items[0]).toMatchObject({
        id: 'busy_job',
        eligible: false,
        reason: { id: 'huawei-dataarts.refused.chain.incomplete', params: { maxListed: 1000 } },
      });
      expect(text(preview.items[0]?.reason)).toMatch(/not all of its instances .* could be read \(more than 1,000/);
      expect(preview.items[0]?.details?.[0]).toEqual(
        msg('huawei-dataarts.detail.chain.count', { count: 1000, more: true }),
      );
      expect(text(preview.items[0]?.details?.[0])).toBe('1,000+ instances in the window');
      expect(preview.send).toBeNull();
    });
  });
});
