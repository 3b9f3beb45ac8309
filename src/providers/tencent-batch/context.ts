/** What every part of a session works with: the target, the injected outside world, and the client bound to both. */
import type { ProviderDeps } from '../types.ts';
import { TencentClient } from './client.ts';
import type { TencentTarget } from './schema.ts';

export interface SessionContext {
  target: TencentTarget;
  deps: ProviderDeps;
  client: TencentClient;
}

export function sessionContext(target: TencentTarget, deps: ProviderDeps): SessionContext {
  return { target, deps, client: new TencentClient(target, deps) };
}
