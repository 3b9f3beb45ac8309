/**
 * Tencent Cloud API 3.0 calls for Batch: POST JSON, TC3-signed, errors read from the
 * HTTP-200 envelope. Calls are paced per credential and action at Batch's allowances
 * (docs/providers/FACTS.md §2.5, limits.ts), or the target's own quota (`limits:`).
 */
import { ProviderError } from '../_shared/errors.ts';
import { sharedMsg } from '../_shared/messages.ts';
import { parseEndpoint } from '../_shared/target.ts';
import { operationPacers } from '../_shared/allowances.ts';
import type { Pacer, ProviderDeps } from '../types.ts';
import { tencentError } from './errors.ts';
import { ALLOWANCES, type BatchAction } from './limits.ts';
import { msg } from './messages.ts';
import type { TencentTarget } from './schema.ts';
import { signTc3 } from './sign.ts';

const API_VERSION = '2017-03-12';
const SERVICE = 'batch';
const DEFAULT_ENDPOINT = 'https://batch.tencentcloudapi.com';
const CONTENT_TYPE = 'application/json';

export interface TencentCall {
  action: BatchAction;
  params: Record<string, unknown>;
  /** Job ids this call concerns, for error messages. */
  jobIds: readonly string[];
}

interface BuiltRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The limits are counted per account and action, so every target that signs with the same
 * SecretId (say prod and staging in two regions) shares each action's pace. Keyed by the
 * SecretId, never the key.
 */
export function credentialKey(secretId: string): string {
  return `tencent-batch:${secretId}`;
}

export class TencentClient {
  private readonly endpoint: { origin: string; host: string; basePath: string };
  /** The pace of each action, for this target's credential. */
  private readonly paced: (action: BatchAction) => Pacer;

  constructor(
    private readonly target: TencentTarget,
    private readonly deps: ProviderDeps,
  ) {
    this.endpoint = parseEndpoint(target.endpoint ?? DEFAULT_ENDPOINT);
    this.paced = operationPacers(deps.pacers, credentialKey(target.auth.secretId), ALLOWANCES, target.limits);
  }

  /** Builds the exact request; `redact` leaves the credential out (for the approval message). */
  build(call: TencentCall, timestamp: number, redact = false): BuiltRequest {
    const body = JSON.stringify(call.params);
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPE,
      'X-TC-Action': call.action,
      'X-TC-Version': API_VERSION,
      'X-TC-Region': this.target.region,
      'X-TC-Timestamp': String(timestamp),
    };
    if (this.target.auth.token) headers['X-TC-Token'] = redact ? '[redacted]' : this.target.auth.token;
    if (redact) {
      headers['Authorization'] =
        `TC3-HMAC-SHA256 Credential=[redacted]/…/${SERVICE}/tc3_request, SignedHeaders=content-type;host, Signature=[redacted]`;
    } else {
      headers['Authorization'] = signTc3({
        secretId: this.target.auth.secretId,
        secretKey: this.target.auth.secretKey,
        method: 'POST',
        host: this.endpoint.host,
        service: SERVICE,
        contentType: CONTENT_TYPE,
        query: '',
        body,
        timestamp,
      }).authorization;
    }
    return { url: `${this.endpoint.origin}${this.endpoint.basePath}/`, headers, body };
  }

  /** Sends one call, signed afresh with the current time; throws ProviderError or TransportError. */
  call<T>(call: TencentCall): Promise<T & { RequestId: string }> {
    return this.callWhenDue<T>(call.action, () => call);
  }

  /**
   * Sends the call `make` returns when the pace of `action` lets it go: what it asks is decided at
   * that moment, so a read can take in what more callers wanted while it waited (listing.ts).
   */
  async callWhenDue<T>(action: BatchAction, make: () => TencentCall): Promise<T & { RequestId: string }> {
    return this.paced(action)(async () => {
      const call = make();
      const timestamp = Math.floor(this.deps.clock.now().getTime() / 1000);
      const req = this.build(call, timestamp);
      const res = await this.deps.http.send({ method: 'POST', ...req, timeoutMs: this.target.timeout });
      return this.parse<T>(call, res.status, res.body);
    });
  }

  private parse<T>(call: TencentCall, status: number, body: string): T & { RequestId: string } {
    let json: { Response?: T & { RequestId: string; Error?: { Code: string; Message: string } } };
    try {
      json = JSON.parse(body);
    } catch (cause) {
      throw new ProviderError('server', sharedMsg('provider.notJson', { status }), { httpStatus: status, cause });
    }
    const response = json.Response;
    if (status !== 200 || !response) {
      throw new ProviderError('server', msg('tencent-batch.error.noResponse', { status }), { httpStatus: status });
    }
    if (response.Error) {
      throw tencentError(response.Error.Code, response.Error.Message, response.RequestId, {
        region: this.target.region,
        jobIds: call.jobIds,
      });
    }
    return response;
  }
}
