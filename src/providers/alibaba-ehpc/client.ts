/**
 * E-HPC 2018-04-12 RPC calls: `GET https://ehpc.{region}.aliyuncs.com/?…` as the SDKs send them
 * (docs/providers/FACTS.md §3.1), signed with V3 (ACS3-HMAC-SHA256, default) or V1 (RPC HMAC-SHA1), with a
 * fresh nonce and timestamp on every attempt; errors read from the 4xx/5xx JSON body.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ProviderError } from '../_shared/errors.ts';
import { sharedMsg } from '../_shared/messages.ts';
import { parseEndpoint } from '../_shared/target.ts';
import { operationPacers } from '../_shared/allowances.ts';
import type { Pacer, ProviderDeps } from '../types.ts';
import { byStatus, ehpcError, type AlibabaErrorBody } from './errors.ts';
import { ALLOWANCES, type EhpcAction } from './limits.ts';
import { msg } from './messages.ts';
import { PROVIDER_ID, type EhpcTarget } from './schema.ts';
import { acsTimestamp, percentEncode, rpcV1Params, signAcs3, signRpcV1 } from './sign.ts';

export const API_VERSION = '2018-04-12';
/** The SDKs call every 2018-04-12 action, RerunJobs included, with GET and an empty body. */
const METHOD = 'GET';
const EMPTY_BODY = '';

export interface EhpcCall {
  action: EhpcAction;
  /** The API's own parameters, as strings (Jobs already JSON-encoded). */
  params: Record<string, string>;
  /** For error messages. */
  cluster: string;
  jobIds: readonly string[];
}

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** Stands for the values the approval message must not show, or that change per attempt. */
export const REDACTED = '[redacted]';
export const PER_ATTEMPT = '[new-per-attempt]';

export class EhpcClient {
  readonly endpoint: { origin: string; host: string; basePath: string };
  /** The pace of each action, for this target's credential, cluster and endpoint. */
  private readonly paced: (action: EhpcAction) => Pacer;

  constructor(
    private readonly target: EhpcTarget,
    private readonly deps: ProviderDeps,
  ) {
    this.endpoint = parseEndpoint(target.endpoint ?? `https://ehpc.${target.region}.aliyuncs.com`);
    // One pace per target and action (the work is the cluster's manager node's, limits.ts). A
    // target is known here only by its config, so its key is what makes it one: the AccessKey id
    // (never the secret), the endpoint and the default cluster.
    const key = `${PROVIDER_ID}:${target.auth.accessKeyId}@${this.endpoint.origin}${this.endpoint.basePath}/${target.clusterId ?? ''}`;
    this.paced = operationPacers(deps.pacers, key, ALLOWANCES, target.limits);
  }

  /**
   * The exact request for one attempt. `redact` replaces the AccessKey id, the STS token and
   * the signature by [redacted] (for the approval message); the nonce then reads as per-attempt.
   */
  build(call: EhpcCall, attempt: { date: Date; nonce: string }, redact = false): BuiltRequest {
    const { auth } = this.target;
    const base = `${this.endpoint.origin}${this.endpoint.basePath}/`;
    const timestamp = acsTimestamp(attempt.date);
    if (this.target.signatureVersion === 'v1') {
      const params = rpcV1Params(
        {
          action: call.action,
          version: API_VERSION,
          accessKeyId: auth.accessKeyId,
          nonce: attempt.nonce,
          timestamp,
          securityToken: auth.securityToken,
        },
        call.params,
      );
      if (redact) {
        const shown: Record<string, string> = {
          AccessKeyId: REDACTED,
          SignatureNonce: PER_ATTEMPT,
          SecurityToken: REDACTED,
        };
        const query = Object.keys(params)
          .sort()
          .map((k) => `${percentEncode(k)}=${shown[k] ?? percentEncode(params[k] as string)}`)
          .join('&');
        return { method: METHOD, url: `${base}?${query}&Signature=${REDACTED}`, headers: {} };
      }
      const signed = signRpcV1({ method: METHOD, params, accessKeySecret: auth.accessKeySecret });
      return { method: METHOD, url: `${base}?${signed.query}`, headers: {} };
    }
    const signed = signAcs3({
      method: METHOD,
      host: this.endpoint.host,
      query: call.params,
      action: call.action,
      version: API_VERSION,
      date: timestamp,
      nonce: attempt.nonce,
      body: EMPTY_BODY,
      accessKeyId: auth.accessKeyId,
      accessKeySecret: auth.accessKeySecret,
      securityToken: auth.securityToken,
    });
    const url = signed.canonicalQuery ? `${base}?${signed.canonicalQuery}` : base;
    if (!redact) return { method: METHOD, url, headers: signed.headers };
    const headers: Record<string, string> = { ...signed.headers, 'x-acs-signature-nonce': PER_ATTEMPT };
    if (headers['x-acs-security-token']) headers['x-acs-security-token'] = REDACTED;
    headers['authorization'] =
      `ACS3-HMAC-SHA256 Credential=${REDACTED},SignedHeaders=${signed.signedHeaders},Signature=${REDACTED}`;
    return { method: METHOD, url, headers };
  }

  /**
   * Sends one call at its action's pace, signed afresh (new nonce, current time); throws
   * ProviderError or TransportError.
   */
  async call<T extends object>(call: EhpcCall): Promise<T & { RequestId?: string }> {
    return this.paced(call.action)(async () => {
      const date = this.deps.clock.now();
      const nonce = this.target.signatureVersion === 'v1' ? randomUUID() : randomBytes(16).toString('hex');
      const req = this.build(call, { date, nonce });
      this.deps.logger.debug(
        {
          action: call.action,
          cluster: call.cluster,
          jobs: call.jobIds.length,
          signatureVersion: this.target.signatureVersion,
        },
        'E-HPC call',
      );
      const res = await this.deps.http.send({ ...req, timeoutMs: this.target.timeout });
      return this.parse<T>(call, res.status, res.body);
    });
  }

  /** Removes every form of the credential's secrets from text the answer carries back. */
  private scrub(text: string): string {
    let out = text;
    for (const secret of [this.target.auth.accessKeySecret, this.target.auth.securityToken]) {
      if (!secret) continue;
      for (const form of new Set([secret, percentEncode(secret), percentEncode(percentEncode(secret))]))
        out = out.split(form).join(REDACTED);
    }
    return out;
  }

  private parse<T extends object>(call: EhpcCall, status: number, raw: string): T & { RequestId?: string } {
    const body = this.scrub(raw);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (cause) {
      const kind = status >= 200 && status < 300 ? 'server' : byStatus(status)[0];
      throw new ProviderError(kind, sharedMsg('provider.notJson', { status }), { httpStatus: status, cause });
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      throw new ProviderError('server', msg('alibaba-ehpc.error.notObject', { status }), { httpStatus: status });
    }
    const ctx = { region: this.target.region, cluster: call.cluster, jobIds: call.jobIds };
    if (status < 200 || status >= 300) throw ehpcError(json as AlibabaErrorBody, status, ctx);
    // The documented 2xx bodies carry no Code; some Alibaba gateways answer 200 {Code, Message}
    // on failure, which must not read as success.
    const maybeError = json as AlibabaErrorBody;
    if (typeof maybeError.Code === 'string' && typeof maybeError.Message === 'string')
      throw ehpcError(maybeError, status, ctx);
    return json as T & { RequestId?: string };
  }
}
