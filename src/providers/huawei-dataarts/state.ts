/**
 * What this process keeps for DataArts between sessions:
 * - one pacer per credential (module-level): DataArts counts 10 requests/s per IAM user, so two
 *   targets that share an access key, a token or an IAM user share one pace, whatever their
 *   project or workspace;
 * - per target (a WeakMap keyed by the parsed target object, so it goes away with the config):
 *   the cached IAM token (project-scoped, so never shared across targets) and when a rerun was
 *   accepted (so status() does not report the old, pre-rerun state as final).
 */
import pThrottle from 'p-throttle';
import { sha256Hex } from '../_shared/crypto.ts';
import { IamTokenSource } from './iam.ts';
import type { HuaweiAuth, HuaweiTarget } from './schema.ts';

/** Documented DataArts Factory V2 limit: 10 requests per second per user (docs/providers/FACTS.md §1.6). */
export const REQUESTS_PER_SECOND = 10;
/** Even pacing with 5% headroom, so jitter between here and the gateway never earns APIG.0308. */
export const PACE_MS = Math.ceil((1000 / REQUESTS_PER_SECOND) * 1.05);

export type Pacer = <T>(fn: () => Promise<T>) => Promise<T>;

export interface TargetState {
  /** The pace of the target's credential, shared with every target that uses the same one. */
  throttled: Pacer;
  iam: IamTokenSource | undefined;
  /** Rerun key (see acceptedKey) → epoch ms when DataArts accepted it. */
  accepted: Map<string, number>;
}

/**
 * Who DataArts counts the requests of, without the secret in clear: the access key id, the
 * IAM user (domain and name, which IAM treats case-insensitively), or a SHA-256 of a given token.
 */
export function credentialKey(auth: HuaweiAuth): string {
  switch (auth.kind) {
    case 'aksk':
      return `ak:${auth.accessKey}`;
    case 'password':
      return `user:${auth.domain.toLowerCase()}\u0000${auth.username.toLowerCase()}`;
    case 'token':
      return `token:${sha256Hex(auth.token)}`;
  }
}

/** Credential key → pacer. Bounded by the credentials in the configuration. */
const pacers = new Map<string, Pacer>();

export function pacerFor(auth: HuaweiAuth): Pacer {
  const key = credentialKey(auth);
  let pacer = pacers.get(key);
  if (!pacer) {
    const throttle = pThrottle({ limit: 1, interval: PACE_MS });
    pacer = throttle(<T>(fn: () => Promise<T>) => fn()) as Pacer;
    pacers.set(key, pacer);
  }
  return pacer;
}

const states = new WeakMap<HuaweiTarget, TargetState>();

export function stateFor(target: HuaweiTarget): TargetState {
  let state = states.get(target);
  if (!state) {
    state = {
      throttled: pacerFor(target.auth),
      iam: target.auth.kind === 'password' ? new IamTokenSource(target, target.auth) : undefined,
      accepted: new Map(),
    };
    states.set(target, state);
  }
  return state;
}

export function acceptedKey(workspace: string, job: string, planTime: number | string): string {
  return `${workspace}\u0000${job}\u0000${planTime}`;
}
