/**
 * OceanBase OCP emulator: verifies the OCP AccessKey signature (OCP-ACCESS-KEY-HMACSHA1,
 * upper-case only, Date within 15 minutes) and HTTP Basic with its own code (independent of
 * sign.ts), keeps task instances with subtasks and their states, and answers the task detail
 * and the subtask retry with OCP's envelope. A user without TASK_MANAGER gets 403 on retry.
 *
 * The error envelope and codes follow OCP Express's open-source server (same framework as
 * OCP): {successful:false, status, traceId, …, error:{code, message}}; codes 20000
 * TASK_NOT_EXISTS, 20003 TASK_STATE_INVALID, 30000 IAM_USER_NOT_AUTHENTICATED, 30004
 * IAM_BAD_CREDENTIALS, 30014 IAM_OPERATION_NOT_PERMITTED.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  ARRIVAL_JITTER_MS,
  RateWindow,
  startEmulator,
  type EmulatorReply,
  type EmulatorServer,
  type RecordedRequest,
} from '../../emulators/server.ts';

export interface OcpEmulatorUser {
  username: string;
  password: string;
  accessKey?: string;
  secretKey?: string;
  /** Holds the task-management permission (TASK_MANAGER); every user may read tasks. */
  taskManager?: boolean;
}

export type SubtaskState = 'PENDING' | 'READY' | 'RUNNING' | 'CANCELING' | 'FAILED' | 'SUCCESSFUL';

export interface OcpSubtask {
  id: number;
  name: string;
  seriesId: number;
  description: string;
  className: string;
  timeout: number;
  status: SubtaskState;
  operation: 'EXECUTE' | 'RETRY' | 'ROLLBACK' | 'SKIP' | 'CANCEL';
  executor: string;
  runTime: number;
  context: string;
  createTime: string;
  startTime?: string;
  finishTime?: string;
  nodeType: string;
  parallelIdx: number;
  upstreams: number[];
  downstreams: number[];
  prohibitRollback: boolean;
}

export interface OcpTask {
  id: number;
  name: string;
  status: 'RUNNING' | 'FAILED' | 'SUCCESSFUL' | 'PENDING';
  type: string;
  operation: string;
  creator: string;
  createTime: string;
  subtasks: OcpSubtask[];
}

export interface SubtaskInit extends Partial<OcpSubtask> {
  id: number;
}

export interface InjectedError {
  httpStatus: number;
  /** OCP error code put in `error.code`; none when absent. */
  code?: number;
  message?: string;
  /** The exact body instead of the envelope (e.g. a proxy's HTML page). */
  body?: string;
  headers?: Record<string, string>;
}

export interface OcpEmulatorOptions {
  users: OcpEmulatorUser[];
  /** A path prefix OCP is served under (as behind a reverse proxy), e.g. `/ocp`. */
  basePath?: string;
  /** Allowed distance between the Date header and the server clock; OCP's is 15 minutes. */
  maxSkewMs?: number;
}

export interface OcpEmulator extends EmulatorServer {
  tasks: Map<number, OcpTask>;
  addTask(init: { id: number; name?: string; status?: OcpTask['status']; subtasks: SubtaskInit[] }): OcpTask;
  subtask(taskId: number, subtaskId: number): OcpSubtask | undefined;
  /** Ends a subtask the way the task engine would, updating the task's status. */
  finishSubtask(taskId: number, subtaskId: number, status: 'SUCCESSFUL' | 'FAILED'): void;
  /** Retry calls that passed authentication and permission, and were executed. */
  retryCalls: { task: number; subtask: number; user: string }[];
  /** Why each refused authentication was refused. */
  authFailures: string[];
  /** Answer the next retry call with this error instead of executing it. */
  failNextRetry(err: InjectedError): void;
  /** Answer GET of this task with exactly this body (e.g. the vendor doc's broken sample). */
  rawTaskBody: Map<number, string>;
  /** Field spelling of subtasks: the doc sample's (parallelIdx, downstreams) or its table's (paralleIdx, downstream). */
  spelling: 'sample' | 'table';
  /**
   * Requests per second the gateway in front of OCP lets through before answering 429
   * (OCP publishes no limit; deployments put one in a reverse proxy). Infinity by default.
   */
  ratePerSecond: number;
  /** Requests answered 429 by that limit, or because they came before a Retry-After ran out. */
  throttledCount: number;
}

