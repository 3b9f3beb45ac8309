/**
 * Alibaba Cloud E-HPC (2018-04-12) emulator. Verifies both signatures the gateway accepts with
 * its own code (independent of sign.ts): V1 RPC (query `Signature`, HMAC-SHA1 keyed with
 * secret + "&", doubly encoded string to sign, Timestamp within 15 minutes, nonce reuse refused)
 * and V3 ACS3-HMAC-SHA256 (Authorization header, signed x-acs-* headers, x-acs-content-sha256).
 * Keeps clusters and jobs with states (RerunJobs moves a job to QUEUED and counts it), answers
 * ListJobs and RerunJobs with the documented bodies, HTTP 4xx/5xx {RequestId, HostId, Code,
 * Message, Recommend} on error, and lets tests inject any code or a partial batch failure.
 */
import { randomUUID } from 'node:crypto';
import {
  RateWindow,
  startEmulator,
  type EmulatorReply,
  type EmulatorServer,
  type RecordedRequest,
} from '../../emulators/server.ts';
import { CODE_STATUS, MESSAGES, need, Refusal } from './emulator-codes.ts';
import { createVerifier, type EhpcCredentials } from './emulator-signature.ts';

export { CODE_STATUS } from './emulator-codes.ts';
export type { EhpcCredentials } from './emulator-signature.ts';

export interface EhpcJob {
  Id: string;
  Name: string;
  Owner: string;
  State: 'RUNNING' | 'QUEUED' | 'FINISHED';
  NodeList: string[];
  SubmitTime: string;
  StartTime: string;
  LastModifyTime: string;
  /** How many times RerunJobs requeued it (not visible through the API, as in the cloud). */
  reruns: number;
}

export interface EhpcCluster {
  id: string;
  /** `running` serves requests; `manager-lost` answers ManagerNotFound; anything else InvalidClusterStatus. */
  status: string;
  jobs: Map<string, EhpcJob>;
}

export interface RerunCallRecord {
  cluster: string;
  jobs: string[];
  async: boolean;
  signature: 'v1' | 'v3';
  requeued: string[];
}

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

/** Scheduler-style local time without zone, as ListJobs shows it: 2018-07-18T17:46:48. */
const schedulerTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);

