/**
 * Starts the whole bot in-process against a fake Slack and provider emulators, all on
 * 127.0.0.1, with its config written as a real YAML file and a real embedded (SQLite) store.
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv } from '../../src/config/env.ts';
import { loadConfig } from '../../src/config/load.ts';
import { startBot, type RunningBot } from '../../src/bot.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { providers } from '../../src/providers/index.ts';
import type { ProviderTiming } from '../../src/providers/types.ts';
import type { Store } from '../../src/core/ports.ts';
import type { Clock } from '../../src/lib/ports.ts';
import type { FollowTiming, ReplyTiming, UpdateTiming } from '../../src/core/timings.ts';
import { openStore } from '../../src/store/open.ts';
import { PostgresStore } from '../../src/store/postgres.ts';
import { FAST_SLACK_TIMING, type SlackTiming } from '../../src/slack/reach.ts';
import { SlackDriver } from './driver.ts';
import { FakeSlack } from './fake-slack.ts';
import { captureLogger } from './logs.ts';

export const SIGNING_SECRET = 'fake-signing-secret-for-tests';
export const BOT_TOKEN = 'xoxb-fake';

/**
 * The environment of a bot started as its own process (npm start, node dist/main.js) against
 * the fake Slack, with its config file and data directory under `dir`.
 */
export function childBotEnv(slackApiUrl: string, port: number, dir: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApiUrl,
    PORT: String(port),
    RERUN_CONFIG: join(dir, 'rerun.yml'),
    RERUN_DATA_DIR: join(dir, 'data'),
  };
}

export interface Harness {
  slack: FakeSlack;
  bot: RunningBot;
  driver: SlackDriver;
  logs: ReturnType<typeof captureLogger>;
  dataDir: string;
  store: Store;
  /** The config file the bot was started with (a test rewrites it to reload). */
  configPath: string;
  /** The variables the bot was started with, which `${NAME}` in the config reads. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  dataDir?: string;
  /** A fake Slack the test started (and closes); default: one of the harness's own. */
  slack?: FakeSlack;
  replies?: Partial<ReplyTiming>;
  /** The workspace's update pace (default: compressed like the replies' pace). */
  updates?: Partial<UpdateTiming>;
  follow?: Partial<FollowTiming>;
  timing?: ProviderTiming;
  /** The backoff between attempts to reach Slack (default: the fast one). */
  slackTiming?: Partial<SlackTiming>;
  /** The bot's clock (default: the real one); a test moves it to pass a cache's lifetime. */
  clock?: Clock;
  /** The PostgreSQL database the bot keeps its store in (default: SQLite in the data directory). */
  databaseUrl?: string;
  /** Waits for a provider's pace slot (default: a real timer); see MovableClock.sleep in clock.ts. */
  sleep?: (ms: number) => Promise<void>;
  /** The App Home's pace and the wait it keeps it by (default: slack/home.ts's, on a real timer). */
  home?: Parameters<typeof startBot>[0]['home'];
}

export async function startHarness(
  yaml: string,
  env: Record<string, string> = {},
  opts: HarnessOptions = {},
): Promise<Harness> {
  const slack = opts.slack ?? (await new FakeSlack().start());
  const dir = mkdtempSync(join(tmpdir(), 'rerun-bot-'));
  const dataDir = opts.dataDir ?? join(dir, 'data');
  const configPath = join(dir, 'rerun.yml');
  writeFileSync(configPath, yaml);
  const fullEnv = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    RERUN_CONFIG: configPath,
    RERUN_DATA_DIR: dataDir,
    ...env,
  };
  const logs = captureLogger();
  // The store judges leases and expiry by its clock: the bot's, so a test that moves one moves both.
  // DATABASE_URL (in `env`, or `databaseUrl`): the bot is a replica on that PostgreSQL database, as in
  // production; with a clock given, it stands in for the server's (PostgresOptions.clock), so replicas
  // sharing the test's clock read the same time from the store as from it.
  const databaseUrl = opts.databaseUrl ?? env['DATABASE_URL'];
  const store =
    databaseUrl && opts.clock
      ? await PostgresStore.open({ url: databaseUrl, logger: logs.logger, clock: opts.clock })
      : await openStore({
          dataDir,
          logger: logs.logger,
          ...(opts.clock ? { clock: opts.clock } : {}),
          ...(databaseUrl ? { databaseUrl } : {}),
        });
  const bot = await startBot({
    env: readEnv(fullEnv),
    config: loadConfig(configPath, fullEnv, providers),
    store,
    logger: logs.logger,
    clock: opts.clock ?? { now: () => new Date() },
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    http: createHttpClient(),
    timing: opts.timing ?? FAST_TIMING,
    // Slack's second compressed: alert replies keep a pace, without making every test wait for it.
    replies: { paceMs: 100, tickMs: 200, ...opts.replies },
    updates: { paceMs: 20, coalesceMs: 100, ...opts.updates },
    ...(opts.follow ? { follow: opts.follow } : {}),
    slack: { ...FAST_SLACK_TIMING, ...opts.slackTiming },
    ...(opts.home ? { home: opts.home } : {}),
  });
  const driver = new SlackDriver(`http://127.0.0.1:${bot.port}`, SIGNING_SECRET, slack);
  return {
    slack,
    bot,
    driver,
    logs,
    dataDir,
    store,
    configPath,
    env: fullEnv,
    async close() {
      await bot.stop();
      if (!opts.slack) await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
