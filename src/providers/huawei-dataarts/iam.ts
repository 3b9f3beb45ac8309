/**
 * IAM password authentication (docs/providers/FACTS.md §1.4): POST {iam}/v3/auth/tokens scoped to the target's
 * project (DataArts Studio is a project-level service); the token is the X-Subject-Token response
 * header. Tokens live 24 h; one is cached per target until shortly before it expires, and
 * fetched again when DataArts answers APIG.0307 ("the token must be updated").
 */
import { addSecret } from '../../lib/secrets.ts';
import { ProviderError } from '../_shared/errors.ts';
import { notCarryingRerun, TransportError } from '../_shared/http.ts';
import { parseEndpoint } from '../_shared/target.ts';
import type { ProviderDeps } from '../types.ts';
import { msg } from './messages.ts';
import type { HuaweiAuth, HuaweiTarget } from './schema.ts';

type PasswordAuth = Extract<HuaweiAuth, { kind: 'password' }>;

/** A cached token is replaced this long before its expires_at. */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** Documented lifetime, used when the answer carries no expires_at. */
const TOKEN_LIFETIME_MS = 24 * 3_600_000;
const TOKEN_PATH = '/v3/auth/tokens';

/** Obtaining the token failed, so nothing was sent to DataArts. */
export class IamError extends ProviderError {}

function iamEndpoint(target: HuaweiTarget, auth: PasswordAuth): string {
  return auth.iamEndpoint ?? `https://iam.${target.region}.myhuaweicloud.com`;
}

interface Cached {
  token: string;
  expiresAt: number;
}

export class IamTokenSource {
  private cached: Cached | undefined;
  private pending: Promise<Cached> | undefined;

  constructor(
    private readonly target: HuaweiTarget,
    private readonly auth: PasswordAuth,
  ) {}

  /** A token valid for at least TOKEN_REFRESH_MARGIN_MS more; concurrent callers share one fetch. */
  async token(deps: ProviderDeps): Promise<string> {
    const now = deps.clock.now().getTime();
    if (this.cached && this.cached.expiresAt - TOKEN_REFRESH_MARGIN_MS > now) return this.cached.token;
    this.pending ??= this.fetch(deps).finally(() => {
      this.pending = undefined;
    });
    this.cached = await this.pending;
    return this.cached.token;
  }

  /** Drops `token` if it is still the cached one (after APIG.0307), so the next call fetches anew. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetch(deps: ProviderDeps): Promise<Cached> {
    const { origin, basePath } = parseEndpoint(iamEndpoint(this.target, this.auth));
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: this.auth.username, password: this.auth.password, domain: { name: this.auth.domain } },
          },
        },
        scope: { project: { id: this.target.projectId } },
      },
    });
    let res;
    try {
      // A token fetched for the rerun call does not carry the rerun: the hook waits for the call.
      res = await notCarryingRerun(() =>
        deps.http.send({
          method: 'POST',
          url: `${origin}${basePath}${TOKEN_PATH}?nocatalog=true`,
          headers: { 'Content-Type': 'application/json;charset=UTF-8' },
          body,
          timeoutMs: this.target.timeout,
        }),
      );
    } catch (err) {
      if (err instanceof TransportError) {
        throw new IamError('transient', msg('huawei-dataarts.iam.unreachable', { origin, reason: err.detail }), {
          cause: err,
        });
      }
      throw err;
    }
    const requestId = res.headers['x-request-id'];
    const token = res.headers['x-subject-token'];
    if (res.status === 201 || res.status === 200) {
      if (!token)
        throw new IamError('transient', msg('huawei-dataarts.iam.noToken', { origin }), {
          requestId,
          httpStatus: res.status,
        });
      // A bearer credential from now on: no text may carry it out (lib/secrets.ts).
      addSecret(token);
      const expiresAt = readExpiry(res.body) ?? deps.clock.now().getTime() + TOKEN_LIFETIME_MS;
      deps.logger.info(
        { iam: origin, expiresAt: new Date(expiresAt).toISOString() },
        'obtained an IAM token for DataArts',
      );
      return { token, expiresAt };
    }
    const { code, message: said } = readIamError(res.body);
    const ids = { code, requestId, httpStatus: res.status };
    if (res.status === 401 || res.status === 400 || res.status === 403) {
      throw new IamError(
        'auth',
        msg('huawei-dataarts.iam.refused', { said, domain: this.auth.domain, status: res.status }),
        ids,
      );
    }
    if (res.status === 429) throw new IamError('throttled', msg('huawei-dataarts.iam.throttled', { said }), ids);
    throw new IamError('transient', msg('huawei-dataarts.iam.failed', { said, status: res.status }), ids);
  }
}

function readExpiry(body: string): number | undefined {
  try {
    const at = (JSON.parse(body) as { token?: { expires_at?: string } }).token?.expires_at;
    const ms = at ? Date.parse(at) : NaN;
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
}

/** IAM answers either `{error: {code, message}}` (Keystone style) or `{error_code, error_msg}`. */
function readIamError(body: string): { code?: string; message?: string } {
  try {
    const j = JSON.parse(body) as {
      error?: { code?: string | number; message?: string };
      error_code?: string;
      error_msg?: string;
    };
    if (j.error_code) return { code: j.error_code, message: j.error_msg };
    if (j.error)
      return { code: j.error.code !== undefined ? String(j.error.code) : undefined, message: j.error.message };
  } catch {
    // not JSON: no code to keep
  }
  return {};
}
