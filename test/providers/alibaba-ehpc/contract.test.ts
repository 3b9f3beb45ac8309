/** The shared provider contract (test/providers/contract.ts), once per signature version. */
import { providerContract } from '../contract.ts';
import { alibabaEhpc } from '../../../src/providers/alibaba-ehpc/index.ts';
import { startEhpcEmulator } from '../../../src/providers/alibaba-ehpc/emulator.ts';
import { creds, CLUSTER, isListCall, isRerunCall } from './setup.ts';

const OTHER_CLUSTER = 'ehpc-hz-OTHER0001';

for (const signatureVersion of ['v3', 'v1'] as const) {
  providerContract(`alibaba-ehpc (${signatureVersion})`, async () => {
    const emu = await startEhpcEmulator(creds);
    emu.addCluster(CLUSTER);
    emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
    return {
      provider: alibabaEhpc,
      server: emu,
      target: {
        provider: 'alibaba-ehpc',
        region: 'cn-hangzhou',
        clusterId: CLUSTER,
        signatureVersion,
        endpoint: emu.url,
        timeout: '1s',
        auth: creds,
      },
      params: { jobs: ['1.scheduler'] },
      secrets: [creds.accessKeySecret],
      isRerunCall,
      notFoundNext: () => emu.failNext('ClusterNotFound'),
      throttleNext: () => emu.failNext('Throttling.User'),
      statusMix: () => {
        const acceptedAt = new Date(Date.now() - 1_000).toISOString();
        // Requeued jobs of one cluster (one listing pass serves them all), and one of another.
        for (const id of ['11.scheduler', '12.scheduler', '13.scheduler']) emu.addJob(CLUSTER, id, 'QUEUED');
        emu.addJob(OTHER_CLUSTER, '21.scheduler', 'RUNNING');
        const end = (cluster: string, id: string) => {
          const job = emu.job(cluster, id);
          if (job) job.State = 'FINISHED';
        };
        return {
          requests: [
            { params: { jobs: ['11.scheduler', '12.scheduler'] }, acceptedAt },
            { params: { jobs: ['13.scheduler'] }, acceptedAt },
            { params: { jobs: ['21.scheduler'], cluster: OTHER_CLUSTER }, acceptedAt },
            { params: { jobs: ['99.scheduler'] }, acceptedAt },
          ],
          steps: [
            // A requeued job ends at once; the unknown job is not listed as live: ended too (E-HPC cannot say how).
            { act: () => end(CLUSTER, '13.scheduler'), expect: ['running', 'ended', 'running', 'ended'] },
            { act: () => end(CLUSTER, '11.scheduler'), expect: ['running', 'ended', 'running', 'ended'] },
            {
              act: () => {
                end(CLUSTER, '12.scheduler');
                end(OTHER_CLUSTER, '21.scheduler');
              },
              expect: ['ended', 'ended', 'ended', 'ended'],
            },
          ],
          isStatusRead: isListCall,
        };
      },
      close: () => emu.close(),
    };
  });
}
