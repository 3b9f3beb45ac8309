import { LogLevel, type Logger as SlackLogger } from '@slack/logger';
import type { Logger } from '../lib/ports.ts';

/** Slack's logger interface (Bolt and web-api) on top of ours, so their lines are JSON with the rest. */
export function slackLogger(logger: Logger): SlackLogger {
  let level = LogLevel.INFO;
  const fmt = (msgs: unknown[]) => ({
    bolt: true,
    msg: msgs.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '),
  });
  return {
    debug: (...m: unknown[]) => logger.debug(fmt(m)),
    info: (...m: unknown[]) => logger.info(fmt(m)),
    warn: (...m: unknown[]) => logger.warn(fmt(m)),
    error: (...m: unknown[]) => logger.error(fmt(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * The same, every line at debug: for Slack clients whose failures are reported once by our own
 * code (slack/reach.ts), so a retried attempt does not log an error line of its own each time.
 */
export function quietSlackLogger(logger: Logger): SlackLogger {
  const base = slackLogger(logger);
  return { ...base, info: base.debug, warn: base.debug, error: base.debug };
}
