/**
 * Composition root: the only file that reads process.env and touches globals. Builds the
 * real clock, HTTP client, logger and store, then starts the bot; a bad config stops it with
 * one message listing every problem.
 */
import { readEnv } from './config/env.ts';
import { ConfigError, loadConfig } from './config/load.ts';
import { systemClock } from './lib/ports.ts';
import { createLogger } from './logging.ts';
import { createHttpClient } from './providers/_shared/http.ts';
import { DEFAULT_TIMING } from './providers/_shared/timing.ts';
import { providers } from './providers/index.ts';
import { EmbeddedStore } from './store/embedded.ts';
import { startBot } from './bot.ts';

async function main(): Promise<void> {
  const env = readEnv(process.env);
  const logger = createLogger(env.LOG_LEVEL);
  const config = loadConfig(env.RERUN_CONFIG, process.env, providers);
  if (!env.SLACK_BOT_TOKEN) {
    process.stderr.write(
      'No Slack credentials: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode). See README.md.\n',
    );
    process.exitCode = 1;
    return;
  }
  const store = EmbeddedStore.open(env.RERUN_DATA_DIR);
  const bot = await startBot({
    env,
    config,
    store,
    logger,
    clock: systemClock,
    http: createHttpClient(),
    timing: DEFAULT_TIMING,
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`rerun-bot: ${err.message}\n`);
  } else {
    process.stderr.write(`rerun-bot: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
