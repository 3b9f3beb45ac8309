/** The shared provider contract (test/providers/contract.ts), once per signature version. */
import { providerContract } from '../contract.ts';
import { alibabaEhpc } from '../../../src/providers/alibaba-ehpc/index.ts';
import { startEhpcEmulator } from '../../../src/providers/alibaba-ehpc/emulator.ts';
import { creds, CLUSTER, isRerunCall } from './setup.ts';

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
      close: () => emu.close(),
    };
  });
}
