/**
 * Builds the whole bot from its options: config, store, providers, core and the Slack app.
 * main.ts calls it with the process's environment; tests call it with their own.
 */
import type { Env } from './config/env.ts';
import type { Config } from './config/load.ts';
import type { Clock, Logger } from './lib/ports.ts';
import { RerunService } from './core/service.ts';
import type { Store } from './core/store.ts';
import { connectTargets } from './core/targets.ts';
import type { HttpClient } from './providers/_shared/http.ts';
import type { ProviderTiming } from './providers/types.ts';
import { createClients } from './slack/clients.ts';
import { SlackDirectory } from './slack/directory.ts';
import { SlackNotifier } from './slack/notifier.ts';
import { startSlackApp, type RunningSlackApp } from './slack/app.ts';

/** How long a shutdown waits for provider calls under way (longer than a provider timeout). */
export const SHUTDOWN_GRACE_MS = 20_000;

export interface BotOptions {
  env: Env;
  config: Config;
  store: Store;
  logger: Logger;
  clock: Clock;
  http: HttpClient;
  timing: ProviderTiming;
}

export interface RunningBot {
  port: number;
  service: RerunService;
  slack: RunningSlackApp;
  stop(): Promise<void>;
}

export async function startBot(o: BotOptions): Promise<RunningBot> {
  const token = o.env.SLACK_BOT_TOKEN;
  if (!token) throw new Error('SLACK_BOT_TOKEN is not set');
  const targets = connectTargets(o.config, { http: o.http, clock: o.clock, logger: o.logger, timing: o.timing });
  const clients = createClients(token, o.env.SLACK_API_URL, o.logger);
  const service = new RerunService({
    config: o.config,
    targets,
    store: o.store,
    clock: o.clock,
    logger: o.logger,
    notifier: new SlackNotifier(clients, o.clock),
    directory: new SlackDirectory(clients.client, o.clock),
  });
  const recovered = await service.recover();
  if (recovered) o.logger.warn({ recovered }, 'requests in flight at the last stop are marked outcome unknown');
  const slack = await startSlackApp({
    token,
    signingSecret: o.env.SLACK_SIGNING_SECRET,
    appToken: o.env.SLACK_APP_TOKEN,
    apiUrl: o.env.SLACK_API_URL,
    port: o.env.PORT,
    ctx: { service, clients, logger: o.logger, clock: o.clock },
    readiness: async () => {
      try {
        await o.store.ping();
        return undefined;
      } catch (err) {
        return `store: ${(err as Error).message}`;
      }
    },
  });
  o.logger.info(
    { port: slack.port, targets: [...targets.keys()], mode: o.env.SLACK_APP_TOKEN ? 'socket' : 'http' },
    'rerun-bot started',
  );
  return {
    port: slack.port,
    service,
    slack,
    async stop() {
      // Stop taking requests, let calls under way finish and be recorded, then close the store.
      await slack.stop();
      await service.drain(SHUTDOWN_GRACE_MS);
      await o.store.close();
    },
  };
}
