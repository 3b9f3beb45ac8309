/** The shared provider contract (test/providers/contract.ts), once per way of authenticating. */
import { oceanbaseOcp } from '../../../src/providers/oceanbase-ocp/index.ts';
import { startOcpEmulator } from '../../../src/providers/oceanbase-ocp/emulator.ts';
import { providerContract } from '../contract.ts';
import { USER, akAuth, basicAuth, basicToken, seed, isRetry } from './setup.ts';

for (const [mode, auth, secrets] of [
  ['AccessKey', akAuth, [USER.secretKey]],
  ['HTTP Basic', basicAuth, [USER.password, basicToken]],
] as const) {
  providerContract(`oceanbase-ocp (${mode})`, async () => {
    const emu = await startOcpEmulator({ users: [USER] });
    seed(emu);
    return {
      provider: oceanbaseOcp,
      server: emu,
      target: { provider: 'oceanbase-ocp', endpoint: emu.url, timeout: '1s', auth },
      params: { task: '100', subtask: '1000' },
      secrets: [...secrets],
      isRerunCall: isRetry,
      notFoundNext: () => emu.failNextRetry({ httpStatus: 404, code: 20000, message: 'Task not exists: 1000' }),
      throttleNext: () =>
        emu.failNextRetry({ httpStatus: 429, body: '<html><body>429 Too Many Requests</body></html>' }),
      statusMix: () => {
        const acceptedAt = new Date(Date.now() - 1_000).toISOString();
        // Two retried subtasks of task 200 (one detail read serves both), one of task 300.
        emu.addTask({
          id: 200,
          status: 'RUNNING',
          subtasks: [
            { id: 2001, status: 'RUNNING' },
            { id: 2002, status: 'RUNNING' },
          ],
        });
        emu.addTask({ id: 300, status: 'RUNNING', subtasks: [{ id: 3001, status: 'RUNNING' }] });
        return {
          requests: [
            { params: { task: '200', subtask: '2001' }, acceptedAt },
            { params: { task: '200', subtask: '2002' }, acceptedAt },
            { params: { task: '300', subtask: '3001' }, acceptedAt },
            { params: { task: '404', subtask: '4041' }, acceptedAt },
          ],
          steps: [
            // The retried subtask fails at once, ending its task; the unknown task is gone.
            { act: () => emu.finishSubtask(300, 3001, 'FAILED'), expect: ['running', 'running', 'failed', 'ended'] },
            {
              act: () => emu.finishSubtask(200, 2001, 'SUCCESSFUL'),
              expect: ['succeeded', 'running', 'failed', 'ended'],
            },
            {
              act: () => emu.finishSubtask(200, 2002, 'SUCCESSFUL'),
              expect: ['succeeded', 'succeeded', 'failed', 'ended'],
            },
          ],
          isStatusRead: (r) => r.method === 'GET' && /\/tasks\/instances\/\d+$/.test(r.path),
        };
      },
      close: () => emu.close(),
    };
  });
}
