/**
 * Composition root: the only file that reads process.env and touches globals. Builds the real
 * clock, HTTP client, logger and store, then starts the Slack bot, or the local console when no
 * Slack credentials are set. A bad config stops it with one message listing every problem.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEnv } from './config/env.ts';
import { ConfigError, loadConfig } from './config/load.ts';
import { reloadConfig } from './config/reload.ts';
import { watchConfig } from './config/watch.ts';
import { resolveLocale } from './i18n/locale.ts';
import { systemClock } from './lib/ports.ts';
import { CONSOLE_LOG, createLogger, logFileDestination } from './logging.ts';
import { createHttpClient } from './providers/_shared/http.ts';
import { DEFAULT_TIMING } from './providers/_shared/timing.ts';
import { providers } from './providers/index.ts';
import { openStore } from './store/open.ts';
import { StoreRefusal } from './store/errors.ts';

/** POSIX locale names (`zh_CN.UTF-8`) as the BCP 47 tags the catalogs use. */
function terminalLocale(vars: NodeJS.ProcessEnv): string | undefined {
  const raw = vars['LC_ALL'] || vars['LC_MESSAGES'] || vars['LANG'];
  return raw?.split('.')[0]?.replace('_', '-');
}

/**
 * SIGTERM (a supervisor, `docker stop`) and SIGINT (Ctrl-C) both ask for a graceful stop: the
 * returned signal aborts once, whichever comes first and however often it comes. The listeners
 * stay, so a second signal during the drain does not kill the process half-way.
 */
function stopRequests(): AbortSignal {
  const stop = new AbortController();
  for (const name of ['SIGTERM', 'SIGINT'] as const)
    process.on(name, () => {
      if (!stop.signal.aborted) stop.abort(name);
    });
  return stop.signal;
}

async function startConsole(env: ReturnType<typeof readEnv>, stop: AbortSignal): Promise<void> {
  // The terminal is the conversation: logs go to a file under the data directory, unless
  // LOG_LEVEL is set explicitly (then to standard error, at that level).
  const explicitLevel = Boolean(process.env['LOG_LEVEL']);
  const logFile = explicitLevel ? undefined : join(env.RERUN_DATA_DIR, CONSOLE_LOG);
  const logger = logFile
    ? createLogger('info', logFileDestination(logFile))
    : createLogger(env.LOG_LEVEL, process.stderr);
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  const explicit = process.env['RERUN_CONFIG'] !== undefined && process.env['RERUN_CONFIG'] !== '';
  // RERUN_DEMO=1 is the way back to the demo with a config file beside it.
  const configFile = !env.RERUN_DEMO && (explicit || existsSync(env.RERUN_CONFIG)) ? env.RERUN_CONFIG : undefined;
  // Loaded only here: the Slack bot never needs the console's modules.
  const { runConsole } = await import('./console/start.ts');
  await runConsole({
    input: process.stdin,
    output: process.stdout,
    configFile,
    env: process.env,
    dataDir: env.RERUN_DATA_DIR,
    locale: resolveLocale(terminalLocale(process.env)),
    clock: systemClock,
    logger,
    http: createHttpClient(),
    timing: DEFAULT_TIMING,
    stop,
    logFile,
  });
}

async function main(): Promise<void> {
  const stopRequested = stopRequests();
  const env = readEnv(process.env);
  if (!env.SLACK_BOT_TOKEN) {
    await startConsole(env, stopRequested);
    return;
  }
  const logger = createLogger(env.LOG_LEVEL);
  // A last net, from the start: nothing the bot does should reach it (tests fail on it).
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  const config = loadConfig(env.RERUN_CONFIG, process.env, providers);
  const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.RERUN_DATA_DIR, logger });
  // The Slack stack (Bolt, web-api, the metrics) is loaded once the store is open: a first start
  // after an upgrade imports the older journal in a process that holds little else.
  const { startBot } = await import('./bot.ts');
  const bot = await startBot({
    env,
    config,
    store,
    logger,
    clock: systemClock,
    http: createHttpClient(),
    timing: DEFAULT_TIMING,
  });

  // A reload re-reads the file the bot started with: a valid one is in force for new requests at
  // once; an invalid one is refused, every problem logged, and the config in force stays.
  const source = { file: env.RERUN_CONFIG, env: process.env, providers };
  const reload = (reason: string) => {
    logger.info({ file: source.file, reason }, 'reloading the config');
    const next = reloadConfig(source, logger, reason);
    if (!next) return;
    try {
      bot.reconfigure(next);
    } catch (err) {
      // Targets are connected before anything is swapped, so a failure here leaves the old config
      // whole; a signal handler that threw would end the process instead.
      logger.error({ err, reason }, 'config reload failed; the config in force is kept');
    }
  };
  process.on('SIGHUP', () => reload('SIGHUP'));
  const watcher = env.RERUN_CONFIG_WATCH ? watchConfig(source.file, () => reload('file changed'), logger) : undefined;

  const stop = () => {
    watcher?.close();
    logger.info({ signal: String(stopRequested.reason) }, 'stopping');
    bot.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  if (stopRequested.aborted) stop();
  else stopRequested.addEventListener('abort', stop, { once: true });
}

main().then(
  // The console is done when its input is: leave even if a library keeps a socket open.
  () => {
    if (!process.env['SLACK_BOT_TOKEN']) process.exit(0);
  },
  (err: unknown) => {
    // Both say what to do in their message; a stack would only bury it.
    if (err instanceof ConfigError || err instanceof StoreRefusal) {
      process.stderr.write(`rerun-bot: ${err.message}\n`);
    } else {
      process.stderr.write(`rerun-bot: failed to start: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exit(1);
  },
);