export async function startEhpcEmulator(creds: EhpcCredentials): Promise<EhpcEmulator> {
  const clusters = new Map<string, EhpcCluster>();
  const rerunCalls: RerunCallRecord[] = [];
  const injected: { code: string; action: string; status?: number; message?: string; left: number }[] = [];
  const refused = new Set<string>();
  const window = new RateWindow();
  const verifier = createVerifier(creds, () => emulator);

  const throttled = (): boolean => !window.admit(emulator.ratePerSecond, '', 0);

  function clusterOf(params: Map<string, string>): EhpcCluster {
    const id = need(params.get('ClusterId'), 'ClusterId');
    const cluster = clusters.get(id);
    if (!cluster) throw new Refusal('ClusterNotFound', MESSAGES['ClusterNotFound'] as string);
    if (cluster.status === 'manager-lost') throw new Refusal('ManagerNotFound', MESSAGES['ManagerNotFound'] as string);
    if (cluster.status !== 'running')
      throw new Refusal('InvalidClusterStatus', MESSAGES['InvalidClusterStatus'] as string);
    return cluster;
  }

  const invalid = (name: string) =>
    new Refusal('InvalidParams', (MESSAGES['InvalidParams'] as string).replace('%s', name));

  function listJobs(params: Map<string, string>): Record<string, unknown> {
    const cluster = clusterOf(params);
    const state = params.get('State') ?? 'all';
    if (!['all', 'finished', 'notfinish'].includes(state)) throw invalid('State');
    const pageSize = Number(params.get('PageSize') ?? '10');
    const pageNumber = Number(params.get('PageNumber') ?? '1');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50) throw invalid('PageSize');
    if (!Number.isInteger(pageNumber) || pageNumber < 1) throw invalid('PageNumber');
    const all = [...cluster.jobs.values()].filter(
      (j) => state === 'all' || (state === 'finished') === (j.State === 'FINISHED'),
    );
    const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return {
      TotalCount: all.length,
      PageNumber: pageNumber,
      PageSize: pageSize,
      Jobs: {
        JobInfo: page.map((j) => ({
          Id: j.Id,
          Name: j.Name,
          Owner: j.Owner,
          State: j.State,
          NodeList: JSON.stringify(j.NodeList),
          Priority: 0,
          SubmitTime: j.SubmitTime,
          StartTime: j.StartTime,
          LastModifyTime: j.LastModifyTime,
          Stdout: `/home/${j.Owner}/${j.Name}.o${j.Id.split('.')[0]}`,
          Stderr: `/home/${j.Owner}/${j.Name}.e${j.Id.split('.')[0]}`,
          ShellPath: `/home/${j.Owner}/${j.Name}.pbs`,
          Comment: '',
          ArrayRequest: '',
          Resources: { Nodes: j.NodeList.length, Cores: 2 * j.NodeList.length },
        })),
      },
    };
  }

  function rerunJobs(params: Map<string, string>, signature: 'v1' | 'v3'): Record<string, unknown> {
    const cluster = clusterOf(params);
    const raw = need(params.get('Jobs'), 'Jobs');
    let ids: string[];
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 100) throw new Error('size');
      ids = parsed.map((j: unknown) => {
        const id = (j as { Id?: unknown } | null)?.Id;
        if (typeof id !== 'string' || !id) throw new Error('Id');
        return id;
      });
    } catch {
      throw invalid('Jobs');
    }
    const asyncRaw = params.get('Async');
    if (asyncRaw !== undefined && asyncRaw !== 'true' && asyncRaw !== 'false') throw invalid('Async');
    const why = (id: string): string | undefined => {
      const job = cluster.jobs.get(id);
      if (!job) return `job ${id} does not exist`;
      if (job.State !== 'RUNNING' && job.State !== 'QUEUED') return `job ${id} is ${job.State}`;
      if (refused.has(id)) return `job ${id} is not rerunnable`;
      return undefined;
    };
    const failures = ids.map((id) => [id, why(id)] as const).filter(([, w]) => w);
    const ok = ids.filter((id) => !why(id));
    const now = Date.now();
    for (const id of ok) {
      const job = cluster.jobs.get(id) as EhpcJob;
      job.State = 'QUEUED';
      job.NodeList = [];
      job.StartTime = '';
      job.LastModifyTime = schedulerTime(now);
      job.reruns += 1;
    }
    rerunCalls.push({ cluster: cluster.id, jobs: ids, async: asyncRaw === 'true', signature, requeued: ok });
    if (failures.length && ok.length) throw new Refusal('PartFailure', MESSAGES['PartFailure'] as string);
    if (failures.length) {
      throw new Refusal(
        'AgentError.Job.RerunFailure',
        (MESSAGES['AgentError.Job.RerunFailure'] as string).replace('%s', failures.map(([, w]) => w).join('; ')),
      );
    }
    return {};
  }

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
    switch (auth.action) {
      case 'ListJobs':
        return listJobs(auth.params);
      case 'RerunJobs':
        return rerunJobs(auth.params, auth.signature);
      default:
        throw new Refusal('InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    }
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
      const hourAgo = schedulerTime(Date.now() - 3_600_000);
      const job: EhpcJob = {
        Id: id,
        Name: `job${id.split('.')[0]}`,
        Owner: 'user1',
        State: state,
        NodeList: state === 'RUNNING' ? ['compute2'] : [],
        SubmitTime: hourAgo,
        StartTime: state === 'QUEUED' ? '' : hourAgo,
        LastModifyTime: hourAgo,
        reruns: 0,
        ...extra,
      };
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
