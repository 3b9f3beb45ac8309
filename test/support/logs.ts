/** A real pino logger, scrubbed as the bot's are, whose JSON lines are kept in memory, so tests read what would be logged. */
import pino from 'pino';
import { Writable } from 'node:stream';
import { LOG_SCRUBBING } from '../../src/logging.ts';

export function captureLogger(level = 'debug') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = pino({ level, ...LOG_SCRUBBING }, stream);
  return { logger, lines, text: () => lines.join('\n') };
}
