/**
 * Status after the retry, against the emulator (an emulator seeded with task 100, started and
 * closed around each test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { msg } from '../../../src/providers/oceanbase-ocp/messages.ts';
import { retryParamsSchema } from '../../../src/providers/oceanbase-ocp/schema.ts';
import { startOcpEmulator, type OcpEmulator } from '../../../src/providers/oceanbase-ocp/emulator.ts';
import { USER, VIEWER, seed, render, type ConnectOptions, connectTo } from './setup.ts';

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

  describe('status', () => {
    it('follows the subtask to SUCCESSFUL and reports the task alongside', async () => {
      const { session } = connect();
      await session.rerun({ task: 100, subtask: 1000 });
      const acceptedAt = new Date().toISOString();
      const running = await session.status(params(100, 1000), { acceptedAt });
      expect(running).toMatchObject({ terminal: false, items: [{ id: '1000', state: 'RUNNING', terminal: false }] });
      expect(running.items[0]?.detail).toEqual({
        id: 'oceanbase-ocp.status.detail',
        params: {
          name: 'Create tenant',
          facts: expect.arrayContaining([
            msg('oceanbase-ocp.fact.task', { task: 100, name: 'Add tenant t1', state: 'RUNNING' }),
            msg('oceanbase-ocp.fact.runs', { runs: 2 }),
          ]),
        },
      });
      emu.finishSubtask(100, 1000, 'SUCCESSFUL');
      const done = await session.status(params(100, 1000), { acceptedAt });
      expect(done).toMatchObject({ terminal: true, items: [{ state: 'SUCCESSFUL', terminal: true }] });
      expect(render(done.items[0]?.detail)).toMatch(
        /task `100` "Add tenant t1": `RUNNING`; last operation: `RETRY`; .*runs so far: 2/,
      );
    });

    it('is terminal when the retried subtask fails again and the task is FAILED', async () => {
      const { session } = connect();
      await session.rerun({ task: 100, subtask: 1000 });
      emu.finishSubtask(100, 1000, 'FAILED');
      const status = await session.status(params(100, 1000), { acceptedAt: new Date().toISOString() });
      expect(status).toMatchObject({ terminal: true, items: [{ state: 'FAILED', terminal: true }] });
      expect(status.items[0]?.detail?.params['facts']).toContainEqual(
        msg('oceanbase-ocp.fact.task', { task: 100, name: 'Add tenant t1', state: 'FAILED' }),
      );
    });

    it('is not terminal for a FAILED subtask while its task is still RUNNING', async () => {
      emu.addTask({
        id: 300,
        status: 'RUNNING',
        subtasks: [
          { id: 3001, status: 'FAILED' },
          { id: 3002, status: 'RUNNING' },
        ],
      });
      const status = await connect().session.status(params(300, 3001), {});
      expect(status).toMatchObject({ terminal: false, items: [{ state: 'FAILED', terminal: false }] });
    });

    it('says NOT FOUND for a missing task or subtask', async () => {
      const session = connect().session;
      expect(await session.status(params(999, 1), {})).toMatchObject({
        terminal: true,
        items: [{ state: 'NOT FOUND', detail: msg('oceanbase-ocp.noTask', { task: 999 }) }],
      });
      expect(await session.status(params(100, 1), {})).toMatchObject({
        terminal: true,
        items: [{ state: 'NOT FOUND', detail: msg('oceanbase-ocp.noSubtask', { task: 100, subtask: 1 }) }],
      });
    });
  });
});
