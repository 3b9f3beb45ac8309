/**
 * The target an operation's calls are made for, carried the way the priority is (priority.ts): in
 * an AsyncLocalStorage scope that `defineProvider` opens around every operation of a session
 * (define.ts), so a pacer can say which target used a slot of a credential's allowance (the
 * metrics label slots by target and operation: ids from the config, never the credential).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/** Every call `fn` makes is counted for `target`. */
export function withTarget<T>(target: string, fn: () => Promise<T>): Promise<T> {
  return scope.run(target, fn);
}

/** The target of the call being made now: `unnamed` outside any operation (a test calling a client). */
export function currentTarget(): string {
  return scope.getStore() ?? 'unnamed';
}
