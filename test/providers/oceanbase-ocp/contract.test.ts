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
      close: () => emu.close(),
    };
  });
}
