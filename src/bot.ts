/**
 * Builds the Slack bot from its options: targets bound to providers, the core, and the Slack app.
 * main.ts calls it with the process's environment; tests call it with their own.
 */
import type { Env } from './config/env.ts';
import type { Config } from './config/load.ts';
import { createCore, type Core } from './core/compose.ts';
import { connectTargets, sameTarget, type Targets } from './core/model/target.ts';
import type { Store } from './core/ports.ts';
import { SharedClock } from './core/shared-clock.ts';
import type { FollowTiming, HomeTiming, ReplyTiming, UpdateTiming } from './core/timings.ts';
import { createI18n } from './i18n/index.ts';
import { createMetrics, type BotMetrics } from './metrics/index.ts';
import type { Clock, Logger } from './lib/ports.ts';
import { createPacers } from './providers/_shared/pacing.ts';
import { providerMessages } from './providers/index.ts';
import type { HttpClient, ProviderTiming } from './providers/types.ts';
import { SlackChannels } from './slack/channels.ts';
import { createClients } from './slack/clients.ts';
import { Readiness } from './lib/readiness.ts';
import { DEFAULT_SLACK_TIMING, SlackReach, TokenCheck, type SlackTiming } from './slack/reach.ts';
import { buttonSeal } from './slack/button-seal.ts';
import { formSeal } from './slack/form-seal.ts';
import { SlackDirectory } from './slack/directory.ts';
import { SlackHome, withHome } from './slack/home.ts';
import { SlackNotifier } from './slack/notifier.ts';
import { SlackPeople } from './slack/people.ts';
import { SlackReplyPoster } from './slack/reply-poster.ts';
import { startSlackApp, type RunningSlackApp } from './slack/app.ts';
import { slackWords } from './slack/words.ts';

/** How long a shutdown waits for provider calls under way (longer than a provider timeout). */
const SHUTDOWN_GRACE_MS = 20_000;

interface BotOptions {
  env: Env;
  config: Config;
  store: Store;
  logger: Logger;
  clock: Clock;
  /**
   * Waits `ms` for a provider's pace slot, on the clock above; by default a real timer. A test on
   * test time passes one that moves its clock (shared with the emulator) instead, so the pacing
   * logic runs unchanged without the wait. Slack's pace stays on the wall clock, as Slack's is.
   */
  sleep?: (ms: number) => Promise<void>;
  http: HttpClient;
  timing: ProviderTiming;
  /** The alert reply queue's pace and thresholds (tests compress Slack's second). */
  replies?: Partial<ReplyTiming>;
  /** When followed reruns are polled (default: use-cases/follow.ts); tests make it quick. */
  follow?: Partial<FollowTiming>;
  /** The workspace's pace of message updates (default: core/timings.ts); tests compress it. */
  updates?: Partial<UpdateTiming>;
  /** The backoff between attempts to reach Slack (default: slack/reach.ts); tests make it quick. */
  slack?: Partial<SlackTiming>;
  /** The App Home's pace (default: core/timings.ts), and the wait for its slots (a test holds it). */
  home?: Partial<HomeTiming> & { sleep?: (ms: number) => Promise<void> };
}

