/**
 * Alibaba Cloud E-HPC (2018-04-12) emulator. Verifies both signatures the gateway accepts with
 * its own code (independent of sign.ts): V1 RPC (query `Signature`, HMAC-SHA1 keyed with
 * secret + "&", doubly encoded string to sign, Timestamp within 15 minutes, nonce reuse refused)
 * and V3 ACS3-HMAC-SHA256 (Authorization header, signed x-acs-* headers, x-acs-content-sha256).
 * Keeps clusters and jobs with states (RerunJobs moves a job to QUEUED and counts it), answers
 * ListJobs and RerunJobs with the documented bodies, HTTP 4xx/5xx {RequestId, HostId, Code,
 * Message, Recommend} on error, and lets tests inject any code or a partial batch failure.
 *
 * This file is the gateway: it runs each request through the checks in the gateway's order and
 * holds what tests control. The signatures are in emulator-signature.ts, the codes in
 * emulator-codes.ts, the clusters and jobs in emulator-state.ts, the actions in emulator-actions.ts.
 */
import { randomUUID } from 'node:crypto';
import {
  RateWindow,
  startEmulator,
  type EmulatorReply,
  type EmulatorServer,
  type RecordedRequest,
} from '../../emulators/server.ts';
import { answer } from './emulator-actions.ts';
import { CODE_STATUS, MESSAGES, Refusal } from './emulator-codes.ts';
import { createVerifier, type EhpcCredentials } from './emulator-signature.ts';
import { newJob, type EhpcCluster, type EhpcJob, type RerunCallRecord } from './emulator-state.ts';

export { CODE_STATUS } from './emulator-codes.ts';
export type { EhpcCredentials } from './emulator-signature.ts';
export type { EhpcCluster, EhpcJob, RerunCallRecord } from './emulator-state.ts';

export interface EhpcEmulator extends EmulatorServer {
  clusters: Map<string, EhpcCluster>;
  addCluster(id: string, status?: string): EhpcCluster;
  addJob(cluster: string, id: string, state: EhpcJob['State'], extra?: Partial<Omit<EhpcJob, 'Id' | 'State'>>): EhpcJob;
  job(cluster: string, id: string): EhpcJob | undefined;
  /** RerunJobs calls that passed the signature and parameter checks. */
  rerunCalls: RerunCallRecord[];
  /** Requests refused for a bad signature (SignatureDoesNotMatch). */
  readonly signatureFailures: number;
  /** Answer the next `times` calls of `action` (default RerunJobs) with this code, without executing them. */
  failNext(code: string, opts?: { action?: string; status?: number; message?: string; times?: number }): void;
  /**
   * The scheduler refuses to requeue these jobs: a RerunJobs naming them with others requeues
   * the others and answers 409 PartFailure; naming only refused jobs answers 406
   * AgentError.Job.RerunFailure.
   */
  refuseRerun(...ids: string[]): void;
  /** Requests per second before Throttling.User (per emulator). */
  ratePerSecond: number;
  /** Allowed clock skew of Timestamp / x-acs-date (the gateway allows 15 minutes). */
  maxSkewMs: number;
  /** Marks the AccessKey disabled: InvalidAccessKeyId.Inactive. */
  keyInactive: boolean;
}

export async function startEhpcEmulator(creds: EhpcCredentials): Promise<EhpcEmulator> {
  const clusters = new Map<string, EhpcCluster>();
  const rerunCalls: RerunCallRecord[] = [];
  const injected: { code: string; action: string; status?: number; message?: string; left: number }[] = [];
  const refused = new Set<string>();
  const window = new RateWindow();
  const verifier = createVerifier(creds, () => emulator);

  const throttled = (): boolean => !window.admit(emulator.ratePerSecond, '', 0);

  async function handle(req: RecordedRequest): Promise<Record<string, unknown>> {
    if (req.method !== 'GET' && req.method !== 'POST')
      throw new Refusal('InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    const auth = verifier.authenticate(req);
    if (auth.version !== '2018-04-12') throw new Refusal('InvalidVersion', `Specified parameter Version is not valid.`);
    if (throttled()) throw new Refusal('Throttling.User', MESSAGES['Throttling.User'] as string);
    const inj = injected.find((i) => i.left > 0 && i.action === auth.action);
    if (inj) {
      inj.left -= 1;
      throw new Refusal(
        inj.code,
        inj.message ?? MESSAGES[inj.code] ?? `Injected ${inj.code}.`,
        inj.status ?? CODE_STATUS[inj.code] ?? 400,
      );
    }
    return answer({ clusters, rerunCalls, refused }, auth);
  }

  const server = await startEmulator(async (req): Promise<EmulatorReply> => {
    const RequestId = randomUUID().toUpperCase();
    try {
      const body = await handle(req);
      return { status: 200, body: JSON.stringify({ ...body, RequestId }) };
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      const body = {
        RequestId,
        HostId: req.headers['host'] ?? 'ehpc.aliyuncs.com',
        Code: err.code,
        Message: err.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=EHPC&requestId=${RequestId}`,
      };
      return { status: err.status, body: JSON.stringify(body) };
    }
  });

  const emulator: EhpcEmulator = Object.assign(server, {
    clusters,
    rerunCalls,
    ratePerSecond: 50,
    maxSkewMs: 15 * 60_000,
    keyInactive: false,
    signatureFailures: 0,
    addCluster(id: string, status = 'running') {
      const cluster: EhpcCluster = { id, status, jobs: new Map() };
      clusters.set(id, cluster);
      return cluster;
    },
    addJob(clusterId: string, id: string, state: EhpcJob['State'], extra: Partial<Omit<EhpcJob, 'Id' | 'State'>> = {}) {
      const cluster = clusters.get(clusterId) ?? emulator.addCluster(clusterId);
      const job = newJob(id, state, extra);
      cluster.jobs.set(id, job);
      return job;
    },
    job(clusterId: string, id: string) {
      return clusters.get(clusterId)?.jobs.get(id);
    },
    failNext(code: string, opts: { action?: string; status?: number; message?: string; times?: number } = {}) {
      injected.push({
        code,
        action: opts.action ?? 'RerunJobs',
        status: opts.status,
        message: opts.message,
        left: opts.times ?? 1,
      });
    },
    refuseRerun(...ids: string[]) {
      for (const id of ids) refused.add(id);
    },
  });
  // Object.assign would copy a getter's value once; the count must stay live.
  Object.defineProperty(emulator, 'signatureFailures', { get: () => verifier.signatureFailures });
  return emulator;
}
