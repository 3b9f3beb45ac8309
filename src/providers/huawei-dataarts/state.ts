/**
 * What this process keeps for DataArts between sessions, and the pace of its calls:
 * - one pace per credential and API, and one for the credential's cap across APIs, from the
 *   injected pacers (deps.pacers): DataArts counts 10 requests/s per IAM user, so two targets
 *   that share an access key, a token or an IAM user share those paces, whatever their project
 *   or workspace;
 * - per target (a WeakMap keyed by the parsed target object, so it goes away with the config):
 *   the cached IAM token, project-scoped, so never shared across targets. It is only a cache: a
 *   new process fetches a new token.
 * When a rerun was accepted is not kept here: status() reads it from the store (StatusContext).
 */
import { operationPacers } from '../_shared/allowances.ts';
import { sha256Hex } from '../_shared/crypto.ts';
import type { Pacer, Pacers } from '../types.ts';
import { IamTokenSource } from './iam.ts';
import { ALLOWANCES, type DlfOperation } from './limits.ts';
import { PROVIDER_ID, type HuaweiAuth, type HuaweiTarget } from './schema.ts';

export interface TargetState {
  iam: IamTokenSource | undefined;
}

/**
 * Who DataArts counts the requests of, without the secret in clear: the access key id, the
 * IAM user (domain and name, which IAM treats case-insensitively), or a SHA-256 of a given token.
 * Printable text only: with several replicas the key is stored (Postgres text takes no NUL).
 */
export function credentialKey(auth: HuaweiAuth): string {
  switch (auth.kind) {
    case 'aksk':
      return `ak:${auth.accessKey}`;
    case 'password':
      return `user:${JSON.stringify([auth.domain.toLowerCase(), auth.username.toLowerCase()])}`;
    case 'token':
      return `token:${sha256Hex(auth.token)}`;
  }
}

/**
 * The pace of each API for `target`'s credential, shared with every target that uses the same
 * one, at the target's quotas (`limits:`) or the documented ones.
 */
export function pacersFor(pacers: Pacers, target: Pick<HuaweiTarget, 'auth' | 'limits'>): (op: DlfOperation) => Pacer {
  return operationPacers(pacers, `${PROVIDER_ID}:${credentialKey(target.auth)}`, ALLOWANCES, target.limits);
}

const states = new WeakMap<HuaweiTarget, TargetState>();

export function stateFor(target: HuaweiTarget): TargetState {
  let state = states.get(target);
  if (!state) {
    state = { iam: target.auth.kind === 'password' ? new IamTokenSource(target, target.auth) : undefined };
    states.set(target, state);
  }
  return state;
}
