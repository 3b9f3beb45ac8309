/**
 * The stores' errors, coded (core/store-ports.ts says what each code means): a caller decides by
 * `code`, never by the message, which is for the operator and may change. What a driver throws is
 * classified here once, by its own code, for both stores.
 */
import type { StoreErrorCode } from '../core/ports.ts';

export type { StoreErrorCode };

/** A store's failure with a known meaning; `cause` holds the driver's own error, when there is one. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The codes that refuse a store at start, each in one line that says what to do. */
export type StoreProblem = Extract<StoreErrorCode, 'damaged' | 'read-only' | 'full' | 'not-a-directory' | 'in-use'>;

/**
 * A store that cannot be used, in one line that says what to do. main.ts prints the message alone
 * (no stack: nothing in the code is wrong).
 */
export class StoreRefusal extends StoreError {
  override readonly name = 'StoreRefusal';
  constructor(
    override readonly code: StoreProblem | 'unreachable',
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

/** Whether `err` is a store's error with `code`. */
export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}

/** The driver's own code of an error (a string), or ''. */
export function driverCode(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

/** Node's codes for a server that cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH']);
/**
 * PostgreSQL's SQLSTATE classes that mean the server would not serve us (not a query's fault):
 * 08 connection exception, 28 invalid authorization, 3D invalid catalog name (no such database),
 * 57P operator intervention (shutdown, crash, cannot connect now). PostgreSQL docs, Appendix A.
 */
const UNREACHABLE_SQLSTATE = /^(08|28|3D|57P)/;
/**
 * node-postgres's own errors for a connection that timed out or was cut carry no code (pg-pool's
 * "timeout exceeded when trying to connect", pg's "Connection terminated unexpectedly"): their
 * text is all there is, so it is read here, once, and nowhere else.
 */
const UNREACHABLE_PG_TEXT = /timeout|terminated/i;

/** Whether a PostgreSQL driver error means the server could not be reached or would not let us in. */
export function pgUnreachable(err: unknown): boolean {
  const code = driverCode(err);
  if (NETWORK_CODES.has(code) || UNREACHABLE_SQLSTATE.test(code)) return true;
  const message = (err as { message?: unknown } | undefined)?.message;
  return code === '' && typeof message === 'string' && UNREACHABLE_PG_TEXT.test(message);
}

/** PostgreSQL's SQLSTATE of a write that conflicts: unique_violation (another row has this key). */
export const PG_UNIQUE_VIOLATION = '23505';
/** PostgreSQL's SQLSTATE for a table that is not there (the migrations were never applied). */
export const PG_UNDEFINED_TABLE = '42P01';
