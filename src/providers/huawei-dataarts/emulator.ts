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
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  RateWindow,
  startEmulator,
  type EmulatorReply,
  type EmulatorServer,
  type RecordedRequest,
} from '../../emulators/server.ts';

export interface HwNode {
  nodeName: string;
  status: string;
  type: string;
  retryTimes: number;
}

export interface HwInstance {
  instance_id: number;
  job_id: number;
  job_name: string;
  plan_time: number;
  submit_time: number;
  status: string;
  start_time?: number;
  end_time?: number;
  instance_type: number;
  nodes: HwNode[];
  /** How many times this instance was started (1 + accepted reruns). */
  runs: number;
}

export interface HwJob {
  name: string;
  workspace: string;
  id: number;
  batch: boolean;
  nodes: string[];
  instances: HwInstance[];
}

export interface HwRetryCall {
  job: string;
  workspace: string;
  body: Record<string, unknown>;
}

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
  addJob(name: string, opts?: { workspace?: string; id?: number; batch?: boolean; nodes?: string[] }): HwJob;
  /** Adds an instance; a failed one fails at `failedNode` (default its first node), the nodes after it waiting. */
  addInstance(
    job: string,
    opts: {
      plan_time: number;
      status: string;
      submit_time?: number;
      failedNode?: string;
      workspace?: string;
      instance_type?: number;
      /** Default: the next id the emulator hands out. */
      instance_id?: number;
    },
  ): HwInstance;
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
  applyRetry: 'immediate' | 'manual';
}

const SKEW_MS = 15 * 60_000;
const MUST_SIGN = ['content-type', 'workspace', 'x-project-id', 'x-security-token'];
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
const FINAL = new Set(['success', 'fail', 'manual-stop', 'running-exception', 'skip-by-depend']);

