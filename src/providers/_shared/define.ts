/**
 * The one door every provider goes through: `defineProvider` turns what a provider's folder
 * writes (types.ts, ProviderDefinition) into the `Provider` the registry lists and the core
 * connects. Every session it connects runs each rerun within the caller's hooks (http.ts,
 * withSendHook), each operation at its caller's priority in the pacers' queues (priority.ts:
 * a rerun always as `rerun`), within the time budget of `deps.timing` (budget.ts), and is
 * measured when `deps.observer` is set (observe.ts): done here, so no provider can leave one out.
 */
import type {
  BareSession,
  CallOptions,
  CommonTarget,
  Provider,
  DefinedProvider,
  ProviderDefinition,
  ProviderDeps,
  ProviderSession,
} from '../types.ts';
import { boundedSession } from './budget.ts';
import { withTarget } from './call-target.ts';
import { withSendHook } from './http.ts';
import { observedSession } from './observe.ts';
import { withAsking } from './asking.ts';
import { currentPriority, withPriority } from './priority.ts';
import { oneByOne } from './status-many.ts';

/**
 * A session whose rerun runs within the caller's hooks, so each request that carries it awaits
 * `hooks.sending()` before it goes, and whose every call waits for its pace at its caller's
 * priority: a rerun's own reads and calls as `rerun`, a form's choices as `person` (Slack's 3
 * seconds), a preview and a status read as the caller says (`person` when it does not).
 */
function hookedSession<P>(session: BareSession<P>): Omit<ProviderSession<P>, 'statusMany'> {
  const options = session.options?.bind(session);
  return {
    // Without a priority of its own, an operation keeps the one it is called in (a status read of
    // the one-by-one statusMany is a poll), or else is a person's.
    // A person's operation (`call.party`, `call.queued`) is served fairly among people and told its
    // place in the queue (asking.ts); one without keeps what it is called in.
    preview: (params, call) =>
      asking(call, () => withPriority(call?.priority ?? currentPriority(), () => session.preview(params))),
    describeCall: session.describeCall.bind(session),
    rerun: (send, hooks) => withPriority('rerun', () => withSendHook(hooks, () => session.rerun(send))),
    status: (params, context, call) =>
      asking(call, () => withPriority(call?.priority ?? currentPriority(), () => session.status(params, context))),
    ...(options
      ? { options: (key, partial, call) => asking(call, () => withPriority('person', () => options(key, partial))) }
      : {}),
  };
}

/** `fn` for the person `call` names, if it names one or asks for its place; else in the scope it is called in. */
function asking<T>(call: CallOptions | undefined, fn: () => Promise<T>): Promise<T> {
  return call?.party !== undefined || call?.queued ? withAsking(call, fn) : fn();
}

/**
 * Inside out: the rerun's hooks, then the budget (which the hooks' wait counts against), then the
 * measure. `statusMany` is the provider's own, which budgets each shared read (status-many.ts), or
 * else one budgeted `status` per request.
 */
function connected<P>(session: BareSession<P>, deps: ProviderDeps, provider: string): ProviderSession<P> {
  const target = deps.targetId ?? 'unnamed';
  const bounded = boundedSession(hookedSession(session), deps.timing.actionBudgetMs);
  const many = session.statusMany?.bind(session) ?? oneByOne(bounded.status);
  const statusMany: ProviderSession<P>['statusMany'] = (queries, call) =>
    withPriority(call?.priority ?? 'background', () => many(queries));
  return observedSession(forTarget({ ...bounded, statusMany }, target), deps.observer, { provider, target });
}

/** Every operation of `session` counted for `target` in the pacers (call-target.ts). */
function forTarget<P>(session: ProviderSession<P>, target: string): ProviderSession<P> {
  const { options } = session;
  return {
    ...session,
    preview: (params, call) => withTarget(target, () => session.preview(params, call)),
    rerun: (send, hooks) => withTarget(target, () => session.rerun(send, hooks)),
    status: (params, context, call) => withTarget(target, () => session.status(params, context, call)),
    statusMany: (queries, call) => withTarget(target, () => session.statusMany(queries, call)),
    ...(options ? { options: (key, partial, call) => withTarget(target, () => options(key, partial, call)) } : {}),
  };
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
