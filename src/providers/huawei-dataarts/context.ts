/**
 * What every part of a session works with: the target, the injected outside world, the client
 * bound to the target's credentials (and to their pace), and the target's time zone.
 */
import type { ProviderDeps } from '../types.ts';
import { DlfClient } from './client.ts';
import type { HuaweiTarget } from './schema.ts';
import { formatWallTime } from './times.ts';

export interface SessionContext {
  target: HuaweiTarget;
  deps: ProviderDeps;
  client: DlfClient;
  /** The target's time zone: every time a person reads is shown in it. */
  tz: string;
  wall: (ms: number) => string;
}

export function sessionContext(target: HuaweiTarget, deps: ProviderDeps): SessionContext {
  const tz = target.timeZone;
  return {
    target,
    deps,
    client: new DlfClient(target, deps),
    tz,
    wall: (ms: number) => formatWallTime(ms, tz),
  };
}
