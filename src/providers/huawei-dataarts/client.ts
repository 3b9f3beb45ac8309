/**
 * DataArts Factory calls: builds the path (job names RFC 3986-encoded once, docs/providers/FACTS.md §1.7), adds
 * the `workspace` header and the credentials (SDK-HMAC-SHA256 signature, a given X-Auth-Token,
 * or an IAM token from password auth), paces every call at its API's allowance and the user's
 * 10/s across APIs (paces shared by every target of the credential, from the injected pacers,
 * see state.ts), and turns answers into data or a ProviderError.
 * An APIG.0307 answer to an IAM-password token fetches a new token and sends once more: the
 * gateway refused the call, so it did not run.
 */
import { ProviderError } from '../_shared/errors.ts';
import { NotSentError } from '../_shared/http.ts';
import { sharedMsg } from '../_shared/messages.ts';
import { parseEndpoint } from '../_shared/target.ts';
import type { Pacer, ProviderDeps } from '../types.ts';
import { dlfError, httpError, type DlfErrorContext } from './errors.ts';
import { DETAIL_TIMEOUT_MS, type DlfOperation } from './limits.ts';
import { msg } from './messages.ts';
import type { InstanceDetail, JobInstance } from './model.ts';
import type { HuaweiTarget } from './schema.ts';
import { canonicalQueryString, encodePath, formatSdkDate, signSdkHmacSha256, ALGORITHM } from './sign.ts';
import { pacersFor, stateFor, type TargetState } from './state.ts';

export const CONTENT_TYPE = 'application/json;charset=UTF-8';
export const RETRY_PATH = '/v2/{project_id}/factory/jobs/{job_name}/instances/retry';
export const LIST_PATH = '/v2/{project_id}/factory/jobs/{job_name}/instances/detail';
/** v1 "query a job instance" (node statuses); the DGC/DLF SDKs serve it from dayu-dlf.{region}. */
export const DETAIL_PATH_V1 = '/v1/{project_id}/jobs/{job_name}/instances/{instance_id}';
const REDACTED = '[redacted]';

export function defaultEndpoint(region: string): string {
  return `https://dayu.${region}.myhuaweicloud.com`;
}

/** Host of the v1 instance-detail API: the target's endpoint when set (emulators, proxies), else dayu-dlf. */
export function v1Endpoint(target: HuaweiTarget): string {
  return target.endpoint ?? `https://dayu-dlf.${target.region}.myhuaweicloud.com`;
}

export interface DlfCall {
  /** The API, whose pace the call takes (limits.ts). */
  operation: DlfOperation;
  /** v2 factory APIs live on the DataArts Studio host; the v1 detail API on the DLF host. */
  api: 'v2' | 'v1';
  method: 'GET' | 'POST';
  pathTemplate: string;
  /** Raw (unencoded) values; project_id is added from the target. */
  pathParams: Record<string, string>;
  query?: [string, string][];
  body?: string;
  workspace: string;
  /** The job the call concerns, for error sentences. */
  job?: string;
  timeoutMs?: number;
}

export interface BuiltRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface DlfAnswer {
  status: number;
  body: string;
  requestId: string | undefined;
}

/** Counts the HTTP sends of one operation (the audit wants the number of rerun calls). */
export interface CallCounter {
  calls: number;
}

export interface ListQuery {
  minPlanTime: number;
  maxPlanTime: number;
  status?: string;
  limit: number;
  offset: number;
}

export class DlfClient {
  private readonly v2: { origin: string; host: string; basePath: string };
  private readonly v1: { origin: string; host: string; basePath: string };
  private readonly state: TargetState;
  private readonly paced: (op: DlfOperation) => Pacer;

  constructor(
    readonly target: HuaweiTarget,
    private readonly deps: ProviderDeps,
  ) {
    this.v2 = parseEndpoint(target.endpoint ?? defaultEndpoint(target.region));
    this.v1 = parseEndpoint(v1Endpoint(target));
    this.state = stateFor(target);
    this.paced = pacersFor(deps.pacers, target);
  }

  /** Host of the v1 instance-detail API, for the note that says it did not answer. */
  get v1Host(): string {
    return this.v1.host;
  }

  /**
   * The exact request for `call` at time `now`. With `redact`, every credential (access key,
   * signature, security token, IAM token) is `[redacted]`: that is what approval shows.
   */
  build(call: DlfCall, now: Date, token: string | undefined, redact = false): BuiltRequest {
    const ep = call.api === 'v1' ? this.v1 : this.v2;
    const path = ep.basePath + encodePath(call.pathTemplate, { project_id: this.target.projectId, ...call.pathParams });
    const query = canonicalQueryString(call.query ?? []);
    const headers: Record<string, string> = {};
    if (call.body !== undefined) headers['Content-Type'] = CONTENT_TYPE;
    headers['workspace'] = call.workspace;
    const auth = this.target.auth;
    if (auth.kind === 'aksk') {
      headers['X-Project-Id'] = this.target.projectId;
      headers['X-Sdk-Date'] = formatSdkDate(now);
      if (auth.securityToken) headers['X-Security-Token'] = redact ? REDACTED : auth.securityToken;
      const signed = signSdkHmacSha256({
        accessKey: auth.accessKey,
        secretKey: auth.secretKey,
        method: call.method,
        path,
        query: call.query ?? [],
        headers: {
          ...headers,
          ...(auth.securityToken ? { 'X-Security-Token': auth.securityToken } : {}),
          host: ep.host,
        },
        body: call.body ?? '',
      });
      headers['Authorization'] = redact
        ? `${ALGORITHM} Access=${REDACTED}, SignedHeaders=${signed.signedHeaders}, Signature=${REDACTED}`
        : signed.authorization;
    } else {
      headers['X-Auth-Token'] = redact || token === undefined ? REDACTED : token;
    }
    const url = `${ep.origin}${path}${query ? `?${query}` : ''}`;
    return { method: call.method, url, headers, ...(call.body !== undefined ? { body: call.body } : {}) };
  }

