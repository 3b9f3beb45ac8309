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

/**
 * Binds each configured target to its provider. On a reload, `previous` holds the targets in force:
 * one whose configuration did not change keeps its session (and with it a cached IAM token), so a
 * reload costs nothing to the targets it does not touch; `deps.pacers` is the process's one set,
 * so a credential keeps its pace across the swap whether its target changed or not.
 */
export function connectTargets(configs: Iterable<TargetConfig>, deps: ProviderDeps, previous?: Targets): Targets {
  const out = new Map<string, Target>();
  for (const t of configs) {
    const before = previous?.get(t.id);
    if (before && sameTarget(before, t)) {
      out.set(t.id, before);
      continue;
    }
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

/** Same provider, same settings (endpoint, credentials, timeouts…) and the same emulator flag. */
export function sameTarget(a: TargetConfig, b: TargetConfig): boolean {
  return (
    a.provider.id === b.provider.id &&
    !!a.emulated === !!b.emulated &&
    JSON.stringify(a.config) === JSON.stringify(b.config)
  );
}

/**
 * The target a stored request was asked on, as configured now: undefined when it was removed, or
 * when its id now names another provider (the stored parameters mean nothing to that one).
 */
export function targetOf(targets: Targets, request: { targetId: string; providerId: string }): Target | undefined {
  const target = targets.get(request.targetId);
  return target?.provider.id === request.providerId ? target : undefined;
}
