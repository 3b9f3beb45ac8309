/**
 * The PostgreSQL store's errors as it throws them, saying where the server is: a server out of reach
 * is coded `unreachable`; another error met doing something says what, coded when the caller knows.
 */
import type { StoreErrorCode } from '../core/ports.ts';
import { pgUnreachable, StoreError } from './errors.ts';

/** The driver's error as the store throws it: coded `unreachable` (saying where) when the server is out of reach. */
export function reachedAt(where: string, err: unknown): unknown {
  if (err instanceof StoreError || !pgUnreachable(err)) return err;
  const message = (err as Error).message || String(err);
  return new StoreError('unreachable', `PostgreSQL at ${where} is unreachable: ${message}`, { cause: err });
}

/** An error met doing `what`, said with where the server is (coded `code`, unless it is unreachable or coded already). */
export function explainedAt(where: string, err: unknown, what: string, code?: StoreErrorCode): Error {
  const reached = reachedAt(where, err);
  if (reached instanceof StoreError) return reached;
  const said = `PostgreSQL at ${where}: ${what}: ${(err as Error).message || String(err)}`;
  return code ? new StoreError(code, said, { cause: err }) : new Error(said, { cause: err });
}