export async function startHuaweiEmulator(opts: HuaweiEmulatorOptions): Promise<HuaweiEmulator> {
  const jobs = new Map<string, HwJob>();
  const retryCalls: HwRetryCall[] = [];
  const pendingErrors: { code: string; message: string; status: number }[] = [];
  const issued = new Map<string, number>(); // token → expires at
  const window = new RateWindow();
  let nextInstanceId = 1_479_200;
  let nextJobId = 917_500;
  const key = (ws: string, name: string) => `${ws}/${name}`;
  const projects = new Set([opts.projectId, ...(opts.otherProjects ?? [])]);

  const reply = (status: number, body: unknown, headers: Record<string, string> = {}): EmulatorReply => ({
    status,
    headers: { 'X-Request-Id': randomUUID().replace(/-/g, ''), ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  });
  /** Gateway errors carry request_id in the body too. */
  const apig = (status: number, code: string, msg: string) => {
    const id = randomUUID().replace(/-/g, '');
    return {
      status,
      headers: { 'X-Request-Id': id },
      body: JSON.stringify({ error_code: code, error_msg: msg, request_id: id }),
    };
  };
  const dlf = (code: string, msg: string, status = 400) => reply(status, { error_code: code, error_msg: msg });

  // --- SDK-HMAC-SHA256, from the signing guide, written independently of sign.ts --------------
  function canonicalUri(rawPath: string): string {
    const uri = rawPath
      .split('/')
      .map((s) => enc(dec(s)))
      .join('/');
    return uri.endsWith('/') ? uri : `${uri}/`;
  }
  function canonicalQuery(rawQuery: string): string {
    const pairs = rawQuery
      .split('&')
      .filter(Boolean)
      .map((kv) => {
        const i = kv.indexOf('=');
        return i < 0 ? [dec(kv), ''] : [dec(kv.slice(0, i)), dec(kv.slice(i + 1))];
      }) as [string, string][];
    pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
    return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  }

  /** Who is calling (for the rate limit), or an error reply. */
  function authenticate(req: RecordedRequest): { who: string } | EmulatorReply {
    const token = req.headers['x-auth-token'];
    if (token !== undefined) {
      if (opts.staticTokens?.includes(token)) return { who: `token:${token}` };
      const exp = issued.get(token);
      if (exp === undefined) {
        emulator.authFailures += 1;
        return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: decrypt token fail');
      }
      if (exp <= Date.now()) return apig(401, 'APIG.0307', 'The token must be updated.');
      return { who: 'iam-user' };
    }
    const auth = req.headers['authorization'] ?? '';
    const m = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m || !opts.aksk) {
      emulator.authFailures += 1;
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: Authorization not found or malformed');
    }
    const [, access, signedHeaders, signature] = m as unknown as [string, string, string, string];
    if (access !== opts.aksk.accessKey) {
      emulator.authFailures += 1;
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: ak not exist');
    }
    const names = signedHeaders.split(';');
    const sdkDate = req.headers['x-sdk-date'] ?? '';
    const dm = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(sdkDate);
    if (!names.includes('host') || !names.includes('x-sdk-date') || !dm) {
      emulator.authFailures += 1;
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: host and x-sdk-date must be signed');
    }
    const t = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(dm[4]), Number(dm[5]), Number(dm[6]));
    if (Math.abs(Date.now() - t) > SKEW_MS) {
      emulator.authFailures += 1;
      return apig(
        401,
        'APIG.0301',
        'Incorrect IAM authentication information: the request time (X-Sdk-Date) is more than 15 minutes from the server time',
      );
    }
    for (const h of MUST_SIGN) {
      if (req.headers[h] !== undefined && !names.includes(h)) {
        emulator.authFailures += 1;
        return apig(401, 'APIG.0301', `Incorrect IAM authentication information: header ${h} is sent but not signed`);
      }
    }
    if (opts.aksk.securityToken !== undefined && req.headers['x-security-token'] !== opts.aksk.securityToken) {
      emulator.authFailures += 1;
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: security token invalid');
    }
    const q = req.url.indexOf('?');
    const payloadHash =
      req.headers['x-sdk-content-sha256'] === 'UNSIGNED-PAYLOAD' ? 'UNSIGNED-PAYLOAD' : sha256(req.body);
    const canonical = [
      req.method,
      canonicalUri(req.path),
      canonicalQuery(q < 0 ? '' : req.url.slice(q + 1)),
      names.map((n) => `${n}:${(req.headers[n] ?? '').trim()}\n`).join(''),
      signedHeaders,
      payloadHash,
    ].join('\n');
    const toSign = ['SDK-HMAC-SHA256', sdkDate, sha256(canonical)].join('\n');
    const expected = createHmac('sha256', opts.aksk.secretKey).update(toSign, 'utf8').digest('hex');
    if (expected !== signature) {
      emulator.authFailures += 1;
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: verify aksk signature fail');
    }
    return { who: `ak:${access}` };
  }

  const throttled = (who: string): boolean => !window.admit(emulator.ratePerSecond, who);

  // --- IAM -------------------------------------------------------------------------------------
  function issueToken(req: RecordedRequest): EmulatorReply {
    emulator.tokenRequests += 1;
    let body: {
      auth?: {
        identity?: {
          methods?: string[];
          password?: { user?: { name?: string; password?: string; domain?: { name?: string } } };
        };
        scope?: { project?: { id?: string } };
      };
    };
    try {
      body = JSON.parse(req.body);
    } catch {
      return reply(400, { error: { code: 400, message: 'The request body is not JSON.', title: 'Bad Request' } });
    }
    const user = body.auth?.identity?.password?.user;
    if (
      !opts.iam ||
      !body.auth?.identity?.methods?.includes('password') ||
      user?.name !== opts.iam.username ||
      user.password !== opts.iam.password ||
      user.domain?.name !== opts.iam.domain
    ) {
      return reply(401, { error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } });
    }
    const scoped = body.auth?.scope?.project?.id;
    if (scoped === undefined || !projects.has(scoped)) {
      return reply(400, { error: { code: 400, message: 'Invalid scope: project not found.', title: 'Bad Request' } });
    }
    const token = `fake-iam-token-${randomUUID()}`;
    const now = Date.now();
    const expiresAt = now + emulator.tokenLifetimeMs;
    issued.set(token, expiresAt);
    return reply(
      201,
      {
        token: {
          expires_at: new Date(expiresAt).toISOString(),
          issued_at: new Date(now).toISOString(),
          methods: ['password'],
          project: { id: scoped, name: 'emulated-region' },
          user: { name: opts.iam.username, domain: { name: opts.iam.domain } },
        },
      },
      { 'X-Subject-Token': token },
    );
  }

  // --- DLF -------------------------------------------------------------------------------------
  function listInstances(job: HwJob, query: URLSearchParams): EmulatorReply {
    const now = Date.now();
    const startOfDay = new Date(now).setUTCHours(0, 0, 0, 0);
    const min = Number(query.get('min_plan_time') ?? startOfDay);
    const max = Number(query.get('max_plan_time') ?? now);
    const limit = Number(query.get('limit') ?? 10);
    const offset = Number(query.get('offset') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(offset) || offset < 0) {
      return dlf('DLF.0001', 'Invalid paging parameters.');
    }
    const status = query.get('status');
    const matching = job.instances
      .filter((i) => i.plan_time > min && i.plan_time < max && (!status || i.status === status))
      .sort((a, b) => b.plan_time - a.plan_time);
    const page = matching.slice(offset, offset + limit).map((i) => ({
      job_name: i.job_name,
      status: i.status,
      job_instance_name: `${i.job_name}_${i.instance_id}`,
      plan_time: i.plan_time,
      start_time: i.start_time,
      end_time: i.end_time,
      execute_time: i.start_time && i.end_time ? i.end_time - i.start_time : undefined,
      instance_id: i.instance_id,
      instance_type: i.instance_type,
      submit_time: i.submit_time,
      job_id: i.job_id,
      version: 1,
      force_success: false,
      ignore_success: false,
    }));
    return reply(200, { total: matching.length, instances: page });
  }

  function instanceDetail(job: HwJob, instanceId: number): EmulatorReply {
    if (!emulator.v1Detail)
      return apig(404, 'APIG.0101', 'The API does not exist or has not been published in the environment');
    const i = job.instances.find((x) => x.instance_id === instanceId);
    if (!i) return dlf('DLF.0137', 'The job instance does not exist.');
    return reply(200, {
      status: i.status,
      planTime: i.plan_time,
      startTime: i.start_time,
      endTime: i.end_time,
      executeTime: i.start_time && i.end_time ? i.end_time - i.start_time : undefined,
      total: i.nodes.length,
      nodes: i.nodes.map((n) => ({ ...n, planTime: i.plan_time, startTime: i.start_time, instanceId: i.instance_id })),
    });
  }

  function rerunInstance(i: HwInstance): void {
    i.runs += 1;
    if (emulator.applyRetry === 'manual') return;
    i.status = 'waiting';
    delete i.start_time;
    delete i.end_time;
    for (const n of i.nodes) n.status = 'waiting';
  }

  function retry(job: HwJob | undefined, workspace: string, urlJob: string, req: RecordedRequest): EmulatorReply {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return dlf('DLF.0001', 'Content-Type must be application/json.');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body);
    } catch {
      return dlf('DLF.0001', 'The request body is not valid JSON.');
    }
    const injected = pendingErrors.shift();
    if (injected) {
      return injected.code.startsWith('APIG.')
        ? apig(injected.status, injected.code, injected.message)
        : dlf(injected.code, injected.message, injected.status);
    }
    if (!job) return dlf('DLF.1000', 'Failed to find the job.');
    if (!job.batch) return dlf('DLF.0136', 'Only batch jobs are supported.');
    const location = body['retry_location'];
    if (!['firstNode', 'errorNode', 'specifiedNode'].includes(location as string))
      return dlf('DLF.0001', 'retry_location is invalid.');
    if (location === 'specifiedNode' && typeof body['node_name'] !== 'string')
      return dlf('DLF.0001', 'node_name is required with specifiedNode.');
    if (!['original_version', 'current_version'].includes(body['retry_task_version'] as string))
      return dlf('DLF.0001', 'retry_task_version is invalid.');
    const tasks = body['task_retrys'];
    const chain = body['jobs'];
    if ((tasks === undefined) === (chain === undefined)) return dlf('DLF.0001', 'Give either task_retrys or jobs.');
    const touched: HwInstance[] = [];
    if (Array.isArray(tasks)) {
      for (const t of tasks as { job_id?: number; plan_time?: number; submit_time?: number }[]) {
        if (!/^\d{13}$/.test(String(t.plan_time)) || !/^\d{13}$/.test(String(t.submit_time)))
          return dlf('DLF.0001', 'plan_time and submit_time must be 13-digit timestamps.');
        const i = job.instances.find(
          (x) => x.plan_time === t.plan_time && x.submit_time === t.submit_time && x.job_id === t.job_id,
        );
        if (!i) return dlf('DLF.0137', 'The job instance does not exist.');
        touched.push(i);
      }
    } else {
      const begin = body['begin_time'];
      const end = body['end_time'];
      const concurrent = body['concurrent'] ?? 1;
      if (typeof begin !== 'number' || typeof end !== 'number' || begin >= end)
        return dlf('DLF.0001', 'begin_time and end_time are invalid.');
      if (typeof concurrent !== 'number' || concurrent < 1 || concurrent > 128)
        return dlf('DLF.0001', 'concurrent must be 1 to 128.');
      if (!Array.isArray(chain) || chain.length === 0) return dlf('DLF.0001', 'jobs must not be empty.');
      for (const ref of chain as { job_name?: string; workspace_id?: string }[]) {
        const j = jobs.get(key(ref.workspace_id ?? '', ref.job_name ?? ''));
        if (!j) return dlf('DLF.0100', `The job ${ref.job_name} does not exist.`);
        touched.push(...j.instances.filter((i) => i.plan_time >= begin && i.plan_time <= end));
      }
    }
    for (const i of touched) rerunInstance(i);
    retryCalls.push({ job: urlJob, workspace, body });
    return reply(200, undefined);
  }

  const server = await startEmulator((req) => {
    const segments = req.path.split('/').map(dec);
    if (req.method === 'POST' && req.path === '/v3/auth/tokens') return issueToken(req);
    const who = authenticate(req);
    if ('status' in who) return who;
    if (throttled(who.who)) {
      emulator.throttledCount += 1;
      return apig(
        429,
        'APIG.0308',
        `The throttling threshold has been reached: policy user over ratelimit, limit:${emulator.ratePerSecond}, time:1 second`,
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
    const job = jobs.get(key(workspace, jobName));
    if (v1 && req.method === 'GET')
      return job ? instanceDetail(job, Number(segments[6])) : dlf('DLF.0100', 'The job does not exist.');
    if (v2 && segments[7] === 'detail' && req.method === 'GET') {
      if (!job) return dlf('DLF.0100', 'The job does not exist.');
      const q = req.url.indexOf('?');
      return listInstances(job, new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1)));
    }
    if (v2 && segments[7] === 'retry' && req.method === 'POST') return retry(job, workspace, jobName, req);
    return apig(404, 'APIG.0101', 'The API does not exist or has not been published in the environment');
  });

  const emulator: HuaweiEmulator = Object.assign(server, {
    jobs,
    retryCalls,
    ratePerSecond: 10,
    throttledCount: 0,
    tokenLifetimeMs: 24 * 3_600_000,
    v1Detail: true,
    applyRetry: 'immediate' as const,
    authFailures: 0,
    tokenRequests: 0,
    addJob(name: string, o: { workspace?: string; id?: number; batch?: boolean; nodes?: string[] } = {}) {
      const job: HwJob = {
        name,
        workspace: o.workspace ?? (opts.workspaces[0] as string),
        id: o.id ?? nextJobId++,
        batch: o.batch ?? true,
        nodes: o.nodes ?? ['extract', 'clean', 'load'],
        instances: [],
      };
      jobs.set(key(job.workspace, name), job);
      return job;
    },
    addInstance(
      jobName: string,
      o: {
        plan_time: number;
        status: string;
        submit_time?: number;
        failedNode?: string;
        workspace?: string;
        instance_type?: number;
        instance_id?: number;
      },
    ) {
      const job = jobs.get(key(o.workspace ?? (opts.workspaces[0] as string), jobName));
      if (!job) throw new Error(`emulator: add job ${jobName} first`);
      // A failed instance fails at `failedNode`, by default its first node.
      const failedAt = o.failedNode
        ? job.nodes.indexOf(o.failedNode)
        : o.status === 'fail' || o.status === 'running-exception'
          ? 0
          : -1;
      const nodes = job.nodes.map((n, idx): HwNode => ({
        nodeName: n,
        type: 'DLISQL',
        retryTimes: idx === failedAt ? 2 : 0,
        status:
          failedAt < 0
            ? FINAL.has(o.status)
              ? o.status
              : o.status === 'running' && idx === 0
                ? 'running'
                : 'waiting'
            : idx < failedAt
              ? 'success'
              : idx === failedAt
                ? 'fail'
                : 'waiting',
      }));
      const live = !FINAL.has(o.status);
      const instance: HwInstance = {
        instance_id: o.instance_id ?? nextInstanceId++,
        job_id: job.id,
        job_name: jobName,
        plan_time: o.plan_time,
        submit_time: o.submit_time ?? o.plan_time - 3_600_000 + 4_684,
        status: o.status,
        ...(o.status === 'waiting' ? {} : { start_time: o.plan_time + 1_000 }),
        ...(live ? {} : { end_time: o.plan_time + 60_000 }),
        instance_type: o.instance_type ?? 0,
        nodes,
        runs: 1,
      };
      job.instances.push(instance);
      return instance;
    },
    instance(jobName: string, planTime: number, workspace?: string) {
      return jobs
        .get(key(workspace ?? (opts.workspaces[0] as string), jobName))
        ?.instances.find((i) => i.plan_time === planTime);
    },
    finishRun(jobName: string, planTime: number, status: string, workspace?: string) {
      const i = emulator.instance(jobName, planTime, workspace);
      if (!i) throw new Error(`emulator: no instance of ${jobName} at ${planTime}`);
      i.status = status;
      i.start_time ??= Date.now() - 1_000;
      if (FINAL.has(status)) i.end_time = Date.now();
    },
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
    expireTokens() {
      for (const t of issued.keys()) issued.set(t, Date.now() - 1);
    },
  });
  return emulator;
}
