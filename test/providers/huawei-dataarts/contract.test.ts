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
      statusMix: () => {
        const acceptedAt = new Date(Date.now() - 1_000).toISOString();
        const HOUR = 3_600_000;
        // Three hourly instances of one job (one listing serves them), one of another job.
        for (const plan of [PLAN + HOUR, PLAN + 2 * HOUR])
          emu.addInstance('test_job_name', { plan_time: plan, submit_time: SUBMIT, status: 'running' });
        // Still showing the failure it was rerun for (ended before the rerun was accepted).
        emu.addInstance('test_job_name', { plan_time: PLAN + 3 * HOUR, submit_time: SUBMIT, status: 'fail' });
        const other = emu.addJob('other_job');
        emu.addInstance('other_job', { plan_time: PLAN, submit_time: SUBMIT, status: 'running' });
        const at = (plan: number) => ({ ...instanceRaw(job.id), plan_time: String(plan) });
        return {
          requests: [
            { params: at(PLAN + HOUR), acceptedAt },
            { params: at(PLAN + 2 * HOUR), acceptedAt },
            { params: at(PLAN + 3 * HOUR), acceptedAt },
            { params: { ...instanceRaw(other.id), job: 'other_job', plan_time: String(PLAN) }, acceptedAt },
            { params: { ...instanceRaw(job.id), job: 'no_such_job' }, acceptedAt },
          ],
          steps: [
            // The rerun fails again at once; the old failure is not taken for it; an unknown job is an error, as status() says.
            {
              act: () => emu.finishRun('test_job_name', PLAN + 2 * HOUR, 'fail'),
              expect: ['running', 'failed', 'running', 'running', 'error'],
            },
            {
              act: () => emu.finishRun('test_job_name', PLAN + HOUR, 'success'),
              expect: ['succeeded', 'failed', 'running', 'running', 'error'],
            },
            {
              act: () => {
                emu.finishRun('test_job_name', PLAN + 3 * HOUR, 'success');
                emu.finishRun('other_job', PLAN, 'success');
              },
              expect: ['succeeded', 'failed', 'succeeded', 'succeeded', 'error'],
            },
          ],
          isStatusRead: (r) => r.method === 'GET' && r.path.endsWith('/instances/detail'),
        };
      },
      close: () => emu.close(),
    };
  });
}
