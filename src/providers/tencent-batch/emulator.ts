/**
 * Tencent Cloud Batch emulator: verifies TC3-HMAC-SHA256 like the API gateway (its own code,
 * independent of sign.ts), keeps job states, and answers RetryJobs / DescribeJobs with the
 * documented bodies and error codes (HTTP 200 with Response.Error).
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  RateWindow,
  startEmulator,
  type EmulatorReply,
  type EmulatorServer,
  type RecordedRequest,
} from '../../emulators/server.ts';

export interface TencentJob {
  JobId: string;
  JobName: string;
  JobState: string;
  retries: number;
  /** As DescribeJobs shows them; defaults below when absent. */
  CreateTime?: string;
  EndTime?: string | null;
  TaskMetrics?: Record<string, number>;
}

/** What a seed may give a job beyond its id, state and name. */
export type TencentJobExtra = Pick<TencentJob, 'CreateTime' | 'EndTime' | 'TaskMetrics'>;

export interface TencentEmulator extends EmulatorServer {
  jobs: Map<string, TencentJob>;
  addJob(id: string, state: string, name?: string, extra?: TencentJobExtra): void;
  /** RetryJobs calls that passed the signature check, with their job ids. */
  retryCalls: string[][];
  /** DescribeJobs calls answered (not refused for the rate or the limit), with their job ids. */
  describedIds: string[][];
  /** Signature failures seen. */
  authFailures: number;
  /** Answer the next RetryJobs with this error code (HTTP 200, Response.Error). */
  failNextRetry(code: string, message?: string): void;
  /**
   * Allowed requests per second of each action before RequestLimitExceeded (default 2, as
   * documented for RetryJobs and DescribeJobs). Batch counts each API on its own, and so does
   * the emulator: one window per action.
   */
  ratePerSecond: number;
  /** An action's own allowance, where it differs from `ratePerSecond` (a company's quota). */
  rates: Partial<Record<string, number>>;
  /** The action of each request refused with RequestLimitExceeded, in order. */
  throttled: string[];
  /** Leave retried jobs FAILED (Batch not having picked the retry up yet). */
  lagAfterRetry: boolean;
  /**
   * Ends a job's run as Batch would: SUCCEED or FAILED, with its end time now and its task counts
   * (the failed run with one failed task).
   */
  finish(id: string, state: 'SUCCEED' | 'FAILED'): void;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (k: string | Buffer, s: string) => createHmac('sha256', k).update(s).digest();

/** The `targets:` entry (YAML, indented) of a target that points at an emulator. */
export function tencentTargetYaml(
  url: string,
  creds: { secretId: string; secretKey: string },
  id = 'batch-gz',
  region = 'ap-guangzhou',
): string {
  return `  ${id}:\n    provider: tencent-batch\n    region: ${region}\n    endpoint: ${url}\n    auth: { secretId: ${creds.secretId}, secretKey: ${creds.secretKey} }\n`;
}

export interface TencentEmulatorOptions {
  /**
   * Batch's own time, ms since the epoch: signatures' age, the rate window and end times. A test
   * that runs the bot on test time shares that clock here, so both see the same pace.
   */
  now?: () => number;
}

export async function startTencentEmulator(
  creds: { secretId: string; secretKey: string },
  options: TencentEmulatorOptions = {},
): Promise<TencentEmulator> {
  const now = options.now ?? Date.now;
  const jobs = new Map<string, TencentJob>();
  const retryCalls: string[][] = [];
  const describedIds: string[][] = [];
  const pendingErrors: { code: string; message: string }[] = [];
  const window = new RateWindow(now);
  let authFailures = 0;

  const reply = (response: Record<string, unknown>): EmulatorReply => ({
    status: 200,
    body: JSON.stringify({ Response: { ...response, RequestId: randomUUID() } }),
  });
  const error = (code: string, message: string) => reply({ Error: { Code: code, Message: message } });

  function verify(req: RecordedRequest): EmulatorReply | undefined {
    const auth = req.headers['authorization'] ?? '';
    const m =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) return error('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
    const [, secretId, date, service, signedHeaders, signature] = m as unknown as string[];
    if (secretId !== creds.secretId) return error('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    const ts = Number(req.headers['x-tc-timestamp']);
    if (!Number.isFinite(ts) || Math.abs(now() / 1000 - ts) > 300)
      return error('AuthFailure.SignatureExpire', 'Signature expired.');
    if (new Date(ts * 1000).toISOString().slice(0, 10) !== date)
      return error('AuthFailure.SignatureFailure', 'Credential date mismatch.');
    const names = (signedHeaders as string).split(';');
    const canonicalHeaders = names.map((n) => `${n}:${(req.headers[n] ?? '').trim().toLowerCase()}\n`).join('');
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    const canonical = [req.method, '/', query, canonicalHeaders, signedHeaders, sha256(req.body)].join('\n');
    const toSign = ['TC3-HMAC-SHA256', String(ts), `${date}/${service}/tc3_request`, sha256(canonical)].join('\n');
    const kSigning = hmac(hmac(hmac('TC3' + creds.secretKey, date as string), service as string), 'tc3_request');
    const expected = createHmac('sha256', kSigning).update(toSign).digest('hex');
    if (expected !== signature || service !== 'batch') {
      authFailures += 1;
      return error(
        'AuthFailure.SignatureFailure',
        'The provided credentials could not be validated. Please check your signature is correct.',
      );
    }
    return undefined;
  }

  const throttled: string[] = [];
  const overLimit = (action: string): boolean => {
    if (window.admit(emulator.rates[action] ?? emulator.ratePerSecond, action)) return false;
    throttled.push(action);
    return true;
  };

  const server = await startEmulator((req) => {
    const bad = verify(req);
    if (bad) return bad;
    const action = req.headers['x-tc-action'];
    if (req.headers['x-tc-version'] !== '2017-03-12') return error('InvalidParameter', 'Unsupported version.');
    if (!req.headers['x-tc-region'])
      return error('MissingParameter', 'The request is missing the required parameter Region.');
    let params: { JobIds?: unknown; Limit?: number; Offset?: number };
    try {
      params = JSON.parse(req.body || '{}');
    } catch {
      return error('InvalidParameter', 'Body is not JSON.');
    }
    if (overLimit(String(action))) return error('RequestLimitExceeded', 'Your current request times exceeds limit.');
    const ids = Array.isArray(params.JobIds) ? (params.JobIds as string[]) : [];
    if (action === 'DescribeJobs') {
      // As documented: at most 100 JobIds, and a page of `Limit` (default 20, at most 100) from `Offset`.
      const limit = params.Limit ?? 20;
      if (ids.length > 100 || limit > 100)
        return error('InvalidParameterValue.LimitExceeded', 'JobIds or Limit exceeds 100.');
      describedIds.push(ids);
      const all = (ids.length ? ids : [...jobs.keys()]).flatMap((id) => {
        const job = jobs.get(id);
        return job
          ? [
              {
                JobId: job.JobId,
                JobName: job.JobName,
                JobState: job.JobState,
                CreateTime: job.CreateTime ?? '2024-11-26T06:00:00Z',
                EndTime: job.EndTime ?? null,
                TaskMetrics: job.TaskMetrics ?? { FailedCount: job.JobState === 'FAILED' ? 1 : 0 },
              },
            ]
          : [];
      });
      const offset = params.Offset ?? 0;
      return reply({ JobSet: all.slice(offset, offset + limit), TotalCount: all.length });
    }
    if (action === 'RetryJobs') {
      if (ids.length === 0) return error('MissingParameter', 'The request is missing the required parameter JobIds.');
      if (ids.length > 100) return error('InvalidParameterValue.LimitExceeded', 'JobIds exceeds 100.');
      const injected = pendingErrors.shift();
      if (injected) return error(injected.code, injected.message);
      for (const id of ids) {
        if (!/^job-[a-z0-9]+$/.test(id)) return error('InvalidParameter.JobIdMalformed', `Invalid job id: ${id}.`);
        const job = jobs.get(id);
        if (!job) return error('ResourceNotFound.Job', `Job ${id} does not exist.`);
        if (job.JobState !== 'FAILED')
          return error('UnsupportedOperation', `Job ${id} is ${job.JobState}; only FAILED jobs can be retried.`);
      }
      retryCalls.push(ids);
      for (const id of ids) {
        const job = jobs.get(id) as TencentJob;
        // Batch may still show FAILED for a moment after accepting the retry.
        if (!emulator.lagAfterRetry) {
          job.JobState = 'RUNNABLE';
          // A seeded end time and task counts belonged to the failed run.
          delete job.EndTime;
          delete job.TaskMetrics;
        }
        job.retries += 1;
      }
      return reply({});
    }
    return error('InvalidAction', `Action ${String(action)} is not supported.`);
  });

  const emulator: TencentEmulator = Object.assign(server, {
    jobs,
    retryCalls,
    describedIds,
    ratePerSecond: 2,
    rates: {},
    throttled,
    lagAfterRetry: false,
    authFailures: 0,
    addJob(id: string, state: string, name = `job ${id}`, extra: TencentJobExtra = {}) {
      jobs.set(id, { JobId: id, JobName: name, JobState: state, retries: 0, ...extra });
    },
    finish(id: string, state: 'SUCCEED' | 'FAILED') {
      const job = jobs.get(id);
      if (!job) throw new Error(`emulator: no job ${id}`);
      job.JobState = state;
      job.EndTime = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      job.TaskMetrics = { SucceedCount: state === 'SUCCEED' ? 1 : 0, FailedCount: state === 'FAILED' ? 1 : 0 };
    },
    failNextRetry(code: string, message = 'Injected error.') {
      pendingErrors.push({ code, message });
    },
  });
  // A live count (Object.assign would copy a getter's value once).
  Object.defineProperty(emulator, 'authFailures', { get: () => authFailures });
  return emulator;
}
