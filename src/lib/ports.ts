/**
 * The small ports the domain talks through. core/ depends on these shapes only, never on
 * pino, undici or Slack; main.ts wires the real implementations in.
 */

export interface Clock {
  now(): Date;
}

/** The subset of pino the code uses; pino's Logger satisfies it structurally. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const systemClock: Clock = { now: () => new Date() };
