/**
 * The pino logger and what it must never print. Credentials reach log calls only by
 * mistake; redaction makes the mistake harmless.
 */
import pino, { type Logger as PinoLogger } from 'pino';
import { redactSecrets } from './lib/secrets.ts';

const REDACT_PATHS = [
  'auth',
  '*.auth',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'secretKey',
  '*.secretKey',
  'accessKeySecret',
  '*.accessKeySecret',
  'password',
  '*.password',
  'token',
  '*.token',
  'signingSecret',
  '*.signingSecret',
];

/**
 * What every logger of the bot removes: credentials by their field names (REDACT_PATHS), and
 * every known secret value wherever it sits in the finished line (lib/secrets.ts), such as a
 * password inside a vendor's error text or an error's message and stack.
 */
export const LOG_SCRUBBING = {
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  hooks: { streamWrite: redactSecrets },
} satisfies pino.LoggerOptions;

export function createLogger(level: string, destination?: pino.DestinationStream): PinoLogger {
  return pino({ level, ...LOG_SCRUBBING, base: { app: 'rerun-bot' } }, destination);
}

/** The console's log file, under the data directory: the terminal is the conversation. */
export const CONSOLE_LOG = 'console.log';

/** Appends to `file` (its directory made if missing), each line written before the call returns. */
export function logFileDestination(file: string): pino.DestinationStream {
  return pino.destination({ dest: file, mkdir: true, sync: true, append: true });
}
