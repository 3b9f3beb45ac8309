/**
 * The Bolt app: HTTP mode (signing secret) or Socket Mode (app token), health routes and
 * /metrics on the same port, and one listener module per kind registered here.
 */
import { App, type Authorize, ErrorCode, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Readiness } from '../lib/readiness.ts';
import { WorkTracker } from '../lib/work-tracker.ts';
import { quietSlackLogger, slackLogger } from './logger.ts';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDEMPOTENT_RETRIES, SLACK_CALL_TIMEOUT_MS } from './clients.ts';
import { healthRoutes, serveRoutes } from './health.ts';
import type { SlackReach, SlackTiming, TokenCheck } from './reach.ts';
import { socketLink } from './socket.ts';
import { alertDesk } from './alerts.ts';
import type { SlackContext } from './context.ts';
import * as alertRerun from './listeners/actions/alert-rerun.ts';
import * as askAgain from './listeners/actions/ask-again.ts';
import * as collision from './listeners/actions/collision.ts';
import * as decision from './listeners/actions/decision.ts';
import * as digestRerun from './listeners/actions/digest-rerun.ts';
import * as duplicates from './listeners/duplicates.ts';
import * as formTarget from './listeners/actions/form-target.ts';
import * as rerunCommand from './listeners/commands/rerun.ts';
import * as alertMessage from './listeners/events/alert-message.ts';
import * as channelRename from './listeners/events/channel-rename.ts';
import * as mention from './listeners/events/mention.ts';
import * as pick from './listeners/options/pick.ts';
import * as remainder from './listeners/actions/remainder.ts';
import * as glass from './listeners/actions/glass.ts';
import * as glassForm from './listeners/views/glass-form.ts';
import * as homeDecision from './listeners/actions/home-decision.ts';
import * as homeOpened from './listeners/events/home-opened.ts';
import * as rerunForm from './listeners/views/rerun-form.ts';
import * as unknown from './listeners/unknown.ts';

interface SlackAppOptions {
  token: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
  ctx: SlackContext;
  /** undefined when ready, else why not (for /readyz). */
  readiness: () => Promise<string | undefined>;
  /** The Prometheus text for GET /metrics, served beside /healthz; no route without it. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** The bot token's check: Bolt learns the bot's own ids from it, not from a check of its own. */
  tokenCheck: TokenCheck;
  reach: SlackReach;
  /** Socket Mode holds its `socket` condition here while it has no connection. */
  conditions: Readiness;
  timing: SlackTiming;
}

/** Connections waiting to be accepted, at most (see the HTTP receiver's start). */
const ACCEPT_BACKLOG = 2048;

export interface RunningSlackApp {
  app: App;
  port: number;
  /** Listeners still working after their ack (a form's answer, a click's decision). */
  work: WorkTracker;
  stop(): Promise<void>;
}

export async function startSlackApp(opts: SlackAppOptions): Promise<RunningSlackApp> {
  const logger = slackLogger(opts.ctx.logger.child({ component: 'bolt' }));
  // Bolt's own client (the listeners use the bot's, clients.ts) never waits out a 429 for its whole queue either.
  const clientOptions = { slackApiUrl: opts.apiUrl, retryConfig: IDEMPOTENT_RETRIES, rejectRateLimitedCalls: true };
  const customRoutes = healthRoutes({ ...opts, logger: opts.ctx.logger });
  // Every event is authorized with the token verified by our own check (reach.ts); before it is,
  // one more attempt is made at once, and the event is dropped if Slack is still not answering.
  const authorize: Authorize<boolean> = async () => ({
    botToken: opts.token,
    ...(await opts.tokenCheck.now()),
  });
  let app: App;
  // Listening (or connecting) starts once every listener is registered below.
  let begin: () => Promise<{ port: number; stop(): Promise<void> }>;
  if (opts.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: opts.appToken,
      // Its reconnect gives up on a network error; socket.ts reconnects instead, and reports
      // what the client would log at each attempt once (reach.ts).
      autoReconnectEnabled: false,
      logger: quietSlackLogger(opts.ctx.logger.child({ component: 'socket-mode' })),
      installerOptions: {
        clientOptions: { slackApiUrl: opts.apiUrl, retryConfig: { retries: 0 }, timeout: SLACK_CALL_TIMEOUT_MS },
      },
    });
    app = new App({ receiver, authorize, logger, clientOptions });
    begin = async () => {
      const health = await serveRoutes(customRoutes, opts.port);
      const link = socketLink({
        receiver,
        reach: opts.reach,
        readiness: opts.conditions,
        logger: opts.ctx.logger,
        timing: opts.timing,
      });
      link.start();
      return {
        port: health.port,
        stop: async () => {
          await link.stop();
          await health.close();
        },
      };
    };
  } else {
    if (!opts.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode');
    const receiver = new HTTPReceiver({
      signingSecret: opts.signingSecret,
      customRoutes,
      logger,
      processBeforeResponse: false,
    });
    app = new App({ receiver, authorize, logger, clientOptions });
    begin = async () => {
      // A storm (an outage's alerts, everyone typing /rerun at once) opens many connections at once:
      // the queue of connections not yet accepted holds a thousand of them (Node's default, 511, let
      // some be reset while the event loop was busy; the kernel caps it at net.core.somaxconn).
      const started = (await app.start({ port: opts.port, backlog: ACCEPT_BACKLOG })) as unknown;
      const port =
        started && typeof (started as Server).address === 'function'
          ? ((started as Server).address() as AddressInfo).port
          : opts.port;
      return { port, stop: () => app.stop() as Promise<void> };
    };
  }
  app.error(async (err) => {
    if (err.code === ErrorCode.AuthorizationError) {
      opts.ctx.logger.warn(
        { reason: (err as { original?: Error }).original?.message },
        'an event arrived before the bot token was verified; it was not handled',
      );
      return;
    }
    opts.ctx.logger.error({ err }, 'unhandled Slack listener error');
  });
  // Before anything: every event's listeners, which go on after their ack, are tracked until done.
  const work = new WorkTracker();
  app.use(async ({ next }) => {
    await work.track(next());
  });
  // First: a redelivered event goes no further (clicks and forms are checked after their ack).
  duplicates.register(app, opts.ctx);
  // Then: an interaction no listener takes is answered at once, not left to time out as a 404.
  unknown.register(app, opts.ctx);
  for (const listener of [
    rerunCommand,
    decision,
    askAgain,
    formTarget,
    rerunForm,
    pick,
    alertRerun,
    remainder,
    digestRerun,
    glass,
    glassForm,
    collision,
    channelRename,
    homeOpened,
    homeDecision,
  ])
    listener.register(app, opts.ctx);
  // Alerts and mentions share one desk: channel names read once, each alert answered once.
  const desk = alertDesk(opts.ctx);
  alertMessage.register(app, opts.ctx, desk);
  mention.register(app, opts.ctx, desk);

  return { app, work, ...(await begin()) };
}
