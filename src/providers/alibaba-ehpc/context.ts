/**
 * What every part of a session works with: the target, the injected outside world, the client
 * bound to the target's credentials (and to their pace), and a logger that names the provider.
 */
import type { Logger } from '../../lib/ports.ts';
import type { ProviderDeps } from '../types.ts';
import { EhpcClient } from './client.ts';
import { PROVIDER_ID, type EhpcTarget } from './schema.ts';

export interface SessionContext {
  target: EhpcTarget;
  deps: ProviderDeps;
  client: EhpcClient;
  log: Logger;
}

export function sessionContext(target: EhpcTarget, deps: ProviderDeps): SessionContext {
  return { target, deps, client: new EhpcClient(target, deps), log: deps.logger.child({ provider: PROVIDER_ID }) };
}
