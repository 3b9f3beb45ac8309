/**
 * OCP REST calls: JSON envelope `{data, successful, status, traceId, …}` over the target's
 * self-hosted endpoint, authenticated by HTTP Basic or the OCP AccessKey signature
 * (docs/providers/FACTS.md §4.1–4.2). Every call is paced per target and operation (limits.ts) and carries the
 * target's timeout; a new Date and signature are made for every attempt.
 */
import { operationPacers } from '../_shared/allowances.ts';
import { ProviderError } from '../_shared/errors.ts';
import { sharedMsg } from '../_shared/messages.ts';
import { parseEndpoint } from '../_shared/target.ts';
import type { HttpResponse, Pacer, ProviderDeps } from '../types.ts';
import { ocpError, type OcpErrorContext } from './errors.ts';
import { ALLOWANCES, type OcpOperation } from './limits.ts';
import { msg } from './messages.ts';
import type { OcpTarget } from './schema.ts';
import { basicAuthorization, OCP_ALGORITHM, rfc1123, signOcp } from './sign.ts';

const CONTENT_TYPE = 'application/json';
/** Names the caller, signed as an `x-ocp-*` header the way OceanBase's own client does. */
const ORIGIN_HEADER = 'rerun-bot';

export const taskPath = (task: number): string => `/api/v2/tasks/instances/${task}`;
export const retryPath = (task: number, subtask: number): string => `${taskPath(task)}/subtasks/${subtask}/retry`;

interface BuiltRequest {
  url: string;
  headers: Record<string, string>;
}

interface OcpResult {
  data: unknown;
  traceId?: string;
}

type CallContext = Omit<OcpErrorContext, 'authMode'>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`. */
function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * The pacer key of a target: the OCP it calls (endpoint with base path) and the credential's
 * public half (username or accessKey, never the secret). Targets naming the same OCP with the
 * same credential are one target to OCP, so they share a pace; others keep their own, as
 * before the pacers were injected.
 */
export function pacerKey(target: OcpTarget): string {
  const { origin, basePath } = parseEndpoint(target.endpoint);
  const who = target.auth.mode === 'basic' ? `user=${target.auth.username}` : `ak=${target.auth.accessKey}`;
  return `oceanbase-ocp:${origin}${basePath}:${who}`;
}

export class OcpClient {
  private readonly endpoint: { origin: string; host: string; basePath: string };
  /** The pace of each operation on this target. */
  private readonly paced: (op: OcpOperation) => Pacer;

  constructor(
    private readonly target: OcpTarget,
    private readonly deps: ProviderDeps,
  ) {
    this.endpoint = parseEndpoint(target.endpoint);
    this.paced = operationPacers(deps.pacers, pacerKey(target), ALLOWANCES, target.limits);
  }

  get authMode(): OcpTarget['auth']['mode'] {
    return this.target.auth.mode;
  }

  /**
   * The exact request for `apiPath` (no query, no body: the task APIs used take none).
   * The signed path includes the endpoint's base path, as sent; the signed Host is the
   * endpoint's `host[:port]`, which is also sent as the Host header. `redact` leaves every
   * credential out (for the approval message).
   */
  build(method: 'GET' | 'POST', apiPath: string, now: Date, redact = false): BuiltRequest {
    const path = `${this.endpoint.basePath}${apiPath}`;
    const url = `${this.endpoint.origin}${path}`;
    const base = { 'Content-Type': CONTENT_TYPE, 'x-ocp-origin': ORIGIN_HEADER };
    const unsigned = { Accept: CONTENT_TYPE, 'Accept-Language': 'en-US' };
    const auth = this.target.auth;
    if (auth.mode === 'basic') {
      return {
        url,
        headers: {
          ...base,
          ...unsigned,
          Authorization: redact ? 'Basic [redacted]' : basicAuthorization(auth.username, auth.password),
        },
      };
    }
    const signed = signOcp({
      accessKey: auth.accessKey,
      secretKey: auth.secretKey,
      method,
      host: this.endpoint.host,
      path,
      query: [],
      headers: base,
      body: '',
      date: rfc1123(now),
    });
    const headers: Record<string, string> = { ...signed.headers, ...unsigned };
    if (redact) headers.Authorization = `${OCP_ALGORITHM} [redacted]:[redacted]`;
    return { url, headers };
  }

  /** Sends one call, signed afresh; throws ProviderError or TransportError. */
  async call(method: 'GET' | 'POST', apiPath: string, ctx: CallContext): Promise<OcpResult> {
    return this.paced(ctx.op === 'retry' ? 'RetrySubtask' : 'GetTaskInstance')(async () => {
      const now = this.deps.clock.now();
      const req = this.build(method, apiPath, now);
      const res = await this.deps.http.send({ method, ...req, timeoutMs: this.target.timeout });
      this.deps.logger.debug({ method, path: apiPath, status: res.status }, 'OCP answered');
      return this.parse(res, { ...ctx, authMode: this.target.auth.mode });
    });
  }

  private parse(res: HttpResponse, ctx: OcpErrorContext): OcpResult {
    let json: unknown;
    let readable = true;
    try {
      json = JSON.parse(res.body);
    } catch {
      readable = false;
    }
    const env = isObject(json) ? json : undefined;
    const ok = res.status >= 200 && res.status < 300;
    if (ok && !env) {
      const detail = readable
        ? msg('oceanbase-ocp.error.notObject', { status: res.status })
        : sharedMsg('provider.notJson', { status: res.status });
      throw new ProviderError('server', detail, { httpStatus: res.status });
    }
    const traceId = text(env?.traceId);
    if (ok && env && env.successful !== false) return traceId ? { data: env.data, traceId } : { data: env.data };
    const error = env?.error;
    const status = Number(env?.status);
    throw ocpError(
      {
        httpStatus: res.status,
        envelopeStatus: Number.isInteger(status) ? status : undefined,
        code: isObject(error) ? text(error.code) : (text(env?.errorCode) ?? text(env?.code)),
        vendorMessage: isObject(error)
          ? text(error.message)
          : (text(error) ?? text(env?.errorMessage) ?? text(env?.message)),
        traceId,
        retryAfterMs: retryAfterMs(res.headers['retry-after'], this.deps.clock.now()),
      },
      ctx,
    );
  }
}
