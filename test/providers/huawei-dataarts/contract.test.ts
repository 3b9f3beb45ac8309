/**
 * The shared provider contract (test/providers/contract.ts), once per way of authenticating that
 * signs or fetches something.
 */
import {} from 'vitest';
import { providerContract } from '../contract.ts';
import { huaweiDataArts } from '../../../src/providers/huawei-dataarts/index.ts';
import { PROJECT, WS, AKSK, IAM_USER, PLAN, SUBMIT, startEmu, instanceRaw } from './setup.ts';

for (const mode of ['AK/SK', 'IAM password'] as const) {
  providerContract(`huawei-dataarts (${mode})`, async () => {
    const emu = await startEmu();
    emu.ratePerSecond = 1000;
    const job = emu.addJob('test_job_name');
    emu.addInstance('test_job_name', { plan_time: PLAN, submit_time: SUBMIT, status: 'fail', failedNode: 'clean' });
    const auth = mode === 'AK/SK' ? AKSK : { ...IAM_USER, iamEndpoint: emu.url };
    return {
      provider: huaweiDataArts,
      server: emu,
      target: {
        provider: 'huawei-dataarts',
        region: 'cn-north-4',
        projectId: PROJECT,
        workspace: WS,
        endpoint: emu.url,
        timeout: '1s',
        auth,
      },
      params: { ...instanceRaw(job.id), plan_time: String(PLAN) },
      secrets: mode === 'AK/SK' ? [AKSK.secretKey, AKSK.accessKey] : [IAM_USER.password],
      isRerunCall: (r) => r.method === 'POST' && r.path.endsWith('/instances/retry'),
      notFoundNext: () => emu.failNextRetry('DLF.1000', 'Failed to find the job.'),
      throttleNext: () =>
        emu.failNextRetry(
          'APIG.0308',
          'The throttling threshold has been reached: policy user over ratelimit, limit:10, time:1 second',
        ),
      close: () => emu.close(),
    };
  });
}
