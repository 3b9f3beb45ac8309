/**
 * The pino logger and what it must never print. Credentials reach log calls only by
 * mistake; redaction makes the mistake harmless.
 */
import pino, { type Logger as PinoLogger } from 'pino';

export const REDACT_PATHS = [
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

export function createLogger(level: string, destination?: pino.DestinationStream): PinoLogger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'rerun-bot' } },
    destination,
  );
}
