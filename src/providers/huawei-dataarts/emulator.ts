/**
 * Huawei Cloud DataArts Studio (DLF) emulator: an API gateway that verifies SDK-HMAC-SHA256 with
 * its own code (independent of sign.ts), including the 15-minute X-Sdk-Date window, or an
 * X-Auth-Token it issued from its own IAM endpoint (POST /v3/auth/tokens, password auth, token
 * in X-Subject-Token), or a token it was told about; requires the `workspace` header; keeps
 * jobs and instances with their statuses; answers the documented bodies:
 *   GET  /v2/{project_id}/factory/jobs/{job_name}/instances/detail   {total, instances:[JobInstance]}
 *   POST /v2/{project_id}/factory/jobs/{job_name}/instances/retry    200, empty body
 *   GET  /v1/{project_id}/jobs/{job_name}/instances/{instance_id}    {status, planTime, …, nodes:[NodeInstance]}
 * Errors are HTTP 4xx/5xx with {error_code, error_msg} (gateway errors add request_id); every
 * answer carries X-Request-Id.
 *
 * Stricter than the real gateway on one point, to hold the adapter to its own rule: every one
 * of content-type, workspace, x-project-id and x-security-token that is sent must be signed.
 *
 * This file assembles the parts and is what tests and the demo import:
 *   emulator-model.ts   jobs and instances, seeding, what an accepted rerun changes
 *   emulator-iam.ts     the IAM token endpoint and the tokens it issued
 *   emulator-auth.ts    token and SDK-HMAC-SHA256 verification
 *   emulator-routes.ts  the gateway: rate limit, routes, workspace and project checks
 *   emulator-dlf.ts     the DLF APIs (list, detail, retry)
 *   emulator-replies.ts answer and error shapes
 */
import { startEmulator, type EmulatorServer } from '../../emulators/server.ts';
import { createAuthenticate } from './emulator-auth.ts';
import { createDlfApis, type InjectedError } from './emulator-dlf.ts';
import { createIam } from './emulator-iam.ts';
import {
  createJobStore,
  type ApplyRetry,
  type HwInstance,
  type HwJob,
  type HwRetryCall,
  type InstanceSeed,
  type JobSeed,
} from './emulator-model.ts';
import { createRoutes } from './emulator-routes.ts';

export type { HwInstance, HwJob, HwNode, HwRetryCall } from './emulator-model.ts';

export interface HuaweiEmulatorOptions {
  projectId: string;
  /** Further projects the same account holds (the credentials work in every one). */
  otherProjects?: string[];
  /** Workspaces that exist; the first is the default for addJob. */
  workspaces: string[];
  aksk?: { accessKey: string; secretKey: string; securityToken?: string };
  iam?: { username: string; password: string; domain: string };
  /** Tokens accepted as X-Auth-Token without having been issued here ({ token } auth). */
  staticTokens?: string[];
}

export interface HuaweiEmulator extends EmulatorServer {
  jobs: Map<string, HwJob>;
  addJob(name: string, opts?: JobSeed): HwJob;
  /** Adds an instance; a failed one fails at `failedNode` (default its first node), the nodes after it waiting. */
  addInstance(job: string, opts: InstanceSeed): HwInstance;
  instance(job: string, planTime: number, workspace?: string): HwInstance | undefined;
  /** Sets an instance's status (and end time when final), as the scheduler would. */
  finishRun(job: string, planTime: number, status: string, workspace?: string): void;
  /** Retry calls that passed authentication and were accepted. */
  retryCalls: HwRetryCall[];
  /** Answer the next retry call with this error (after authentication). */
  failNextRetry(code: string, message?: string, httpStatus?: number): void;
  /** Requests per second (per credential) before APIG.0308; documented 10. */
  ratePerSecond: number;
  /** Requests answered APIG.0308 by the rate limit (not the injected ones). */
  throttledCount: number;
  /** Requests refused for their credentials. */
  authFailures: number;
  /** Token requests seen by the IAM endpoint. */
  tokenRequests: number;
  /** Lifetime of tokens issued from now on. */
  tokenLifetimeMs: number;
  /** Expire every issued token (the next use answers APIG.0307). */
  expireTokens(): void;
  /** Serve the v1 instance-detail API (off: it answers APIG.0101, as on a host without it). */
  v1Detail: boolean;
  /** immediate: an accepted rerun sets the instances to waiting; manual: nothing changes until finishRun. */
  applyRetry: ApplyRetry;
}

export async function startHuaweiEmulator(opts: HuaweiEmulatorOptions): Promise<HuaweiEmulator> {
  const store = createJobStore(opts.workspaces);
  const retryCalls: HwRetryCall[] = [];
  const pendingErrors: InjectedError[] = [];
  const projects = new Set([opts.projectId, ...(opts.otherProjects ?? [])]);
  // Requests arrive only once the emulator below exists; the parts read its settings and bump its counters.
  const live = () => emulator;
  const iam = createIam(opts, projects, live);
  const server = await startEmulator(
    createRoutes({
      store,
      projects,
      iam,
      authenticate: createAuthenticate(opts, iam, live),
      apis: createDlfApis(store, retryCalls, pendingErrors, live),
      live,
    }),
  );

  const emulator: HuaweiEmulator = Object.assign(server, {
    jobs: store.jobs,
    retryCalls,
    ratePerSecond: 10,
    throttledCount: 0,
    tokenLifetimeMs: 24 * 3_600_000,
    v1Detail: true,
    applyRetry: 'immediate' as const,
    authFailures: 0,
    tokenRequests: 0,
    addJob: store.addJob,
    addInstance: store.addInstance,
    instance: store.instance,
    finishRun: store.finishRun,
    failNextRetry(code: string, message = 'Injected error.', httpStatus?: number) {
      const status =
        httpStatus ??
        (code === 'APIG.0308'
          ? 429
          : code === 'APIG.0301' || code === 'APIG.0307'
            ? 401
            : code === 'APIG.0101'
              ? 404
              : code === 'APIG.0201'
                ? 504
                : 400);
      pendingErrors.push({ code, message, status });
    },
    expireTokens: iam.expireTokens,
  });
  return emulator;
}
