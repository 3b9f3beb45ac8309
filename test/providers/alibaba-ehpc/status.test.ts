/**
 * Status after the requeue, against the emulator (an emulator with one cluster, started and closed
 * around each test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { msg } from '../../../src/providers/alibaba-ehpc/messages.ts';
import { startEhpcEmulator, type EhpcEmulator } from '../../../src/providers/alibaba-ehpc/emulator.ts';
import { creds, CLUSTER, connect } from './setup.ts';

describe('alibaba-ehpc against the emulator', () => {
  let emu: EhpcEmulator;
  beforeEach(async () => {
    emu = await startEhpcEmulator(creds);
    emu.addCluster(CLUSTER);
  });
  afterEach(async () => {
    await emu.close();
  });

  describe('status', () => {
    it('FINISHED and no-longer-listed jobs are terminal; RUNNING and QUEUED are not', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.addJob(CLUSTER, '2.scheduler', 'QUEUED');
      emu.addJob(CLUSTER, '3.scheduler', 'FINISHED');
      const h = connect(emu);
      const params = h.params({ jobs: ['1.scheduler', '2.scheduler', '3.scheduler', '4.scheduler'] });
      const status = await h.session.status(params, {});
      expect(status.items.map((i) => [i.id, i.state, i.terminal])).toEqual([
        ['1.scheduler', 'RUNNING', false],
        ['2.scheduler', 'QUEUED', false],
        ['3.scheduler', 'FINISHED', true],
        ['4.scheduler', 'FINISHED', true],
      ]);
      expect(status.items[3]?.detail).toEqual(msg('alibaba-ehpc.status.gone', {}));
      expect(status.items[0]?.detail).toEqual({
        id: 'alibaba-ehpc.status.job',
        params: { details: expect.arrayContaining([msg('alibaba-ehpc.detail.nodes', { nodes: ['compute2'] })]) },
      });
      expect(status.terminal).toBe(false);
      (emu.job(CLUSTER, '1.scheduler') as { State: string }).State = 'FINISHED';
      (emu.job(CLUSTER, '2.scheduler') as { State: string }).State = 'FINISHED';
      expect((await h.session.status(params, {})).terminal).toBe(true);
    });

    it('follows a rerun: RUNNING → QUEUED', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      const h = connect(emu);
      const params = h.params({ jobs: ['1.scheduler'] });
      await h.session.rerun(params);
      expect(await h.session.status(params, { acceptedAt: new Date().toISOString() })).toMatchObject({
        terminal: false,
        items: [{ id: '1.scheduler', state: 'QUEUED' }],
      });
    });
  });
});
