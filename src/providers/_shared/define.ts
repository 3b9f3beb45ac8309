/**
 * The one door every provider goes through: `defineProvider` turns what a provider's folder
 * writes (types.ts, ProviderDefinition) into the `Provider` the registry lists and the core
 * connects. Every session it connects runs each rerun within the caller's hooks (http.ts,
 * withSendHook), each operation within the time budget of `deps.timing` (budget.ts), and is
 * measured when `deps.observer` is set (observe.ts): done here, so no provider can leave one out.
 */
import type {
  BareSession,
  CommonTarget,
  Provider,
  DefinedProvider,
  ProviderDefinition,
  ProviderDeps,
  ProviderSession,
} from '../types.ts';
import { boundedSession } from './budget.ts';
import { withSendHook } from './http.ts';
import { observedSession } from './observe.ts';
import { oneByOne } from './status-many.ts';

/**
 * A session whose rerun runs within the caller's hooks, so each request that carries it awaits
 * `hooks.sending()` before it goes. The reads and `describeCall` are as the provider wrote them.
 */
function hookedSession<P>(session: BareSession<P>): Omit<ProviderSession<P>, 'statusMany'> {
  const options = session.options?.bind(session);
  return {
    preview: session.preview.bind(session),
    describeCall: session.describeCall.bind(session),
    rerun: (send, hooks) => withSendHook(hooks, () => session.rerun(send)),
    status: session.status.bind(session),
    ...(options ? { options } : {}),
  };
}

/**
 * Inside out: the rerun's hooks, then the budget (which the hooks' wait counts against), then the
 * measure. `statusMany` is the provider's own, which budgets each shared read (status-many.ts), or
 * else one budgeted `status` per request.
 */
function connected<P>(session: BareSession<P>, deps: ProviderDeps, provider: string): ProviderSession<P> {
  const bounded = boundedSession(hookedSession(session), deps.timing.actionBudgetMs);
  const statusMany = session.statusMany?.bind(session) ?? oneByOne(bounded.status);
  return observedSession({ ...bounded, statusMany }, deps.observer, {
    provider,
    target: deps.targetId ?? 'unnamed',
  });
}

/**
 * Checks a provider's shape against its own target and parameter types (inferred from its
 * schemas) and keeps its id as a literal, so the registry can derive `ProviderId` from the
 * providers it lists.
 */
export function defineProvider<T extends CommonTarget, P, const Id extends string>(
  p: ProviderDefinition<T, P> & { id: Id },
): DefinedProvider & { readonly id: Id } {
  const provider: Provider<T, P> & { id: Id } = {
    ...p,
    connect: (target, deps) => connected(p.connect(target, deps), deps, p.id),
  };
  return provider as unknown as DefinedProvider & { readonly id: Id };
}
