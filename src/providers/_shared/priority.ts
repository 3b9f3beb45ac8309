/**
 * The priority of the calls an operation makes (types.ts, CallPriority), carried the way the
 * rerun's hooks are (http.ts): in an AsyncLocalStorage scope that `defineProvider` opens around
 * every operation of a session (define.ts), so it reaches the pacer through every await and no
 * provider passes it along by hand. The core says it with the operation (`CallOptions`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallPriority } from '../types.ts';

const scope = new AsyncLocalStorage<CallPriority>();

/** Every paced call `fn` makes waits in its pacer's queue as `priority`. */
export function withPriority<T>(priority: CallPriority, fn: () => Promise<T>): Promise<T> {
  return scope.run(priority, fn);
}

/** The priority of the call being made now: `person` outside any operation (a test calling a client). */
export function currentPriority(): CallPriority {
  return scope.getStore() ?? 'person';
}
