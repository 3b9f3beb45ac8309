/** What every part of a session works with: the target, the injected outside world, and the client bound to both. */
import type { ProviderDeps } from '../types.ts';
import { OcpClient } from './client.ts';
import type { OcpTarget } from './schema.ts';

export interface SessionContext {
  target: OcpTarget;
  deps: ProviderDeps;
  client: OcpClient;
}

export function sessionContext(target: OcpTarget, deps: ProviderDeps): SessionContext {
  return { target, deps, client: new OcpClient(target, deps) };
}
