/**
 * Preview, the form's subtask list and the described call, against the emulator (an emulator
 * seeded with task 100, started and closed around each test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LOCALES, type Locale } from '../../../src/lib/message.ts';
import { sharedMsg } from '../../../src/providers/_shared/messages.ts';
import { msg } from '../../../src/providers/oceanbase-ocp/messages.ts';
import { retryParamsSchema } from '../../../src/providers/oceanbase-ocp/schema.ts';
import { startOcpEmulator, type OcpEmulator } from '../../../src/providers/oceanbase-ocp/emulator.ts';
import { fitChoices } from '../../../src/slack/blocks/option.ts';
import { slackWords } from '../../../src/slack/words.ts';
import {
  USER,
  VIEWER,
  akAuth,
  basicAuth,
  basicToken,
  seed,
  renderer,
  render,
  ref,
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

  describe('preview', () => {
    it('shows the failed subtask with its task, executor, run count, times and operation', async () => {
      const { session } = connect();
      const preview = await session.preview(params(100, 1000));
      expect(preview.send).toEqual({ task: 100, subtask: 1000 });
      const [item] = preview.items;
      expect(item).toMatchObject({ id: '1000', name: 'Create tenant', state: 'FAILED', eligible: true });
      expect(item?.reason).toBeUndefined();
      expect(item?.details).toEqual(
        expect.arrayContaining([
          msg('oceanbase-ocp.fact.task', { task: 100, name: 'Add tenant t1', state: 'FAILED' }),
          msg('oceanbase-ocp.fact.operation', { operation: 'EXECUTE' }),
          msg('oceanbase-ocp.fact.executor', { executor: '10.0.0.7' }),
          msg('oceanbase-ocp.fact.runs', { runs: 1 }),
          { id: 'oceanbase-ocp.fact.started', params: { at: expect.any(String) } },
          { id: 'oceanbase-ocp.fact.finished', params: { at: expect.any(String) } },
        ]),
      );
      const times = (item?.details ?? []).filter((d) => /started|finished/.test(d.id)).map((d) => render(d));
      expect(times).toEqual([
        expect.stringMatching(/^started .* \(about 1 hour ago\)$/),
        expect.stringMatching(/^finished .* \(about 1 hour ago\)$/),
      ]);
      expect(preview.notes).toContainEqual(
        msg('oceanbase-ocp.note.retryAlone', { task: 100, subtask: 1000, next: [1001] }),
      );
    });

    it.each(['PENDING', 'READY', 'RUNNING', 'CANCELING', 'SUCCESSFUL'] as const)(
      'refuses a %s subtask and says why',
      async (status) => {
        emu.addTask({ id: 200, subtasks: [{ id: 2000, status }] });
        const { session } = connect();
        const preview = await session.preview(params(200, 2000));
        expect(preview.send).toBeNull();
        expect(preview.items[0]).toMatchObject({ id: '2000', state: status, eligible: false });
        expect(preview.items[0]?.reason).toEqual({ id: 'oceanbase-ocp.refused.notFailed', params: { state: status } });
        expect(render(preview.items[0]?.reason)).toContain(status);
      },
    );

    it('refuses a FAILED subtask whose last operation was ROLLBACK', async () => {
      emu.addTask({ id: 200, subtasks: [{ id: 2000, status: 'FAILED', operation: 'ROLLBACK' }] });
      const preview = await connect().session.preview(params(200, 2000));
      expect(preview.send).toBeNull();
      expect(preview.items[0]?.reason).toEqual(msg('oceanbase-ocp.refused.rollback', {}));
      expect(render(preview.items[0]?.reason)).toMatch(/ROLLBACK/);
    });

    it('refuses a subtask that is not in the task, and lists the failed ones', async () => {
      const preview = await connect().session.preview(params(100, 4242));
      expect(preview.send).toBeNull();
      expect(preview.items[0]).toMatchObject({
        id: '4242',
        state: 'NOT FOUND',
        eligible: false,
        reason: msg('oceanbase-ocp.noSubtask', { task: 100, subtask: 4242 }),
      });
      expect(preview.notes).toEqual([
        msg('oceanbase-ocp.note.failedSubtasks', { task: 100, subtasks: [ref(1000, 'Create tenant')] }),
      ]);
    });

    it('refuses when the task does not exist', async () => {
      const preview = await connect().session.preview(params(999, 1000));
      expect(preview.send).toBeNull();
      expect(preview.items[0]).toMatchObject({
        state: 'NOT FOUND',
        eligible: false,
        reason: msg('oceanbase-ocp.noTask', { task: 999 }),
      });
    });

    it('mentions the other failed subtasks of the task', async () => {
      emu.addTask({
        id: 300,
        subtasks: [
          { id: 3001, name: 'a', status: 'FAILED', parallelIdx: 0 },
          { id: 3002, name: 'b', status: 'FAILED', parallelIdx: 1 },
        ],
      });
      const preview = await connect().session.preview(params(300, 3001));
      expect(preview.items[0]?.details).toContainEqual(msg('oceanbase-ocp.fact.parallel', { index: 0 }));
      expect(preview.notes).toContainEqual(
        msg('oceanbase-ocp.note.otherFailed', { task: 300, subtasks: [ref(3002, 'b')] }),
      );
    });

    it('reads the doc table spelling (paralleIdx, downstream) as well as the sample one', async () => {
      emu.spelling = 'table';
      emu.addTask({ id: 300, subtasks: [{ id: 3001, status: 'FAILED', parallelIdx: 2, downstreams: [3005] }] });
      const preview = await connect().session.preview(params(300, 3001));
      expect(preview.items[0]?.details).toContainEqual(msg('oceanbase-ocp.fact.parallel', { index: 2 }));
      expect(preview.notes[0]).toMatchObject({ id: 'oceanbase-ocp.note.retryAlone', params: { next: [3005] } });
    });

    it('parses sloppy answers defensively: string ids, lower-case states, unknown fields, broken entries', async () => {
      emu.rawTaskBody.set(
        500,
        JSON.stringify({
          data: {
            id: '500',
            name: 'Upgrade cluster',
            status: 'failed',
            creator: 'admin',
            newField: { x: 1 },
            subtasks: [
              null,
              'junk',
              { name: 'no id' },
              {
                id: '5001',
                seriesId: '1',
                status: 'failed',
                runTime: '3',
                paralleIdx: '-1',
                downstream: ['5002', 'x'],
                extra: true,
              },
            ],
          },
          successful: true,
          status: 200,
          traceId: 'abc',
        }),
      );
      const preview = await connect().session.preview(params(500, 5001));
      expect(preview.send).toEqual({ task: 500, subtask: 5001 });
      expect(preview.items[0]?.details).toEqual(
        expect.arrayContaining([
          msg('oceanbase-ocp.fact.task', { task: 500, name: 'Upgrade cluster', state: 'FAILED' }),
          msg('oceanbase-ocp.fact.runs', { runs: 3 }),
        ]),
      );
      expect(preview.notes[0]).toMatchObject({ id: 'oceanbase-ocp.note.retryAlone', params: { next: [5002] } });
    });

    it("answers the vendor document's broken sample JSON with a clear error", async () => {
      // The sample response of the vendor's "Retry a subtask" page, copied as it is published.
      const sample = readFileSync(
        new URL('../../../src/providers/oceanbase-ocp/fixtures/doc-sample-response.txt', import.meta.url),
        'utf8',
      ).trim();
      expect(sample.startsWith('{')).toBe(true);
      emu.rawTaskBody.set(100, sample);
      await expect(connect().session.preview(params(100, 1000))).rejects.toMatchObject({
        kind: 'server',
        detail: sharedMsg('provider.notJson', { status: 200 }),
      });
    });

    it('retries a read that timed out', async () => {
      emu.inject({ fault: { kind: 'hang' }, match: (r) => r.method === 'GET', times: 1 });
      const preview = await connect(akAuth, { timeout: '300ms' }).session.preview(params(100, 1000));
      expect(preview.items[0]?.eligible).toBe(true);
      expect(emu.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    });
  });

  describe('options for the subtask pick', () => {
    it('lists the FAILED subtasks of the task in execution order, with short labels that parse', async () => {
      const long = 'Wait for the tenant resource units to be created on every observer of the zone';
      emu.addTask({
        id: 300,
        subtasks: [
          { id: 3009, name: 'second', status: 'FAILED', seriesId: 5 },
          { id: 3001, name: 'done', status: 'SUCCESSFUL', seriesId: 1 },
          { id: 3005, name: long, status: 'FAILED', seriesId: 2 },
        ],
      });
      const session = connect().session;
      const choices = await session.options?.('subtask', { task: '300' });
      expect(choices?.map((c) => c.value)).toEqual(['3005', '3009']);
      expect(choices?.[1]?.label).toEqual(msg('oceanbase-ocp.choice.failedSubtask', { id: 3009, name: 'second' }));
      expect(render(choices?.[1]?.label)).toBe('3009 · second · FAILED');
      // The provider's label is whole; what Slack receives is cut to its 75 characters, in every language.
      expect(render(choices?.[0]?.label)).toBe(`3005 · ${long} · FAILED`);
      const options = (locale: Locale) => fitChoices(slackWords(renderer), choices ?? [], locale);
      for (const locale of LOCALES) {
        expect(options(locale).map((o) => o.value)).toEqual(['3005', '3009']);
        for (const o of options(locale)) expect(o.label.length).toBeLessThanOrEqual(75);
      }
      for (const c of choices ?? []) {
        expect(c.value.length).toBeLessThanOrEqual(75);
        expect(retryParamsSchema.safeParse({ task: '300', subtask: c.value }).success).toBe(true);
      }
      expect(options('en')[0]?.label).toMatch(/^3005 · Wait for the tenant .*… · FAILED$/);
      expect(options('zh-CN')[0]?.label).toMatch(/^3005 · Wait for the tenant .*… · 失败 \(FAILED\)$/);
    });

    it('offers nothing until a valid task id is typed', async () => {
      const session = connect().session;
      expect(await session.options?.('subtask', {})).toEqual([]);
      expect(await session.options?.('subtask', { task: 'abc' })).toEqual([]);
      expect(await session.options?.('task', { task: '100' })).toEqual([]);
      expect(emu.requests).toHaveLength(0);
    });

    it('says when the task is unknown or has nothing to retry', async () => {
      emu.addTask({ id: 300, name: 'Done', status: 'SUCCESSFUL', subtasks: [{ id: 3001, status: 'SUCCESSFUL' }] });
      const session = connect().session;
      await expect(session.options?.('subtask', { task: '999' })).rejects.toMatchObject({
        kind: 'not-found',
        detail: msg('oceanbase-ocp.noTask', { task: 999 }),
      });
      await expect(session.options?.('subtask', { task: '300' })).rejects.toMatchObject({
        kind: 'precondition',
        detail: msg('oceanbase-ocp.error.noFailedSubtask', { task: 300, name: 'Done', state: 'SUCCESSFUL' }),
      });
    });
  });

  describe('describeCall', () => {
    it('is the exact retry request with every credential redacted, and makes no call', () => {
      const ak = connect().session.describeCall({ task: 100, subtask: 1000 });
      expect(ak).toEqual([
        {
          method: 'POST',
          url: `${emu.url}/api/v2/tasks/instances/100/subtasks/1000/retry`,
          headers: expect.objectContaining({
            'Content-Type': 'application/json',
            'x-ocp-origin': 'rerun-bot',
            Host: emu.host,
            Date: expect.stringMatching(/ GMT$/),
            Authorization: 'OCP-ACCESS-KEY-HMACSHA1 [redacted]:[redacted]',
          }),
        },
      ]);
      const basic = connect(basicAuth, { endpoint: `${emu.url}/ocp/` }).session.describeCall({
        task: 100,
        subtask: 1000,
      });
      expect(basic[0]?.url).toBe(`${emu.url}/ocp/api/v2/tasks/instances/100/subtasks/1000/retry`);
      expect(basic[0]?.headers['Authorization']).toBe('Basic [redacted]');
      const text = JSON.stringify([ak, basic]);
      for (const s of [USER.secretKey, USER.accessKey, USER.password, basicToken]) expect(text).not.toContain(s);
      expect(emu.requests).toHaveLength(0);
    });
  });
});
