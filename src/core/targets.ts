/** Each configured target bound to its provider once, so rate limits and token caches are shared. */
import type { Config, TargetConfig } from '../config/load.ts';
import type { ProviderDeps, ProviderSession } from '../providers/types.ts';

export interface Target extends TargetConfig {
  session: ProviderSession<unknown>;
}

export type Targets = ReadonlyMap<string, Target>;

export function connectTargets(config: Config, deps: ProviderDeps): Targets {
  const out = new Map<string, Target>();
  for (const [id, t] of config.targets) {
    out.set(id, {
      ...t,
      session: t.provider.connect(t.config, {
        ...deps,
        logger: deps.logger.child({ target: id, provider: t.provider.id }),
      }),
    });
  }
  return out;
}