export interface RunningBot {
  port: number;
  core: Core;
  /** This bot's own registry (served at /metrics). */
  metrics: BotMetrics;
  slack: RunningSlackApp;
  /**
   * Puts a reloaded config in force for new requests (SIGHUP, the config watcher): targets are
   * connected again with the process's one set of pacers, and the core swaps targets, policies and
   * alert rules at once. The config is already valid (config/reload.ts refused it otherwise).
   */
  reconfigure(config: Config): void;
  /**
   * Resolves once nothing is left to do now: no Slack listener still working after its ack, and
   * the core idle (core.idle), and every App Home due published or waiting for its slot (home.ts).
   * A test asserts that nothing else happens after it, not after a sleep.
   */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The longest `idle` waits for Slack listeners under way in one round. */
const IDLE_WAIT_MS = 60_000;

export async function startBot(o: BotOptions): Promise<RunningBot> {
  const token = o.env.SLACK_BOT_TOKEN;
  if (!token) throw new Error('SLACK_BOT_TOKEN is not set');
  // One registry per bot: the store, provider sessions, Slack clients and core all report to it.
  const metrics = createMetrics(o.store);
  const store = metrics.store;
  // The time every replica shares (the store's clock; the core keeps it read): what is stored or
  // shown to people goes by it, so replicas agree on expiry, pace slots and a form's age. What only
  // this process uses (caches, Slack's downtime, provider signatures) stays on its own clock.
  const shared = new SharedClock(o.clock, store);
  // One pace per credential and operation across every replica: slots are reserved in the store.
  // Made once per process and kept across reloads, so a reloaded target's credential keeps its
  // paces. The slots and the wait for them are read on the same clock (the shared one), or a clock
  // that is not the one the slots were reserved on would turn a slot into a wait of the difference.
  const pacers = createPacers({
    now: () => shared.now().getTime(),
    reserve: (key, intervalMs) => store.reservePace(key, intervalMs, shared.now()),
    onSlot: (slot) => metrics.paceSlot(slot),
    ...(o.sleep ? { sleep: o.sleep } : {}),
  });
  metrics.pacing(
    () => pacers.waiting(),
    () => pacers.queued(),
  );
  const providerDeps = {
    http: o.http,
    clock: o.clock,
    logger: o.logger,
    timing: o.timing,
    pacers,
    observer: metrics.provider,
  };
  const targets = connectTargets(o.config.targets.values(), providerDeps);
  // Why this replica is not ready, by name: the Slack link, the store and the stop each say theirs.
  const conditions = new Readiness();
  const reach = new SlackReach(o.logger, o.clock);
  const slackTiming = { ...DEFAULT_SLACK_TIMING, ...o.slack };
  const tokenCheck = new TokenCheck({
    token,
    apiUrl: o.env.SLACK_API_URL,
    reach,
    readiness: conditions,
    logger: o.logger,
    timing: slackTiming,
  });
  const clients = createClients(
    token,
    o.env.SLACK_API_URL,
    o.logger,
    reach.observing(metrics.slack),
    slackTiming.callTimeoutMs,
  );
  const words = slackWords(createI18n(providerMessages, () => shared.now()));
  const directory = new SlackDirectory(clients.client, o.clock);
  const people = new SlackPeople(clients.client, o.clock, o.logger);
  const buttons = buttonSeal(token);
  // The Home reads the core's lists; the core is made below, with the notifier that tells the Home of changes.
  const { sleep: homeSleep, ...homeTiming } = o.home ?? {};
  const home = new SlackHome({
    core: () => core,
    client: clients.client,
    words,
    people,
    buttons,
    clock: shared,
    logger: o.logger,
    observer: metrics.home,
    ...(homeSleep ? { sleep: homeSleep } : {}),
  });
  const core: Core = createCore({
    targets,
    policies: o.config.policies,
    alerts: o.config.alerts,
    store,
    clock: o.clock,
    time: shared,
    logger: o.logger,
    notifier: withHome(
      new SlackNotifier(clients, shared, words, {
        people,
        directory,
        logger: o.logger,
        // The verified identity, or one auth.test now (a look made before the first one answered).
        self: () => tokenCheck.now(),
      }),
      home,
    ),
    directory,
    replyPoster: new SlackReplyPoster(clients, words),
    ...(o.replies ? { replies: o.replies } : {}),
    ...(o.updates ? { updates: o.updates } : {}),
    leases: {
      leaseMs: o.env.RERUN_LEASE_MS,
      renewMs: Math.max(100, Math.floor(o.env.RERUN_LEASE_MS / 3)),
      sweepMs: o.env.RERUN_SWEEP_MS,
    },
    ...(o.follow ? { follow: o.follow } : {}),
    home: homeTiming,
    metrics: metrics.core,
  });
  conditions.probe('stopping', async () => (core.stopping() ? 'this replica takes no new work' : undefined));
  conditions.probe('store', async () => {
    await store.ping();
    return undefined;
  });
  // Work left by the last stop (or by a replica that died) is taken up from the store at once.
  await core.start();
  // The first auth.test is awaited (a bot that reaches Slack starts ready); later ones run behind.
  await tokenCheck.start();
  const slack = await startSlackApp({
    token,
    signingSecret: o.env.SLACK_SIGNING_SECRET,
    appToken: o.env.SLACK_APP_TOKEN,
    apiUrl: o.env.SLACK_API_URL,
    port: o.env.PORT,
    ctx: {
      core,
      clients,
      logger: o.logger,
      clock: shared,
      words,
      people,
      channels: new SlackChannels(clients.client, o.clock, o.logger),
      seal: formSeal(token),
      buttons,
      home,
      ...(slackTiming.queueNoticeMs !== undefined ? { noticeAfterMs: slackTiming.queueNoticeMs } : {}),
    },
    readiness: () => conditions.why(),
    metrics: () => metrics.scrape(),
    tokenCheck,
    reach,
    conditions,
    timing: slackTiming,
  });
  o.logger.info(
    {
      port: slack.port,
      targets: [...targets.keys()],
      mode: o.env.SLACK_APP_TOKEN ? 'socket' : 'http',
      replica: core.replica,
    },
    'rerun-bot started',
  );
  return {
    port: slack.port,
    core,
    metrics,
    slack,
    reconfigure(config) {
      const before: Targets = new Map(core.targets().map((t) => [t.id, t]));
      const after = connectTargets(config.targets.values(), providerDeps, before);
      core.reconfigure({ targets: after, policies: config.policies, alerts: config.alerts });
      o.logger.info(
        { ...targetChanges(before, after), policies: config.policies.length, alerts: config.alerts.length },
        'config reloaded: new requests use it; requests already asked keep their policy',
      );
    },
    async idle() {
      do {
        await slack.work.drain(IDLE_WAIT_MS);
        await core.idle();
        await home.idle();
      } while (slack.work.busy);
    },
    async stop() {
      // Stop taking work (/readyz answers 503 and the load balancer moves on) while calls under
      // way finish and are recorded, give the leases back, then close the server and the store.
      home.stop();
      await core.stop(SHUTDOWN_GRACE_MS);
      await tokenCheck.stop();
      await slack.stop();
      await o.store.close();
    },
  };
}

/** Target ids added, removed and changed by a reload, for its log line. */
function targetChanges(before: Targets, after: Targets) {
  return {
    added: [...after.keys()].filter((id) => !before.has(id)),
    removed: [...before.keys()].filter((id) => !after.has(id)),
    changed: [...after.values()]
      .filter((t) => {
        const old = before.get(t.id);
        return old !== undefined && !sameTarget(old, t);
      })
      .map((t) => t.id),
  };
}
