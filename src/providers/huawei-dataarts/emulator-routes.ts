/**
 * The DataArts emulator's API gateway: the IAM token endpoint, then for every other request
 * authentication, the per-credential rate limit (APIG.0308), the route, the required `workspace`
 * header and the project, before the DLF API answers.
 */
import { RateWindow, type EmulatorReply, type RecordedRequest } from '../../emulators/server.ts';
import { dec, type Authenticate } from './emulator-auth.ts';
import type { DlfApis } from './emulator-dlf.ts';
import type { Iam } from './emulator-iam.ts';
import type { JobStore } from './emulator-model.ts';
import { apig, dlf } from './emulator-replies.ts';

/** The emulator's settings and counters the gateway reads and bumps, live. */
interface GatewayLive {
  ratePerSecond: number;
  throttledCount: number;
}

export function createRoutes(deps: {
  store: JobStore;
  projects: Set<string>;
  iam: Iam;
  authenticate: Authenticate;
  apis: DlfApis;
  live: () => GatewayLive;
}): (req: RecordedRequest) => EmulatorReply {
  const { store, projects, iam, authenticate, apis, live } = deps;
  const window = new RateWindow();
  const throttled = (who: string): boolean => !window.admit(live().ratePerSecond, who);

  return (req) => {
    const segments = req.path.split('/').map(dec);
    if (req.method === 'POST' && req.path === '/v3/auth/tokens') return iam.issueToken(req);
    const who = authenticate(req);
    if ('status' in who) return who;
    if (throttled(who.who)) {
      live().throttledCount += 1;
      return apig(
        429,
        'APIG.0308',
        `The throttling threshold has been reached: policy user over ratelimit, limit:${live().ratePerSecond}, time:1 second`,
      );
    }
    // ['', 'v2', pid, 'factory', 'jobs', name, 'instances', 'detail' | 'retry'] or ['', 'v1', pid, 'jobs', name, 'instances', id]
    const v2 =
      segments[1] === 'v2' &&
      segments[3] === 'factory' &&
      segments[4] === 'jobs' &&
      segments[6] === 'instances' &&
      segments.length === 8;
    const v1 = segments[1] === 'v1' && segments[3] === 'jobs' && segments[5] === 'instances' && segments.length === 7;
    if (!v1 && !v2)
      return apig(404, 'APIG.0101', 'The API does not exist or has not been published in the environment');
    const workspace = req.headers['workspace'];
    if (!workspace) return apig(400, 'APIG.0106', 'Orchestration error: Invalid header parameter: workspace, required');
    if (!projects.has(segments[2] as string))
      return dlf('DLF.6888', 'Invalid account permission: the project does not match.', 403);
    const projectHeader = req.headers['x-project-id'];
    if (projectHeader !== undefined && projectHeader !== segments[2])
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: X-Project-Id does not match');
    const jobName = (v2 ? segments[5] : segments[4]) as string;
    const job = store.job(workspace, jobName);
    if (v1 && req.method === 'GET')
      return job ? apis.instanceDetail(job, Number(segments[6])) : dlf('DLF.0100', 'The job does not exist.');
    if (v2 && segments[7] === 'detail' && req.method === 'GET') {
      if (!job) return dlf('DLF.0100', 'The job does not exist.');
      const q = req.url.indexOf('?');
      return apis.listInstances(job, new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1)));
    }
    if (v2 && segments[7] === 'retry' && req.method === 'POST') return apis.retry(job, workspace, jobName, req);
    return apig(404, 'APIG.0101', 'The API does not exist or has not been published in the environment');
  };
}