const CODE = {
  TASK_NOT_EXISTS: 20000,
  TASK_STATE_INVALID: 20003,
  IAM_USER_NOT_AUTHENTICATED: 30000,
  IAM_BAD_CREDENTIALS: 30004,
  IAM_OPERATION_NOT_PERMITTED: 30014,
} as const;
const FIFTEEN_MINUTES = 15 * 60_000;
const TASK_PATH = /^\/api\/v2\/tasks\/instances\/(\d+)$/;
const RETRY_PATH = /^\/api\/v2\/tasks\/instances\/(\d+)\/subtasks\/(\d+)\/retry$/;

/** RFC 3986 unreserved characters stay, everything else is %XX (upper-case hex, UTF-8). */
function encode3986(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

function canonicalPathAndQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      const k = decodeURIComponent(eq < 0 ? p : p.slice(0, eq));
      const v = eq < 0 ? '' : decodeURIComponent(p.slice(eq + 1));
      return [k, v] as const;
    })
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  return `${url.slice(0, q)}?${pairs.map(([k, v]) => `${encode3986(k)}=${encode3986(v)}`).join('&')}`;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startOcpEmulator(options: OcpEmulatorOptions): Promise<OcpEmulator> {
  const tasks = new Map<number, OcpTask>();
  const retryCalls: OcpEmulator['retryCalls'] = [];
  const authFailures: string[] = [];
  const injected: InjectedError[] = [];
  const rawTaskBody = new Map<number, string>();
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const maxSkew = options.maxSkewMs ?? FIFTEEN_MINUTES;
  const window = new RateWindow();
  // A 429 with Retry-After holds the gateway shut until then, as a rate limiter would.
  let closedUntil = 0;

  const envelope = (status: number, fields: Record<string, unknown>): EmulatorReply => ({
    status,
    body: JSON.stringify({
      ...fields,
      successful: status < 400,
      timestamp: new Date().toISOString(),
      duration: 3,
      status,
      traceId: randomBytes(8).toString('hex'),
      server: 'ocp-emulator',
    }),
  });
  const error = (status: number, message: string, code?: number) =>
    envelope(status, { error: code === undefined ? { message } : { code, message } });
  const denied = (reason: string, code: number) => {
    authFailures.push(reason);
    return error(401, reason, code);
  };

  function authenticate(req: RecordedRequest): OcpEmulatorUser | EmulatorReply {
    const auth = req.headers['authorization'] ?? '';
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(auth);
    if (basic) {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = options.users.find((u) => u.username === decoded.slice(0, colon));
      if (colon < 0 || !user || !sameText(user.password, decoded.slice(colon + 1)))
        return denied('Bad credentials', CODE.IAM_BAD_CREDENTIALS);
      return user;
    }
    if (auth.startsWith('OCP-ACCESS-KEY-')) {
      const m = /^OCP-ACCESS-KEY-HMACSHA1 ([^:\s]+):(\S+)$/.exec(auth);
      if (!m)
        return denied(
          'Unsupported signature algorithm; only OCP-ACCESS-KEY-HMACSHA1 is accepted',
          CODE.IAM_USER_NOT_AUTHENTICATED,
        );
      const user = options.users.find((u) => u.accessKey === m[1]);
      if (!user?.secretKey) return denied('AccessKey not found', CODE.IAM_USER_NOT_AUTHENTICATED);
      const date = req.headers['date'] ?? '';
      const at = Date.parse(date);
      if (Number.isNaN(at)) return denied('Date header missing or invalid', CODE.IAM_USER_NOT_AUTHENTICATED);
      if (Math.abs(Date.now() - at) >= maxSkew)
        return denied(
          'Request expired: Date is more than 15 minutes from server time',
          CODE.IAM_USER_NOT_AUTHENTICATED,
        );
      let pathAndQuery: string;
      try {
        pathAndQuery = canonicalPathAndQuery(req.url);
      } catch {
        return denied('Malformed query string', CODE.IAM_USER_NOT_AUTHENTICATED);
      }
      const ocpHeaders = Object.entries(req.headers)
        .filter(([k]) => k.toLowerCase().startsWith('x-ocp-'))
        .map(([k, v]) => [k.toLowerCase(), v.trim()] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${k}:${v}`)
        .join('\n');
      const md5 = req.body ? createHash('md5').update(req.body, 'utf8').digest('hex').toUpperCase() : '';
      const toSign = [
        req.method,
        md5,
        req.headers['content-type'] ?? '',
        date,
        req.headers['host'] ?? '',
        ocpHeaders,
        pathAndQuery,
      ].join('\n');
      const expected = createHmac('sha1', user.secretKey).update(toSign, 'utf8').digest('base64');
      if (!sameText(expected, m[2] as string)) return denied('Signature mismatch', CODE.IAM_USER_NOT_AUTHENTICATED);
      return user;
    }
    return denied('Full authentication is required to access this resource', CODE.IAM_USER_NOT_AUTHENTICATED);
  }

  function subtaskJson(s: OcpSubtask): Record<string, unknown> {
    const { parallelIdx, downstreams, className, ...rest } = s;
    const spelled =
      emulator.spelling === 'table'
        ? { paralleIdx: parallelIdx, downstream: downstreams }
        : { parallelIdx, downstreams };
    return { ...rest, clusterName: className, ...spelled };
  }

  function taskJson(t: OcpTask): Record<string, unknown> {
    return {
      id: t.id,
      name: t.name,
      taskDefinitionId: 1,
      creator: { id: 1, name: t.creator },
      status: t.status,
      type: t.type,
      operation: t.operation,
      executor: '10.0.0.1',
      createTime: t.createTime,
      prohibitRollback: false,
      subtasks: t.subtasks.map(subtaskJson),
    };
  }

  function retry(user: OcpEmulatorUser, taskId: number, subtaskId: number): EmulatorReply {
    if (!user.taskManager)
      return error(403, 'Operation not permitted: TASK_MANAGER is required', CODE.IAM_OPERATION_NOT_PERMITTED);
    const fault = injected.shift();
    if (fault) {
      const wait = Number(fault.headers?.['retry-after']);
      if (fault.httpStatus === 429 && wait > 0) closedUntil = Date.now() + wait * 1000;
      if (fault.body !== undefined) return { status: fault.httpStatus, body: fault.body, headers: fault.headers };
      return { ...error(fault.httpStatus, fault.message ?? 'Injected error', fault.code), headers: fault.headers };
    }
    const task = tasks.get(taskId);
    const sub = task?.subtasks.find((s) => s.id === subtaskId);
    if (!task || !sub) return error(404, `Task not exists: ${task ? subtaskId : taskId}`, CODE.TASK_NOT_EXISTS);
    if (sub.status !== 'FAILED' || sub.operation === 'ROLLBACK') {
      return error(
        400,
        `Task state invalid: subtask ${subtaskId} is ${sub.status}, operation ${sub.operation}`,
        CODE.TASK_STATE_INVALID,
      );
    }
    sub.status = 'RUNNING';
    sub.runTime += 1;
    sub.operation = 'RETRY';
    sub.startTime = new Date().toISOString();
    delete sub.finishTime;
    task.status = 'RUNNING';
    retryCalls.push({ task: taskId, subtask: subtaskId, user: user.username });
    return envelope(200, { data: subtaskJson(sub) });
  }

  function throttled(): EmulatorReply | undefined {
    const now = Date.now();
    if (now < closedUntil - ARRIVAL_JITTER_MS || !window.admit(emulator.ratePerSecond)) {
      emulator.throttledCount += 1;
      return { status: 429, body: '{}', headers: { 'retry-after': '1' } };
    }
    return undefined;
  }

  const server = await startEmulator((req) => {
    const limited = throttled();
    if (limited) return limited;
    const who = authenticate(req);
    if ('status' in who) return who;
    if (!req.path.startsWith(`${basePath}/`)) return error(404, `No handler for ${req.method} ${req.path}`);
    const path = req.path.slice(basePath.length);
    const get = TASK_PATH.exec(path);
    if (get && req.method === 'GET') {
      const id = Number(get[1]);
      const raw = rawTaskBody.get(id);
      if (raw !== undefined) return { status: 200, body: raw };
      const task = tasks.get(id);
      return task
        ? envelope(200, { data: taskJson(task) })
        : error(404, `Task not exists: ${id}`, CODE.TASK_NOT_EXISTS);
    }
    const post = RETRY_PATH.exec(path);
    if (post && req.method === 'POST') return retry(who, Number(post[1]), Number(post[2]));
    return error(404, `No handler for ${req.method} ${req.path}`);
  });

  const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
  const emulator: OcpEmulator = Object.assign(server, {
    tasks,
    retryCalls,
    authFailures,
    rawTaskBody,
    spelling: 'sample' as const,
    ratePerSecond: Infinity,
    throttledCount: 0,
    addTask(init: { id: number; name?: string; status?: OcpTask['status']; subtasks: SubtaskInit[] }): OcpTask {
      const subtasks = init.subtasks.map((s, i): OcpSubtask => ({
        name: `Subtask ${s.id}`,
        seriesId: i + 1,
        description: `Subtask ${s.id}`,
        className: 'com.oceanbase.ocp.task.Example',
        timeout: 1800,
        status: 'PENDING',
        operation: 'EXECUTE',
        executor: '10.0.0.1',
        runTime: s.status && s.status !== 'PENDING' && s.status !== 'READY' ? 1 : 0,
        context: '{}',
        createTime: hourAgo(),
        ...(s.status === 'FAILED' || s.status === 'SUCCESSFUL' ? { startTime: hourAgo(), finishTime: hourAgo() } : {}),
        nodeType: 'JAVA_TASK',
        parallelIdx: -1,
        upstreams: [],
        downstreams: [],
        prohibitRollback: false,
        ...s,
      }));
      const status = init.status ?? (subtasks.some((s) => s.status === 'FAILED') ? 'FAILED' : 'RUNNING');
      const task: OcpTask = {
        id: init.id,
        name: init.name ?? `Task ${init.id}`,
        status,
        type: 'MANUAL',
        operation: 'EXECUTE',
        creator: 'admin',
        createTime: hourAgo(),
        subtasks,
      };
      tasks.set(task.id, task);
      return task;
    },
    subtask(taskId: number, subtaskId: number) {
      return tasks.get(taskId)?.subtasks.find((s) => s.id === subtaskId);
    },
    finishSubtask(taskId: number, subtaskId: number, status: 'SUCCESSFUL' | 'FAILED') {
      const task = tasks.get(taskId);
      const sub = task?.subtasks.find((s) => s.id === subtaskId);
      if (!task || !sub) throw new Error(`no subtask ${subtaskId} in task ${taskId}`);
      sub.status = status;
      sub.finishTime = new Date().toISOString();
      if (status === 'FAILED') task.status = 'FAILED';
      else if (task.subtasks.every((s) => s.status === 'SUCCESSFUL')) task.status = 'SUCCESSFUL';
    },
    failNextRetry(err: InjectedError) {
      injected.push(err);
    },
  });
  return emulator;
}