  /** Sends one call (signed afresh, paced); throws ProviderError, IamError or TransportError. */
  async call(call: DlfCall, counter?: CallCounter): Promise<DlfAnswer> {
    for (let attempt = 1; ; attempt += 1) {
      const token = await this.token();
      const answer = await this.paced(call.operation)(async () => {
        const req = this.build(call, this.deps.clock.now(), token);
        if (counter) counter.calls += 1;
        try {
          const res = await this.deps.http.send({ ...req, timeoutMs: call.timeoutMs ?? this.target.timeout });
          return { status: res.status, body: res.body, headers: res.headers };
        } catch (err) {
          // Stopped before it left (the rerun's hook failed): not a call that carried the rerun.
          if (counter && err instanceof NotSentError) counter.calls -= 1;
          throw err;
        }
      });
      try {
        return this.check(call, answer);
      } catch (err) {
        if (err instanceof ProviderError && err.code === 'APIG.0307' && this.state.iam && token && attempt === 1) {
          this.deps.logger.warn(
            { job: call.job, code: err.code, requestId: err.requestId },
            'DataArts says the IAM token must be updated; fetching a new one and sending once more',
          );
          this.state.iam.invalidate(token);
          continue;
        }
        throw err;
      }
    }
  }

  /** The credential token for this call: the given one, an IAM token, or none (AK/SK signs instead). */
  private async token(): Promise<string | undefined> {
    const auth = this.target.auth;
    if (auth.kind === 'token') return auth.token;
    if (this.state.iam) return this.state.iam.token(this.deps);
    return undefined;
  }

  private check(call: DlfCall, res: { status: number; body: string; headers: Record<string, string> }): DlfAnswer {
    const requestId = res.headers['x-request-id'];
    const ok = res.status >= 200 && res.status < 300;
    let parsed: { error_code?: unknown; error_msg?: unknown; request_id?: unknown } | undefined;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = undefined;
    }
    // A 2xx is success unless its body carries an error code (the gateway never does that, but be sure).
    if (ok && typeof parsed?.error_code !== 'string') return { status: res.status, body: res.body, requestId };
    const ctx = this.errorContext(call);
    const retryAfter = Number(res.headers['retry-after']);
    const retryAfterMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined;
    if (parsed && typeof parsed.error_code === 'string') {
      const rid = typeof parsed.request_id === 'string' ? parsed.request_id : requestId;
      throw dlfError(
        parsed.error_code,
        typeof parsed.error_msg === 'string' ? parsed.error_msg : '',
        rid,
        res.status,
        ctx,
        retryAfterMs,
      );
    }
    throw httpError(res.status, requestId, ctx, retryAfterMs);
  }

  errorContext(call: { job?: string; workspace: string; api?: 'v1' | 'v2' }): DlfErrorContext {
    return {
      job: call.job,
      workspace: call.workspace,
      region: this.target.region,
      host: (call.api === 'v1' ? this.v1 : this.v2).host,
    };
  }

  /** One page of GET …/instances/detail (v2). min/max are exclusive bounds on plan_time. */
  async listInstances(
    job: string,
    workspace: string,
    q: ListQuery,
  ): Promise<{ total: number; instances: JobInstance[] }> {
    const query: [string, string][] = [
      ['min_plan_time', String(q.minPlanTime)],
      ['max_plan_time', String(q.maxPlanTime)],
      ['limit', String(q.limit)],
      ['offset', String(q.offset)],
    ];
    if (q.status) query.push(['status', q.status]);
    const answer = await this.call({
      operation: 'ListFactoryJobInstancesByName',
      api: 'v2',
      method: 'GET',
      pathTemplate: LIST_PATH,
      pathParams: { job_name: job },
      query,
      workspace,
      job,
    });
    const json = parseJson<{ total?: number; instances?: JobInstance[] }>(answer);
    const instances = Array.isArray(json.instances)
      ? json.instances.filter((i) => i && typeof i.plan_time === 'number')
      : [];
    return { total: typeof json.total === 'number' ? json.total : instances.length, instances };
  }

  /** v1 instance detail with node statuses, or undefined when it cannot be read (best effort). */
  async instanceDetail(job: string, workspace: string, instanceId: number): Promise<InstanceDetail | undefined> {
    try {
      const answer = await this.call({
        operation: 'ShowJobInstance',
        api: 'v1',
        method: 'GET',
        pathTemplate: DETAIL_PATH_V1,
        pathParams: { job_name: job, instance_id: String(instanceId) },
        workspace,
        job,
        timeoutMs: Math.min(this.target.timeout, DETAIL_TIMEOUT_MS),
      });
      return parseJson<InstanceDetail>(answer);
    } catch (err) {
      this.deps.logger.debug(
        { job, instanceId, err: (err as Error).message },
        'DataArts instance detail not available',
      );
      return undefined;
    }
  }
}

export function parseJson<T>(answer: DlfAnswer): T {
  try {
    const value = JSON.parse(answer.body) as unknown;
    if (value && typeof value === 'object') return value as T;
  } catch (cause) {
    throw new ProviderError('server', sharedMsg('provider.notJson', { status: answer.status }), {
      requestId: answer.requestId,
      httpStatus: answer.status,
      cause,
    });
  }
  throw new ProviderError('server', msg('huawei-dataarts.error.unexpectedBody', { status: answer.status }), {
    requestId: answer.requestId,
    httpStatus: answer.status,
  });
}
