/** Targets: each configured account bound to its provider once, so pacers and token caches are shared. */
import type { Locale } from '../../lib/message.ts';
import type { AnyProvider, CommonTarget, ProviderDeps, ProviderSession } from '../../providers/types.ts';

export interface TargetConfig {
  id: string;
  provider: AnyProvider;
  config: CommonTarget;
  /** Runs against a built-in emulator (the console's demo): every message says so. */
  emulated?: boolean;
}

export interface Target extends TargetConfig {
  session: ProviderSession<unknown>;
  locale?: Locale | undefined;
  /** The channel that gets a one-line summary of each outcome and final state (use-cases/notices.ts). */
  announce?: string | undefined;
}

export type Targets = ReadonlyMap<string, Target>;

export function connectTargets(configs: Iterable<TargetConfig>, deps: ProviderDeps): Targets {
  const out = new Map<string, Target>();
  for (const t of configs) {
    const logger = deps.logger.child({ target: t.id, provider: t.provider.id });
    out.set(t.id, {
      ...t,
      locale: t.config.locale,
      announce: t.config.announce,
      session: t.provider.connect(t.config, { ...deps, logger, targetId: t.id }),
    });
  }
  return out;
}
